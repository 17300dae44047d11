"""Reviews and commendations: their rules, lists, references, the month lock, the provincial
office's own records beside the posts' (read-only), and their printed lists."""

import csv
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.book import Book
from app.core.dates import format_date
from app.core.errors import RecordNotFound, ValidationError
from app.core.reviews import (
    Commendation,
    Review,
    commendation_fields,
    review_fields,
)
from app.core.training import Person
from app.core.validate import Fields
from app.i18n import _
from app.reports import write
from app.reports.reviews import commendation_list, review_list
from tests.packages import new_province


def interim(**changes) -> Review:
    values = {
        "date": "2026-07-05",
        "kind": "interim",
        "level": "post",
        "title": "Sơ kết 6 tháng đầu năm 2026",
        "period_from": "2026-01-01",
        "period_to": "2026-06-30",
        "participants": 45,
        "chaired_by": "Thượng tá Nguyễn Văn Hùng",
    }
    return Review(**{**values, **changes})


def merit(**changes) -> Commendation:
    values = {
        "recipient_kind": "individual",
        "recipient": "Trần Văn An",
        "form": "giay_khen",
        "authority": "Bộ Chỉ huy BĐBP tỉnh Hà Giang",
        "decision_number": "125/QĐ-BCH",
        "decision_date": "2026-07-08",
        "reason": "Hoàn thành xuất sắc nhiệm vụ tuyên truyền",
    }
    return Commendation(**{**values, **changes})


