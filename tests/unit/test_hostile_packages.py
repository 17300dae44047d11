"""Packages that are validly signed by their own post's key but carry rows no form would have
saved, or rows that reach outside the post's month: each is refused with a message naming
the row and the rule, and the province's book stays byte-identical."""

import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.core import demo
from app.core.book import Book
from app.exchange import keys, registry
from app.exchange.format import TABLES
from app.exchange.importer import ImportFailed, ImportResult, PackageRefused
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.packages import changed, digest, lie, new_province, rezip, run_import


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two posts with two approved months each (training only in September), and a province
    that has imported LS02's September; LC01's packages are the ones the tests turn hostile."""
    folder = tmp_path_factory.mktemp("hostile")
    usb = folder / "usb"
    books = {}
    for code, name in (("LC01", "Đồn Biên phòng Lũng Cú"), ("LS02", "Đồn Biên phòng Lý Sơn")):
        books[code] = folder / f"{code}.sqlite"
        with Book.create(books[code], post_code=code, post_name=name) as post:
            demo.fill(post, months=3, today=TODAY)
            for month in ("2026-09", "2026-10"):
                export_month(post, month, usb)
    province = new_province(folder / "province.sqlite", "LC01", "LS02")
    (result,) = run_import(province, [usb / "LS02_2026-09_1.sodon"])
    assert isinstance(result, ImportResult)
    return {"books": books, "usb": usb, "province": province}


@pytest.fixture
def province(world, tmp_path) -> Path:
    copy = tmp_path / "province" / "tinh.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(world["province"], copy)
    return copy


def hostile(
    world, tmp_path, sql: str, *, month: str = "2026-09", manifest: dict | None = None
) -> Path:
    """LC01's package of `month` with `sql` run on its data, re-signed by LC01."""
    return changed(
        world["usb"] / f"LC01_{month}_1.sodon",
        tmp_path / f"LC01_{month}_1.sodon",
        sql,
        key=world["books"]["LC01"],
        manifest=manifest,
    )


def held(province: Path, sql: str, *args) -> list:
    connection = sqlite3.connect(f"file:{province}?mode=ro", uri=True)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def refused(province: Path, package: Path, *words: str) -> str:
    """Import `package`: it must be refused with `words` in the message, the book unchanged."""
    before = digest(province)
    (result,) = run_import(province, [package])
    assert isinstance(result, PackageRefused), result
    message = str(result)
    assert package.name in message
    for word in words:
        assert word in message, message
    assert "ngoài dự kiến" not in message  # a refusal, never an "unexpected error"
    assert digest(province) == before
    return message


def one(province: Path, sql: str) -> str:
    (row,) = held(province, sql)
    return row[0]


# Rows that reach other posts ------------------------------------------------------------------


def test_attendance_in_another_posts_session_is_refused(world, province, tmp_path):
    theirs = one(province, "SELECT id FROM session WHERE post_code = 'LS02' LIMIT 1")
    package = hostile(
        world, tmp_path, f"UPDATE attendance SET session_id = '{theirs}' WHERE rowid = 1;"
    )
    refused(province, package, "Điểm danh thứ 1", "buổi học không có trong gói")


def test_a_topic_added_to_another_posts_activity_is_refused(world, province, tmp_path):
    theirs = one(province, "SELECT id FROM activity WHERE post_code = 'LS02' LIMIT 1")
    topic = one(province, "SELECT id FROM lookup WHERE list = 'topic' LIMIT 1")
    package = hostile(
        world, tmp_path, f"INSERT INTO activity_topic VALUES ('{theirs}', '{topic}');"
    )
    refused(province, package, "Chủ đề của hoạt động", "hoạt động không có trong gói")


def test_a_row_with_another_posts_code_is_refused(world, province, tmp_path):
    package = hostile(world, tmp_path, "UPDATE cabinet SET post_code = 'LS02' WHERE rowid = 1;")
    refused(province, package, "Tủ sách thứ 1", "thuộc đồn “LS02”")


def test_a_row_taking_the_id_of_another_posts_record_is_refused(world, province, tmp_path):
    theirs = one(province, "SELECT id FROM person WHERE post_code = 'LS02' LIMIT 1")
    package = hostile(
        world,
        tmp_path,
        f"INSERT INTO person SELECT '{theirs}', post_code, 'Giàng A Páo', NULL, '', '', '', '', "
        "'', '', 'pao', 'giang a pao', created_at, updated_at, NULL FROM person LIMIT 1;",
    )
    refused(province, package, "của đồn LS02")


