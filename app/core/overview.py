"""What a book holds at a glance: the numbers and the things due that `sodon` and the
overview page show."""

import contextlib
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.core import bookfile
from app.core.dates import format_date, month_end
from app.core.errors import SodonError
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


# A month's numbers in one statement (with the overview's two more): a task reading them while
# the GUI thread is busy waits for Python's lock once, not once for every number.
_MONTH_NUMBERS = (
    "a.activities, a.audience, a.women, a.ethnic, a.foreigners, m.copies_in, m.copies_out, m.loans, "
    "(SELECT count(*) FROM course WHERE deleted_at IS NULL AND start_date <= :last "
    "AND end_date >= :first) AS courses, "
    "(SELECT sum(sessions) FROM course_month WHERE month = :month) AS sessions, "
    # the people who came in the month: the summary keeps one row each
    "(SELECT count(*) FROM trainee_month WHERE month = :month AND marks > 0) AS trainees"
)
# Outreach and copies come from the monthly summaries the book's triggers keep (a few rows,
# where the records of a busy month are tens of thousands); loans are counted by the day they
# were made (an index of their own).
_MONTH_SOURCES = (
    "FROM (SELECT sum(activities) AS activities, sum(audience) AS audience, sum(women) AS women, "
    "sum(ethnic) AS ethnic, sum(foreigners) AS foreigners FROM activity_month WHERE month = :month) "
    "AS a, (SELECT sum(CASE WHEN kind = 'received' THEN quantity ELSE 0 END) AS copies_in, "
    "-sum(CASE WHEN kind = 'handed_out' THEN quantity ELSE 0 END) AS copies_out, "
    "(SELECT count(*) FROM loan WHERE deleted_at IS NULL AND lent_on BETWEEN :first AND :last) "
    "AS loans FROM movement_month WHERE month = :month) AS m"
)


def _month_parameters(month_start: date) -> dict[str, object]:
    first, last = month_start.replace(day=1), month_end(month_start)
    return {"month": first.strftime("%Y-%m"), "first": first.isoformat(), "last": last.isoformat()}


def _month_row(month: str, row) -> MonthFigures:
    """MonthFigures from the columns of `_MONTH_NUMBERS`, which are its fields in order."""
    return MonthFigures(month, *(value or 0 for value in row))


def month_figures(book, month_start: date) -> MonthFigures:
    """The numbers of one month (outreach, copies, loans, training)."""
    parameters = _month_parameters(month_start)
    row = book.db.execute(f"SELECT {_MONTH_NUMBERS} {_MONTH_SOURCES}", parameters).fetchone()
    return _month_row(parameters["month"], row)


@dataclass(frozen=True)
class Figures:
    """The numbers the overview page shows: this month's, the loans still out, the people
    known."""

    month: MonthFigures
    open_loans: int
    people: int


def figures(db, *, today: date) -> Figures:
    """Through the book's connection (`book.db`) or any other connection to its file."""
    parameters = _month_parameters(today)
    *month, open_loans, people = db.execute(
        f"SELECT {_MONTH_NUMBERS}, "
        "(SELECT count(*) FROM loan WHERE deleted_at IS NULL AND returned_on IS NULL), "
        f"(SELECT count(*) FROM person WHERE deleted_at IS NULL) {_MONTH_SOURCES}",
        parameters,
    ).fetchone()
    return Figures(_month_row(parameters["month"], month), open_loans, people)


def read_figures(path: Path, *, today: date) -> Figures:
    """The figures of the book at `path` (absolute, as `Book.path` is) through a read-only
    connection of their own, without opening the book (nor loading its registers), so that the
    window can have them read while the core is still loading."""
    with contextlib.closing(bookfile.connect_readonly(path)) as connection:
        return figures(connection, today=today)


class Reading:
    """The figures of the book at `path`, read on a thread of their own from the moment the
    reading is made: the program starts one before it even loads the window's library, and
    the overview takes the figures when it is built (`done`, `result`). The thread imports
    nothing (a worker thread must not, while the window's library loads) and writes nothing."""

    def __init__(self, path: Path, today: date):
        self.path = path.expanduser().absolute()
        self.today = today
        self._figures: Figures | None = None
        self._error: BaseException | None = None
        self._finished = threading.Event()
        threading.Thread(target=self._read, name="figures", daemon=True).start()

    def _read(self) -> None:
        try:
            self._figures = read_figures(self.path, today=self.today)
        except BaseException as error:  # handed to whoever asks for the result
            self._error = error
        finally:
            self._finished.set()

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def result(self) -> Figures:
        """The figures, once read (waits until then); raises what the reading raised."""
        self._finished.wait()
        if self._error is not None:
            raise self._error
        assert self._figures is not None
        return self._figures


def read_ahead(path: Path, *, today: date | None = None) -> Reading | None:
    """A reading of the book about to be opened at `path`; None when the book must be opened
    first (an older format is upgraded by opening it, and a file that is not a book is
    refused, with the reason, by the opening)."""
    with contextlib.suppress(SodonError, OSError):
        if bookfile.file_version(path) == bookfile.schema_version():
            return Reading(path, today or date.today())
    return None


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
    broken = [] if book.post.is_province else book.stations.broken(today)
    if broken:  # the longest broken first, up to LISTED named
        named = [
            ngettext("“{station}” for {days} day", "“{station}” for {days} days", days).format(
                station=station.name, days=days
            )
            for station, days in (
                (s, (today - date.fromisoformat(s.state_on)).days) for s in broken[:LISTED]
            )
        ]
        if len(broken) > LISTED:
            named.append(_("{count} more").format(count=len(broken) - LISTED))
        items.append(
            Due(
                "stations",
                ngettext(
                    "{count} loudspeaker station is broken: {stations}.",
                    "{count} loudspeaker stations are broken: {stations}.",
                    len(broken),
                ).format(count=len(broken), stations="; ".join(named)),
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
    months = [] if book.post.is_province else book.periods.months(today=today)
    items += _month_close_due(months, today)
    items += _from_province_due(book, months)
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


def _from_province_due(book, months: list) -> list[Due]:
    """What the provincial office's answers ask of the post: months returned for correction
    or refused, and publications waiting to be counted into a cabinet."""
    if book.post.is_province:
        return []
    items = []
    for period in months:
        if period.status == "returned":
            message = _(
                "The provincial office returned month {month} for correction: “{reason}”. The "
                "commander unlocks it; correct it and send it again (Month close page)."
            )
        elif period.status == "refused":
            message = _(
                "The provincial office refused the package of month {month}: “{reason}”. Send "
                "it again (Month close page)."
            )
        else:
            continue
        items.append(
            Due(
                "months",
                message.format(
                    month=f"{period.month[5:]}/{period.month[:4]}", reason=period.province_reason
                ),
                urgent=True,
            )
        )
    waiting = len(book.shipments.to_receive())
    if waiting:
        items.append(
            Due(
                "cabinets",
                ngettext(
                    "{count} publication sent by the provincial office is waiting to be "
                    "received (Book cabinets page, From the province).",
                    "{count} publications sent by the provincial office are waiting to be "
                    "received (Book cabinets page, From the province).",
                    waiting,
                ).format(count=waiting),
            )
        )
    return items


def _month_close_due(months: list, today: date) -> list[Due]:
    """Last month's package for the provincial office (due by the 5th): not yet approved, or
    approved but not written (`months`: the post's, none at the province)."""
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    period = next((p for p in months if p.month == last_month), None)
    if period is None:
        return []  # the book began this month
    # Imported here: the window has `read_figures` run before the rest of the core is loaded.
    from app.core.periods import month_name

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