def refused(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.errors


# Reviews -------------------------------------------------------------------------------------


def test_a_review_is_listed_searched_without_accents_and_kept_to_its_year(book):
    reviews = book.reviews
    first = reviews.add_review(interim())
    reviews.add_review(
        interim(
            date="2025-12-18",
            kind="final",
            level="province",
            title="Tổng kết Chương trình phối hợp 2021-2025",
            period_from="2021-01-01",
            period_to="2025-12-31",
            participants=120,
        )
    )
    assert [r.title for r in reviews.reviews()] == [
        "Sơ kết 6 tháng đầu năm 2026",
        "Tổng kết Chương trình phối hợp 2021-2025",
    ]
    (row,) = reviews.reviews(year=2026)
    assert (row.id, row.kind, row.level, row.participants, row.commendations) == (
        first,
        "interim",
        "post",
        45,
        0,
    )
    assert [r.title for r in reviews.reviews(search="tong ket phoi hop")] == [
        "Tổng kết Chương trình phối hợp 2021-2025"
    ]
    years = reviews.years()
    assert {2025, 2026, date.today().year} == set(years) and years == sorted(years, reverse=True)


def test_a_period_that_ends_before_it_begins_is_refused(book):
    errors = refused(lambda: book.reviews.add_review(interim(period_to="2025-12-31")))
    assert errors["period_to"].endswith(
        _("must be on or after the start of the period ({date}).").format(date="01/01/2026")
    )
    assert book.reviews.reviews() == []


def test_a_review_held_before_its_period_begins_is_refused(book):
    errors = refused(lambda: book.reviews.add_review(interim(date="2025-12-20")))
    assert errors["date"].endswith(
        _("a review is held after the start of the period it covers ({date}).").format(
            date="01/01/2026"
        )
    )


def test_a_review_needs_its_title_a_known_kind_and_level_and_no_negative_participants(book):
    errors = refused(
        lambda: book.reviews.add_review(
            interim(title=" ", kind="annual", level="commune", participants=-3)
        )
    )
    assert set(errors) == {"title", "kind", "level", "participants"}


def test_review_fields_read_a_received_row_as_the_package_import_does(book):
    row = SimpleNamespace(
        id="x",
        post_code="LC01",
        date="2026-07-05",
        kind="final",
        level="district",
        title="  Tổng kết  năm 2026 ",
        period_from="2026-01-01",
        period_to="2026-06-30",
        participants=12,
        chaired_by="",
        notes="",
        search_text="",
    )
    f = Fields()
    values = review_fields(f, row)
    assert not f.errors
    assert values["title"] == "Tổng kết năm 2026" and values["kind"] == "final"
    f = Fields()
    review_fields(f, SimpleNamespace(**{**row.__dict__, "period_to": "2025-01-01"}))
    assert set(f.errors) == {"period_to"}


# Commendations -------------------------------------------------------------------------------


def test_a_person_of_the_book_is_the_recipient_when_no_name_is_typed(book):
    person_id = book.training.add_person(Person(full_name="Nguyễn Thị Thuỷ", birth_year=1990))
    review_id = book.reviews.add_review(interim())
    made = book.reviews.add_commendation(
        merit(recipient="", person_id=person_id, review_id=review_id)
    )
    row = book.reviews.commendation_row(made)
    assert (row.recipient, row.person, row.review) == (
        "Nguyễn Thị Thuỷ",
        "Nguyễn Thị Thuỷ",
        "Sơ kết 6 tháng đầu năm 2026",
    )
    assert book.reviews.review_row(review_id).commendations == 1
    assert [r.id for r in book.reviews.commendations(review=review_id)] == [made]
    assert [r.id for r in book.reviews.commendations(search="thuy so ket")] == [made]


def test_a_person_is_linked_only_to_an_individual(book):
    person_id = book.training.add_person(Person(full_name="Nguyễn Thị Thuỷ"))
    errors = refused(
        lambda: book.reviews.add_commendation(
            merit(recipient_kind="collective", recipient="Đồn Lũng Cú", person_id=person_id)
        )
    )
    assert errors["person_id"].endswith(
        _("a person is linked only to a commendation of an individual.")
    )


def test_a_commendation_needs_a_decision_number_an_authority_a_recipient_and_a_form(book):
    errors = refused(
        lambda: book.reviews.add_commendation(
            merit(decision_number="", authority="", recipient="", form="medal")
        )
    )
    assert set(errors) == {"decision_number", "authority", "recipient", "form"}
    errors = refused(lambda: book.reviews.add_commendation(merit(review_id="no-such-review")))
    assert set(errors) == {"review_id"}


def test_commendation_fields_take_a_received_rows_missing_links_as_none():
    f = Fields()
    values = commendation_fields(
        f, SimpleNamespace(**{**merit().__dict__, "person_id": None, "review_id": None})
    )
    assert not f.errors
    assert values["person_id"] is None and values["review_id"] is None


def test_commendations_list_collectives_first_then_people_by_given_name(book):
    for name in ("Nguyễn Thị Bình", "Trần Văn An"):
        book.reviews.add_commendation(merit(recipient=name))
    book.reviews.add_commendation(
        merit(recipient_kind="collective", recipient="Đồn Biên phòng Lũng Cú", form="bang_khen")
    )
    assert [r.recipient for r in book.reviews.commendations()] == [
        "Đồn Biên phòng Lũng Cú",
        "Trần Văn An",
        "Nguyễn Thị Bình",
    ]
    assert [r.recipient for r in book.reviews.commendations(search="bang khen")] == [
        "Đồn Biên phòng Lũng Cú"
    ]


def test_renaming_a_review_refreshes_what_finds_its_commendations(book):
    review_id = book.reviews.add_review(interim())
    book.reviews.add_commendation(merit(review_id=review_id))
    review = book.reviews.get_review(review_id)
    review.title = "Hội nghị sơ kết thông tin đối ngoại"
    book.reviews.update_review(review)
    assert len(book.reviews.commendations(search="doi ngoai")) == 1


def test_a_review_with_commendations_is_not_deleted_and_says_which(book):
    review_id = book.reviews.add_review(interim())
    made = book.reviews.add_commendation(merit(review_id=review_id))
    errors = refused(lambda: book.reviews.delete_review(review_id))
    assert "125/QĐ-BCH" in errors["review"] and "Trần Văn An" in errors["review"]
    book.reviews.delete_commendation(made)
    book.reviews.delete_review(review_id)
    assert book.reviews.reviews() == []
    errors = refused(lambda: book.reviews.restore_commendation(made))
    assert set(errors) == {"review_id"}
    book.reviews.restore_review(review_id)
    book.reviews.restore_commendation(made)
    assert book.reviews.review_row(review_id).commendations == 1


def test_reviews_and_commendations_are_found_by_their_short_reference(book):
    review_id = book.reviews.add_review(interim())
    made = book.reviews.add_commendation(merit())
    assert book.reviews.find("review", review_id[:8]) == review_id
    assert book.reviews.find("commendation", made[:6].upper()) == made
    with pytest.raises(RecordNotFound):
        book.reviews.find("review", made[:8])
    person_id = book.training.add_person(Person(full_name="Nguyễn Thị Thuỷ"))
    assert book.reviews.find_person("nguyen thi thuy") == person_id
    with pytest.raises(RecordNotFound):
        book.reviews.find_person("Lê Văn Tám")


def test_an_approved_month_locks_its_reviews_and_commendations(demo_book):
    month = max(demo_book.periods.approved_months())
    day = f"{month}-10"
    errors = refused(
        lambda: demo_book.reviews.add_review(
            interim(date=day, period_from=f"{month}-01", period_to=day)
        )
    )
    assert set(errors) == {"date"}
    errors = refused(lambda: demo_book.reviews.add_commendation(merit(decision_date=day)))
    assert set(errors) == {"decision_date"}


# The provincial office ----------------------------------------------------------------------


@pytest.fixture
def province(tmp_path):
    path = new_province(tmp_path / "tinh.sqlite", "LC01")
    with Book.open(path, daily_backup=False) as book:
        yield book


def a_posts_review(book) -> str:
    """A review as a post's package brings it (written as the import writes it)."""
    book.db.execute(
        "INSERT INTO review (id, post_code, date, kind, level, title, period_from, period_to, "
        "participants, search_text, created_at, updated_at) VALUES ('0000aaaa-post', 'LC01', "
        "'2026-07-05', 'interim', 'post', 'Sơ kết của Đồn Lũng Cú', '2026-01-01', "
        "'2026-06-30', 30, 'so ket cua don lung cu', '2026-07-06', '2026-07-06')"
    )
    return "0000aaaa-post"


def test_the_province_records_its_own_and_reads_the_posts(province):
    theirs = a_posts_review(province)
    ours = province.reviews.add_review(interim(level="province", title="Sơ kết của tỉnh"))
    assert {r.post_code for r in province.reviews.reviews()} == {"LC01", "BCH-HG"}
    assert [r.id for r in province.reviews.reviews(post="LC01")] == [theirs]
    made = province.reviews.add_commendation(merit(review_id=ours))
    assert province.reviews.commendation_row(made).post_code == "BCH-HG"
    for change in (
        lambda: province.reviews.update_review(interim(id=theirs)),
        lambda: province.reviews.delete_review(theirs),
    ):
        errors = refused(change)
        assert "LC01" in errors["post"]
    assert province.reviews.review_row(theirs).title == "Sơ kết của Đồn Lũng Cú"
    errors = refused(lambda: province.reviews.add_commendation(merit(review_id=theirs)))
    assert set(errors) == {"review_id"}


# The printed lists ---------------------------------------------------------------------------


def test_the_commendations_of_a_year_are_printed_in_the_administrative_layout(book, tmp_path):
    review_id = book.reviews.add_review(interim())
    book.reviews.add_commendation(merit(review_id=review_id))
    book.reviews.add_commendation(
        merit(
            recipient_kind="collective",
            recipient="Đồn Biên phòng Lũng Cú",
            form="bang_khen",
            authority="UBND tỉnh Hà Giang",
            decision_number="2031/QĐ-UBND",
            decision_date="2026-07-20",
        )
    )
    book.reviews.add_commendation(merit(decision_date="2025-03-01", decision_number="9/QĐ"))
    document = commendation_list(book, 2026)
    assert document.title == _("Commendations of the year {year}").format(year=2026)
    (table,) = document.tables()
    assert [row[1] for row in table.rows] == ["Trần Văn An", "Đồn Biên phòng Lũng Cú"]
    pdf = write(document, book.post, tmp_path / "khen-thuong.pdf")
    text = PdfReader(pdf).pages[0].extract_text()
    assert document.title.upper() in text and "2031/QĐ-UBND" in text
    assert book.post.name.upper() in text
    sheet = write(document, book.post, tmp_path / "khen-thuong.xlsx")
    assert "Đồn Biên phòng Lũng Cú" in [
        c.value for row in load_workbook(sheet).active.iter_rows() for c in row
    ]
    written = write(document, book.post, tmp_path / "khen-thuong.csv")
    rows = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[5] for r in rows[1:]] == ["2026-07-08", "2026-07-20"]
    assert document.subtitle == _("Decisions from {first} to {last}").format(
        first=format_date("2026-07-08"), last=format_date("2026-07-20")
    )


