from app.core import checks, demo
from app.core.book import Book
from tests.conftest import TODAY


def test_the_demo_book_keeps_every_rule(demo_book):
    assert checks.problems(demo_book) == []


def test_the_demo_book_reads_like_a_real_border_post(demo_book):
    people = demo_book.training.people(limit=None)
    assert any("Đ" in p.full_name or "đ" in p.full_name for p in people)
    assert {"H'Mông", "Dao"} & {p.ethnicity for p in people}
    activities = demo_book.outreach.activities(limit=None)
    assert len({a.date[:7] for a in activities}) == 12
    assert {a.plan_content for a in activities} >= {"ND1", "ND2", "ND3", "CK"}
    assert sum(a.audience_ethnic for a in activities) > 0
    assert all(a.date <= TODAY.isoformat() for a in activities)
    assert demo_book.post.commander and demo_book.post.parent_unit.startswith("BỘ CHỈ HUY")
    assert demo_book.loans.overdue(on=TODAY)
    assert demo_book.stocktakes.stocktakes()[0].state == "confirmed"


def test_the_same_post_gets_the_same_demo_book(tmp_path):
    def titles(path):
        with Book.create(path, post_code="ML02", post_name="Đồn Biên phòng Ma Lé") as made:
            demo.fill(made, months=2, today=TODAY)
            return [(a.date, a.title) for a in made.outreach.activities(limit=None)]

    assert titles(tmp_path / "a.sqlite") == titles(tmp_path / "b.sqlite")


def test_scale_multiplies_the_volume(tmp_path):
    counts = []
    for scale in (1, 3):
        with Book.create(
            tmp_path / f"s{scale}.sqlite", post_code="LS01", post_name="Đồn Biên phòng Lý Sơn"
        ) as made:
            counts.append(demo.fill(made, months=2, scale=scale, today=TODAY))
    assert counts[1].activities > 2 * counts[0].activities
    assert counts[1].movements > 2 * counts[0].movements
