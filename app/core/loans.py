"""Loans of copies from a book cabinet: lent until a due date, returned, or overdue."""

from dataclasses import dataclass
from datetime import date
from typing import Unpack

from app.core.dates import format_date, month_bounds, parse_date
from app.core.query import Listing, Page
from app.core.validate import MAX_COPIES, MAX_NOTES, Fields
from app.i18n import N_, _


@dataclass
class Loan:
    cabinet_id: str = ""
    title_id: str = ""
    borrower: str = ""
    borrower_unit: str = ""
    quantity: int | str | None = 1
    lent_on: date | str | None = None
    due_on: date | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class LoanRow:
    id: str
    cabinet: str
    title: str
    borrower: str
    borrower_unit: str
    quantity: int
    lent_on: str
    due_on: str
    returned_on: str | None
    days_overdue: int


LOANS = Listing(
    LoanRow,
    "SELECT l.id, c.name AS cabinet, t.name AS title, l.borrower, l.borrower_unit, l.quantity, "
    "l.lent_on, l.due_on, l.returned_on, CASE WHEN l.returned_on IS NULL AND l.due_on < ? "
    "THEN CAST(julianday(?) - julianday(l.due_on) AS INTEGER) ELSE 0 END AS days_overdue "
    "FROM loan l JOIN cabinet c ON c.id = l.cabinet_id JOIN title t ON t.id = l.title_id",
    alias="l",
    sorts={
        "borrower": "l.borrower",
        "title": "t.name",
        "cabinet": "c.name",
        "lent_on": "l.lent_on",
        "due_on": "l.due_on",
        "returned_on": "l.returned_on",
        "days_overdue": "days_overdue",
    },
    order="l.lent_on DESC, l.due_on",
)


class Loans:
    def __init__(self, book):
        self.book = book
        self.cabinets = book.cabinets
        self.records = book.records
        self.db = book.db

    def lend(self, loan: Loan) -> str:
        """Lend copies to a reader until a due date; the copies leave the cabinet."""
        with self.records.transaction():
            values = self.validate(loan)
            loan_id = self.records.insert("loan", values, search=self._loan_words(values))
            self.cabinets.insert_movement(
                {
                    "date": values["lent_on"],
                    "cabinet_id": values["cabinet_id"],
                    "title_id": values["title_id"],
                    "kind": "lent",
                    "quantity": -values["quantity"],
                    "loan_id": loan_id,
                    "counterparty": values["borrower"],
                    "notes": "",
                }
            )
        return loan_id

    def validate(self, loan: Loan) -> dict:
        """The loan's values as they would be stored, or ValidationError (the copies must be
        in the cabinet on the day they are lent and every day after)."""
        f = Fields()
        values = {
            "cabinet_id": f.existing(
                "cabinet_id", loan.cabinet_id, N_("Cabinet"), self.db, "cabinet"
            ),
            "title_id": f.existing("title_id", loan.title_id, N_("Title"), self.db, "title"),
            **loan_fields(f, loan),
        }
        f.done()
        self.cabinets.require_available({**values, "date": values["lent_on"]}, values["quantity"])
        return values

    def return_loan(self, loan_id: str, *, on: date | str | None = None) -> None:
        """The borrower brought the copies back: they return to the cabinet."""
        loan = self.records.get("loan", loan_id)
        f = Fields()
        if loan["returned_on"]:
            f.error(
                "returned_on",
                N_("Returned on"),
                _("this loan was already returned on {date}.").format(
                    date=format_date(loan["returned_on"])
                ),
            )
        returned_on = returned_field(f, loan["lent_on"], on or date.today())
        f.done()
        with self.records.transaction():
            self.records.update("loan", loan_id, {"returned_on": returned_on})
            self.cabinets.insert_movement(
                {
                    "date": returned_on,
                    "cabinet_id": loan["cabinet_id"],
                    "title_id": loan["title_id"],
                    "kind": "returned",
                    "quantity": loan["quantity"],
                    "loan_id": loan_id,
                    "counterparty": loan["borrower"],
                    "notes": "",
                }
            )

    def loans(
        self,
        *,
        month: str | None = None,
        open_only: bool = False,
        overdue_on: date | str | None = None,
        **page: Unpack[Page],
    ) -> list[LoanRow]:
        """Loans, latest first; `overdue_on` keeps those still out after their due date."""
        today = parse_date(overdue_on).isoformat() if overdue_on else date.today().isoformat()
        where, params = [], []
        if month:
            where.append("l.lent_on BETWEEN ? AND ?")
            params += month_bounds(month)
        if open_only or overdue_on:
            where.append("l.returned_on IS NULL")
        if overdue_on:
            where.append("l.due_on < ?")
            params.append(today)
        return LOANS.fetch(
            self.db,
            where=where,
            params=params,
            select_params=[today, today],
            **page,
        )

    def overdue(self, *, on: date | str | None = None, limit: int | None = None) -> list[LoanRow]:
        """Loans still out after their due date (today if not given), most overdue first."""
        rows = self.loans(overdue_on=on or date.today(), limit=limit)
        return sorted(rows, key=lambda r: -r.days_overdue)

    def _loan_words(self, values: dict) -> list:
        cabinet, title = self.cabinets.names(values["cabinet_id"], values["title_id"])
        return loan_words(values, cabinet, title)

    def reindex(self, column: str, value: str) -> None:
        """Refresh the search words of the loans of a renamed cabinet or title."""
        keys = ("cabinet_id", "title_id", "borrower", "borrower_unit", "notes")
        rows = self.db.execute(
            f"SELECT id, {', '.join(keys)} FROM loan WHERE {column} = ?", [value]
        ).fetchall()
        self.records.reindex(
            "loan",
            [
                (loan_id, self._loan_words(dict(zip(keys, values, strict=True))))
                for loan_id, *values in rows
            ],
        )


def loan_words(values: dict, cabinet: str, title: str) -> list:
    return [values["borrower"], values["borrower_unit"], title, cabinet, values["notes"]]


def loan_fields(f: Fields, loan) -> dict:
    """A loan's own fields checked as the form checks them; its cabinet and title (and the
    copies in stock) are checked by the caller."""
    values = {
        "borrower": f.text("borrower", loan.borrower, N_("Borrower"), required=True),
        "borrower_unit": f.text(
            "borrower_unit", loan.borrower_unit, N_("Borrower's unit or village")
        ),
        "quantity": f.integer(
            "quantity", loan.quantity, N_("Number of copies"), minimum=1, maximum=MAX_COPIES
        ),
        "lent_on": f.date("lent_on", loan.lent_on, N_("Lent on")),
        "due_on": f.date("due_on", loan.due_on, N_("Due back on")),
        "notes": f.text("notes", loan.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    if values["lent_on"] and values["due_on"] and values["due_on"] < values["lent_on"]:
        f.error("due_on", N_("Due back on"), _("must be on or after the day it was lent."))
    return values


def returned_field(f: Fields, lent_on: str, on: object) -> str | None:
    """The day a loan came back: a date, not before the day it was lent."""
    returned_on = f.date("returned_on", on, N_("Returned on"))
    if returned_on and lent_on and returned_on < lent_on:
        f.error(
            "returned_on",
            N_("Returned on"),
            _("must be on or after the day it was lent ({date}).").format(
                date=format_date(lent_on)
            ),
        )
    return returned_on
