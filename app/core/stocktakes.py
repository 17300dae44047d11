"""Stocktakes (kiểm kê): count the copies in a cabinet, compare with what the movements say,
and on confirmation adjust only the lines that were counted."""

from dataclasses import dataclass
from datetime import date
from typing import Unpack

from app.core.dates import format_date, now_utc
from app.core.errors import ValidationError
from app.core.query import Listing, Page, rows_as
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _


@dataclass(frozen=True)
class StocktakeLine:
    id: str
    title_id: str
    title: str
    expected: int
    counted: int | None

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected


@dataclass(frozen=True)
class StocktakeRow:
    id: str
    cabinet_id: str
    cabinet: str
    date: str
    state: str
    lines: int
    counted: int


STOCKTAKES = Listing(
    StocktakeRow,
    "SELECT s.id, s.cabinet_id, c.name AS cabinet, s.date, s.state, "
    "(SELECT count(*) FROM stocktake_line WHERE stocktake_id = s.id) AS lines, "
    "(SELECT count(counted) FROM stocktake_line WHERE stocktake_id = s.id) AS counted "
    "FROM stocktake s JOIN cabinet c ON c.id = s.cabinet_id",
    alias="s",
    sorts={},
    order="s.date DESC",
)


class Stocktakes:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    def start(self, cabinet_id: str, *, on: date | str | None = None, notes: str = "") -> str:
        """A new count sheet for a cabinet, one line per title it holds on that day."""
        f = Fields()
        values = stocktake_fields(f, on or date.today(), notes)
        day, notes = values["date"], values["notes"]
        cabinets = self.book.cabinets
        f.existing("cabinet_id", cabinet_id, N_("Cabinet"), self.db, "cabinet")
        f.done()
        with self.records.transaction():
            stocktake_id = self.records.insert(
                "stocktake", {"cabinet_id": cabinet_id, "date": day, "notes": notes}
            )
            for row in cabinets.stock(cabinet_id=cabinet_id, at=day, nonzero=True, limit=None):
                self.records.insert(
                    "stocktake_line",
                    {
                        "stocktake_id": stocktake_id,
                        "title_id": row.title_id,
                        "expected": row.quantity,
                    },
                )
        return stocktake_id

    def set_count(self, stocktake_id: str, title_id: str, counted: int | str | None) -> None:
        """Type the number counted for a title (None: not counted, so left as it is).

        A title found in the cabinet but not on the sheet gets a line of its own.
        """
        stocktake = self._open(stocktake_id)
        f = Fields()
        number = counted_field(f, counted)
        f.done()
        line = self.db.execute(
            "SELECT id FROM stocktake_line WHERE stocktake_id = ? AND title_id = ?",
            [stocktake_id, title_id],
        ).fetchone()
        with self.records.transaction():
            if line:
                self.records.update("stocktake_line", line[0], {"counted": number})
            else:
                f.existing("title_id", title_id, N_("Title"), self.db, "title")
                f.done()
                expected = self.book.cabinets.stock_of(
                    stocktake["cabinet_id"], title_id, at=stocktake["date"]
                )
                self.records.insert(
                    "stocktake_line",
                    {
                        "stocktake_id": stocktake_id,
                        "title_id": title_id,
                        "expected": expected,
                        "counted": number,
                    },
                )

    def lines(self, stocktake_id: str) -> list[StocktakeLine]:
        rows = self.db.execute(
            "SELECT l.id, l.title_id, t.name AS title, l.expected, l.counted FROM stocktake_line l "
            "JOIN title t ON t.id = l.title_id WHERE l.stocktake_id = ? "
            "AND l.deleted_at IS NULL ORDER BY t.name",
            [stocktake_id],
        )
        return rows_as(StocktakeLine, rows)

    def confirm(self, stocktake_id: str) -> int:
        """Adjust the stock of every counted line to what was counted; returns how many
        lines were adjusted. Lines not counted are left untouched."""
        stocktake = self._open(stocktake_id)
        cabinets = self.book.cabinets
        adjusted = 0
        with self.records.transaction():
            for line in self.lines(stocktake_id):
                if line.counted is None:
                    continue
                expected = cabinets.stock_of(
                    stocktake["cabinet_id"], line.title_id, at=stocktake["date"]
                )
                if expected != line.expected:
                    self.records.update("stocktake_line", line.id, {"expected": expected})
                difference = line.counted - expected
                if difference:
                    cabinets.insert_movement(
                        {
                            "date": stocktake["date"],
                            "cabinet_id": stocktake["cabinet_id"],
                            "title_id": line.title_id,
                            "kind": "stocktake",
                            "quantity": difference,
                            "stocktake_id": stocktake_id,
                            "counterparty": "",
                            "notes": "",
                        }
                    )
                    cabinets.ensure_never_negative(stocktake["cabinet_id"], line.title_id)
                    adjusted += 1
            self.records.update(
                "stocktake", stocktake_id, {"state": "confirmed", "confirmed_at": now_utc()}
            )
        return adjusted

    def delete(self, stocktake_id: str) -> None:
        """Drop a stocktake that was not confirmed."""
        self._open(stocktake_id)
        self.records.delete("stocktake", stocktake_id)

    def stocktakes(
        self,
        *,
        cabinet_id: str | None = None,
        **page: Unpack[Page],
    ) -> list[StocktakeRow]:
        return STOCKTAKES.fetch(
            self.db,
            where=["s.cabinet_id = ?"] if cabinet_id else [],
            params=[cabinet_id] if cabinet_id else [],
            **page,
        )

    def last_confirmed(self, cabinet_id: str) -> str | None:
        """The date of the cabinet's latest confirmed stocktake, if any."""
        return self.db.execute(
            "SELECT max(date) FROM stocktake WHERE cabinet_id = ? AND state = 'confirmed' "
            "AND deleted_at IS NULL",
            [cabinet_id],
        ).fetchone()[0]

    def _open(self, stocktake_id: str) -> dict:
        stocktake = self.records.get("stocktake", stocktake_id)
        if stocktake["state"] != "open":
            raise ValidationError(
                {
                    "state": _(
                        "This stocktake was confirmed on {date}; start a new one to count again."
                    ).format(date=format_date(stocktake["confirmed_at"][:10]))
                }
            )
        return stocktake


def stocktake_fields(f: Fields, day: object, notes: object) -> dict:
    """A stocktake's own fields checked as the form checks them (the import's rule too)."""
    return {
        "date": f.date("date", day, N_("Date")),
        "notes": f.text("notes", notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def counted_field(f: Fields, counted: object) -> int | None:
    """The number counted on a line: a whole number, or nothing (not counted)."""
    return f.integer("counted", counted, N_("Counted"), required=False)
