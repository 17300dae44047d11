"""The loudspeaker stations' inventory."""

from app.reports.document import Document


def station_inventory(book, year: int) -> Document:
    """The inventory of the post's loudspeaker stations: each with its state at the end of `year` (or today) and the changes of state during the year."""
    raise NotImplementedError
