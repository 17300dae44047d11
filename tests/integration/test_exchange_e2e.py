"""Three posts and their provincial office, every step run as `sodon` processes."""

import hashlib
import json
import re
import shutil
import sqlite3

import pytest
from openpyxl import load_workbook

from app.core.book import Book
from app.core.outreach import Activity

POSTS = {
    "LC01": "Đồn Biên phòng Lũng Cú",
    "LS02": "Đồn Biên phòng Lý Sơn",
    "VX03": "Đồn Biên phòng Vĩnh Xương",
}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from tests.conftest import run_sodon as sodon

    folder = tmp_path_factory.mktemp("exchange")
    usb = folder / "usb"
    for code, name in POSTS.items():
        book = folder / f"{code}.sqlite"
        sodon("init", "--post-code", code, "--post-name", name, book=book, check=True)
        sodon("demo", "--months", "3", book=book, check=True)
        listed = json.loads(
            sodon("month", "list", "--format", "json", book=book, check=True).stdout
        )
        approved = sorted(p["month"] for p in listed if p["state"] == "approved")
        assert len(approved) == 2  # a three-month demo: the two months before this one
        for month in approved:
            sodon("export", "--month", month, "--out", str(usb), book=book, check=True)
    province = folder / "province.sqlite"
    sodon(
        "init",
        "--post-code",
        "BCH-TQ",
        "--post-name",
        "Bộ Chỉ huy BĐBP tỉnh Tuyên Quang",
        "--province",
        book=province,
        check=True,
    )
    for code, name in POSTS.items():
        sodon("post", "add", "--code", code, "--name", name, book=province, check=True)
    return {"folder": folder, "usb": usb, "province": province, "sodon": sodon}


def exported_months(folder, code, year: str = ""):
    """The months of a post's packages (of one year, if given)."""
    return sorted(
        month
        for month in (p.name.split("_")[1] for p in (folder / "usb").glob(f"{code}_*.sodon"))
        if month.startswith(year)
    )


def report_year(folder) -> str:
    """The year of the latest package: the demo's months come from the program's clock."""
    return max(month for code in POSTS for month in exported_months(folder, code))[:4]


def test_the_province_imports_every_package_once(office):
    sodon, province = office["sodon"], office["province"]
    packages = sorted(str(p) for p in office["usb"].glob("*.sodon"))
    assert len(packages) >= 6
    first = sodon("import", *packages, book=province, check=True)
    assert first.stdout.count("đã nhập tháng") == len(packages)
    assert sodon("check", book=province).returncode == 0  # a province judged by its own rules
    before = digest(province)
    again = sodon("import", *packages, book=province, check=True)
    assert again.stdout.count("không có gì thay đổi") == len(packages)
    assert digest(province) == before

    year = report_year(office["folder"])
    matrix = json.loads(
        sodon(
            "report",
            "completeness",
            "--year",
            year,
            "--format",
            "json",
            book=province,
            check=True,
        ).stdout
    )
    assert {row["post"] for row in matrix} == set(POSTS)
    for row in matrix:
        sent = {
            m
            for m, cell in row["months"].items()
            if cell["status"] in ("on_time", "late", "correction")
        }
        assert sent == set(exported_months(office["folder"], row["post"], year))
        first = min(sent)
        assert all(
            cell["status"] == "not_started" for m, cell in row["months"].items() if m < first
        )

    lc01 = json.loads(
        sodon(
            "list",
            "activities",
            "--post",
            "lc01",
            "--limit",
            "0",
            "--format",
            "json",
            book=province,
            check=True,
        ).stdout
    )
    assert lc01 and {a["post_code"] for a in lc01} == {"LC01"}

    out = office["folder"] / "tong-hop.xlsx"
    sodon("report", "consolidated", "--year", year, "--out", str(out), book=province, check=True)
    sheet = load_workbook(out)["Theo đồn"]
    first = int(sheet.freeze_panes[1:])  # below the title block and the header
    rows = {r[0].split(" — ")[0]: r for r in sheet.iter_rows(min_row=first, values_only=True)}
    for code in POSTS:
        raw = sqlite3.connect(office["folder"] / f"{code}.sqlite")
        months = exported_months(office["folder"], code, year)
        count, audience = raw.execute(
            f"SELECT count(*), sum(audience_total) FROM activity WHERE deleted_at IS NULL AND "
            f"substr(date, 1, 7) IN ({', '.join('?' for _ in months)})",
            months,
        ).fetchone()
        received = raw.execute(
            f"SELECT coalesce(sum(quantity), 0) FROM movement WHERE kind = 'received' AND "
            f"deleted_at IS NULL AND substr(date, 1, 7) IN ({', '.join('?' for _ in months)})",
            months,
        ).fetchone()[0]
        assert (rows[code][1], rows[code][2], rows[code][6]) == (count, audience, received)
    totals = rows["Cộng"]
    assert totals[1] == sum(rows[c][1] for c in POSTS)


