"""The monthly summaries (migration 0004) always say what the records say: after a clerk's
additions, edits, deletions and undos at a post, and after imports and corrections at the
province."""

import random
from datetime import date

from app.core import demo, overview
from app.core.book import Book
from app.core.loans import Loan
from app.core.outreach import Activity
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.packages import new_province, run_import

SUMMARIES = {
    "activity_month": (
        "SELECT post_code, substr(date, 1, 7), kind_id, coalesce(plan_content_id, ''), count(*), "
        "sum(audience_total), sum(audience_women), sum(audience_ethnic), sum(audience_foreign) "
        "FROM activity WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4"
    ),
    "topic_month": (
        "SELECT a.post_code, substr(a.date, 1, 7), t.topic_id, count(*), sum(a.audience_total) "
        "FROM activity_topic t JOIN activity a ON a.id = t.activity_id "
        "WHERE a.deleted_at IS NULL GROUP BY 1, 2, 3"
    ),
    "movement_month": (
        "SELECT post_code, substr(date, 1, 7), kind, sum(quantity) FROM movement "
        "WHERE deleted_at IS NULL GROUP BY 1, 2, 3"
    ),
    "trainee_month": (
        "SELECT a.person_id, substr(s.date, 1, 7), s.post_code, count(*) FROM attendance a "
        "JOIN session s ON s.id = a.session_id WHERE a.deleted_at IS NULL "
        "AND s.deleted_at IS NULL AND a.status IN ('present', 'late') GROUP BY 1, 2"
    ),
    "course_month": (
        "SELECT course_id, substr(date, 1, 7), post_code, count(*) FROM session "
        "WHERE deleted_at IS NULL GROUP BY 1, 2"
    ),
}
NONZERO = {
    "movement_month": "quantity <> 0",
    "trainee_month": "marks <> 0",
    "course_month": "sessions <> 0",
}


def agree(book) -> None:
    for table, truth in SUMMARIES.items():
        counted = [tuple(r) for r in book.db.execute(truth)]
        nonzero = NONZERO.get(table, "activities <> 0")
        kept = [tuple(r) for r in book.db.execute(f"SELECT * FROM {table} WHERE {nonzero}")]
        assert sorted(kept) == sorted(counted), table


def test_the_summaries_follow_a_clerks_edits(demo_book):
    agree(demo_book)
    rng = random.Random(7)
    outreach, lookups = demo_book.outreach, demo_book.lookups
    kinds = [i.id for i in lookups.items("activity_kind")]
    topics = [i.id for i in lookups.items("topic")]
    for step in range(60):
        rows = outreach.activities(month="2026-11", limit=None)
        choice = rng.random()
        if choice < 0.4 or not rows:
            outreach.add(
                Activity(
                    date=f"2026-11-{rng.randint(1, 23):02d}",
                    kind_id=rng.choice(kinds),
                    title=f"Hoạt động {step}",
                    audience_total=rng.randint(0, 90),
                    topic_ids=rng.sample(topics, rng.randint(0, 3)),
                )
            )
        elif choice < 0.7:
            activity = outreach.get(rng.choice(rows).id)
            activity.date = f"2026-11-{rng.randint(1, 23):02d}"
            activity.audience_total = rng.randint(40, 90)
            activity.audience_women = activity.audience_ethnic = rng.randint(0, 40)
            activity.audience_foreign = 0
            activity.kind_id = rng.choice(kinds)
            activity.station_id = ""  # as the form does for any kind but a broadcast
            activity.topic_ids = rng.sample(topics, rng.randint(0, 3))
            outreach.update(activity)
        else:
            gone = rng.choice(rows).id
            outreach.delete(gone)
            if rng.random() < 0.5:
                outreach.restore(gone)
    agree(demo_book)


