"""Month close: a month is open, then marked ready by the clerk, then approved by the
commander with a PIN. Records dated in an approved month cannot be changed until the
commander unlocks the month, giving a reason that goes into the change log."""

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from app.core.dates import month_bounds, now_utc
from app.core.errors import ValidationError
from app.core.query import rows_as
from app.core.validate import Fields
from app.i18n import N_, _

STATES = {"open": N_("Open"), "ready": N_("Ready for approval"), "approved": N_("Approved")}
# A month as the post's list shows it: its state, then what became of its package.
STATUSES = {
    **STATES,
    "exported": N_("Sent"),
    "received": N_("Received by the province"),
    "refused": N_("Refused by the province"),
    "returned": N_("Returned for correction"),
}
_PIN = re.compile(r"^\d{4,12}$")
# Which date of a record puts it in a month: (table, column).
DATED = {
    "activity": "date",
    "movement": "date",
    "session": "date",
    "stocktake": "date",
    "loan": "lent_on",
    "review": "date",
    "commendation": "decision_date",
    "station_state": "date",
}


@dataclass(frozen=True)
class Period:
    month: str
    state: str
    ready_at: str | None
    ready_by: str
    approved_at: str | None
    approved_by: str
    version: int
    exported_sequence: int
    exported_at: str | None
    # From the province's answers: what became of the last package sent (STATUSES), when,
    # and why (a refusal's or a return's reason).
    status: str = "open"
    province_at: str | None = None
    province_reason: str = ""


# The posts' records: at the provincial office they come only from the monthly packages.
POST_RECORDS = frozenset(
    {
        "activity",
        "cabinet",
        "title",
        "loan",
        "stocktake",
        "stocktake_line",
        "movement",
        "course",
        "session",
        "person",
        "enrolment",
        "attendance",
        "station",
        "station_state",
    }
)


def province_guard(table: str, before: dict | None, after: dict, changed: set[str]) -> None:
    """At the provincial office, refuse a change to a post's records."""
    if table in POST_RECORDS:
        raise ValidationError(
            {
                "post": _(
                    "This is the provincial office's book: the posts' records are read-only here "
                    "and come only from their monthly packages. Ask the post to correct the "
                    "month, approve it again and send the new package."
                )
            }
        )


