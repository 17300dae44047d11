"""`sodon review add`, `sodon commendation add`, `sodon list reviews|commendations` and their
printed lists, run as processes on a real book."""

import csv
import io
import json

import pytest
from pypdf import PdfReader

from app.core.book import Book
from app.core.training import Person
from app.i18n import _


@pytest.fixture
def path(tmp_path, sodon):
    book = tmp_path / "sodon.sqlite"
    sodon("init", "--post-code", "LC01", "--post-name", "Đồn Biên phòng Lũng Cú", book=book)
    return book


def add_review(sodon, path, *more: str):
    return sodon(
        "review",
        "add",
        "--title",
        "Sơ kết 6 tháng đầu năm 2026",
        "--date",
        "05/07/2026",
        "--period-from",
        "01/01/2026",
        "--period-to",
        "30/06/2026",
        "--participants",
        "45",
        *more,
        book=path,
    )


def test_a_review_added_is_listed_as_a_table_csv_and_json(sodon, path):
    added = add_review(sodon, path, "--chaired-by", "Thượng tá Nguyễn Văn Hùng")
    assert added.returncode == 0, added.stderr
    table = sodon("list", "reviews", "--year", "2026", book=path, check=True).stdout
    assert "Sơ kết 6 tháng đầu năm 2026" in table and "05/07/2026" in table
    assert _("Interim review") in table and _("Post level") in table
    (row,) = json.loads(sodon("list", "reviews", "--format", "json", book=path).stdout)
    assert (row["kind"], row["level"], row["participants"], row["chaired_by"]) == (
        "interim",
        "post",
        45,
        "Thượng tá Nguyễn Văn Hùng",
    )
    rows = list(
        csv.DictReader(io.StringIO(sodon("list", "reviews", "--format", "csv", book=path).stdout))
    )
    assert rows[0]["period_to"] == "2026-06-30"
    other = sodon("list", "reviews", "--year", "2025", book=path, check=True).stdout
    assert "Sơ kết" not in other


def test_a_period_ending_before_it_begins_is_refused_and_nothing_is_written(sodon, path):
    refused = sodon(
        "review",
        "add",
        "--title",
        "Sơ kết",
        "--date",
        "05/07/2026",
        "--period-from",
        "01/07/2026",
        "--period-to",
        "30/06/2026",
        book=path,
    )
    assert refused.returncode == 1
    assert (
        _("must be on or after the start of the period ({date}).").format(date="01/07/2026")
        in refused.stderr
    )
    assert json.loads(sodon("list", "reviews", "--format", "json", book=path).stdout) == []


def test_a_commendation_names_a_person_of_the_book_and_the_review_it_came_from(sodon, path):
    with Book.open(path, daily_backup=False) as book:
        person_id = book.training.add_person(Person(full_name="Nguyễn Thị Thuỷ", birth_year=1990))
    add_review(sodon, path)
    (review,) = json.loads(sodon("list", "reviews", "--format", "json", book=path).stdout)
    added = sodon(
        "commendation",
        "add",
        "--person",
        "nguyen thi thuy",
        "--authority",
        "Bộ Chỉ huy BĐBP tỉnh Hà Giang",
        "--decision-number",
        "125/QĐ-BCH",
        "--decision-date",
        "08/07/2026",
        "--reason",
        "Hoàn thành xuất sắc nhiệm vụ",
        "--review",
        review["id"][:8],
        book=path,
    )
    assert added.returncode == 0, added.stderr
    (row,) = json.loads(
        sodon("list", "commendations", "--year", "2026", "--format", "json", book=path).stdout
    )
    assert (row["recipient"], row["person_id"], row["review_id"], row["form"]) == (
        "Nguyễn Thị Thuỷ",
        person_id,
        review["id"],
        "giay_khen",
    )
    table = sodon("list", "commendations", book=path, check=True).stdout
    assert "125/QĐ-BCH" in table and row["id"][:8] in table


def test_a_review_reference_that_names_nothing_is_refused(sodon, path):
    refused = sodon(
        "commendation",
        "add",
        "--recipient",
        "Trần Văn An",
        "--authority",
        "UBND tỉnh",
        "--decision-number",
        "1/QĐ",
        "--review",
        "abcd1234",
        book=path,
    )
    assert refused.returncode == 1 and "abcd1234" in refused.stderr
    assert "sodon list reviews" in refused.stderr


def test_year_applies_only_to_the_lists_of_a_year(sodon, path):
    refused = sodon("list", "people", "--year", "2026", book=path)
    assert refused.returncode == 1 and "--year" in refused.stderr


def test_the_commendations_of_a_year_are_written_as_pdf_and_csv(sodon, path, tmp_path):
    for name, kind in (("Đồn Biên phòng Lũng Cú", "collective"), ("Trần Văn An", "individual")):
        sodon(
            "commendation",
            "add",
            "--recipient-kind",
            kind,
            "--recipient",
            name,
            "--form",
            "bang_khen",
            "--authority",
            "UBND tỉnh Hà Giang",
            "--decision-number",
            "2031/QĐ-UBND",
            "--decision-date",
            "20/07/2026",
            book=path,
            check=True,
        )
    pdf = tmp_path / "khen-thuong.pdf"
    sodon("report", "commendations", "--year", "2026", "--out", str(pdf), book=path, check=True)
    text = PdfReader(pdf).pages[0].extract_text()
    assert _("Commendations of the year {year}").format(year=2026).upper() in text
    assert "Đồn Biên phòng Lũng Cú" in text and "2031/QĐ-UBND" in text
    sheet = tmp_path / "khen-thuong.csv"
    sodon("report", "commendations", "--year", "2026", "--out", str(sheet), book=path, check=True)
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Đồn Biên phòng Lũng Cú", "Trần Văn An"]
    reviews = tmp_path / "so-ket.pdf"
    add_review(sodon, path)
    sodon("report", "reviews", "--year", "2026", "--out", str(reviews), book=path, check=True)
    assert "Sơ kết 6 tháng đầu năm 2026" in PdfReader(reviews).pages[0].extract_text()
