"""What a book holds at a glance: the numbers and the things due that `sodon` and the
overview page show."""

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.core import bookfile
from app.core.dates import format_date, month_end
from app.core.periods import month_name
from app.core.records import key_range
from app.i18n import _, ngettext


@dataclass(frozen=True)
class Summary:
    activities: int
    activities_this_month: int
    audience_this_month: int
    cabinets: int
    titles: int
    copies: int
    open_loans: int
    overdue_loans: int
    courses: int
    people: int
    sessions_this_month: int
    last_backup: datetime | None


@dataclass(frozen=True)
class MonthFigures:
    """One month of the three registers."""

    month: str
    activities: int
    audience: int
    women: int
    ethnic: int
    foreign: int
    copies_in: int
    copies_out: int
    loans: int
    courses: int
    sessions: int
    trainees: int


@dataclass(frozen=True)
class Due:
    """Something the clerk should look at: which page, and what to say."""

    page: str
    text: str
    urgent: bool = False


def _one(db, sql: str, *params) -> int:
    return db.execute(sql, params).fetchone()[0] or 0


def summary(book, *, today: date | None = None) -> Summary:
    today = today or date.today()
    first, last = key_range(today.replace(day=1), today)
    backups = book.list_backups()
    return Summary(
        activities=_one(book.db, "SELECT count(*) FROM activity WHERE deleted_at IS NULL"),
        activities_this_month=_one(
            book.db,
            "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND n BETWEEN ? AND ?",
            first,
            last,
        ),
        audience_this_month=_one(
            book.db,
            "SELECT sum(audience_total) FROM activity WHERE deleted_at IS NULL "
            "AND n BETWEEN ? AND ?",
            first,
            last,
        ),
        cabinets=_one(book.db, "SELECT count(*) FROM cabinet WHERE deleted_at IS NULL"),
        titles=_one(book.db, "SELECT count(*) FROM title WHERE deleted_at IS NULL"),
        copies=_one(book.db, "SELECT sum(quantity) FROM movement WHERE deleted_at IS NULL"),
        open_loans=_one(
            book.db, "SELECT count(*) FROM loan WHERE deleted_at IS NULL AND returned_on IS NULL"
        ),
        overdue_loans=_one(
            book.db,
            "SELECT count(*) FROM loan WHERE deleted_at IS NULL AND returned_on IS NULL "
            "AND due_on < ?",
            today.isoformat(),
        ),
        courses=_one(book.db, "SELECT count(*) FROM course WHERE deleted_at IS NULL"),
        people=_one(book.db, "SELECT count(*) FROM person WHERE deleted_at IS NULL"),
        sessions_this_month=_one(
            book.db,
            "SELECT count(*) FROM session WHERE deleted_at IS NULL AND date BETWEEN ? AND ?",
            today.replace(day=1).isoformat(),
            today.isoformat(),
        ),
        last_backup=backups[0].made if backups else None,
    )


def month_figures(book, month_start: date) -> MonthFigures:
    """The numbers of one month (outreach, copies, loans, training)."""
    return _month_figures(book.db, month_start)


def _month_figures(db, month_start: date) -> MonthFigures:
    """Outreach and sessions come from the monthly summaries the book's triggers keep (a few
    rows, where the records of a busy month are tens of thousands)."""
    first, last = month_start.replace(day=1), month_end(month_start)
    month = first.strftime("%Y-%m")
    low, high = key_range(first, last)
    days = (first.isoformat(), last.isoformat())
    audience = db.execute(
        "SELECT sum(activities), sum(audience), sum(women), sum(ethnic), sum(foreigners) "
        "FROM activity_month WHERE month = ?",
        [month],
    ).fetchone()
    copies = db.execute(
        "SELECT sum(CASE WHEN kind = 'received' THEN quantity ELSE 0 END), "
        "-sum(CASE WHEN kind = 'handed_out' THEN quantity ELSE 0 END), "
        "sum(kind = 'lent') FROM movement WHERE deleted_at IS NULL AND n BETWEEN ? AND ?",
        [low, high],
    ).fetchone()
    return MonthFigures(
        month=month,
        activities=audience[0] or 0,
        audience=audience[1] or 0,
        women=audience[2] or 0,
        ethnic=audience[3] or 0,
        foreign=audience[4] or 0,
        copies_in=copies[0] or 0,
        copies_out=copies[1] or 0,
        loans=copies[2] or 0,
        courses=_one(
            db,
            "SELECT count(*) FROM course WHERE deleted_at IS NULL AND start_date <= ? "
            "AND end_date >= ?",
            days[1],
            days[0],
        ),
        sessions=_one(db, "SELECT sum(sessions) FROM course_month WHERE month = ?", month),
        trainees=_one(  # the people who came in the month: the summary keeps one row each
            db, "SELECT count(*) FROM trainee_month WHERE month = ? AND marks > 0", month
        ),
    )


@dataclass(frozen=True)
class Figures:
    """The numbers the overview page shows: this month's, the loans still out, the people
    known."""

    month: MonthFigures
    open_loans: int
    people: int


