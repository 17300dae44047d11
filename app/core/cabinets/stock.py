"""Stock: never stored, always the sum of the movements' signed quantities; no write may make
the running stock of a title in a cabinet drop below zero on any day."""

from datetime import date
from typing import Unpack

from app.core.cabinets.model import StockRow
from app.core.dates import format_date, parse_date
from app.core.errors import ValidationError
from app.core.query import Listing, Page
from app.i18n import _

STOCK = Listing(
    StockRow,
    "SELECT c.id AS cabinet_id, c.name AS cabinet, t.id AS title_id, t.name AS title, "
    "sum(m.quantity) AS quantity FROM movement m "
    "JOIN cabinet c ON c.id = m.cabinet_id JOIN title t ON t.id = m.title_id",
    alias="m",
    sorts={"cabinet": "c.name", "title": "t.name", "quantity": "quantity"},
    order="c.name, t.name",
    searched="t.search_text || ' ' || c.search_text",
    group_by="m.cabinet_id, m.title_id",
)


class Stock:
    """The stock part of `Cabinets`."""

    def stock_of(self, cabinet_id: str, title_id: str, *, at: date | str | None = None) -> int:
        """Copies of a title in a cabinet at the end of a day (today if not given)."""
        on = parse_date(at).isoformat() if at else "9999-12-31"
        return self.db.execute(
            "SELECT coalesce(sum(quantity), 0) FROM movement WHERE cabinet_id = ? "
            "AND title_id = ? AND date <= ? AND deleted_at IS NULL",
            [cabinet_id, title_id, on],
        ).fetchone()[0]

    def available(self, cabinet_id: str, title_id: str, on: date | str) -> int:
        """How many copies can leave the cabinet on a day without any later day going short."""
        on = parse_date(on).isoformat()
        balance_on, later_minimum = 0, None
        for day, balance in self._running_stock(cabinet_id, title_id):
            if day <= on:
                balance_on = balance
            else:
                later_minimum = balance if later_minimum is None else min(later_minimum, balance)
        return balance_on if later_minimum is None else min(balance_on, later_minimum)

    def _running_stock(self, cabinet_id: str, title_id: str) -> list[tuple[str, int]]:
        return self.db.execute(
            "WITH daily AS (SELECT date, sum(quantity) AS q FROM movement WHERE cabinet_id = ? "
            "AND title_id = ? AND deleted_at IS NULL GROUP BY date) "
            "SELECT date, sum(q) OVER (ORDER BY date) FROM daily ORDER BY date",
            [cabinet_id, title_id],
        ).fetchall()

    def require_available(self, values: dict, copies: int) -> None:
        available = self.available(values["cabinet_id"], values["title_id"], values["date"])
        if copies > available:
            cabinet, title = self.names(values["cabinet_id"], values["title_id"])
            raise ValidationError(
                {
                    "quantity": _(
                        "Number of copies: only {available} copies of “{title}” are in “{cabinet}” on "
                        "{date} (later movements counted), so {copies} cannot leave it."
                    ).format(
                        available=max(available, 0),
                        title=title,
                        cabinet=cabinet,
                        date=format_date(values["date"]),
                        copies=copies,
                    )
                }
            )

    def ensure_never_negative(self, cabinet_id: str, title_id: str) -> None:
        short = [
            (day, balance)
            for day, balance in self._running_stock(cabinet_id, title_id)
            if balance < 0
        ]
        if short:
            cabinet, title = self.names(cabinet_id, title_id)
            raise ValidationError(
                {
                    "quantity": _(
                        "This would leave {balance} copies of “{title}” in “{cabinet}” on {date}; stock "
                        "can never go below zero."
                    ).format(
                        balance=short[0][1],
                        title=title,
                        cabinet=cabinet,
                        date=format_date(short[0][0]),
                    )
                }
            )

    def names(self, cabinet_id: str, title_id: str) -> tuple[str, str]:
        return self.db.execute(
            "SELECT (SELECT name FROM cabinet WHERE id = ?), (SELECT name FROM title WHERE id = ?)",
            [cabinet_id, title_id],
        ).fetchone()

    def stock(
        self,
        *,
        cabinet_id: str | None = None,
        title_id: str | None = None,
        at: date | str | None = None,
        nonzero: bool = False,
        **page: Unpack[Page],
    ) -> list[StockRow]:
        """Copies per cabinet and title at the end of a day (today if not given)."""
        where, params = ["m.date <= ?"], [parse_date(at).isoformat() if at else "9999-12-31"]
        if cabinet_id:
            where.append("m.cabinet_id = ?")
            params.append(cabinet_id)
        if title_id:
            where.append("m.title_id = ?")
            params.append(title_id)
        return STOCK.fetch(
            self.db,
            where=where,
            params=params,
            having="quantity <> 0" if nonzero else "",
            **page,
        )
