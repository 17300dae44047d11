"""Every row of a monthly package checked before anything is written.

A valid signature says only who sent a package, not that its rows are sound. Each row is
checked with the rules the forms use (the registers' `*_fields` functions: real dates,
numbers in range, parts within totals, known choices, texts within the forms' limits), and
with what a post may touch: only its own rows, references to rows the package carries, dated
rows inside the package's month, no id the province holds for another post or for another
month, and no change to the shared lists. The rows come back cleaned as the forms would
store them; the first broken rule is raised as a `RowRefused` naming the row and the rule."""

import re
from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace

from app.core.cabinets import (
    MOVEMENT_KINDS,
    cabinet_fields,
    movement_fields,
    title_fields,
)
from app.core.dates import format_date, month_bounds
from app.core.loans import loan_fields, returned_field
from app.core.lookups import LISTS, item_name
from app.core.outreach import BROADCAST, activity_fields
from app.core.post import post_code_field, post_details
from app.core.reviews import commendation_fields, commendation_sort_key, review_fields
from app.core.shipments import receipt_fields
from app.core.stations import station_fields, station_sort_key, station_state_fields
from app.core.stocktakes import counted_field, stocktake_fields
from app.core.text import name_sort_key
from app.core.training import (
    attendance_fields,
    course_fields,
    person_fields,
    session_fields,
    session_in_course,
)
from app.core.validate import MAX_COPIES, Fields
from app.exchange.format import TABLES
from app.i18n import N_, _

# The folded words of a record are its own texts and the names of a few list items, cabinets
# or titles: never more than twice its texts and room for those names.
NAMES_ROOM = 5_000
ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_CHUNK = 500  # ids per query (SQLite's limit on parameters is far above)

NOUNS = {
    "post": N_("post details"),
    "lookup": N_("list item"),
    "cabinet": N_("cabinet"),
    "title": N_("title"),
    "course": N_("course"),
    "person": N_("trainee"),
    "enrolment": N_("enrolment"),
    "session": N_("session"),
    "attendance": N_("attendance mark"),
    "loan": N_("loan"),
    "stocktake": N_("stocktake"),
    "stocktake_line": N_("stocktake line"),
    "movement": N_("movement of copies"),
    "activity": N_("activity"),
    "activity_topic": N_("topic of an activity"),
    "activity_language": N_("language of an activity"),
    "shipment_receipt": N_("receipt of a publication"),
    "station": N_("loudspeaker station"),
    "station_state": N_("state of a loudspeaker station"),
    "review": N_("review"),
    "commendation": N_("commendation"),
}


class RowRefused(Exception):
    """A row of a package breaks a rule; the message names the row and the rule."""


def check_rows(
    book,
    rows: dict[str, list[tuple]],
    post: str,
    month: str,
    of: dict[str, tuple[str, ...]] = TABLES,
) -> dict[str, list]:
    """The package's rows (of the tables and columns `of` its format), each checked and
    cleaned; RowRefused at the first broken rule."""
    return _Check(book, rows, post, month, of).run()