class Periods:
    def __init__(self, book):
        self.book = book
        self._approved: set[str] | None = None

    # The commander's PIN -----------------------------------------------------------------

    @property
    def has_pin(self) -> bool:
        return bool(self._pin_hash())

    def set_pin(self, new: str, *, current: str = "") -> None:
        """Set or change the commander's PIN (the current one is needed to change it)."""
        from app.core import pin as pins  # scrypt and its friends: only when a PIN is used

        if self.has_pin and not pins.matches(current, self._pin_hash()):
            raise ValidationError({"current": _("The current PIN is not right.")})
        if not _PIN.match(str(new or "")):
            raise ValidationError({"pin": _("The PIN must be 4 to 12 digits.")})
        self.book.records.update("post", self.book.post.id, {"pin_hash": pins.hashed(new)})

    def _pin_hash(self) -> str:
        return self.book.db.execute("SELECT pin_hash FROM post WHERE is_self = 1").fetchone()[0]

    def _require_pin(self, pin: str) -> None:
        if not self.has_pin:
            raise ValidationError(
                {
                    "pin": _(
                        "The commander has no PIN yet: set one under Settings (or `sodon pin`) first."
                    )
                }
            )
        from app.core import pin as pins

        if not pins.matches(pin, self._pin_hash()):
            raise ValidationError({"pin": _("The commander's PIN is not right.")})

    # Months -------------------------------------------------------------------------------

    def get(self, month: str) -> Period:
        month_bounds(month)
        held = self._held("month = ?", [month])
        return self._answered(held.get(month) or _open(month))

    def _held(self, where: str, params: list) -> dict[str, Period]:
        """The post's periods the book holds (months never closed have none), by month."""
        rows = rows_as(
            Period,
            self.book.db.execute(
                "SELECT month, state, ready_at, ready_by, approved_at, approved_by, version, "
                f"exported_sequence, exported_at FROM period WHERE post_code = ? AND {where}",
                [self.book.post.code, *params],
            ),
        )
        return {period.month: period for period in rows}

    def _answered(self, period: Period) -> Period:
        """The period with what the province said of its last package."""
        status, at, reason = period.state, None, ""
        sent = period.exported_sequence
        if sent and period.state == "approved" and sent == period.version:
            status = "exported"
        if sent:
            db = self.book.db
            receipt = db.execute(
                "SELECT status, received_at, reason FROM package_receipt WHERE month = ? "
                "AND sequence = ? AND deleted_at IS NULL ORDER BY received_at DESC LIMIT 1",
                [period.month, sent],
            ).fetchone()
            if receipt is not None and status == "exported":
                kind, at, reason = receipt
                status = "refused" if kind == "refused" else "received"
            returned = db.execute(
                "SELECT returned_at, reason FROM month_return WHERE to_post = ? AND month = ? "
                "AND sequence >= ? AND deleted_at IS NULL ORDER BY returned_at DESC LIMIT 1",
                [self.book.post.code, period.month, sent],
            ).fetchone()
            if returned is not None:
                status, (at, reason) = "returned", returned
        return dataclasses.replace(period, status=status, province_at=at, province_reason=reason)

    def months(self, *, today: date | None = None) -> list[Period]:
        """Every month from the first record (or the first period) up to this month, newest
        first."""
        today = today or date.today()
        held = self.book.db.execute("SELECT min(month) FROM period").fetchone()[0]
        first = min(self.first_month(today=today), held or "9999")
        year, month = int(first[:4]), int(first[5:7])
        held = self._held("month >= ?", [first])
        found = []
        while (year, month) <= (today.year, today.month):
            key = f"{year}-{month:02d}"
            found.append(self._answered(held.get(key) or _open(key)))
            year, month = (year + month // 12, month % 12 + 1)
        return found[::-1]

    def first_month(self, *, today: date | None = None) -> str:
        """The book's first month: of its first record, or of its making if it has none (each
        register's first record by its date-ordered key or index: a min(date) would read the
        whole of a big book)."""
        first = self.book.db.execute(
            "SELECT min(m) FROM ("
            "SELECT (SELECT date FROM activity WHERE deleted_at IS NULL ORDER BY n LIMIT 1) AS m "
            "UNION ALL SELECT (SELECT date FROM movement WHERE deleted_at IS NULL ORDER BY n "
            "LIMIT 1) UNION ALL SELECT (SELECT date FROM session WHERE deleted_at IS NULL "
            "ORDER BY date LIMIT 1) UNION ALL SELECT substr(created_at, 1, 10) FROM post "
            "WHERE is_self = 1)"
        ).fetchone()[0]
        return (first or (today or date.today()).isoformat())[:7]

    def closable(self, month: str, *, today: date | None = None) -> None:
        """A month may be closed or approved once it has ended, and only within the book's
        span (its first month to today); ValidationError saying which months can be."""
        month_bounds(month)
        today = today or date.today()
        first = self.first_month(today=today)
        last = _previous_month(today)
        if first <= month <= last:
            return
        if last < first:
            message = _(
                "{month} cannot be closed: no month of this book has ended yet. Close "
                "{current} after its last day."
            ).format(month=month_name(month), current=month_name(first))
        else:
            message = _(
                "{month} cannot be closed: only months that have ended can be, from {first} "
                "to {last}."
            ).format(month=month_name(month), first=month_name(first), last=month_name(last))
        raise ValidationError({"month": message})

    def close(self, month: str, *, today: date | None = None) -> None:
        """The clerk marks the month's records complete, for the commander to approve."""
        self.closable(month, today=today)
        period = self.get(month)
        if period.state == "approved":
            raise ValidationError(
                {"month": _("{month} is already approved.").format(month=month_name(month))}
            )
        self._set(month, {"state": "ready", "ready_at": now_utc(), "ready_by": self.book.user})

    def approve(self, month: str, pin: str, *, today: date | None = None) -> None:
        """The commander approves the month: its records become read-only."""
        self.closable(month, today=today)
        period = self.get(month)
        if period.state == "approved":
            raise ValidationError(
                {"month": _("{month} is already approved.").format(month=month_name(month))}
            )
        self._require_pin(pin)
        self._set(
            month,
            {
                "state": "approved",
                "approved_at": now_utc(),
                "approved_by": self.book.post.commander or _("Commander"),
                "version": period.version + 1,
            },
        )

    def unlock(self, month: str, pin: str, reason: str) -> None:
        """The commander opens an approved month again; the reason is kept in the log."""
        fields = Fields()
        reason = fields.text("reason", reason, N_("Reason"), required=True, max_length=500)
        fields.done()
        if len(reason) < 5:
            raise ValidationError(
                {"reason": _("Reason: say in a few words why the month is opened again.")}
            )
        self._require_pin(pin)
        if self.get(month).state != "approved":
            raise ValidationError(
                {
                    "month": _("{month} is not approved; there is nothing to unlock.").format(
                        month=month_name(month)
                    )
                }
            )
        self._set(month, {"state": "open"}, note={"unlock_reason": reason})

    def mark_exported(self, month: str, sequence: int) -> None:
        self._set(month, {"exported_sequence": sequence, "exported_at": now_utc()})

    def _set(self, month: str, values: dict, note: dict | None = None) -> None:
        records = self.book.records
        row = self.book.db.execute(
            "SELECT id FROM period WHERE post_code = ? AND month = ?", [self.book.post.code, month]
        ).fetchone()
        with records.transaction():
            if row is None:
                records.insert("period", {"month": month, **values})
            else:
                (period_id,) = row
                records.update("period", period_id, values, note=note)
        self._approved = None

    # The lock on approved months ----------------------------------------------------------

    def approved_months(self) -> set[str]:
        if self._approved is None:
            self._approved = {
                r[0]
                for r in self.book.db.execute(
                    "SELECT month FROM period WHERE state = 'approved' AND deleted_at IS NULL "
                    "AND post_code = ?",
                    [self.book.post.code],
                )
            }
        return self._approved

    def flag_locked(self, f, name: str, label: str, day: str | None) -> None:
        """As the user types: a date in an approved month is refused beside its field (the
        guard would refuse the save anyway)."""
        if day and not self.book.post.is_province and day[:7] in self.approved_months():
            f.error(name, label, _locked_message(day[:7]))

    def guard(self, table: str, before: dict | None, after: dict, changed: set[str]) -> None:
        """Refuse a write that touches a record dated in an approved month."""
        approved = self.approved_months()
        if not approved:
            return
        days = set()
        for row in (before, after):
            if row:
                days.update(self._days(table, row, changed))
        locked = sorted({day[:7] for day in days if day} & approved)
        if locked:
            raise ValidationError({"month": _locked_message(locked[0])})

    def _days(self, table: str, row: dict, changed: set[str]) -> list[str]:
        if table == "attendance":
            found = self.book.db.execute(
                "SELECT date FROM session WHERE id = ?", [row["session_id"]]
            ).fetchone()
            return [found[0]] if found else []
        if table == "loan" and changed <= {"returned_on"}:
            return [str(row.get("returned_on") or "")]  # a return belongs to its own day
        column = DATED.get(table)
        return [str(row.get(column) or "")] if column else []


def _open(month: str) -> Period:
    """A month the book holds no period of: open, never closed."""
    return Period(month, "open", None, "", None, "", 0, 0, None)


def _locked_message(month: str) -> str:
    return _(
        "{month} has been approved, so its records cannot be changed. To change them, "
        "the commander must first unlock the month (on the Month close page)."
    ).format(month=month_name(month))


def _previous_month(day: date) -> str:
    return f"{day.year - 1}-12" if day.month == 1 else f"{day.year}-{day.month - 1:02d}"


def month_name(month: str) -> str:
    return _("month {month}/{year}").format(month=month[5:7], year=month[:4])