def figures(db, *, today: date) -> Figures:
    """Through the book's connection (`book.db`) or any other connection to its file."""
    return Figures(
        month=_month_figures(db, today),
        open_loans=_one(
            db, "SELECT count(*) FROM loan WHERE deleted_at IS NULL AND returned_on IS NULL"
        ),
        people=_one(db, "SELECT count(*) FROM person WHERE deleted_at IS NULL"),
    )


def read_figures(path: Path, *, today: date) -> Figures | None:
    """The figures of the book at `path` through a read-only connection of their own, without
    opening the book (nor loading its registers), so that the window can have them read while
    the core is still loading. None for a book of an older format: it is upgraded when it is
    opened, and read after. A file that is not a book is refused, untouched."""
    path = path.expanduser().absolute()
    if bookfile.file_version(path) < bookfile.schema_version():
        return None
    with contextlib.closing(bookfile.connect_readonly(path)) as connection:
        return figures(connection, today=today)


LISTED = 5  # cabinets or courses named one by one on the "to do" list; then one line more


def due(book, *, today: date | None = None) -> list[Due]:
    """What needs doing: overdue loans, old stocktakes, courses starting soon, last month's
    package, backups."""
    today = today or date.today()
    items = []
    late, oldest = book.db.execute(
        "SELECT count(*), min(due_on) FROM loan WHERE deleted_at IS NULL "
        "AND returned_on IS NULL AND due_on < ?",
        [today.isoformat()],
    ).fetchone()
    if late:
        items.append(
            Due(
                "cabinets",
                ngettext(
                    "{count} loan is overdue (the oldest since {date}).",
                    "{count} loans are overdue (the oldest since {date}).",
                    late,
                ).format(count=late, date=format_date(oldest)),
                urgent=True,
            )
        )
    year_ago = (today - timedelta(days=365)).isoformat()
    cabinets = book.db.execute(
        "SELECT c.name, (SELECT max(s.date) FROM stocktake s WHERE s.cabinet_id = c.id "
        "AND s.state = 'confirmed' AND s.deleted_at IS NULL) FROM cabinet c "
        "WHERE c.deleted_at IS NULL AND EXISTS (SELECT 1 FROM movement m "
        "WHERE m.cabinet_id = c.id AND m.deleted_at IS NULL) ORDER BY c.name"
    )
    uncounted = [(name, last) for name, last in cabinets if last is None or last < year_ago]
    for name, last in uncounted[:LISTED]:
        when = (
            _("never counted")
            if last is None
            else _("last counted on {date}").format(date=format_date(last))
        )
        items.append(
            Due(
                "cabinets",
                _("Stocktake due for “{cabinet}” ({when}).").format(cabinet=name, when=when),
            )
        )
    if len(uncounted) > LISTED:  # one line for the rest: a list stays readable
        items.append(
            Due(
                "cabinets",
                _("Stocktakes are due for {count} more cabinets (Book cabinets page).").format(
                    count=len(uncounted) - LISTED
                ),
            )
        )
    week = (today + timedelta(days=7)).isoformat()
    starting = book.db.execute(
        "SELECT c.title, c.start_date, (SELECT count(*) FROM enrolment e WHERE e.course_id = c.id "
        "AND e.deleted_at IS NULL) FROM course c WHERE c.deleted_at IS NULL "
        "AND c.start_date BETWEEN ? AND ? ORDER BY c.start_date",
        [today.isoformat(), week],
    )
    starting = starting.fetchall()
    for title, start, trainees in starting[:LISTED]:
        items.append(
            Due(
                "training",
                _("“{course}” starts on {date} ({trainees} on the list).").format(
                    course=title, date=format_date(start), trainees=trainees
                ),
            )
        )
    if len(starting) > LISTED:
        items.append(
            Due(
                "training",
                _("{count} more courses start within a week (Training page).").format(
                    count=len(starting) - LISTED
                ),
            )
        )
    items += _month_close_due(book, today)
    backups = book.list_backups()
    if not backups or backups[0].made.date() < today - timedelta(days=7):
        items.append(
            Due(
                "settings",
                _("No backup in the last 7 days: make one now (Settings → Backups)."),
                urgent=True,
            )
        )
    return items


def _month_close_due(book, today: date) -> list[Due]:
    """Last month's package for the provincial office (due by the 5th): not yet approved, or
    approved but not written."""
    if book.post.is_province:
        return []
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    period = next((p for p in book.periods.months(today=today) if p.month == last_month), None)
    if period is None:
        return []  # the book began this month
    month = month_name(last_month)
    if period.state != "approved":
        return [
            Due(
                "months",
                _(
                    "{month} is not approved yet: its package is due at the provincial office "
                    "by the 5th (Month close page)."
                ).format(month=month),
                urgent=today.day > 5,
            )
        ]
    if period.exported_sequence < period.version:
        return [
            Due(
                "months",
                _("The package of {month} has not been written yet (Month close page).").format(
                    month=month
                ),
                urgent=today.day > 5,
            )
        ]
    return []