class _Check:
    def __init__(
        self,
        book,
        rows: dict[str, list[tuple]],
        post: str,
        month: str,
        of: dict[str, tuple[str, ...]],
    ):
        self.db = book.db
        self.post, self.month = post, month
        self.first, self.last = month_bounds(month)
        self.tables = {table: of[table] for table in of if table in rows}
        self.rows = {
            table: [dict(zip(columns, row, strict=True)) for row in rows[table]]
            for table, columns in self.tables.items()
        }
        self.by_id = {
            table: {row["id"]: row for row in self.rows[table]}
            for table, columns in self.tables.items()
            if "id" in columns
        }

    def run(self) -> dict[str, list]:
        checks: dict[str, Callable[[Fields, dict], dict]] = {
            "post": self.post_row,
            "lookup": self.lookup,
            "cabinet": lambda f, r: cabinet_fields(f, _fields(r)),
            "title": lambda f, r: title_fields(f, _fields(r)),
            "course": self.course,
            "person": self.person,
            "enrolment": self.enrolment,
            "session": self.session,
            "attendance": self.attendance,
            "loan": self.loan,
            "stocktake": self.stocktake,
            "stocktake_line": self.stocktake_line,
            "movement": self.movement,
            "activity": self.activity,
            "activity_topic": lambda f, r: self.link(f, r, "topic_id", "topic"),
            "activity_language": lambda f, r: self.link(f, r, "language_id", "language"),
            "shipment_receipt": self.shipment_receipt,
            "station": self.station,
            "station_state": self.station_state,
            "review": lambda f, r: review_fields(f, _fields(r)),
            "commendation": self.commendation,
        }
        if len(self.rows["post"]) != 1 or self.rows["post"][0]["code"] != self.post:
            raise RowRefused(_("its data does not come from post {post}.").format(post=self.post))
        cleaned: dict[str, list] = {}
        for table, columns in self.tables.items():
            self.duplicates(table, columns)
            kept = []
            for number, row in enumerate(self.rows[table], start=1):
                f = Fields()
                if "id" in columns:
                    self.common(f, table, row)
                values = checks[table](f, row)
                if f.errors:
                    raise self.refusal(table, number, row, next(iter(f.errors.values())))
                row.update({k: v for k, v in values.items() if k in row and v is not None})
                if table != "lookup" or row["post_code"]:  # shared items are never written
                    kept.append(tuple(row[c] for c in columns))
            self.held(table)
            cleaned[table] = kept
        return cleaned

    def refusal(self, table: str, number: int, row: dict, rule: str) -> RowRefused:
        which = row.get("id") or row.get("activity_id", "")
        return RowRefused(
            _("{noun} no. {number} ({id}): {rule}").format(
                noun=_(NOUNS[table]).capitalize(), number=number, id=str(which)[:40], rule=rule
            )
        )

    # Every record ----------------------------------------------------------------------

    def common(self, f: Fields, table: str, row: dict) -> None:
        if not isinstance(row["id"], str) or not ID.match(row["id"]):
            f.error("id", N_("Id"), _("it is not an id that Sổ Đồn makes."))
        shared = table == "lookup" and row["post_code"] == ""
        if row["post_code"] != self.post and not shared:
            f.error(
                "post_code",
                N_("Post"),
                _("it belongs to post “{other}”, not to {post}.").format(
                    other=str(row["post_code"])[:20], post=self.post
                ),
            )
        for name, required in (("created_at", True), ("updated_at", True), ("deleted_at", False)):
            stamp(f, name, row[name], required=required)
        if "search_text" in row:
            text = row["search_text"]
            own = sum(len(v) for k, v in row.items() if isinstance(v, str) and k != "search_text")
            if not isinstance(text, str) or len(text) > 2 * own + NAMES_ROOM:
                f.error("search_text", N_("Search words"), _("they are missing or too long."))

    def duplicates(self, table: str, columns: tuple[str, ...]) -> None:
        key = ("id",) if "id" in columns else columns
        seen = set()
        for number, row in enumerate(self.rows[table], start=1):
            value = tuple(row[c] for c in key)
            if value in seen:
                raise self.refusal(table, number, row, _("it appears twice in the package."))
            seen.add(value)

    def held(self, table: str) -> None:
        """No row may take the id of a record the province holds for another post or (for
        the month's records) for another month of this post."""
        if table not in self.by_id or table == "post":
            return
        ids = list(self.by_id[table])
        query = _HELD.get(table, "SELECT id, post_code, NULL FROM [{table}] WHERE id IN ({marks})")
        found = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            sql = query.format(table=table, marks=", ".join("?" for _ in chunk))
            for record_id, owner, held in self.db.execute(sql, chunk):
                found.add(record_id)
                row = self.by_id[table][record_id]
                number = self.rows[table].index(row) + 1
                if table == "lookup":
                    if (owner == "") != (row["post_code"] == "") or (owner and owner != self.post):
                        raise self.refusal(
                            table, number, row, _("it would change a list item it does not own.")
                        )
                elif owner != self.post:
                    raise self.refusal(
                        table,
                        number,
                        row,
                        _("its id is that of a record of post {other}.").format(other=owner),
                    )
                elif held is not None and not self.same_record(table, row, held):
                    raise self.refusal(
                        table,
                        number,
                        row,
                        _(
                            "its id is that of a record of another month ({date}); a package "
                            "may only change its own month."
                        ).format(date=format_date(held) if len(held) == 10 else held),
                    )
        if table == "lookup":  # a shared item the province does not hold (found ones matched)
            unknown = [
                (number, row)
                for number, row in enumerate(self.rows[table], start=1)
                if row["post_code"] == "" and row["id"] not in found
            ]
            if unknown:
                number, row = unknown[0]
                raise self.refusal(
                    table, number, row, _("it claims to be a shared list item, which it is not.")
                )

    def same_record(self, table: str, row: dict, held: str) -> bool:
        """Whether a record the province holds under this id may be replaced by `row`."""
        if table == "loan":
            return held == row["lent_on"]
        if table == "enrolment":
            return held == row["course_id"]
        return self.first <= held <= self.last

    # References --------------------------------------------------------------------------

    def ref(self, f: Fields, row: dict, column: str, table: str, label: str, *, required=True):
        value = row[column]
        if value is None and not required:
            return
        if value not in self.by_id[table]:
            f.error(
                column,
                label,
                _("it refers to a {noun} that the package does not carry.").format(
                    noun=_(NOUNS[table])
                ),
            )

    def lookup_ref(self, f: Fields, row: dict, column: str, list_name: str, *, required=True):
        value = row[column]
        if value is None and not required:
            return
        item = self.by_id["lookup"].get(value)
        if item is None or item["list"] != list_name:
            f.error(
                column,
                LISTS[list_name],
                _("it refers to an item that is not in the package's list."),
            )

    def in_month(self, f: Fields, name: str, label: str, day: object) -> None:
        if isinstance(day, str) and not self.first <= day <= self.last:
            f.error(
                name,
                label,
                _("{date} is not in the package's month {month}.").format(
                    date=format_date(day), month=self.month
                ),
            )

    # Each table --------------------------------------------------------------------------

    def post_row(self, f: Fields, row: dict) -> dict:
        post_code_field(f, row["code"], "code")
        if row["kind"] != "post":
            f.error("kind", N_("Post"), _("it is not a post's book."))
        return post_details(
            f,
            {
                key: row[key]
                for key in ("name", "parent_unit", "province", "place", "commander", "clerk")
            },
        )

    def lookup(self, f: Fields, row: dict) -> dict:
        if row["list"] not in LISTS:
            f.error("list", N_("List"), _("there is no such list."))
            return {}
        values = {
            "name": item_name(f, row["list"], row["name"]),
            "code": f.text("code", row["code"], N_("Code"), max_length=20),
            "name_en": f.text("name_en", row["name_en"], N_("English name"), max_length=200),
        }
        f.integer("sort_order", row["sort_order"], N_("Order"), maximum=10**6)
        return values

    def course(self, f: Fields, row: dict) -> dict:
        values = course_fields(f, _fields(row))
        self.lookup_ref(f, row, "plan_content_id", "plan_content", required=False)
        start, end = values["start_date"], values["end_date"]
        sessions = any(s["course_id"] == row["id"] for s in self.rows["session"])
        if start and end and not sessions and not (start <= self.last and end >= self.first):
            f.error(
                "start_date",
                N_("From"),
                _("the course neither runs in {month} nor has a session in it.").format(
                    month=self.month
                ),
            )
        return values

    def person(self, f: Fields, row: dict) -> dict:
        values = person_fields(f, _fields(row))
        if values["full_name"]:
            values["sort_key"] = name_sort_key(values["full_name"])
        return values

    def enrolment(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "course_id", "course", N_("Course"))
        self.ref(f, row, "person_id", "person", N_("Trainee"))
        f.choice("walk_in", str(row["walk_in"]), N_("Walk-in"), {"0": "0", "1": "1"})
        return {}

    def session(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "course_id", "course", N_("Course"))
        values = session_fields(f, _fields(row))
        self.in_month(f, "date", N_("Date"), values["date"])
        course = self.by_id["course"].get(row["course_id"])
        if course and isinstance(course["start_date"], str) and isinstance(course["end_date"], str):
            session_in_course(f, values["date"], course["start_date"], course["end_date"])
        return values

    def attendance(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "session_id", "session", N_("Session"))
        self.ref(f, row, "person_id", "person", N_("Trainee"))
        return attendance_fields(f, row["status"], row["notes"])

    def loan(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "cabinet_id", "cabinet", N_("Cabinet"))
        self.ref(f, row, "title_id", "title", N_("Title"))
        values = loan_fields(f, _fields(row))
        if row["returned_on"] is not None:
            values["returned_on"] = returned_field(f, values["lent_on"], row["returned_on"])
        lent, back = values["lent_on"], values.get("returned_on")
        if lent and not (
            self.first <= lent <= self.last or (back and self.first <= back <= self.last)
        ):
            f.error(
                "lent_on",
                N_("Lent on"),
                _("the loan was neither lent nor returned in {month}.").format(month=self.month),
            )
        return values

    def stocktake(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "cabinet_id", "cabinet", N_("Cabinet"))
        values = stocktake_fields(f, row["date"], row["notes"])
        self.in_month(f, "date", N_("Date"), values["date"])
        f.choice("state", row["state"], N_("State"), {"open": "open", "confirmed": "confirmed"})
        stamp(f, "confirmed_at", row["confirmed_at"], required=row["state"] == "confirmed")
        return values

    def stocktake_line(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "stocktake_id", "stocktake", N_("Stocktake"))
        self.ref(f, row, "title_id", "title", N_("Title"))
        f.integer("expected", row["expected"], N_("Expected"), maximum=MAX_COPIES)
        counted_field(f, row["counted"])
        return {"notes": f.text("notes", row["notes"], N_("Notes"))}

    def movement(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "cabinet_id", "cabinet", N_("Cabinet"))
        self.ref(f, row, "title_id", "title", N_("Title"))
        self.ref(f, row, "loan_id", "loan", N_("Loan"), required=False)
        self.ref(f, row, "stocktake_id", "stocktake", N_("Stocktake"), required=False)
        kind, quantity = row["kind"], row["quantity"]
        if kind not in MOVEMENT_KINDS:
            f.error("kind", N_("Kind of movement"), _("there is no such kind of movement."))
        elif isinstance(quantity, int) and not _signed_as(kind, quantity):
            f.error(
                "quantity",
                N_("Number of copies"),
                _("{quantity} copies do not fit a movement of this kind.").format(
                    quantity=quantity
                ),
            )
        moved = abs(quantity) if isinstance(quantity, int) else quantity
        values = movement_fields(f, _fields(row, quantity=moved))
        del values["quantity"]  # checked as the form's positive number; stored signed
        self.in_month(f, "date", N_("Date"), values["date"])
        if row["transfer_id"] is not None and not ID.match(str(row["transfer_id"])):
            f.error("transfer_id", N_("Transfer"), _("it is not an id that Sổ Đồn makes."))
        return values

    def activity(self, f: Fields, row: dict) -> dict:
        values = activity_fields(f, _fields(row))
        self.lookup_ref(f, row, "kind_id", "activity_kind")
        self.lookup_ref(f, row, "plan_content_id", "plan_content", required=False)
        self.in_month(f, "date", N_("Date"), values["date"])
        if row.get("station_id") is not None:  # since format 3
            self.ref(f, row, "station_id", "station", N_("Station"))
            kind = self.by_id["lookup"].get(row["kind_id"])
            if kind is not None and kind["code"] != BROADCAST:
                f.error(
                    "station_id",
                    N_("Station"),
                    _("only a loudspeaker broadcast goes out through a station."),
                )
        return values

    def station(self, f: Fields, row: dict) -> dict:
        values = station_fields(f, _fields(row))
        if values.get("name"):
            values["sort_key"] = station_sort_key(values["name"])
        return values

    def station_state(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "station_id", "station", N_("Station"))
        return station_state_fields(f, _fields(row))

    def commendation(self, f: Fields, row: dict) -> dict:
        self.ref(f, row, "person_id", "person", N_("Person"), required=False)
        self.ref(f, row, "review_id", "review", N_("Review"), required=False)
        values = commendation_fields(f, _fields(row))
        if values.get("recipient"):
            values["sort_key"] = commendation_sort_key(
                values["recipient_kind"], values["recipient"]
            )
        return values

    def shipment_receipt(self, f: Fields, row: dict) -> dict:
        """The receipt of a publication the province sent to this post (any month's)."""
        sent = self.db.execute(
            "SELECT to_post, sent_on FROM shipment WHERE id = ? AND deleted_at IS NULL",
            [row["id"]],
        ).fetchone()
        if sent is None or sent[0] != self.post:
            f.error(
                "id",
                N_("Id"),
                _("it is the receipt of a publication the province did not send to {post}.").format(
                    post=self.post
                ),
            )
        values = receipt_fields(f, row["received_on"], row["copies"], row["notes"])
        if sent is not None and values["received_on"] and values["received_on"] < sent[1]:
            f.error(
                "received_on",
                N_("Received on"),
                _("it is before the publication was sent ({date}).").format(
                    date=format_date(sent[1])
                ),
            )
        return values

    def link(self, f: Fields, row: dict, column: str, list_name: str) -> dict:
        self.ref(f, row, "activity_id", "activity", N_("Activity"))
        self.lookup_ref(f, row, column, list_name)
        return {}


