"""Printed lists of reviews and commendations."""

from app.reports.document import Document


def review_list(book, year: int) -> Document:
    """The reviews held in `year`."""
    raise NotImplementedError


def commendation_list(book, year: int) -> Document:
    """The commendations decided in `year`, in the administrative layout."""
    raise NotImplementedError
