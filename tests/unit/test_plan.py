"""The yearly plan's core: targets set at the provincial office (one at a time or from a
spreadsheet, all or none), and the progress towards them counted from the monthly summaries."""

import hashlib
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from app.core.book import Book
from app.core.errors import RecordNotFound, ValidationError
from app.core.plan import (
    CONTENTS,
    INDICATORS,
    NATURAL_CONTENT,
    Target,
    target_fields,
    target_id,
    year_share,
)
from app.core.records import day_key
from app.core.validate import Fields, errors_of
from app.i18n import _
from tests.conftest import TODAY
from tests.packages import new_province


@pytest.fixture
def province(tmp_path: Path):
    path = new_province(tmp_path / "tinh.sqlite", "LC01", "LS02")
    with Book.open(path, daily_backup=False) as book:
        yield book


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checked(**values) -> dict:
    target = Target(**{"to_post": "LC01", "year": 2027, "indicator": "activities", **values})
    f = Fields()
    target_fields(f, target)
    return f.errors


# The check ----------------------------------------------------------------------------------


def test_a_target_names_a_known_indicator_and_content_and_a_whole_number():
    assert checked(target=120) == {}
    assert checked(target="1.200", content="nd1") == {}
    assert set(checked(indicator="visits", target=5)) == {"indicator"}
    assert set(checked(content="ND9", target=5)) == {"content"}
    assert set(checked(target=0)) == {"target"}
    assert set(checked(target=1_000_001)) == {"target"}
    assert set(checked(target=2.5)) == {"target"}
    assert set(checked(year=1999, target=5)) == {"year"}
    assert set(checked(year=2101, target=5)) == {"year"}


def test_indicators_of_one_content_accept_only_that_content():
    for indicator, own in NATURAL_CONTENT.items():
        assert checked(indicator=indicator, content=own, target=3) == {}
        assert checked(indicator=indicator, content="", target=3) == {}
        other = next(c for c in CONTENTS if c != own)
        assert set(checked(indicator=indicator, content=other, target=3)) == {"content"}
    for indicator in ("activities", "audience", "women", "ethnic"):
        for content in CONTENTS:
            assert checked(indicator=indicator, content=content, target=3) == {}


def test_the_answer_reader_checks_a_received_row_with_the_same_function():
    row = SimpleNamespace(
        to_post="LC01", year=2027, indicator="trainees", content="ND4", target=40, notes=""
    )
    f = Fields()
    values = target_fields(f, row)
    assert f.errors == {} and values["target"] == 40 and values["content"] == "ND4"


def test_a_target_id_depends_only_on_post_year_indicator_and_content():
    assert target_id("LC01", 2027, "activities", "ND1") == target_id(
        "LC01", 2027, "activities", "ND1"
    )
    ids = {
        target_id(p, y, i, c)
        for p in ("LC01", "LS02")
        for y in (2026, 2027)
        for i in INDICATORS
        for c in ("", "ND1")
    }
    assert len(ids) == 2 * 2 * len(INDICATORS) * 2


# Setting targets at the province ---------------------------------------------------------------


def test_setting_a_target_again_keeps_its_record_and_waits_for_the_next_answer(province):
    first = province.plan.set(Target("lc01", 2027, "activities", "", 120))
    assert first == target_id("LC01", 2027, "activities", "")
    assert [r.id for r in province.plan.unsent("LC01")] == [first]
    province.plan.mark_sent([first])
    assert province.plan.unsent("LC01") == []
    assert province.plan.set(Target("LC01", 2027, "activities", "", 120)) == first
    assert province.plan.unsent("LC01") == []  # nothing changed: nothing to send
    province.plan.set(Target("LC01", 2027, "activities", "", 150))
    assert [(r.id, r.target) for r in province.plan.unsent("LC01")] == [(first, 150)]
    assert province.plan.grid(2027) == {("LC01", "activities", ""): 150}


def test_a_removed_target_goes_in_the_next_answer_and_comes_back_with_the_same_id(province):
    made = province.plan.set(Target("LC01", 2027, "women", "ND1", 40))
    province.plan.mark_sent([made])
    province.plan.remove("LC01", 2027, "women", "ND1")
    assert province.plan.targets(2027) == []
    (removed,) = province.plan.unsent("LC01")
    assert removed.id == made and removed.deleted_at
    province.plan.mark_sent([made])
    assert province.plan.set(Target("LC01", 2027, "women", "ND1", 45)) == made
    (back,) = province.plan.targets(2027)
    assert (back.id, back.target, back.deleted_at) == (made, 45, None)
    with pytest.raises(RecordNotFound):
        province.plan.remove("LC01", 2027, "courses")


