"""Book cabinets: cabinets, titles, every movement of copies and loans.

Stock is never stored: it is the sum of the movements' signed quantities, and no write may
make the running stock of a title in a cabinet drop below zero on any day.
"""

from dataclasses import dataclass
from datetime import date

from app.core.dates import format_date, month_bounds, parse_date
from app.core.errors import ValidationError
from app.core.query import Listing, fts_query, order_by, paged, rows_as
from app.core.records import key_range, new_id
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _

LOCATION_KINDS = {
    "post": N_("At the post"),
    "commune": N_("Commune office"),
    "school": N_("School"),
    "community_house": N_("Community house"),
    "border_gate": N_("Border gate"),
    "other": N_("Other place"),
}
TITLE_KINDS = {
    "book": N_("Book"),
    "legal": N_("Legal booklet"),
    "newspaper": N_("Newspaper"),
    "magazine": N_("Magazine"),
    "leaflet": N_("Leaflet"),
    "other": N_("Other"),
}
# Every kind of movement, with the sign its quantity carries.
MOVEMENT_KINDS = {
    "received": (1, N_("Received")),
    "handed_out": (-1, N_("Handed out")),
    "transfer_out": (-1, N_("Transferred out")),
    "transfer_in": (1, N_("Transferred in")),
    "lent": (-1, N_("Lent")),
    "returned": (1, N_("Returned")),
    "lost": (-1, N_("Lost")),
    "damaged": (-1, N_("Damaged")),
    "written_off": (-1, N_("Written off")),
    "stocktake": (0, N_("Stocktake adjustment")),
}
# What a user records directly with `record`; the others come from transfers, loans, stocktakes.
SIMPLE_KINDS = ("received", "handed_out", "lost", "damaged", "written_off")
MAX_COPIES = 1_000_000


@dataclass
class Cabinet:
    name: str = ""
    location_kind: str = "post"
    place: str = ""
    keeper: str = ""
    notes: str = ""
    id: str = ""


@dataclass
class Title:
    name: str = ""
    kind: str = "book"
    author: str = ""
    publisher: str = ""
    year: int | str | None = None
    notes: str = ""
    id: str = ""


@dataclass
class Movement:
    """Copies moving: `quantity` is the number of copies as typed (always positive)."""

    kind: str = "received"
    date: date | str | None = None
    cabinet_id: str = ""
    title_id: str = ""
    quantity: int | str | None = None
    to_cabinet_id: str = ""
    counterparty: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CabinetRow:
    id: str
    name: str
    location_kind: str
    place: str
    keeper: str
    titles: int
    copies: int


@dataclass(frozen=True)
class TitleRow:
    id: str
    name: str
    kind: str
    author: str
    publisher: str
    year: int | None
    copies: int


@dataclass(frozen=True)
class StockRow:
    cabinet_id: str
    cabinet: str
    title_id: str
    title: str
    quantity: int


@dataclass(frozen=True)
class MovementRow:
    id: str
    date: str
    kind: str
    cabinet: str
    title: str
    quantity: int
    counterparty: str
    notes: str
    transfer_id: str | None
    loan_id: str | None


