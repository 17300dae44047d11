"""At the provincial office: who has reported (posts × months), and the figures of many
posts over a quarter or a year."""

from dataclasses import dataclass, field
from datetime import date, datetime

from app.core.dates import month_end
from app.i18n import N_, _

STATUSES = {
    "on_time": N_("on time"),
    "late": N_("late"),
    "correction": N_("correction received"),
    "missing": N_("missing"),
    "not_due": N_("not due yet"),
    "not_started": N_("before the post began reporting"),
}
# Each status as a short mark in a table of posts × months.
MARKS = {
    "on_time": "✓",
    "late": N_("late"),
    "correction": N_("corr."),
    "missing": "✗",
    "not_due": "",
    "not_started": "—",
}
DUE_DAY = 5  # a month's package is due by the 5th of the next month


@dataclass(frozen=True)
class Cell:
    month: str
    status: str
    sequence: int = 0
    exported_at: str = ""


@dataclass(frozen=True)
class PostRow:
    code: str
    name: str
    cells: list[Cell] = field(default_factory=list)


def posts(book) -> list[tuple[str, str]]:
    """(code, name) of the registered posts, by code."""
    return [
        tuple(r)
        for r in book.db.execute(
            "SELECT code, name FROM post WHERE is_self = 0 AND deleted_at IS NULL ORDER BY code"
        )
    ]


def mark(status: str) -> str:
    return _(MARKS[status]) if MARKS[status] else ""


def deadline(month: str) -> date:
    year, number = int(month[:4]), int(month[5:7])
    year, number = (year + number // 12, number % 12 + 1)
    return date(year, number, DUE_DAY)


def completeness(book, year: int, *, today: date | None = None) -> list[PostRow]:
    """For each registered post and each month of the year: on time (sent by the 5th of the
    next month), late, correction received, missing, not due yet, or before the post began
    (the months before its first package or its registration are not counted as missing)."""
    today = today or date.today()
    started = dict(
        book.db.execute(
            "SELECT p.code, min(coalesce((SELECT min(month) FROM delivery d WHERE "
            "d.post_code = p.code AND d.deleted_at IS NULL), '9999'), substr(p.created_at, 1, 7)) "
            "FROM post p WHERE p.is_self = 0 AND p.deleted_at IS NULL"
        ).fetchall()
    )
    deliveries: dict[tuple[str, str], list] = {}
    for code, month, sequence, exported in book.db.execute(
        "SELECT post_code, month, sequence, exported_at FROM delivery "
        "WHERE deleted_at IS NULL AND month LIKE ? ORDER BY sequence",
        [f"{year}-%"],
    ):
        deliveries.setdefault((code, month), []).append((sequence, exported))
    rows = []
    for code, name in posts(book):
        cells = []
        for number in range(1, 13):
            month = f"{year}-{number:02d}"
            sent = deliveries.get((code, month))
            if sent:
                first_sent = _local_day(sent[0][1])
                status = (
                    "correction"
                    if sent[-1][0] > 1
                    else "on_time"
                    if first_sent <= deadline(month)
                    else "late"
                )
                cells.append(Cell(month, status, sent[-1][0], sent[0][1]))
            elif month < started.get(code, month):
                cells.append(Cell(month, "not_started"))
            else:
                cells.append(Cell(month, "missing" if today > deadline(month) else "not_due"))
        rows.append(PostRow(code, name, cells))
    return rows


def _local_day(stamp: str) -> date:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone().date()


@dataclass(frozen=True)
class PostFigures:
    code: str
    name: str
    activities: int
    audience: int
    women: int
    ethnic: int
    foreign: int
    copies_in: int
    copies_out: int
    courses: int
    trainees: int


def period_bounds(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter:
        first = date(year, 3 * quarter - 2, 1)
        return first, month_end(date(year, 3 * quarter, 1))
    return date(year, 1, 1), date(year, 12, 31)


def figures_by_post(book, first: date, last: date) -> list[PostFigures]:
    """Each post's figures, from the monthly summaries the book keeps (migration 0004). A
    person who came in two months of the period is one trainee: each person is looked up
    once in the summary of their months."""
    months = [first.isoformat()[:7], last.isoformat()[:7]]
    audience = _by_post(
        book,
        "SELECT post_code, sum(activities), sum(audience), sum(women), sum(ethnic), "
        "sum(foreigners) FROM activity_month WHERE month BETWEEN ? AND ? GROUP BY post_code",
        months,
    )
    copies = _by_post(
        book,
        "SELECT post_code, sum(CASE WHEN kind = 'received' THEN quantity END), "
        "-sum(CASE WHEN kind = 'handed_out' THEN quantity END) FROM movement_month "
        "WHERE month BETWEEN ? AND ? GROUP BY post_code",
        months,
    )
    courses = _by_post(
        book,
        "SELECT post_code, count(DISTINCT course_id) FROM course_month "
        "WHERE month BETWEEN ? AND ? AND sessions > 0 GROUP BY post_code",
        months,
    )
    trainees = _by_post(
        book,
        "SELECT p.post_code, count(*) FROM person p WHERE EXISTS (SELECT 1 FROM trainee_month "
        "t WHERE t.person_id = p.id AND t.month BETWEEN ? AND ? AND t.marks > 0) "
        "GROUP BY p.post_code",
        months,
    )
    return [
        PostFigures(
            code,
            name,
            *audience.get(code, (0,) * 5),
            *copies.get(code, (0,) * 2),
            *courses.get(code, (0,)),
            *trainees.get(code, (0,)),
        )
        for code, name in posts(book)
    ]


def _by_post(book, sql: str, parameters: list) -> dict[str, tuple[int, ...]]:
    """{post code: its figures}, an empty sum counted as 0."""
    return {
        code: tuple(value or 0 for value in values)
        for code, *values in book.db.execute(sql, parameters)
    }


def activities_by(book, first: date, last: date, by: str) -> list[tuple[str, str, int, int]]:
    """(post code, heading, activities, audience) by plan content, kind or topic, from the
    monthly summaries."""
    source, column = {
        "plan_content": ("activity_month", "plan_content_id"),
        "kind": ("activity_month", "kind_id"),
        "topic": ("topic_month", "topic_id"),
    }[by]
    heading = "l.code || '. ' || l.name" if by == "plan_content" else "l.name"
    return [
        tuple(r)
        for r in book.db.execute(
            f"SELECT m.post_code, {heading}, sum(m.activities), sum(m.audience) "
            f"FROM {source} m JOIN lookup l ON l.id = m.{column} "
            "WHERE m.month BETWEEN ? AND ? "
            "GROUP BY m.post_code, l.id HAVING sum(m.activities) > 0 "
            "ORDER BY l.sort_order, m.post_code",
            [first.isoformat()[:7], last.isoformat()[:7]],
        )
    ]