def copy_of(source, folder):
    """A copy of a book (with the post's key beside it, if any) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (source, source.with_name(f"{source.name}.key")):
        if path.exists():
            shutil.copyfile(path, folder / path.name)
    return folder / source.name


def test_a_correction_replaces_the_post_month_exactly(office, tmp_path):
    """On copies of the post's and the province's books, whatever the other tests did."""
    sodon, folder = office["sodon"], office["folder"]
    book = copy_of(folder / "LS02.sqlite", tmp_path / "post")
    province = copy_of(office["province"], tmp_path / "province")
    usb = tmp_path / "usb"
    month = exported_months(folder, "LS02")[-1]
    first = office["usb"] / f"LS02_{month}_1.sodon"
    sodon("import", str(first), book=province, check=True)  # sent before (or again: no change)
    sodon(
        "month",
        "unlock",
        "--month",
        month,
        "--reason",
        "Sửa số liệu ghi nhầm",
        book=book,
        env={"SODON_PIN": "0000"},
        check=True,
    )
    with Book.open(book, daily_backup=False) as post:
        removed = post.outreach.activities(month=month, limit=2)
        for row in removed:
            post.outreach.delete(row.id)
        kind = post.lookups.items("activity_kind")[0].id
        post.outreach.add(
            Activity(
                date=f"{month}-12",
                kind_id=kind,
                audience_total=7,
                title="Hội nghị bổ sung ở đặc khu Lý Sơn",
            )
        )
        expected = {a.id for a in post.outreach.activities(month=month, limit=None)}
    sodon("month", "close", "--month", month, book=book, check=True)
    sodon("month", "approve", "--month", month, book=book, env={"SODON_PIN": "0000"}, check=True)
    made = sodon("export", "--month", month, "--out", str(usb), book=book, check=True)
    assert f"LS02_{month}_2.sodon" in made.stdout
    result = sodon("import", str(usb / f"LS02_{month}_2.sodon"), book=province, check=True)
    assert "thay bản trước" in result.stdout
    with Book.open(province, readonly=True) as office_book:
        merged = {
            row[0]
            for row in office_book.db.execute(
                "SELECT id FROM activity WHERE post_code = 'LS02' AND substr(date, 1, 7) = ?",
                [month],
            )
        }
    assert merged == expected
    matrix = json.loads(
        sodon(
            "report",
            "completeness",
            "--year",
            month[:4],
            "--format",
            "json",
            book=province,
            check=True,
        ).stdout
    )
    ls02 = next(row for row in matrix if row["post"] == "LS02")
    assert ls02["months"][month] == {"status": "correction", "sequence": 2}
    older = sodon("import", str(first), book=province)
    assert older.returncode == 1 and "bản điều chỉnh mới hơn" in older.stderr


def test_records_of_an_approved_month_cannot_be_changed_from_the_command_line(office):
    sodon = office["sodon"]
    book = office["folder"] / "VX03.sqlite"
    approved = exported_months(office["folder"], "VX03")
    month = approved[0]
    before = digest(book)
    wrong = sodon("month", "approve", "--month", month, book=book, env={"SODON_PIN": "9999"})
    assert wrong.returncode == 1 and "đã được duyệt" in wrong.stderr
    # `sodon demo` adds records to the months ending today, the approved ones among them
    added = sodon("demo", "--months", "3", book=book)
    refused = re.search(r"Tháng (\d\d)/(\d{4}) đã được duyệt nên không sửa được", added.stderr)
    assert added.returncode == 1 and refused, added.stderr
    assert f"{refused[2]}-{refused[1]}" in approved
    unlocked = sodon(
        "month", "unlock", "--month", month, "--reason", "Sửa", book=book, env={"SODON_PIN": "0000"}
    )
    assert unlocked.returncode == 1 and "Lý do" in unlocked.stderr
    assert digest(book) == before  # not a record written
