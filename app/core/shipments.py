"""Publications the provincial office sends to its posts (the plans' third content: publishing
and distributing publications), and their receipt at the post.

At the province a shipment is recorded for a post (one title, so many copies, sent on a day),
one at a time or from a spreadsheet, and travels in the next answer to that post. At the post
the clerk receives it into a cabinet, counting the copies: the title is found (by name and
author, accents and case ignored) or created, a "received" movement is recorded, and the
receipt (with a short count, if any) travels back in the post's next monthly package.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Unpack

from app.core.dates import format_date, now_utc
from app.core.errors import RecordNotFound, ValidationError, writing_out
from app.core.query import Listing, Page, rows_as
from app.core.records import short_ref, starting_with, the_one
from app.core.text import fold
from app.core.validate import MAX_COPIES, MAX_NOTES, Fields
from app.i18n import N_, _


@dataclass
class Shipment:
    to_post: str = ""
    title: str = ""
    author: str = ""
    publisher: str = ""
    year: int | str | None = None
    copies: int | str | None = None
    sent_on: date | str | None = None
    notes: str = ""
    id: str = ""


@dataclass(frozen=True)
class ShipmentRow:
    id: str
    to_post: str
    title: str
    author: str
    publisher: str
    year: int | None
    copies: int
    sent_on: str
    notes: str
    received_on: str | None
    received: int | None  # copies counted at the post

    @property
    def ref(self) -> str:
        """A short reference a user can type (`sodon delivery receive` takes it)."""
        return short_ref(self.id)

    @property
    def short(self) -> int:
        """Copies missing from what was sent (0 until received, or when all came)."""
        return max(self.copies - self.received, 0) if self.received is not None else 0


def shipment_fields(f: Fields, shipment) -> dict:
    """A shipment's own fields (the post it goes to is checked by the caller)."""
    return {
        "title": f.text("title", shipment.title, N_("Title"), required=True),
        "author": f.text("author", shipment.author, N_("Author")),
        "publisher": f.text("publisher", shipment.publisher, N_("Publisher")),
        "year": f.integer(
            "year",
            shipment.year,
            N_("Year published"),
            minimum=1900,
            maximum=date.today().year + 1,
            required=False,
        ),
        "copies": f.integer("copies", shipment.copies, N_("Copies"), minimum=1, maximum=MAX_COPIES),
        "sent_on": f.date("sent_on", shipment.sent_on, N_("Sent on")),
        "notes": f.text("notes", shipment.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def receipt_fields(f: Fields, received_on: object, copies: object, notes: object) -> dict:
    """A receipt: the day the copies were counted in, how many came, and a note."""
    return {
        "received_on": f.date("received_on", received_on, N_("Received on")),
        "copies": f.integer("copies", copies, N_("Copies received"), minimum=0, maximum=MAX_COPIES),
        "notes": f.text("notes", notes, N_("Notes"), max_length=500),
    }


def shipment_words(values: dict) -> list:
    return [values["to_post"], values["title"], values["author"], values["publisher"]]


SHIPMENTS = Listing(
    ShipmentRow,
    "SELECT s.id, s.to_post, s.title, s.author, s.publisher, s.year, s.copies, s.sent_on, "
    "s.notes, r.received_on, r.copies AS received FROM shipment s "
    "LEFT JOIN shipment_receipt r ON r.id = s.id AND r.deleted_at IS NULL",
    alias="s",
    sorts={
        "to_post": "s.to_post",
        "title": "s.title",
        "copies": "s.copies",
        "sent_on": "s.sent_on",
        "received_on": "r.received_on",
    },
    order="s.sent_on DESC, s.to_post, s.title",
)

# The columns of the spreadsheet of shipments (`sodon delivery template`), in order.
SHEET = (
    ("to_post", N_("Post code")),
    ("title", N_("Title")),
    ("author", N_("Author")),
    ("publisher", N_("Publisher")),
    ("year", N_("Year published")),
    ("copies", N_("Copies")),
    ("sent_on", N_("Sent on")),
    ("notes", N_("Notes")),
)


class Shipments:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    # At the province ---------------------------------------------------------------------

    def add(self, shipment: Shipment) -> str:
        values = self.validate(shipment)
        return self.records.insert("shipment", values, search=shipment_words(values))

    def validate(self, shipment: Shipment) -> dict:
        self._province_only()
        f = Fields()
        to_post = f.text("to_post", shipment.to_post, N_("Post"), required=True).upper()
        if to_post and not self._registered(to_post):
            f.error(
                "to_post",
                N_("Post"),
                _("{code} is not a registered post (see `sodon post list`).").format(
                    code=to_post[:20]
                ),
            )
        values = {"to_post": to_post, **shipment_fields(f, shipment)}
        f.done()
        return values

    def add_many(self, shipments: list[Shipment]) -> list[str]:
        """Record every shipment, or none: a refusal names the first wrong row."""
        checked = []
        for number, shipment in enumerate(shipments, start=1):
            try:
                checked.append(self.validate(shipment))
            except ValidationError as error:
                raise ValidationError(
                    {
                        "row": _("Row {number}: {rule}").format(
                            number=number, rule=next(iter(error.errors.values()))
                        )
                    }
                ) from None
        with self.records.transaction():
            return self.records.insert_many(
                "shipment", checked, searches=[shipment_words(v) for v in checked]
            )

    def delete(self, shipment_id: str) -> None:
        """Take back a shipment not yet sent in an answer."""
        row = self.records.get("shipment", shipment_id)
        if row["answer"] is not None:
            raise ValidationError(
                {"id": _("This shipment was already sent to the post in an answer.")}
            )
        self.records.delete("shipment", shipment_id)

    def _registered(self, code: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM post WHERE code = ? AND is_self = 0 AND kind = 'post' "
                "AND deleted_at IS NULL",
                [code],
            ).fetchone()
            is not None
        )

    def _province_only(self) -> None:
        if not self.book.post.is_province:
            raise ValidationError(
                {"to_post": _("Publications are sent to posts by the provincial office.")}
            )

    # Lists -------------------------------------------------------------------------------

    def shipments(
        self,
        *,
        to_post: str | None = None,
        year: int | None = None,
        waiting: bool = False,
        **page: Unpack[Page],
    ) -> list[ShipmentRow]:
        """Shipments, latest first; `waiting` keeps those not yet received."""
        where, params = [], []
        if to_post:
            where.append("s.to_post = ?")
            params.append(to_post)
        if year:
            where.append("s.sent_on BETWEEN ? AND ?")
            params += [f"{year}-01-01", f"{year}-12-31"]
        if waiting:
            where.append("r.id IS NULL")
        return SHIPMENTS.fetch(
            self.db,
            where=where,
            params=params,
            **page,
        )

    def to_receive(self) -> list[ShipmentRow]:
        """At a post: the publications the province sent that are not received yet."""
        return self.shipments(to_post=self.book.post.code, waiting=True, limit=None)

    def get(self, shipment_id: str) -> ShipmentRow:
        found = SHIPMENTS.fetch(self.db, where=["s.id = ?"], params=[shipment_id], limit=None)
        if not found:
            raise RecordNotFound(_("The record was not found; it may have been removed."))
        return found[0]

    def find(self, typed: str) -> str:
        """The id of a shipment named by its short reference (`sodon list deliveries`)."""
        return the_one(
            starting_with(self.db, "shipment", typed),
            typed,
            _(
                "There is no publication to receive with the reference “{typed}”. See the "
                "references in the Ref. column of `sodon list deliveries`."
            ).format(typed=(typed or "")[:40]),
        )

    # At the post ------------------------------------------------------------------------

    def receive(
        self,
        shipment_id: str,
        cabinet_id: str,
        *,
        copies: int | str | None = None,
        on: date | str | None = None,
        notes: str = "",
    ) -> str:
        """Count a shipment's copies into a cabinet: the title (found or created), a
        "received" movement, and the receipt the next package carries back. Returns the
        title's id."""
        shipment = self.get(shipment_id)
        if shipment.to_post != self.book.post.code:
            raise ValidationError({"id": _("This publication was sent to another post.")})
        if shipment.received_on is not None:
            raise ValidationError(
                {
                    "id": _("This publication was already received on {date}.").format(
                        date=format_date(shipment.received_on)
                    )
                }
            )
        f = Fields()
        f.existing("cabinet_id", cabinet_id, N_("Cabinet"), self.db, "cabinet")
        counted = receipt_fields(
            f,
            on or date.today(),
            shipment.copies if copies in (None, "") else copies,
            notes,
        )
        f.done()
        if counted["copies"] < shipment.copies and not counted["notes"]:
            counted["notes"] = _("{missing} of {sent} copies missing.").format(
                missing=shipment.copies - counted["copies"], sent=shipment.copies
            )
        from app.core.cabinets import Movement  # the window's start needs no cabinets

        cabinets = self.book.cabinets
        with self.records.transaction():
            title_id = self._title(shipment)
            movement_id = None
            if counted["copies"]:
                (movement_id,) = cabinets.record(
                    Movement(
                        date=counted["received_on"],
                        cabinet_id=cabinet_id,
                        title_id=title_id,
                        kind="received",
                        quantity=counted["copies"],
                        counterparty=_("Provincial office"),
                        notes=counted["notes"],
                    )
                )
            self.records.insert(
                "shipment_receipt",
                {
                    "id": shipment_id,
                    **counted,
                    "cabinet_id": cabinet_id,
                    "movement_id": movement_id,
                },
            )
        return title_id

    def _title(self, shipment: ShipmentRow) -> str:
        """The post's title of that name and author, or a new one."""
        from app.core.cabinets import Title

        wanted = (fold(shipment.title), fold(shipment.author))
        for row in self.book.cabinets.titles(search=shipment.title, limit=None):
            if (fold(row.name), fold(row.author)) == wanted:
                return row.id
        return self.book.cabinets.add_title(
            Title(
                name=shipment.title,
                kind="book",
                author=shipment.author,
                publisher=shipment.publisher,
                year=shipment.year,
            )
        )

    def unsent_receipts(self) -> list[str]:
        """The receipts no monthly package has carried yet."""
        return [
            receipt_id
            for (receipt_id,) in self.db.execute(
                "SELECT id FROM shipment_receipt WHERE post_code = ? AND sent_at IS NULL "
                "AND deleted_at IS NULL",
                [self.book.post.code],
            )
        ]

    def mark_sent(self, receipt_ids: list[str]) -> None:
        """The receipts a package carried (not a change a user makes: not logged)."""
        sent = now_utc()
        self.db.conn.executemany(
            "UPDATE shipment_receipt SET sent_at = ? WHERE id = ?",
            [(sent, receipt_id) for receipt_id in receipt_ids],
        )

    # The province's report --------------------------------------------------------------

    def deliveries(self, year: int) -> list[ShipmentRow]:
        """Every shipment of a year, by post and title, with what each post received."""
        return rows_as(
            ShipmentRow,
            self.db.execute(
                f"{SHIPMENTS.select} WHERE s.deleted_at IS NULL AND s.sent_on BETWEEN ? AND ? "
                "ORDER BY s.to_post, s.title, s.sent_on",
                [f"{year}-01-01", f"{year}-12-31"],
            ),
        )


def read_sheet(path: Path) -> list[Shipment]:
    """The shipments of a spreadsheet made from `sodon delivery template` (first sheet; a
    header row, then one row per post and title; empty rows skipped)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ValidationError(
            {"file": _("There is no file at {path}.").format(path=path)}
        ) from None
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise ValidationError(
            {
                "file": _(
                    "{name} is not a spreadsheet of shipments (.xlsx); make one with `sodon "
                    "delivery template`."
                ).format(name=path.name)
            }
        ) from error
    try:
        sheet = workbook.worksheets[0]
        found = []
        for row in sheet.iter_rows(min_row=2, values_only=True):
            cells = list(row[: len(SHEET)]) + [None] * (len(SHEET) - len(row))
            if all(cell in (None, "") for cell in cells):
                continue
            values = {
                name: cell.date() if hasattr(cell, "date") and callable(cell.date) else cell
                for (name, _label), cell in zip(SHEET, cells, strict=True)
            }
            found.append(
                Shipment(**{k: "" if v is None and k != "year" else v for k, v in values.items()})
            )
        return found
    finally:
        workbook.close()


def write_template(path: Path) -> Path:
    """An empty spreadsheet of shipments with its header row and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Shipments")
    sheet.append([_(label) for _name, label in SHEET])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "LC01",
            "Luật Biên phòng Việt Nam",
            "",
            "NXB Chính trị quốc gia",
            2024,
            20,
            date.today(),
            "",
        ]
    )
    sheet.cell(2, 7).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", (10, 40, 24, 28, 12, 10, 14, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    with writing_out():
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    return path