# For the month's records: the date (or what must not change) of the record the province
# holds under an id, to refuse a package that rewrites another month through it.
_HELD = {
    "activity": "SELECT id, post_code, date FROM activity WHERE id IN ({marks})",
    "movement": "SELECT id, post_code, date FROM movement WHERE id IN ({marks})",
    "session": "SELECT id, post_code, date FROM session WHERE id IN ({marks})",
    "stocktake": "SELECT id, post_code, date FROM stocktake WHERE id IN ({marks})",
    "attendance": "SELECT a.id, a.post_code, s.date FROM attendance a "
    "JOIN session s ON s.id = a.session_id WHERE a.id IN ({marks})",
    "stocktake_line": "SELECT l.id, l.post_code, s.date FROM stocktake_line l "
    "JOIN stocktake s ON s.id = l.stocktake_id WHERE l.id IN ({marks})",
    "loan": "SELECT id, post_code, lent_on FROM loan WHERE id IN ({marks})",
    "enrolment": "SELECT id, post_code, course_id FROM enrolment WHERE id IN ({marks})",
}


def _fields(row: dict, **changed) -> SimpleNamespace:
    """A stored row as the object a form validator reads (attribute per column)."""
    return SimpleNamespace(**{**row, **changed})


def _signed_as(kind: str, quantity: int) -> bool:
    sign = MOVEMENT_KINDS[kind][0]
    return quantity != 0 if kind == "stocktake" else quantity * sign > 0


def stamp(f: Fields, name: str, value: object, *, required: bool) -> None:
    """A moment as the book stores it: UTC, ISO 8601 (2026-11-05T08:30:00.000Z)."""
    if value is None and not required:
        return
    try:
        if not isinstance(value, str) or not _STAMP.match(value):
            raise ValueError
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        f.error(
            name,
            N_("Time stamp"),
            _("“{text}” is not a moment in time as Sổ Đồn writes it.").format(text=str(value)[:40]),
        )