# Shared lists --------------------------------------------------------------------------------


def test_a_renamed_shared_list_item_changes_nothing_at_the_province(world, province, tmp_path):
    before = held(province, "SELECT * FROM lookup WHERE post_code = '' ORDER BY id")
    package = hostile(
        world, tmp_path, "UPDATE lookup SET name = 'Tên bị đổi' WHERE post_code = '';"
    )
    (result,) = run_import(province, [package])
    assert isinstance(result, ImportResult)
    assert held(province, "SELECT * FROM lookup WHERE post_code = '' ORDER BY id") == before


def test_a_shared_list_item_claimed_by_the_post_is_refused(world, province, tmp_path):
    package = hostile(
        world,
        tmp_path,
        "UPDATE lookup SET post_code = 'LC01', name = 'Tên bị đổi' WHERE code = 'HN';",
    )
    refused(province, package, "Mục danh mục", "không phải của đồn")


def test_an_invented_shared_list_item_is_refused(world, province, tmp_path):
    package = hostile(
        world,
        tmp_path,
        "INSERT INTO lookup SELECT '11111111-2222-4333-8444-555555555555', '', list, 'X', "
        "'Mục giả', '', 5, created_at, updated_at, NULL FROM lookup LIMIT 1;",
    )
    refused(province, package, "tự nhận là mục danh mục dùng chung")


# Rows that reach other months -----------------------------------------------------------------


def import_september(world, province) -> None:
    (result,) = run_import(province, [world["usb"] / "LC01_2026-09_1.sodon"])
    assert isinstance(result, ImportResult)


def test_an_id_of_an_earlier_approved_months_record_is_refused(world, province, tmp_path):
    import_september(world, province)
    september = one(
        province,
        "SELECT id FROM activity WHERE post_code = 'LC01' AND date LIKE '2026-09%' LIMIT 1",
    )
    package = hostile(
        world, tmp_path, f"UPDATE activity SET id = '{september}' WHERE rowid = 1;", month="2026-10"
    )
    refused(province, package, "Hoạt động thứ 1", "tháng khác")
    assert held(province, "SELECT date FROM activity WHERE id = ?", september)[0][0] < "2026-10"


def test_an_earlier_months_attendance_sent_again_is_refused(world, province, tmp_path):
    import_september(world, province)
    (mark,) = held(
        province,
        "SELECT a.id, a.post_code, a.session_id, a.person_id, a.created_at FROM attendance a "
        "JOIN session s ON s.id = a.session_id WHERE s.post_code = 'LC01' "
        "AND s.date LIKE '2026-09%' LIMIT 1",
    )
    record_id, post, session, person, created = mark
    package = hostile(
        world,
        tmp_path,
        f"INSERT INTO attendance VALUES ('{record_id}', '{post}', '{session}', '{person}', "
        f"'absent', '', '{created}', '{created}', NULL);",
        month="2026-10",
    )
    refused(province, package, "Điểm danh", "không có trong gói")


def test_a_loan_dated_a_year_before_the_month_is_refused(world, province, tmp_path):
    package = hostile(
        world,
        tmp_path,
        "INSERT INTO loan SELECT 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', c.post_code, c.id, t.id, "
        "'Vàng Thị Mai', '', 1, '2025-10-02', '2025-10-20', NULL, '', 'mai', c.created_at, "
        "c.updated_at, NULL FROM cabinet c, title t LIMIT 1;",
    )
    refused(province, package, "Lượt cho mượn", "không cho mượn cũng không trả trong tháng")


def test_a_session_of_another_month_is_refused(world, province, tmp_path):
    package = hostile(
        world,
        tmp_path,
        "UPDATE course SET start_date = '2026-07-01'; "
        "UPDATE session SET date = '2026-08-04' WHERE rowid = 1;",
    )
    refused(province, package, "Buổi học thứ 1", "ngoài tháng 2026-09")


