"""At the provincial office: who has reported (posts × months), and the figures of many
posts over a quarter or a year."""

from dataclasses import dataclass, field
from datetime import date, datetime

from app.core.dates import month_end
from app.core.records import key_range
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
    """Each post's figures. One pass over each register for all posts: the date-ordered key
    reads a year's rows in order, where one search per post would jump about the file."""
    low, high = key_range(first, last)
    audience = _by_post(
        book,
        "SELECT post_code, count(*), sum(audience_total), sum(audience_women), "
        "sum(audience_ethnic), sum(audience_foreign) FROM activity NOT INDEXED "
        "WHERE deleted_at IS NULL AND n BETWEEN ? AND ? GROUP BY post_code",
        [low, high],
    )
    copies = _by_post(
        book,
        "SELECT post_code, sum(CASE WHEN kind = 'received' THEN quantity END), "
        "-sum(CASE WHEN kind = 'handed_out' THEN quantity END) FROM movement NOT INDEXED "
        "WHERE deleted_at IS NULL AND n BETWEEN ? AND ? GROUP BY post_code",
        [low, high],
    )
    courses = _by_post(
        book,
        "SELECT s.post_code, count(DISTINCT s.course_id), count(DISTINCT CASE WHEN a.status "
        "IN ('present', 'late') THEN a.person_id END) FROM session s LEFT JOIN attendance a "
        "ON a.session_id = s.id AND a.deleted_at IS NULL WHERE s.deleted_at IS NULL "
        "AND s.date BETWEEN ? AND ? GROUP BY s.post_code",
        [first.isoformat(), last.isoformat()],
    )
    return [
        PostFigures(
            code,
            name,
            *audience.get(code, (0,) * 5),
            *copies.get(code, (0,) * 2),
            *courses.get(code, (0,) * 2),
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
    """(post code, heading, activities, audience) by plan content, kind or topic."""
    low, high = key_range(first, last)
    join = {
        "plan_content": "JOIN lookup l ON l.id = a.plan_content_id",
        "kind": "JOIN lookup l ON l.id = a.kind_id",
        "topic": "JOIN activity_topic t ON t.activity_id = a.id JOIN lookup l ON l.id = t.topic_id",
    }[by]
    heading = "l.code || '. ' || l.name" if by == "plan_content" else "l.name"
    return [
        tuple(r)
        for r in book.db.execute(
            f"SELECT a.post_code, {heading}, count(*), coalesce(sum(a.audience_total), 0) "
            f"FROM activity a NOT INDEXED {join} "
            "WHERE a.deleted_at IS NULL AND a.n BETWEEN ? AND ? "
            f"GROUP BY a.post_code, l.id ORDER BY l.sort_order, a.post_code",
            [low, high],
        )
    ]
