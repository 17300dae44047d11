"""What the posts did towards the plan's indicators, from 1 January to a day: whole months
from the monthly summaries (migration 0004), the days of a month not yet ended from the
registers (a month is a range of the date-ordered key `n`, or of the session's date index)."""

import inspect
from collections import defaultdict
from datetime import date

from app.core.plan import ACTIVITY_INDICATORS, CONTENTS, NATURAL_CONTENT, month_ends, partial_keys

# A station counts as working on a day when its latest state up to that day is one of these
# (a station with no state yet counts from the day it was installed).
WORKING = ("working", "repaired")


def actuals_by_post(
    book, year: int, *, through: date, posts: list[str]
) -> dict[str, dict[tuple[str, str], int]]:
    """post → (indicator, content) → figure from 1 January of `year` to `through`."""
    if not posts or through < date(year, 1, 1):
        return {}
    through = min(through, date(year, 12, 31))
    whole, rest = month_ends(year, through)
    figures: dict[str, dict[tuple[str, str], int]] = {p: defaultdict(int) for p in posts}
    marks = ", ".join("?" for _ in posts)
    months = [f"{year}-01", whole]
    db = book.db

    def queries(summary: str, raw: str, raw_params: list) -> list:
        """Rows of the summary over the whole months, then of the registers over the rest."""
        found = []
        if whole:
            found += db.execute(summary, [*posts, *months]).fetchall()
        if rest:
            found += db.execute(raw, [*raw_params, *posts]).fetchall()
        return found

    keys = list(partial_keys(rest, through)) if rest else []
    days = [rest.isoformat(), through.isoformat()] if rest else []
    contents = {
        item_id: code
        for item_id, code in db.execute("SELECT id, code FROM lookup WHERE list = 'plan_content'")
    }

    for post, content_id, *values in queries(
        "SELECT post_code, plan_content_id, sum(activities), sum(audience), sum(women), "
        f"sum(ethnic) FROM activity_month WHERE post_code IN ({marks}) "
        "AND month BETWEEN ? AND ? GROUP BY 1, 2",
        "SELECT post_code, coalesce(plan_content_id, ''), count(*), sum(audience_total), "
        "sum(audience_women), sum(audience_ethnic) FROM activity WHERE n BETWEEN ? AND ? "
        f"AND deleted_at IS NULL AND post_code IN ({marks}) GROUP BY 1, 2",
        keys,
    ):
        code = contents.get(content_id, "")
        for indicator, value in zip(ACTIVITY_INDICATORS, values, strict=True):
            figures[post][(indicator, "")] += value or 0
            if code in CONTENTS:
                figures[post][(indicator, code)] += value or 0

    for post, copies in queries(
        f"SELECT post_code, -sum(quantity) FROM movement_month WHERE post_code IN ({marks}) "
        "AND kind = 'handed_out' AND month BETWEEN ? AND ? GROUP BY 1",
        "SELECT post_code, -sum(quantity) FROM movement WHERE n BETWEEN ? AND ? "
        f"AND kind = 'handed_out' AND deleted_at IS NULL AND post_code IN ({marks}) GROUP BY 1",
        keys,
    ):
        figures[post][("copies_handed_out", "")] += copies or 0

    for post, sessions in queries(
        f"SELECT post_code, sum(sessions) FROM course_month WHERE post_code IN ({marks}) "
        "AND month BETWEEN ? AND ? GROUP BY 1",
        "SELECT post_code, count(*) FROM session WHERE date BETWEEN ? AND ? "
        f"AND deleted_at IS NULL AND post_code IN ({marks}) GROUP BY 1",
        days,
    ):
        figures[post][("sessions", "")] += sessions or 0

    # Courses held and different people present: one set over the whole months and the rest.
    for indicator, summary, raw in (
        (
            "courses",
            "SELECT post_code, course_id AS who FROM course_month "
            f"WHERE post_code IN ({marks}) AND month BETWEEN ? AND ? AND sessions > 0",
            "SELECT post_code, course_id AS who FROM session WHERE date BETWEEN ? AND ? "
            f"AND deleted_at IS NULL AND post_code IN ({marks})",
        ),
        (
            "trainees",
            "SELECT post_code, person_id AS who FROM trainee_month "
            f"WHERE post_code IN ({marks}) AND month BETWEEN ? AND ? AND marks > 0",
            "SELECT s.post_code, a.person_id AS who FROM session s "
            "JOIN attendance a ON a.session_id = s.id WHERE s.date BETWEEN ? AND ? "
            "AND s.deleted_at IS NULL AND a.deleted_at IS NULL "
            f"AND a.status IN ('present', 'late') AND s.post_code IN ({marks})",
        ),
    ):
        parts, params = [], []
        if whole:
            parts.append(summary)
            params += [*posts, *months]
        if rest:
            parts.append(raw)
            params += [*days, *posts]
        for post, count in db.execute(
            f"SELECT post_code, count(DISTINCT who) FROM ({' UNION ALL '.join(parts)}) "
            "GROUP BY post_code",
            params,
        ):
            figures[post][(indicator, "")] += count

    for post in posts:
        figures[post][("stations_working", "")] = stations_working(book, post, through)
        for indicator, code in NATURAL_CONTENT.items():
            figures[post][(indicator, code)] = figures[post][(indicator, "")]
    return {post: dict(found) for post, found in figures.items()}


def stations_working(book, post: str, on: date) -> int:
    """The post's loudspeaker stations working on a day (the stations register's own count
    when it has one)."""
    count = getattr(book.stations, "working_count", None)
    if count is not None:
        if "post" in inspect.signature(count).parameters:
            return int(count(on=on, post=post))
        if post == book.post.code:
            return int(count(on=on))
    return book.db.execute(
        "SELECT count(*) FROM station s WHERE s.post_code = ? AND s.deleted_at IS NULL "
        "AND s.installed_on <= ? AND coalesce((SELECT t.state FROM station_state t "
        "WHERE t.station_id = s.id AND t.deleted_at IS NULL AND t.date <= ? "
        "ORDER BY t.date DESC, t.created_at DESC LIMIT 1), 'working') IN (?, ?)",
        [post, on.isoformat(), on.isoformat(), *WORKING],
    ).fetchone()[0]