# Rows no form would have saved ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sql, words",
    [
        ("UPDATE activity SET date = '2026-09-1z' WHERE rowid = 1;", "không phải là ngày"),
        ("UPDATE activity SET audience_women = audience_total + 1 WHERE rowid = 1;", "không thể"),
        ("UPDATE activity SET audience_total = -5 WHERE rowid = 1;", "0 trở lên"),
        ("UPDATE activity SET title = '' WHERE rowid = 1;", "không được để trống"),
        ("UPDATE activity SET notes = printf('%.6000c', 'x') WHERE rowid = 1;", "quá dài"),
        ("UPDATE activity SET kind_id = 'no-such-kind' WHERE rowid = 1;", "danh mục của gói"),
        ("UPDATE activity SET created_at = 'hôm qua' WHERE rowid = 1;", "thời điểm"),
        ("UPDATE activity SET id = 'not-a-uuid' WHERE rowid = 1;", "mã định danh"),
        ("UPDATE movement SET kind = 'stolen' WHERE rowid = 1;", "loại nhập/xuất"),
        ("UPDATE movement SET quantity = -quantity WHERE rowid = 1;", "không hợp"),
        ("UPDATE attendance SET status = 'asleep' WHERE rowid = 1;", "chọn một trong"),
        ("UPDATE person SET gender = 'x' WHERE rowid = 1;", "chọn một trong"),
        ("UPDATE person SET birth_year = 1200 WHERE rowid = 1;", "1900"),
        ("UPDATE cabinet SET location_kind = 'moon' WHERE rowid = 1;", "chọn một trong"),
        ("UPDATE course SET end_date = '2020-01-01' WHERE rowid = 1;", "kết thúc trước"),
        ("INSERT INTO activity SELECT * FROM activity WHERE rowid = 1;", "hai lần"),
        ("UPDATE station_state SET state = 'stolen' WHERE rowid = 1;", "chọn một trong"),
        ("UPDATE station SET name = '' WHERE rowid = 1;", "không được để trống"),
        (
            "UPDATE review SET period_to = '2020-01-01' WHERE rowid = 1;",
            "Hội nghị sơ kết, tổng kết thứ 1",
        ),
        (
            "UPDATE commendation SET review_id = '00000000-0000-4000-8000-000000000000' "
            "WHERE rowid = 1;",
            "không có trong gói",
        ),
        (
            "UPDATE activity SET station_id = (SELECT id FROM station LIMIT 1) "
            "WHERE rowid = (SELECT min(a.rowid) FROM activity a JOIN lookup k "
            "ON k.id = a.kind_id WHERE k.code <> 'PT');",
            "phát thanh trên loa",
        ),
    ],
)
def test_a_row_breaking_a_forms_rule_is_refused(world, province, tmp_path, sql, words):
    refused(province, hostile(world, tmp_path, sql), words)


def test_a_huge_text_cell_is_refused_and_the_book_does_not_grow(world, province, tmp_path):
    package = hostile(
        world, tmp_path, "UPDATE activity SET notes = printf('%.50000000c', 'x') WHERE rowid = 1;"
    )
    size = province.stat().st_size
    refused(province, package, "quá lớn")
    assert province.stat().st_size == size


def test_a_hidden_generated_column_is_refused(world, province, tmp_path):
    package = hostile(
        world,
        tmp_path,
        "ALTER TABLE activity RENAME TO old; "
        "CREATE TABLE activity AS SELECT * FROM old; DROP TABLE old;",
    )
    refused(province, package, "bảng, cột")
    package = hostile(
        world, tmp_path, "ALTER TABLE person ADD COLUMN hidden TEXT GENERATED ALWAYS AS (1);"
    )
    refused(province, package, "bảng, cột")


def test_a_manifest_whose_export_moment_is_not_a_date_is_refused(world, province, tmp_path):
    package = hostile(world, tmp_path, "SELECT 1;", manifest={"exported_at": "hôm qua"})
    refused(province, package, "“exported_at”", "thời điểm")


@pytest.mark.parametrize(
    "field, value",
    [
        ("sequence", True),
        ("sequence", "1"),
        ("month", "2026-13"),
        ("post", {"code": "LC01", "name": "x" * 300}),
        ("counts", {"activity": 1}),
        ("approved_at", 20261101),
    ],
)
def test_a_manifest_field_of_the_wrong_kind_is_refused(world, province, tmp_path, field, value):
    package = hostile(world, tmp_path, "SELECT 1;", manifest={field: value})
    refused(province, package, "bản kê")


