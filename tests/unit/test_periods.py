"""Month close: ready, approved with the commander's PIN, read-only, unlocked with a reason."""

import json
from datetime import date

import pytest

from app.core import overview
from app.core.cabinets import Cabinet, Movement, Title
from app.core.errors import ValidationError
from app.core.outreach import Activity
from app.core.pin import matches as pin_matches
from app.exchange.package import export_month


def kind(book) -> str:
    return book.lookups.items("activity_kind")[0].id


def add(book, day: str, title: str = "Tuyên truyền") -> str:
    return book.outreach.add(Activity(date=day, kind_id=kind(book), title=title, audience_total=5))


@pytest.fixture
def approved(book):
    """March 2026 approved, with one activity in it; PIN 2468."""
    activity_id = add(book, "2026-03-10")
    book.periods.set_pin("2468")
    book.periods.close("2026-03")
    book.periods.approve("2026-03", "2468")
    return activity_id


def test_the_pin_is_stored_as_a_scrypt_hash_never_in_clear(book):
    book.periods.set_pin("2468")
    stored = book.db.execute("SELECT pin_hash FROM post WHERE is_self = 1").fetchone()[0]
    assert stored.startswith("scrypt$") and "2468" not in stored
    assert pin_matches("2468", stored) and not pin_matches("2469", stored)
    logged = book.db.execute("SELECT group_concat(after) FROM change").fetchone()[0]
    assert "2468" not in logged


def test_a_pin_must_be_digits_and_changing_it_needs_the_old_one(book):
    with pytest.raises(ValidationError, match="4 đến 12 chữ số"):
        book.periods.set_pin("12ab")
    book.periods.set_pin("2468")
    with pytest.raises(ValidationError, match="PIN hiện tại"):
        book.periods.set_pin("1357", current="0000")
    book.periods.set_pin("1357", current="2468")
    assert book.periods.has_pin


def test_a_month_is_approved_only_with_the_right_pin(book):
    add(book, "2026-03-10")
    book.periods.set_pin("2468")
    book.periods.close("2026-03")
    assert book.periods.get("2026-03").state == "ready"
    with pytest.raises(ValidationError, match="PIN"):
        book.periods.approve("2026-03", "1111")
    assert book.periods.get("2026-03").state == "ready"
    book.periods.approve("2026-03", "2468")
    period = book.periods.get("2026-03")
    assert (period.state, period.version) == ("approved", 1)


def test_approving_needs_a_pin_to_be_set_first(book):
    add(book, "2026-03-10")
    with pytest.raises(ValidationError, match="chưa có mã PIN"):
        book.periods.approve("2026-03", "0000")


def test_records_of_an_approved_month_are_read_only(book, approved):
    with pytest.raises(ValidationError, match="đã được duyệt"):
        add(book, "2026-03-20")
    activity = book.outreach.get(approved)
    activity.title = "Sửa"
    with pytest.raises(ValidationError, match="đã được duyệt"):
        book.outreach.update(activity)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        book.outreach.delete(approved)
    moved = book.outreach.get(approved)
    moved.date = "2026-04-01"  # moving it out of the month is a change of the month too
    with pytest.raises(ValidationError, match="đã được duyệt"):
        book.outreach.update(moved)
    add(book, "2026-04-02")  # other months stay open


def test_copies_cannot_move_in_an_approved_month(book, approved):
    cabinet = book.cabinets.add_cabinet(Cabinet(name="Tủ sách Đồn"))
    title = book.cabinets.add_title(Title(name="Luật Biên phòng Việt Nam"))
    with pytest.raises(ValidationError, match="đã được duyệt"):
        book.cabinets.record(
            Movement(
                kind="received", date="2026-03-15", cabinet_id=cabinet, title_id=title, quantity=5
            )
        )


def test_unlocking_needs_the_pin_and_a_reason_which_is_logged(book, approved):
    with pytest.raises(ValidationError, match="Lý do"):
        book.periods.unlock("2026-03", "2468", "  ")
    with pytest.raises(ValidationError, match="PIN"):
        book.periods.unlock("2026-03", "9999", "Bổ sung hoạt động còn thiếu")
    book.periods.unlock("2026-03", "2468", "Bổ sung hoạt động còn thiếu")
    assert book.periods.get("2026-03").state == "open"
    add(book, "2026-03-21")
    row = book.db.execute(
        "SELECT after FROM change WHERE table_name = 'period' ORDER BY n DESC LIMIT 1"
    ).fetchone()[0]
    assert json.loads(row)["unlock_reason"] == "Bổ sung hoạt động còn thiếu"
    book.periods.approve("2026-03", "2468")
    assert book.periods.get("2026-03").version == 2  # the next export is a correction


def test_months_are_listed_from_the_first_record(book):
    add(book, "2026-01-15")
    months = [p.month for p in book.periods.months()]
    assert months[-1] == "2026-01" and months == sorted(months, reverse=True)


def test_the_overview_reminds_of_last_months_package(book, tmp_path):
    add(book, "2026-10-20")

    def reminders(day: str) -> list:
        return [d for d in overview.due(book, today=date.fromisoformat(day)) if d.page == "months"]

    (early,) = reminders("2026-11-03")
    assert "Tháng 10/2026 chưa được duyệt" in early.text and not early.urgent
    (late,) = reminders("2026-11-06")
    assert late.urgent
    book.periods.set_pin("2468")
    book.periods.approve("2026-10", "2468")
    (unsent,) = reminders("2026-11-03")
    assert "chưa được ghi" in unsent.text
    export_month(book, "2026-10", tmp_path)
    assert reminders("2026-11-03") == []
    assert reminders("2026-10-25") == []  # the book began in October: nothing due before


@pytest.mark.parametrize(
    "month, today",
    [
        ("2027-01", date(2026, 12, 1)),  # a future month
        ("2026-12", date(2026, 12, 1)),  # this month, on its first day
        ("2026-12", date(2026, 12, 31)),  # this month, on its last day
        ("2025-06", date(2026, 12, 1)),  # before the book's first record (a typo)
    ],
)
def test_only_months_that_have_ended_within_the_book_can_be_closed(book, month, today):
    add(book, "2026-03-10")
    book.periods.set_pin("2468")
    before = book.periods.months(today=today)
    for act in (
        lambda: book.periods.close(month, today=today),
        lambda: book.periods.approve(month, "2468", today=today),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert "từ Tháng 03/2026 đến Tháng 11/2026" in str(refused.value)
    assert book.periods.months(today=today) == before  # no row made for the refused month
    book.periods.close("2026-11", today=today)
    assert book.periods.get("2026-11").state == "ready"


def test_a_month_approved_before_it_ended_is_found_by_the_check(book):
    from app.core import checks

    add(book, "2026-03-10")
    current = date.today().isoformat()[:7]
    book.db.execute(
        "INSERT INTO period (id, post_code, month, state, version, created_at, updated_at) "
        "VALUES ('p', ?, ?, 'approved', 1, '2026-01-01T00:00:00.000Z', "
        "'2026-01-01T00:00:00.000Z')",
        [book.post.code, current],
    )
    (problem,) = checks.problems(book)
    assert "duyệt khi tháng chưa kết thúc" in problem and f"--month {current}" in problem
