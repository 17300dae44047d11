"""The monthly package: exported signed, imported and merged at the province; every malformed
package refused with one message and the province's book byte-identical."""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import demo
from app.core.book import Book
from app.core.cabinets import Cabinet
from app.core.errors import ValidationError
from app.core.outreach import Activity
from app.exchange import keys
from app.exchange.importer import ImportResult, PackageRefused, import_packages
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.packages import changed_data, data_of, digest, new_province, rezip, run_import

PIN = demo.DEMO_PIN


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A post (three demo months, the two past ones approved) and its two packages."""
    folder = tmp_path_factory.mktemp("post")
    path = folder / "lc01.sqlite"
    with Book.create(path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as post:
        demo.fill(post, months=3, today=TODAY)
        packages = [export_month(post, month, folder / "usb") for month in ("2026-09", "2026-10")]
    return {"book": path, "packages": packages, "folder": folder}


@pytest.fixture
def province(tmp_path) -> Path:
    return new_province(tmp_path / "province" / "tinh.sqlite", "LC01")


def test_an_unapproved_month_is_not_exported(book, tmp_path):
    with pytest.raises(ValidationError) as refused:
        export_month(book, "2026-11", tmp_path)
    assert "sodon month approve --month 2026-11" in str(refused.value)
    assert not list(tmp_path.glob("*.sodon*"))


def test_a_package_carries_its_data_manifest_signature_and_report(exported):
    package = exported["packages"][1]
    assert package.name == "LC01_2026-10_1.sodon"
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["manifest.json", "signature", "data.sqlite", "report.pdf", "report.xlsx"]
        )
        manifest = json.loads(archive.read("manifest.json"))
        for name, sha in manifest["members"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == sha
        assert keys.verify(
            manifest["public_key"], archive.read("signature"), archive.read("manifest.json")
        )
        assert archive.read("report.pdf").startswith(b"%PDF")
    assert manifest["post"]["code"] == "LC01" and manifest["month"] == "2026-10"
    assert manifest["sequence"] == 1 and manifest["counts"]["activity"] > 0
    assert not list(package.parent.glob("*.partial"))
    assert (exported["folder"] / "lc01.sqlite.key").stat().st_mode & 0o077 == 0


def test_the_province_merges_packages_and_ignores_them_the_second_time(exported, province):
    (first, second) = run_import(province, exported["packages"])
    assert (first.status, second.status) == ("imported", "imported")
    with (
        Book.open(province, readonly=True) as book,
        Book.open(exported["book"], readonly=True) as post,
    ):
        for month in ("2026-09", "2026-10"):
            theirs = {a.id for a in post.outreach.activities(month=month, limit=None)}
            ours = {a.id for a in book.outreach.activities(month=month, limit=None)}
            assert ours == theirs
        assert book.outreach.count(search="lo lo chai") > 0  # searchable at the province
    before = digest(province)
    again = run_import(province, exported["packages"])
    assert [r.status for r in again] == ["already", "already"]
    assert [r.message for r in again] == [
        f"{package.name}: đã nhập trước đây; không có gì thay đổi."
        for package in exported["packages"]
    ]
    assert digest(province) == before


def test_a_correction_replaces_the_month_exactly_and_an_older_one_is_refused(
    exported, province, tmp_path
):
    run_import(province, exported["packages"])
    copy = tmp_path / "post.sqlite"
    shutil.copyfile(exported["book"], copy)
    shutil.copyfile(f"{exported['book']}.key", f"{copy}.key")
    with Book.open(copy, daily_backup=False) as post:
        post.periods.unlock("2026-10", PIN, "Bổ sung và xóa một hoạt động ghi nhầm")
        gone = post.outreach.activities(month="2026-10", limit=1)[0]
        post.outreach.delete(gone.id)
        kind = post.lookups.items("activity_kind")[0].id
        added = post.outreach.add(
            Activity(date="2026-10-15", kind_id=kind, title="Hoạt động bổ sung", audience_total=12)
        )
        post.periods.close("2026-10")
        post.periods.approve("2026-10", PIN)
        correction = export_month(post, "2026-10", tmp_path / "usb")
        expected = {a.id for a in post.outreach.activities(month="2026-10", limit=None)}
    assert correction.name == "LC01_2026-10_2.sodon"
    (result,) = run_import(province, [correction])
    assert result.status == "replaced"
    with Book.open(province, readonly=True) as book:
        ours = {a.id for a in book.outreach.activities(month="2026-10", limit=None)}
        assert ours == expected and gone.id not in ours and added in ours
    before = digest(province)
    (older,) = run_import(province, [exported["packages"][1]])
    assert isinstance(older, PackageRefused)
    assert str(older) == (
        f"Chưa nhập {exported['packages'][1].name}: đây là bản điều chỉnh lần 1, nhưng bản "
        "điều chỉnh mới hơn (2) của tháng này đã được nhập."
    )
    assert digest(province) == before


def test_the_posts_records_cannot_be_changed_at_the_province(exported, province):
    run_import(province, exported["packages"])
    with Book.open(province, daily_backup=False) as book:
        activity = book.outreach.activities(post="LC01", limit=1)[0]
        before = digest(province)
        with pytest.raises(ValidationError, match="cơ quan cấp tỉnh"):
            book.outreach.delete(activity.id)
        cabinet = book.cabinets.cabinets(post="LC01", limit=1)[0]
        with pytest.raises(ValidationError, match="chỉ được xem"):
            book.cabinets.update_cabinet(Cabinet(id=cabinet.id, name="Tủ khác"))
        assert book.outreach.get(activity.id).title == activity.title
    assert digest(province) == before


def test_a_post_book_cannot_import(exported, book):
    (result,) = import_packages(book, [exported["packages"][0]])
    assert isinstance(result, PackageRefused) and "cấp tỉnh" in str(result)


# Refusals: each leaves the province's book byte-identical -----------------------------------


def refuses(province: Path, package: Path, words: str) -> None:
    before = digest(province)
    backups = sorted((province.parent / "backups").glob("*"))
    (result,) = run_import(province, [package])
    assert isinstance(result, PackageRefused), result
    assert words in str(result) and package.name in str(result)
    assert digest(province) == before
    assert sorted((province.parent / "backups").glob("*")) == backups


def test_a_file_that_is_not_a_zip_is_refused(province, tmp_path):
    junk = tmp_path / "LC01_2026-10_1.sodon"
    junk.write_bytes(b"PK\x03\x04 not really" * 50)
    refuses(province, junk, "không phải gói")


def test_a_truncated_package_is_refused(exported, province, tmp_path):
    cut = tmp_path / "cut.sodon"
    cut.write_bytes(exported["packages"][0].read_bytes()[:-4000])
    refuses(province, cut, "không phải gói")


def test_a_member_changed_after_signing_is_refused(exported, province, tmp_path):
    package = rezip(
        exported["packages"][0], tmp_path / "p.sodon", replace={"report.pdf": b"%PDF-1.4 forged"}
    )
    refuses(province, package, "SHA-256")


def test_a_manifest_changed_after_signing_is_refused(exported, province, tmp_path):
    with zipfile.ZipFile(exported["packages"][0]) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["counts"]["activity"] += 1
    package = rezip(
        exported["packages"][0],
        tmp_path / "p.sodon",
        replace={"manifest.json": json.dumps(manifest).encode()},
    )
    refuses(province, package, "chữ ký")


def test_a_new_post_signing_with_a_known_posts_key_is_refused(exported, province, tmp_path):
    run_import(province, exported["packages"][:1])
    data = changed_data(
        exported["packages"][1],
        tmp_path,
        "UPDATE post SET code = 'ZZ99'; UPDATE activity SET post_code = 'ZZ99';",
    )
    package = rezip(
        exported["packages"][1],
        tmp_path / "ZZ99_2026-10_1.sodon",
        replace={"data.sqlite": data},
        resign_with=exported["book"],
        manifest={"post": {"code": "ZZ99", "name": "Đồn giả", "province": ""}},
    )
    refuses(province, package, "khóa của đồn LC01")


def test_a_changed_key_is_refused_unless_accepted(exported, province, tmp_path):
    run_import(province, exported["packages"][:1])
    other_key = tmp_path / "new-laptop.sqlite"
    package = rezip(
        exported["packages"][1], tmp_path / "LC01_2026-10_1.sodon", resign_with=other_key
    )
    refuses(province, package, "khóa mới")
    (result,) = run_import(province, [package], accept_new_key=True)
    assert isinstance(result, ImportResult) and result.status == "imported"


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "C:\\evil.txt", "a/../../b"])
def test_a_member_leaving_the_folder_is_refused(exported, province, tmp_path, name):
    package = rezip(exported["packages"][0], tmp_path / "p.sodon", extra={name: b"x"})
    refuses(province, package, "ngoài thư mục")


def test_duplicate_members_are_refused(exported, province, tmp_path):
    package = tmp_path / "p.sodon"
    shutil.copyfile(exported["packages"][0], package)
    with zipfile.ZipFile(package, "a") as archive, pytest.warns(UserWarning):
        archive.writestr("report.pdf", b"%PDF-1.4 second")
    refuses(province, package, "hai lần")


def test_a_zip_bomb_is_refused_without_unpacking_it(exported, province, tmp_path):
    package = tmp_path / "p.sodon"
    original = zipfile.ZipFile(exported["packages"][0])
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ("manifest.json", "signature", "report.pdf", "report.xlsx"):
            archive.writestr(name, original.read(name))
        with archive.open("data.sqlite", "w", force_zip64=True) as member:
            for _ in range(600):
                member.write(b"\0" * 2**20)  # 600 MB of zeros, about 600 KB packed
    assert package.stat().st_size < 5 * 2**20
    refuses(province, package, "quá lớn")


@pytest.mark.parametrize(
    "sql, words",
    [
        ("PRAGMA application_id = 1;", "không phải của gói"),
        ("PRAGMA user_version = 99;", "mới hơn"),
        ("CREATE TABLE extra (x);", "bảng"),
        ("CREATE VIEW v AS SELECT * FROM activity;", "bảng"),
        ("CREATE TRIGGER t AFTER INSERT ON activity BEGIN DELETE FROM activity; END;", "bảng"),
        ("ALTER TABLE activity ADD COLUMN extra TEXT;", "cột"),
    ],
)
def test_a_data_file_that_is_not_a_packages_is_refused(exported, province, tmp_path, sql, words):
    data = changed_data(exported["packages"][0], tmp_path, sql)
    package = rezip(
        exported["packages"][0],
        tmp_path / "p.sodon",
        replace={"data.sqlite": data},
        resign_with=exported["book"],
    )
    refuses(province, package, words)


def test_a_corrupt_data_file_is_refused(exported, province, tmp_path):
    data = bytearray(data_of(exported["packages"][0]))
    data[4096 * 3 : 4096 * 3 + 64] = b"\xee" * 64
    package = rezip(
        exported["packages"][0],
        tmp_path / "p.sodon",
        replace={"data.sqlite": bytes(data)},
        resign_with=exported["book"],
    )
    refuses(province, package, "hỏng")


def test_records_dated_outside_the_month_are_refused(exported, province, tmp_path):
    data = changed_data(
        exported["packages"][0],
        tmp_path,
        "UPDATE activity SET date = '2026-01-01' WHERE rowid = 1;",
    )
    package = rezip(
        exported["packages"][0],
        tmp_path / "p.sodon",
        replace={"data.sqlite": data},
        resign_with=exported["book"],
    )
    refuses(province, package, "ngoài tháng")


# Property-based: whatever happens to a package, import never crashes and never changes the
# book unless the package is still a valid one. -----------------------------------------------


@pytest.fixture(scope="module")
def province_template(tmp_path_factory) -> Path:
    return new_province(tmp_path_factory.mktemp("province") / "tinh.sqlite", "LC01")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8
    )
)
def test_bytes_changed_anywhere_never_crash_the_import(
    exported, province_template, tmp_path, flips
):
    province = tmp_path / "p.sqlite"
    shutil.copyfile(province_template, province)
    data = bytearray(exported["packages"][0].read_bytes())
    for where, xor in flips:
        data[int(where * len(data))] ^= xor
    package = tmp_path / "LC01_2026-09_1.sodon"
    package.write_bytes(bytes(data))
    before = digest(province)
    (result,) = run_import(province, [package])
    assert isinstance(result, PackageRefused | ImportResult)
    if isinstance(result, PackageRefused):
        assert digest(province) == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    member=st.sampled_from(
        ["manifest.json", "signature", "data.sqlite", "report.pdf", "report.xlsx"]
    ),
    action=st.sampled_from(["random", "drop", "empty", "swap"]),
    junk=st.binary(min_size=0, max_size=2048),
)
def test_members_replaced_or_dropped_are_always_refused(
    exported, province_template, tmp_path, member, action, junk
):
    province = tmp_path / "p.sqlite"
    shutil.copyfile(province_template, province)
    with zipfile.ZipFile(exported["packages"][1]) as archive:
        swapped = archive.read("report.xlsx" if member != "report.xlsx" else "report.pdf")
    replacement = {"random": junk, "empty": b"", "swap": swapped, "drop": b""}[action]
    package = rezip(
        exported["packages"][0],
        tmp_path / "LC01_2026-09_1.sodon",
        replace={member: replacement},
        drop=(member,) if action == "drop" else (),
    )
    before = digest(province)
    (result,) = run_import(province, [package])
    if action == "random" and junk == zipfile.ZipFile(exported["packages"][0]).read(member):
        return
    assert isinstance(result, PackageRefused)
    assert digest(province) == before