def test_a_target_for_a_post_not_registered_is_refused(province):
    with pytest.raises(ValidationError) as refused:
        province.plan.set(Target("XX99", 2027, "activities", "", 10))
    assert set(refused.value.errors) == {"to_post"}


def test_a_post_cannot_set_targets(book):
    with pytest.raises(ValidationError) as refused:
        book.plan.set(Target("LC01", 2027, "activities", "", 10))
    assert set(refused.value.errors) == {"to_post"}
    with pytest.raises(ValidationError):
        book.plan.remove("LC01", 2027, "activities")


def test_set_many_names_every_wrong_target_and_writes_none(province):
    before = province.db.execute("SELECT count(*) FROM change").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        province.plan.set_many(
            [
                Target("LC01", 2027, "activities", "", 100),
                Target("LC01", 2027, "copies_handed_out", "ND1", 100),
                Target("ZZ01", 2027, "courses", "", 2),
                Target("LS02", 2027, "trainees", "", -4),
            ]
        )
    message = str(refused.value)
    assert len(refused.value.errors) == 3
    for number in (2, 3, 4):
        assert f" {number} (" in message
    assert province.plan.targets(2027) == []
    assert province.db.execute("SELECT count(*) FROM change").fetchone()[0] == before


def test_set_many_refuses_the_same_target_twice(province):
    with pytest.raises(ValidationError):
        province.plan.set_many(
            [Target("LC01", 2027, "courses", "", 2), Target("lc01", 2027, "courses", "", 3)]
        )
    assert province.plan.targets(2027) == []


# The spreadsheet -------------------------------------------------------------------------------