def test_the_summaries_follow_attendance_and_sessions(demo_book):
    training = demo_book.training
    rng = random.Random(11)
    course = training.courses(month="2026-11", limit=1)[0]
    sessions, people, _marks = training.grid(course.id)
    for _step in range(40):
        session, person = rng.choice(sessions), rng.choice(people)
        if rng.random() < 0.7:
            status = rng.choice(["present", "late", "excused", "absent"])
            training.set_attendance(session.id, person.id, status)
        else:
            training.clear_attendance(session.id, person.id)
    moved = training.get_session(sessions[0].id)
    moved.date = course.end_date
    training.update_session(moved)
    training.delete_session(sessions[-1].id)
    agree(demo_book)


def test_the_summaries_follow_imports_and_corrections(tmp_path):
    post = tmp_path / "LC01.sqlite"
    with Book.create(post, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as book:
        demo.fill(book, months=3, today=TODAY)
        first = export_month(book, "2026-10", tmp_path / "usb")
        book.periods.unlock("2026-10", demo.DEMO_PIN, "Xóa hoạt động ghi trùng")
        for row in book.outreach.activities(month="2026-10", limit=5):
            book.outreach.delete(row.id)
        book.periods.close("2026-10")
        book.periods.approve("2026-10", demo.DEMO_PIN)
        correction = export_month(book, "2026-10", tmp_path / "usb")
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    run_import(province, [first])
    with Book.open(province, readonly=True) as book:
        agree(book)
    run_import(province, [correction])
    with Book.open(province, readonly=True) as book:
        agree(book)
        assert book.db.execute("SELECT sum(activities) FROM activity_month").fetchone()[0] == (
            book.outreach.count()
        )


def test_a_months_figures_are_what_its_records_say(demo_book):
    """The overview and the monthly report read summaries and indexes: every month of the demo
    book, after a loan is made and a movement deleted, they agree with the records counted
    one by one."""
    cabinet_id, title_id = demo_book.db.execute(
        "SELECT cabinet_id, title_id FROM movement WHERE deleted_at IS NULL "
        "GROUP BY 1, 2 HAVING sum(quantity) > 2 LIMIT 1"
    ).fetchone()
    demo_book.loans.lend(
        Loan(cabinet_id, title_id, "Lò Văn Páo", quantity=2, lent_on="2026-11-20", due_on=TODAY)
    )
    handed_out = demo_book.db.execute(
        "SELECT id FROM movement WHERE kind = 'handed_out' AND deleted_at IS NULL "
        "AND date LIKE '2026-11%' LIMIT 1"
    ).fetchone()[0]
    demo_book.cabinets.delete_movement(handed_out)

    def counted(month: str) -> tuple:
        db = demo_book.db
        first, last = f"{month}-01", f"{month}-31"
        moved = db.execute(
            "SELECT coalesce(sum(CASE WHEN kind = 'received' THEN quantity END), 0), "
            "coalesce(-sum(CASE WHEN kind = 'handed_out' THEN quantity END), 0), "
            "count(CASE WHEN kind = 'lent' THEN 1 END) FROM movement "
            "WHERE deleted_at IS NULL AND substr(date, 1, 7) = ?",
            (month,),
        ).fetchone()
        courses = db.execute(
            "SELECT count(*) FROM course WHERE deleted_at IS NULL AND start_date <= ? "
            "AND end_date >= ?",
            (last, first),
        ).fetchone()[0]
        sessions = db.execute(
            "SELECT count(*) FROM session WHERE deleted_at IS NULL AND substr(date, 1, 7) = ?",
            (month,),
        ).fetchone()[0]
        return (*moved, courses, sessions)

    months = [f"{year}-{m:02d}" for year in (2025, 2026) for m in range(1, 13)]
    for month in months:
        figures = overview.month_figures(demo_book, date.fromisoformat(f"{month}-01"))
        shown = (figures.copies_in, figures.copies_out, figures.loans)
        assert (*shown, figures.courses, figures.sessions) == counted(month), month
    assert overview.month_figures(demo_book, date(2026, 11, 1)).loans > 0