def cabinet_fields(f: Fields, cabinet) -> dict:
    """A cabinet's fields checked as the form checks them (the form's and the import's rule)."""
    return {
        "name": f.text("name", cabinet.name, N_("Cabinet name"), required=True),
        "location_kind": f.choice(
            "location_kind", cabinet.location_kind, N_("Located at"), LOCATION_KINDS
        ),
        "place": f.text("place", cabinet.place, N_("Place")),
        "keeper": f.text("keeper", cabinet.keeper, N_("Keeper")),
        "notes": f.text("notes", cabinet.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def title_fields(f: Fields, title) -> dict:
    """A title's fields checked as the form checks them."""
    return {
        "name": f.text("name", title.name, N_("Title"), required=True),
        "kind": f.choice("kind", title.kind, N_("Kind"), TITLE_KINDS),
        "author": f.text("author", title.author, N_("Author")),
        "publisher": f.text("publisher", title.publisher, N_("Publisher")),
        "year": f.integer(
            "year",
            title.year,
            N_("Year published"),
            minimum=1900,
            maximum=date.today().year + 1,
            required=False,
        ),
        "notes": f.text("notes", title.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def movement_fields(f: Fields, movement) -> dict:
    """A movement's own fields (date, copies as a positive number, texts) checked as the form
    checks them; its cabinet and title are checked by the caller."""
    return {
        "date": f.date("date", movement.date, N_("Date")),
        "quantity": f.integer(
            "quantity", movement.quantity, N_("Number of copies"), minimum=1, maximum=MAX_COPIES
        ),
        "counterparty": f.text("counterparty", movement.counterparty, N_("From / to whom")),
        "notes": f.text("notes", movement.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


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
CABINETS = Listing(
    CabinetRow,
    "SELECT c.id, c.name, c.location_kind, c.place, c.keeper, "
    "(SELECT count(*) FROM (SELECT title_id FROM movement WHERE cabinet_id = c.id "
    "AND deleted_at IS NULL GROUP BY title_id HAVING sum(quantity) <> 0)) AS titles, "
    "(SELECT coalesce(sum(quantity), 0) FROM movement WHERE cabinet_id = c.id "
    "AND deleted_at IS NULL) AS copies FROM cabinet c",
    alias="c",
    sorts={
        "name": "c.name",
        "location_kind": "c.location_kind",
        "place": "c.place",
        "titles": "titles",
        "copies": "copies",
    },
    order="c.name",
)
TITLES = Listing(
    TitleRow,
    "SELECT t.id, t.name, t.kind, t.author, t.publisher, t.year, "
    "(SELECT coalesce(sum(quantity), 0) FROM movement WHERE title_id = t.id "
    "AND deleted_at IS NULL) AS copies FROM title t",
    alias="t",
    sorts={
        "name": "t.name",
        "kind": "t.kind",
        "author": "t.author",
        "year": "t.year",
        "copies": "copies",
    },
    order="t.name",
)


class Cabinets:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    # Cabinets and titles -------------------------------------------------------------------

    def add_cabinet(self, cabinet: Cabinet) -> str:
        values = self.validate_cabinet(cabinet)
        return self.records.insert("cabinet", values, search=cabinet_words(values))

    def update_cabinet(self, cabinet: Cabinet) -> None:
        values = self.validate_cabinet(cabinet)
        with self.records.transaction():
            self.records.update("cabinet", cabinet.id, values, search=cabinet_words(values))
            self._reindex_movements("cabinet_id", cabinet.id)
            self.book.loans.reindex("cabinet_id", cabinet.id)

    def get_cabinet(self, cabinet_id: str) -> Cabinet:
        row = self.records.get("cabinet", cabinet_id)
        return Cabinet(**{k: row[k] for k in Cabinet.__dataclass_fields__})

    def delete_cabinet(self, cabinet_id: str) -> None:
        """Remove an empty cabinet; one that still holds copies is refused."""
        copies = sum(r.quantity for r in self.stock(cabinet_id=cabinet_id, limit=None))
        if copies:
            raise ValidationError(
                {
                    "cabinet_id": _(
                        "The cabinet still holds {copies} copies; transfer, hand out or write them off "
                        "before removing it."
                    ).format(copies=copies)
                }
            )
        self.records.delete("cabinet", cabinet_id)

    def add_title(self, title: Title) -> str:
        values = self.validate_title(title)
        return self.records.insert("title", values, search=title_words(values))

    def update_title(self, title: Title) -> None:
        values = self.validate_title(title)
        with self.records.transaction():
            self.records.update("title", title.id, values, search=title_words(values))
            self._reindex_movements("title_id", title.id)
            self.book.loans.reindex("title_id", title.id)

    def get_title(self, title_id: str) -> Title:
        row = self.records.get("title", title_id)
        return Title(**{k: row[k] for k in Title.__dataclass_fields__})

    def delete_title(self, title_id: str) -> None:
        copies = sum(r.quantity for r in self.stock(title_id=title_id, limit=None))
        if copies:
            raise ValidationError(
                {
                    "title_id": _(
                        "{copies} copies of this title are still in cabinets; hand them out or write "
                        "them off before removing the title."
                    ).format(copies=copies)
                }
            )
        self.records.delete("title", title_id)

    def validate_cabinet(self, cabinet: Cabinet) -> dict:
        f = Fields()
        values = cabinet_fields(f, cabinet)
        f.done()
        return values

    def validate_title(self, title: Title) -> dict:
        f = Fields()
        values = title_fields(f, title)
        f.done()
        return values

    # Movements -----------------------------------------------------------------------------

    def record(self, movement: Movement) -> list[str]:
        """Record copies received, handed out, lost, damaged, written off, or transferred
        (`kind="transfer"`, one operation: out of one cabinet, into another)."""
        with self.records.transaction():
            values = self.validate_movement(movement)
            if movement.kind != "transfer":
                sign = MOVEMENT_KINDS[movement.kind][0]
                return [self.insert_movement({**values, "quantity": sign * values["quantity"]})]
            transfer_id = new_id()
            copies = values["quantity"]
            common = {**values, "transfer_id": transfer_id}
            return [
                self.insert_movement({**common, "kind": "transfer_out", "quantity": -copies}),
                self.insert_movement(
                    {
                        **common,
                        "kind": "transfer_in",
                        "quantity": copies,
                        "cabinet_id": movement.to_cabinet_id,
                    }
                ),
            ]

    def validate_movement(self, movement: Movement) -> dict:
        """The movement's values as they would be stored (quantity as typed, positive), or
        ValidationError; copies leaving must be in the cabinet that day and every day after."""
        f = Fields()
        kinds = {k: MOVEMENT_KINDS[k][1] for k in SIMPLE_KINDS} | {"transfer": N_("Transfer")}
        kind = f.choice("kind", movement.kind, N_("Kind of movement"), kinds)
        values = self._movement_values(f, movement)
        if kind == "transfer":
            target = f.existing(
                "to_cabinet_id", movement.to_cabinet_id, N_("To cabinet"), self.db, "cabinet"
            )
            if target and target == values["cabinet_id"]:
                f.error(
                    "to_cabinet_id",
                    N_("To cabinet"),
                    _("choose a different cabinet from the one the copies leave."),
                )
        f.done()
        if kind == "transfer" or MOVEMENT_KINDS[kind][0] < 0:
            self.require_available(values, values["quantity"])
        return {**values, "kind": kind}

    def delete_movement(self, movement_id: str) -> None:
        """Undo a movement (both halves of a transfer); refused if stock would go below zero."""
        row = self.records.get("movement", movement_id)
        if row["loan_id"] or row["stocktake_id"]:
            raise ValidationError(
                {"id": _("This movement belongs to a loan or a stocktake; change that instead.")}
            )
        ids = [movement_id]
        if row["transfer_id"]:
            ids = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM movement WHERE transfer_id = ? AND deleted_at IS NULL",
                    [row["transfer_id"]],
                )
            ]
        with self.records.transaction():
            touched = []
            for each in ids:
                deleted = self.records.get("movement", each)
                self.records.delete("movement", each)
                touched.append((deleted["cabinet_id"], deleted["title_id"]))
            for cabinet_id, title_id in touched:
                self.ensure_never_negative(cabinet_id, title_id)

    def restore_movement(self, movement_id: str) -> None:
        row = self.records.get("movement", movement_id, deleted=True)
        ids = [movement_id]
        if row["transfer_id"]:
            ids = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM movement WHERE transfer_id = ?", [row["transfer_id"]]
                )
            ]
        with self.records.transaction():
            for each in ids:
                self.records.restore("movement", each)
                restored = self.records.get("movement", each)
                self.ensure_never_negative(restored["cabinet_id"], restored["title_id"])

    def _movement_values(self, f: Fields, movement: Movement) -> dict:
        return {
            "cabinet_id": f.existing(
                "cabinet_id", movement.cabinet_id, N_("Cabinet"), self.db, "cabinet"
            ),
            "title_id": f.existing("title_id", movement.title_id, N_("Title"), self.db, "title"),
            **movement_fields(f, movement),
        }

    def insert_movement(self, values: dict) -> str:
        return self.records.insert("movement", values, search=self._movement_words(values))

    def _movement_words(self, values: dict) -> list:
        cabinet, title = self.names(values["cabinet_id"], values["title_id"])
        return movement_words(values, cabinet, title)

    def _reindex_movements(self, column: str, value: str) -> None:
        rows = self.db.execute(
            f"SELECT id, kind, cabinet_id, title_id, counterparty, notes FROM movement "
            f"WHERE {column} = ?",
            [value],
        ).fetchall()
        keys = ("kind", "cabinet_id", "title_id", "counterparty", "notes")
        self.records.reindex(
            "movement",
            [
                (movement_id, self._movement_words(dict(zip(keys, values, strict=True))))
                for movement_id, *values in rows
            ],
        )

    # Stock ---------------------------------------------------------------------------------

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
        search: str | None = None,
        nonzero: bool = False,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
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
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
            having="quantity <> 0" if nonzero else "",
        )

    def movement_totals(self, *, month: str) -> dict[str, int]:
        """Copies moved in a month, per kind of movement (signed as stored)."""
        rows = self.db.execute(
            "SELECT kind, sum(quantity) FROM movement WHERE deleted_at IS NULL "
            "AND n BETWEEN ? AND ? GROUP BY kind",
            key_range(*month_bounds(month)),
        )
        return {kind: total for kind, total in rows}

    # Reading lists -------------------------------------------------------------------------

    def cabinets(
        self,
        *,
        search: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[CabinetRow]:
        return CABINETS.fetch(
            self.db, search=search, post=post, sort=sort, limit=limit, offset=offset
        )

    def titles(
        self,
        *,
        search: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        kind: str | None = None,
        post: str | None = None,
    ) -> list[TitleRow]:
        return TITLES.fetch(
            self.db,
            where=["t.kind = ?"] if kind else [],
            params=[kind] if kind else [],
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def movements(
        self,
        *,
        search: str | None = None,
        month: str | None = None,
        cabinet_id: str | None = None,
        title_id: str | None = None,
        kind: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[MovementRow]:
        """Movements, newest first (walking the date-ordered key, through the search index
        when there is something to look for)."""
        query = fts_query(search)
        key = "f.rowid" if query else "m.n"
        where, params = ["m.deleted_at IS NULL"], []
        if query:
            where.insert(0, "movement_fts MATCH ?")
            params.append(query)
        if month:
            where.append(f"{key} BETWEEN ? AND ?")
            params += key_range(*month_bounds(month))
        for column, value in (
            ("cabinet_id", cabinet_id),
            ("title_id", title_id),
            ("kind", kind),
            ("post_code", post),
        ):
            if value:
                where.append(f"m.{column} = ?")
                params.append(value)
        source = "movement_fts f JOIN movement m ON m.n = f.rowid" if query else "movement m"
        sql = (
            "SELECT m.id, m.date, m.kind, c.name AS cabinet, t.name AS title, m.quantity, "
            "m.counterparty, m.notes, "
            f"m.transfer_id, m.loan_id FROM {source} JOIN cabinet c ON c.id = m.cabinet_id "
            f"JOIN title t ON t.id = m.title_id WHERE {' AND '.join(where)} ORDER BY "
            + order_by(
                sort,
                {
                    "date": key,
                    "kind": "m.kind",
                    "cabinet": "c.name",
                    "title": "t.name",
                    "quantity": "m.quantity",
                    "counterparty": "m.counterparty",
                },
                f"{key} DESC",
            )
        )
        return rows_as(MovementRow, paged(self.db, sql, params, limit, offset))


def movement_label(kind: str) -> str:
    return _(MOVEMENT_KINDS[kind][1])


def location_label(kind: str) -> str:
    return _(LOCATION_KINDS[kind])


def movement_words(values: dict, cabinet: str, title: str) -> list:
    """Everything a user may type to find a movement: its kind, cabinet, title and texts."""
    return [
        movement_label(values["kind"]),
        cabinet,
        title,
        values.get("counterparty", ""),
        values.get("notes", ""),
    ]


def cabinet_words(values: dict) -> list:
    return [
        values["name"],
        values["place"],
        values["keeper"],
        location_label(values["location_kind"]),
    ]


def title_words(values: dict) -> list:
    return [values["name"], values["author"], values["publisher"], values["year"] or ""]