def test_commendations_decided_on_one_day_name_that_day(book):
    book.reviews.add_commendation(merit())
    book.reviews.add_commendation(merit(recipient="Lò Thị Mai"))
    assert commendation_list(book, 2026).subtitle == _("Decided on {day}").format(
        day=format_date("2026-07-08")
    )


def test_the_reviews_of_a_year_add_up_their_participants(book, tmp_path):
    book.reviews.add_review(interim())
    book.reviews.add_review(
        interim(date="2026-12-20", kind="final", title="Tổng kết năm 2026", participants=80)
    )
    document = review_list(book, 2026)
    (table,) = document.tables()
    assert [row[4] for row in table.rows] == ["Sơ kết 6 tháng đầu năm 2026", "Tổng kết năm 2026"]
    assert table.totals[7] == 125 and table.totals[9] == 0
    assert document.day == min(date(2026, 12, 31), date.today())
    pdf = write(document, book.post, tmp_path / "so-ket.pdf")
    assert format_date("2026-12-20") in PdfReader(pdf).pages[0].extract_text()
    assert review_list(book, 2024).tables()[0].rows == []


def test_the_province_lists_name_the_post_of_each_record(province):
    a_posts_review(province)
    province.reviews.add_review(interim(level="province", title="Sơ kết của tỉnh"))
    (table,) = review_list(province, 2026).tables()
    assert sorted(row[1] for row in table.rows) == ["BCH-HG", "LC01"]