def test_the_template_filled_in_loads_back_as_the_same_targets(province, tmp_path):
    province.plan.set(Target("LS02", 2027, "activities", "ND1", 30))
    path = province.plan.write_template(2027, tmp_path / "plan.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.active
    keys = [c.value for c in sheet[3]]
    assert keys[:2] == ["post", "name"] and keys[2:11] == list(INDICATORS)
    assert "activities ND1" in keys
    rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
    assert set(rows) == {"LC01", "LS02"}
    assert sheet.cell(rows["LS02"], keys.index("activities ND1") + 1).value == 30
    sheet.cell(rows["LC01"], keys.index("activities") + 1).value = 120
    sheet.cell(rows["LC01"], keys.index("trainees") + 1).value = 45
    sheet.cell(rows["LS02"], keys.index("audience") + 1).value = "2.400"
    workbook.save(path)
    targets = province.plan.read_sheet(path)
    province.plan.set_many(targets)
    assert province.plan.grid(2027) == {
        ("LC01", "activities", ""): 120,
        ("LC01", "trainees", ""): 45,
        ("LS02", "audience", ""): 2400,
        ("LS02", "activities", "ND1"): 30,
    }


def test_a_template_that_cannot_be_written_says_so_beside_the_file(province, tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    with pytest.raises(ValidationError) as refused:
        province.plan.write_template(2027, tmp_path / "not-a-folder" / "plan.xlsx")
    assert set(refused.value.errors) == {"out"}
    assert "not-a-folder" in str(refused.value)


def test_every_bad_cell_is_named_and_nothing_is_loaded(tmp_path):
    path = new_province(tmp_path / "tinh.sqlite", "LC01", "LS02")
    sheet_path = tmp_path / "plan.xlsx"
    with Book.open(path, daily_backup=False) as book:
        book.plan.write_template(2027, sheet_path)
    workbook = load_workbook(sheet_path)
    sheet = workbook.active
    keys = [c.value for c in sheet[3]]
    sheet.cell(4, keys.index("activities") + 1).value = 50  # a good one
    sheet.cell(4, keys.index("women") + 1).value = "nhiều"
    sheet.cell(5, keys.index("courses") + 1).value = 0
    sheet.cell(5, keys.index("sessions") + 1).value = 2.5
    sheet.cell(3, len(keys) + 1).value = "visits"
    sheet.append(["XX99", "Đồn lạ", 5])
    workbook.save(sheet_path)
    before = digest(path)
    with Book.open(path, daily_backup=False) as book, pytest.raises(ValidationError) as refused:
        book.plan.set_many(book.plan.read_sheet(sheet_path))
    assert digest(path) == before
    message = str(refused.value)
    column = {k: chr(ord("A") + i) for i, k in enumerate(keys)}
    for cell in (
        f"{column['women']}4",
        f"{column['courses']}5",
        f"{column['sessions']}5",
        f"{chr(ord('A') + len(keys))}3",
        "A6",
    ):
        assert cell in message, cell
    assert len(refused.value.errors) == 5


def test_a_file_that_is_not_a_plan_sheet_is_refused_by_name(province, tmp_path):
    other = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Mã đồn", "Tên sách"])
    workbook.save(other)
    with pytest.raises(ValidationError) as refused:
        province.plan.read_sheet(other)
    assert "other.xlsx" in str(refused.value) and "A3" in str(refused.value)
    text = tmp_path / "plan.xlsx"
    text.write_text("not a spreadsheet")
    with pytest.raises(ValidationError) as refused:
        province.plan.read_sheet(text)
    assert "plan.xlsx" in str(refused.value)
    with pytest.raises(ValidationError):
        province.plan.read_sheet(tmp_path / "missing.xlsx")


# Progress --------------------------------------------------------------------------------------


def test_the_share_of_the_year_is_counted_to_the_day():
    assert year_share(2025, date(2026, 3, 1)) == 1.0
    assert year_share(2027, date(2026, 3, 1)) == 0.0
    assert year_share(2026, date(2026, 12, 31)) == 1.0
    assert year_share(2026, date(2026, 1, 1)) == pytest.approx(1 / 365)
    assert year_share(2028, date(2028, 7, 1)) == pytest.approx(183 / 366)


def _arrive(book, year: int, indicator: str, content: str, target: int) -> None:
    """A target as the province's answer leaves it at the post."""
    book.db.execute(
        "INSERT INTO plan_target (id, post_code, to_post, year, indicator, content, target, "
        "created_at, updated_at) VALUES (?, 'BCH-HG', ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
        [target_id("LC01", year, indicator, content), "LC01", year, indicator, content, target],
    )


def test_progress_at_the_post_is_pro_rata_to_the_day(demo_book):
    demo_book.db.execute("DELETE FROM plan_target")  # the demo's own targets
    _arrive(demo_book, 2026, "activities", "", 10_000_000 // 100)  # far ahead of any post
    _arrive(demo_book, 2026, "courses", "ND4", 1)
    today = date(2026, 7, 2)  # day 183 of 365
    found = {(p.indicator, p.content): p for p in demo_book.plan.progress(2026, today=today)}
    actual = demo_book.plan.actuals(2026, through=today, post="LC01")
    activities = found[("activities", "")]
    assert activities.actual == actual[("activities", "")] > 0
    assert activities.expected == pytest.approx(183 / 365 * 100)
    assert activities.percent == pytest.approx(activities.actual / 100_000 * 100)
    assert activities.behind == (activities.actual < int(100_000 * 183 / 365))
    assert activities.behind
    courses = found[("courses", "ND4")]
    assert courses.actual >= 1 and not courses.behind and courses.percent >= 100
    future = demo_book.plan.progress(2026, today=date(2025, 12, 31))
    assert all(p.actual == 0 and p.expected == 0 and not p.behind for p in future)


def test_progress_at_the_province_is_per_post(province):
    province.plan.set(Target("LC01", 2026, "activities", "", 10))
    province.plan.set(Target("LS02", 2026, "courses", "", 2))
    rows = province.plan.progress(2026, today=date(2026, 12, 31))
    assert [(p.to_post, p.indicator, p.actual, p.behind) for p in rows] == [
        ("LC01", "activities", 0, True),
        ("LS02", "courses", 0, True),
    ]
    assert [p.to_post for p in province.plan.progress(2026, today=TODAY, post="LS02")] == ["LS02"]


def _by_hand(path: Path, through: date) -> dict[tuple[str, str], int]:
    """The same figures by plain COUNTs over the registers themselves."""
    db = sqlite3.connect(path)
    first, last = "2026-01-01", through.isoformat()
    codes = dict(db.execute("SELECT id, code FROM lookup WHERE list = 'plan_content'"))
    found: dict[tuple[str, str], int] = {}
    for content_id, count, audience, women, ethnic in db.execute(
        "SELECT coalesce(plan_content_id, ''), count(*), sum(audience_total), "
        "sum(audience_women), sum(audience_ethnic) FROM activity WHERE deleted_at IS NULL "
        "AND date BETWEEN ? AND ? GROUP BY 1",
        [first, last],
    ):
        for indicator, value in zip(
            ("activities", "audience", "women", "ethnic"),
            (count, audience, women, ethnic),
            strict=True,
        ):
            found[(indicator, "")] = found.get((indicator, ""), 0) + value
            if codes.get(content_id):
                found[(indicator, codes[content_id])] = value
    (found[("copies_handed_out", "")],) = db.execute(
        "SELECT coalesce(-sum(quantity), 0) FROM movement WHERE deleted_at IS NULL "
        "AND kind = 'handed_out' AND date BETWEEN ? AND ?",
        [first, last],
    ).fetchone()
    (found[("sessions", "")], found[("courses", "")]) = db.execute(
        "SELECT count(*), count(DISTINCT course_id) FROM session WHERE deleted_at IS NULL "
        "AND date BETWEEN ? AND ?",
        [first, last],
    ).fetchone()
    (found[("trainees", "")],) = db.execute(
        "SELECT count(DISTINCT a.person_id) FROM attendance a JOIN session s "
        "ON s.id = a.session_id WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL "
        "AND a.status IN ('present', 'late') AND s.date BETWEEN ? AND ?",
        [first, last],
    ).fetchone()
    db.close()
    return found


def test_actuals_from_the_summaries_agree_with_plain_counts(demo_book, demo_path):
    dates = [date(2026, 1, 1), date(2026, 2, 28), date(2026, 11, 23), date(2026, 12, 31)]
    randomly = random.Random(16)
    dates += [date(2026, 1, 1) + timedelta(days=randomly.randrange(365)) for _ in range(6)]
    # a few changes after the summaries were made: a deleted activity, a moved one
    (first_id,), (second_id,) = demo_book.db.execute(
        "SELECT id FROM activity WHERE date BETWEEN '2026-05-01' AND '2026-05-31' LIMIT 2"
    ).fetchall()
    # (by hand: May is approved in the demo; the summaries' triggers follow any write)
    demo_book.db.execute("UPDATE activity SET deleted_at = '2026-06-01' WHERE id = ?", [first_id])
    demo_book.db.execute(
        "UPDATE activity SET date = '2026-06-15', n = ? WHERE id = ?",
        [day_key("2026-06-15") + 999_999, second_id],
    )
    for through in dates:
        ours = demo_book.plan.actuals(2026, through=through, post="LC01")
        expected = _by_hand(demo_path, through)
        for key, value in expected.items():
            assert ours.get(key, 0) == value, (through, key)
        for indicator, own in NATURAL_CONTENT.items():
            assert ours[(indicator, own)] == ours[(indicator, "")]
        for content in CONTENTS:
            assert ours.get(("activities", content), 0) == expected.get(("activities", content), 0)


def test_stations_working_are_counted_on_the_day(book):
    def station(name: str, installed: str, *states: tuple[str, str]) -> None:
        station_id = f"st-{name}"
        book.db.execute(
            "INSERT INTO station (id, post_code, name, installed_on, created_at, updated_at) "
            "VALUES (?, 'LC01', ?, ?, '2026-01-01', '2026-01-01')",
            [station_id, name, installed],
        )
        for number, (day, state) in enumerate(states):
            book.db.execute(
                "INSERT INTO station_state (id, post_code, station_id, date, state, created_at, "
                "updated_at) VALUES (?, 'LC01', ?, ?, ?, '2026-01-01', '2026-01-01')",
                [f"{station_id}-{number}", station_id, day, state],
            )

    station("A", "2026-01-10", ("2026-01-10", "working"), ("2026-05-01", "broken"))
    station("B", "2026-02-01", ("2026-02-01", "working"))
    station("C", "2026-03-01", ("2026-03-01", "working"), ("2026-04-01", "broken"),
            ("2026-06-01", "repaired"))  # fmt: skip
    on = {
        "2026-01-05": 0,
        "2026-02-15": 2,
        "2026-04-15": 2,
        "2026-05-15": 1,
        "2026-06-15": 2,
    }
    for day, count in on.items():
        figures = book.plan.actuals(2026, through=date.fromisoformat(day), post="LC01")
        assert figures[("stations_working", "")] == count, day
        assert figures[("stations_working", "HT")] == count


def test_messages_use_the_catalog(province):
    errors = errors_of(lambda: province.plan.set(Target("LC01", 2027, "visits", "", 5)))
    assert _("Indicator") in errors["indicator"]