# Who may send -------------------------------------------------------------------------------


def test_a_package_of_an_unregistered_post_is_refused_with_how_to_register(world, tmp_path):
    province = new_province(tmp_path / "p.sqlite", "LS02")
    refused(province, world["usb"] / "LC01_2026-09_1.sodon", "chưa được đăng ký", "post add")


def test_a_key_that_does_not_match_the_registered_fingerprint_is_refused(world, tmp_path):
    province = new_province(tmp_path / "p.sqlite")
    with Book.open(province, daily_backup=False) as book:
        registry.register(
            book, code="LC01", name="Đồn Lũng Cú", fingerprint="AAAA BBBB CCCC DDDD EEEE FFFF"
        )
    message = refused(province, world["usb"] / "LC01_2026-10_1.sodon", "AAAA BBBB")
    assert keys.existing_fingerprint(world["books"]["LC01"]) in message


def test_the_registered_fingerprint_lets_the_posts_first_package_in(world, tmp_path):
    province = new_province(tmp_path / "p.sqlite")
    fingerprint = keys.existing_fingerprint(world["books"]["LC01"])
    with Book.open(province, daily_backup=False) as book:
        registry.register(
            book, code="LC01", name="Đồn Lũng Cú", fingerprint=fingerprint.lower().replace(" ", "-")
        )
    (result,) = run_import(province, [world["usb"] / "LC01_2026-10_1.sodon"])
    assert isinstance(result, ImportResult) and result.status == "imported"
    with Book.open(province, readonly=True) as book:
        assert registry.find(book, "LC01").fingerprint == fingerprint


# A batch never stops on one bad file --------------------------------------------------------


def test_a_refused_file_between_two_good_ones_stops_neither(world, province, tmp_path):
    bad = hostile(
        world, tmp_path, "UPDATE activity SET date = '2026-10-1z' WHERE rowid = 1;", month="2026-10"
    )
    good = [world["usb"] / "LC01_2026-09_1.sodon", world["usb"] / "LS02_2026-10_1.sodon"]
    results = run_import(province, [good[0], bad, good[1]])
    assert [type(r) for r in results] == [ImportResult, PackageRefused, ImportResult]
    assert "không phải là ngày" in str(results[1])
    months = held(
        province, "SELECT DISTINCT post_code, substr(date, 1, 7) FROM activity ORDER BY 1, 2"
    )
    assert months == [("LC01", "2026-09"), ("LS02", "2026-09"), ("LS02", "2026-10")]


# Bounded cost --------------------------------------------------------------------------------


def test_a_member_whose_header_understates_its_size_is_refused(world, province, tmp_path):
    source = world["usb"] / "LC01_2026-10_1.sodon"
    package = tmp_path / "LC01_2026-10_1.sodon"
    (tmp_path / "lying").mkdir()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(package, "w") as archive:
        for name in ("manifest.json", "signature", "report.pdf", "report.xlsx"):
            archive.writestr(name, original.read(name))
        archive.writestr("data.sqlite", b"\0" * 40 * 2**20, compress_type=zipfile.ZIP_DEFLATED)
    package = lie(package, tmp_path / "lying" / package.name, 1000)
    refused(province, package, package.name)


def test_rezip_keeps_a_valid_package_valid(world, province, tmp_path):
    """The tests' own tool: re-signing an unchanged package gives one that is imported."""
    package = rezip(
        world["usb"] / "LC01_2026-10_1.sodon",
        tmp_path / "LC01_2026-10_1.sodon",
        resign_with=world["books"]["LC01"],
    )
    (result,) = run_import(province, [package])
    assert isinstance(result, ImportResult)


# Property-based: rows of a valid package mutated at random are imported exactly or refused --


MUTABLE = {  # table: columns a mutation may change
    "activity": ["id", "post_code", "date", "kind_id", "title", "audience_total", "notes"],
    "activity_topic": ["activity_id", "topic_id"],
    "attendance": ["id", "post_code", "session_id", "person_id", "status"],
    "session": ["id", "post_code", "course_id", "date", "topic"],
    "person": ["id", "post_code", "full_name", "birth_year", "search_text"],
    "movement": ["id", "post_code", "date", "cabinet_id", "quantity", "loan_id"],
    "loan": ["id", "lent_on", "returned_on", "quantity", "borrower"],
    "lookup": ["id", "post_code", "name", "list"],
    "cabinet": ["id", "post_code", "name"],
}


