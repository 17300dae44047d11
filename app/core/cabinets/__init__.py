"""Book cabinets: cabinets, titles, every movement of copies (loans and stocktakes are in
loans.py and stocktakes.py).

Stock is never stored: it is the sum of the movements' signed quantities, and no write may
make the running stock of a title in a cabinet drop below zero on any day.

`Cabinets` (a book's `book.cabinets`) is made of three parts, each in its own module:
shelves.py (cabinets and titles), movements.py, stock.py; model.py holds the records, rows and
kinds, fields.py the rules they are checked by.
"""

from app.core.cabinets.fields import (
    cabinet_fields,
    cabinet_words,
    movement_fields,
    movement_words,
    title_fields,
    title_words,
)
from app.core.cabinets.model import (
    LOCATION_KINDS,
    MOVEMENT_KINDS,
    SIMPLE_KINDS,
    TITLE_KINDS,
    Cabinet,
    CabinetRow,
    Movement,
    MovementRow,
    StockRow,
    Title,
    TitleRow,
    location_label,
    movement_label,
)
from app.core.cabinets.movements import Movements
from app.core.cabinets.shelves import CabinetsAndTitles
from app.core.cabinets.stock import Stock


class Cabinets(CabinetsAndTitles, Movements, Stock):
    """A book's cabinets, titles, movements of copies and stock."""

    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db


__all__ = [
    "LOCATION_KINDS",
    "MOVEMENT_KINDS",
    "SIMPLE_KINDS",
    "TITLE_KINDS",
    "Cabinet",
    "CabinetRow",
    "Cabinets",
    "Movement",
    "MovementRow",
    "StockRow",
    "Title",
    "TitleRow",
    "cabinet_fields",
    "cabinet_words",
    "location_label",
    "movement_fields",
    "movement_label",
    "movement_words",
    "title_fields",
    "title_words",
]
