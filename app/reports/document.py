"""What a printed document is made of, before it becomes a PDF, an XLSX or a CSV: a title,
tables (with typed cells), short texts and charts. Builders in this package make Documents
from the book; pdf.py and spreadsheet.py write them."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 1.0  # share of the page width
    # text, number, date (a datetime.date), percent (0..1), year (no separators, centred)
    # or mark (a short code, centred)
    kind: str = "text"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list]
    caption: str = ""
    sheet: str = ""  # the XLSX sheet's name
    totals: list | None = None  # a last row in bold (not repeated, not a data row)
    blank_rows: int = 0  # empty rows to write in by hand (walk-ins on a sign-in sheet)
    row_height: float | None = None  # points; taller rows leave room for a signature
    font_size: float = 11


@dataclass
class Text:
    text: str
    style: str = "body"  # body, heading (kept with what follows), note, dots (a line to write on)


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]
    kind: str = "bar"  # bar or pie


@dataclass
class Document:
    """A document in the administrative layout: letterhead, place and date, title, body,
    signatures."""

    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)
    landscape: bool = False
    day: date = field(default_factory=date.today)
    signatures: bool = True

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