def others(province: Path) -> dict:
    """Everything at the province that is not LC01's: LS02's records and the shared lists."""
    snapshot = {}
    for table in ("activity", "movement", "session", "attendance", "person", "loan", "cabinet"):
        snapshot[table] = held(
            province, f"SELECT * FROM {table} WHERE post_code <> 'LC01' ORDER BY id"
        )
    snapshot["lookup"] = held(province, "SELECT * FROM lookup WHERE post_code = '' ORDER BY id")
    snapshot["links"] = held(
        province,
        "SELECT t.* FROM activity_topic t JOIN activity a ON a.id = t.activity_id "
        "WHERE a.post_code <> 'LC01' ORDER BY 1, 2",
    )
    return snapshot


@settings(
    max_examples=int(os.environ.get("SODON_MUTATIONS", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_rows_are_imported_exactly_or_refused(world, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("mutation")
    province = folder / "tinh.sqlite"
    shutil.copyfile(world["province"], province)
    table = data.draw(st.sampled_from(sorted(MUTABLE)), label="table")
    column = data.draw(st.sampled_from(MUTABLE[table]), label="column")
    row = data.draw(st.integers(1, 3), label="row")
    theirs = held(
        province,
        "SELECT id FROM session WHERE post_code = 'LS02' UNION ALL "
        "SELECT id FROM activity WHERE post_code = 'LS02' LIMIT 3",
    )
    value = data.draw(
        st.one_of(
            st.sampled_from([r[0] for r in theirs] + ["LS02", "", "2026-09-31", "2025-09-10"]),
            st.dates().map(str),
            st.integers(-(10**7), 10**7),
            st.text(max_size=12),
            st.integers(0, 30_000).map(lambda n: "ư" * n),
            st.uuids().map(str),
            st.none(),
        ),
        label="value",
    )
    sql = f"UPDATE {table} SET {column} = ? WHERE rowid = {row};"
    source = world["usb"] / "LC01_2026-09_1.sodon"
    data_file = folder / "data.sqlite"
    with zipfile.ZipFile(source) as archive:
        data_file.write_bytes(archive.read("data.sqlite"))
    connection = sqlite3.connect(data_file)
    try:
        connection.execute(sql, [value])
        connection.commit()
    except sqlite3.Error:  # the package's own STRICT types refuse it: nothing to send
        event("not storable")
        return
    finally:
        connection.close()
    package = changed(
        source,
        folder / "LC01_2026-09_1.sodon",
        f"ATTACH '{data_file}' AS m; "
        + "".join(
            f"DELETE FROM main.{t}; INSERT INTO main.{t} SELECT * FROM m.{t}; " for t in TABLES
        ),
        key=world["books"]["LC01"],
    )
    before, kept = digest(province), others(province)
    (result,) = run_import(province, [package])
    event(type(result).__name__)
    assert isinstance(result, ImportResult | PackageRefused)
    assert not isinstance(result, ImportFailed), result
    if isinstance(result, PackageRefused):
        assert digest(province) == before
        return
    assert others(province) == kept
    dates = held(
        province,
        "SELECT date FROM activity WHERE post_code = 'LC01' UNION "
        "SELECT date FROM movement WHERE post_code = 'LC01' UNION "
        "SELECT date FROM session WHERE post_code = 'LC01'",
    )
    assert all("2026-09-01" <= d <= "2026-09-30" for (d,) in dates)
    sent = sqlite3.connect(data_file)
    try:
        for name in ("activity", "movement", "session", "attendance"):
            ours = held(province, f"SELECT id FROM {name} WHERE post_code = 'LC01' ORDER BY id")
            theirs = sent.execute(f"SELECT id FROM {name} ORDER BY id").fetchall()
            assert ours == theirs, name
    finally:
        sent.close()


def test_search_words_longer_than_the_records_own_text_are_refused(world, province, tmp_path):
    package = hostile(
        world, tmp_path, "UPDATE cabinet SET search_text = printf('%.20000c', 'x') WHERE rowid = 1;"
    )
    refused(province, package, "Tủ sách thứ 1", "Từ tìm kiếm")
