"""Printed documents read back: the Vietnamese text is there (NFC), the bundled font is
embedded, long tables repeat their header on every page; spreadsheets carry typed cells and
never a formula typed by a user."""

import csv
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from app.core.book import Book
from app.core.errors import ValidationError
from app.core.outreach import Activity
from app.core.text import name_sort_key
from app.core.training import Course, Person, Session
from app.exchange import province
from app.paths import resource
from app.reports import builders, consolidated, write
from app.reports.document import Chart, Column, Document, Table, Text
from app.reports.pdf import drawable
from app.reports.training_sheets import attendance_summary, signin_sheet
from tests.conftest import TODAY


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_fonts(path) -> set[str]:
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def course_with(book, people: int) -> str:
    """A course and one session with `people` trainees on its list; returns the session id."""
    training = book.training
    course_id = training.add_course(
        Course(
            title="Tập huấn kỹ năng tuyên truyền về biên giới",
            start_date="2026-03-10",
            end_date="2026-03-11",
            place="Hội trường Đồn",
        )
    )
    session_id = training.add_session(
        Session(course_id=course_id, date="2026-03-10", start_time="07:30", topic="Khai mạc")
    )
    families = ["Nguyễn", "Trần", "Đặng", "Lò", "Giàng", "Hoàng"]
    givens = ["An", "Bình", "Đức", "Thuỷ", "Dính", "Sính", "Mai", "Hà", "Dũng", "Yến"]
    for number in range(people):
        person_id = training.add_person(
            Person(
                full_name=f"{families[number % 6]} Văn {givens[(number * 7) % 10]}",
                birth_year=1960 + number % 40,
                unit="UBND xã Lũng Cú",
                position="Trưởng thôn",
            )
        )
        training.enrol(course_id, person_id)
    return session_id


@pytest.mark.parametrize("people", [1, 30, 300])
def test_a_sign_in_sheet_lists_everyone_in_order_with_a_header_on_every_page(
    book, tmp_path, people
):
    session_id = course_with(book, people)
    path = write(signin_sheet(book, session_id, blank=5), book.post, tmp_path / "signin.pdf")
    pages = pdf_text(path)
    assert len(pages) >= max(1, (people + 5) // 24)
    if people == 300:
        assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        if "Trưởng thôn" in text:  # a page of the list (the last may hold only signatures)
            assert "Họ và tên" in text and "Ký tên" in text  # the header repeats
        assert f"Trang {number}/{len(pages)}" in text
    whole = "\n".join(pages)
    assert unicodedata.is_normalized("NFC", whole)
    assert "DANH SÁCH KÝ TÊN" in whole and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in whole
    assert "Độc lập - Tự do - Hạnh phúc" in whole
    names = [p.full_name for p in book.training.people(limit=None)]
    positions = [whole.index(name) for name in dict.fromkeys(sorted(names, key=name_sort_key))]
    assert positions == sorted(positions)  # given-name order
    numbers = [int(line) for line in whole.splitlines() if line.strip().isdigit()]
    numbered = [number for number in numbers if number < 1000]  # not the years of birth
    assert numbered == list(range(1, people + 6))  # the blank lines are numbered on


def test_only_the_bundled_font_is_embedded(book, tmp_path):
    path = write(signin_sheet(book, course_with(book, 3)), book.post, tmp_path / "s.pdf")
    fonts = pdf_fonts(path)
    assert fonts and all("LiberationSerif" in font for font in fonts)
    assert not any(base in font for font in fonts for base in ("Helvetica", "Times", "Courier"))


def test_the_letterhead_carries_the_posts_details_and_signatures(book, tmp_path):
    book.update_post(
        parent_unit="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tuyên Quang",
        place="Lũng Cú",
        clerk="Đại úy Đinh Thị Thu Hà",
        commander="Trung tá Đoàn Văn Đông",
    )
    session_id = course_with(book, 2)
    text = " ".join(
        " ".join(
            pdf_text(write(signin_sheet(book, session_id), book.post, tmp_path / "s.pdf"))
        ).split()
    )
    assert "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH TUYÊN QUANG" in text
    assert "ĐỒN BIÊN PHÒNG LŨNG CÚ" in text
    assert "Lũng Cú, ngày 10 tháng 03 năm 2026" in text
    assert "NGƯỜI LẬP" in text and "ĐỒN TRƯỞNG" in text
    assert "Đại úy Đinh Thị Thu Hà" in text and "Trung tá Đoàn Văn Đông" in text


def test_the_attendance_summary_has_marks_totals_and_rates(demo_book, tmp_path):
    course = next(
        c for c in demo_book.training.courses(limit=None) if c.start_date < TODAY.isoformat()
    )
    document = attendance_summary(demo_book, course.id)
    grid = document.tables()[0]
    totals = {t.name: t for t in demo_book.training.person_totals(course_id=course.id)}
    for row in grid.rows:
        counted = totals[row[1]]
        assert row[-5:-1] == [counted.present, counted.late, counted.excused, counted.absent]
        assert row[-1] == pytest.approx(counted.rate)
    pdf = write(document, demo_book.post, tmp_path / "attendance.pdf")
    assert "TỔNG HỢP ĐIỂM DANH" in "".join(pdf_text(pdf))
    sheet = load_workbook(write(document, demo_book.post, tmp_path / "a.xlsx")).worksheets[0]
    first = data_row(sheet)
    assert sheet.cell(first, 1).value == 1 and isinstance(sheet.cell(first, 1).value, int)
    assert sheet.cell(first, sheet.max_column).number_format == "0%"


def test_the_outreach_log_totals_match_the_book(demo_book, tmp_path):
    month = "2026-10"
    document = builders.build(demo_book, "outreach", month)
    register = document.tables()[0]
    activities = demo_book.outreach.activities(month=month, limit=None)
    assert len(register.rows) == len(activities)
    assert register.totals[5] == sum(a.audience_total for a in activities)
    assert register.rows[0][1] == date(2026, 10, 1) or register.rows[0][1].month == 10
    by_kind = document.tables()[1]
    assert sum(r[1] for r in by_kind.rows) == len(activities)
    text = "".join(pdf_text(write(document, demo_book.post, tmp_path / "log.pdf")))
    assert "SỔ THEO DÕI HOẠT ĐỘNG TUYÊN TRUYỀN" in text


def test_the_monthly_report_measures_the_month_against_the_plan(demo_book, tmp_path):
    document = builders.build(demo_book, "month", "2026-10")
    plan = document.tables()[0]
    codes = [row[0].split(".")[0] for row in plan.rows]
    assert codes == ["ND1", "ND2", "ND3", "ND4", "ND5", "HT", "CK"]
    assert plan.totals[1] == demo_book.outreach.count(month="2026-10")
    path = write(document, demo_book.post, tmp_path / "month.pdf")
    text = "\n".join(pdf_text(path))
    assert "BÁO CÁO THÁNG" in text and "I. CÔNG TÁC TUYÊN TRUYỀN" in text
    assert all("LiberationSerif" in font for font in pdf_fonts(path))  # charts included
    assert "III. TẬP HUẤN" in text and "ĐỒN TRƯỞNG" in text


@pytest.mark.parametrize("which", ["inventory", "stocktake", "overdue"])
def test_the_book_cabinet_reports_are_made(demo_book, tmp_path, which):
    document = builders.build(demo_book, which, "2026-11")
    assert document.tables()
    pdf = write(document, demo_book.post, tmp_path / f"{which}.pdf")
    assert len(PdfReader(pdf).pages) >= 1


def test_the_stocktake_sheet_leaves_the_counted_column_empty(demo_book):
    document = builders.build(demo_book, "stocktake", "2026-09")  # none taken that month
    sheet = document.tables()[0]
    assert [c.header for c in sheet.columns][2:4] == ["Theo sổ", "Số đếm được"]
    assert all(row[3] is None for row in sheet.rows)


def test_spreadsheets_never_run_what_a_user_typed(book, tmp_path):
    kind = book.lookups.items("activity_kind")[0].id
    for title in ('=HYPERLINK("http://x","bấm")', "+1+1", "-2", "@SUM(A1)", "Bình thường"):
        book.outreach.add(Activity(date="2026-03-05", kind_id=kind, title=title, audience_total=3))
    document = builders.build(book, "outreach", "2026-03")
    sheet = load_workbook(write(document, book.post, tmp_path / "log.xlsx")).worksheets[0]
    first = data_row(sheet)
    cells = [sheet.cell(row, 4) for row in range(first, sheet.max_row)]
    assert all(cell.data_type == "s" for cell in cells)
    assert {c.value for c in cells} >= {
        '\'=HYPERLINK("http://x","bấm")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "Bình thường",
    }
    assert sheet.cell(first, 2).is_date and sheet.cell(first, 2).number_format == "DD/MM/YYYY"
    path = write(document, book.post, tmp_path / "log.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["STT", "Ngày", "Loại"]
    assert '\'=HYPERLINK("http://x","bấm")' in {row[3] for row in rows}
    assert rows[1][1] == "2026-03-05"  # ISO: no spreadsheet reads it as month/day


def test_an_unknown_file_type_is_refused(book, tmp_path):
    with pytest.raises(ValidationError, match=r"\.pdf, \.xlsx"):
        write(builders.build(book, "overdue", "2026-03"), book.post, tmp_path / "x.docx")
    assert not list(tmp_path.glob("x.docx*"))


def test_every_letter_and_mark_of_the_papers_is_in_the_embedded_font(demo_book, tmp_path):
    """A character the font lacks prints as nothing: the marks of the province's table (✓,
    ✗) are drawn with ones it has."""
    glyphs = TTFont("probe", str(resource("fonts/LiberationSerif-Regular.ttf"))).face.charToGlyph
    with Book.create(
        tmp_path / "tinh.sqlite", post_code="BCH-HG", post_name="Bộ Chỉ huy", province=True
    ) as office:
        documents = [
            consolidated.completeness(office, 2026),
            builders.build(demo_book, "month", "2026-10"),
        ]
    texts = [province.mark(status) for status in province.STATUSES]
    for document in documents:
        texts += [document.title, document.subtitle]
        for block in document.blocks:
            if isinstance(block, Text):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [c.header for c in block.columns]
                texts += [str(v) for row in block.rows for v in row if v is not None]
    missing = {char for text in texts for char in drawable(text) if ord(char) not in glyphs}
    assert "✓" in "".join(texts) and not missing


@pytest.mark.parametrize("bars", [30, 120])
@pytest.mark.parametrize("landscape", [False, True])
def test_a_chart_of_many_bars_fits_on_the_page(book, tmp_path, bars, landscape):
    """A province with many posts: the bars get thinner rather than the chart too tall."""
    labels = [f"Đồn {number:03d}" for number in range(bars)]
    document = Document(
        "Báo cáo tổng hợp",
        blocks=[Chart("Hoạt động theo đồn", labels, list(range(bars)))],
        landscape=landscape,
    )
    write(document, book.post, tmp_path / "chart.pdf")
    text = "".join(pdf_text(tmp_path / "chart.pdf"))
    assert all(label in text for label in labels)


def test_numbers_in_a_wide_table_are_never_broken_across_lines(book, tmp_path):
    """30 posts side by side: the numbers keep whole (a smaller font if need be)."""
    columns = [Column("Theo nội dung kế hoạch", 3.6)]
    columns += [Column(f"P{post:02d}", 0.9, "number") for post in range(1, 31)]
    columns += [Column("Cộng", 1.0, "number")]
    rows = [
        [f"ND{line}. Thông tin, truyền thông", *(9_000 + line * 97 + post for post in range(30))]
        for line in range(1, 6)
    ]
    for row in rows:
        row.append(sum(row[1:]))
    document = Document("Báo cáo tổng hợp", blocks=[Table(columns, rows)], landscape=True)
    write(document, book.post, tmp_path / "wide.pdf")
    words = set("".join(pdf_text(tmp_path / "wide.pdf")).split())
    assert {"Cộng", *(f"{value:,}".replace(",", ".") for row in rows for value in row[1:])} <= words


def data_row(sheet) -> int:
    """The first row of a sheet's table (below its title block and frozen header)."""
    return int(sheet.freeze_panes[1:])


def test_a_sheet_has_a_title_block_prints_one_page_wide_and_numbers_its_pages(demo_book, tmp_path):
    document = builders.build(demo_book, "outreach", "2026-10")
    workbook = load_workbook(write(document, demo_book.post, tmp_path / "log.xlsx"))
    sheet = workbook.worksheets[0]
    top = [sheet.cell(row, 1).value for row in range(1, data_row(sheet) - 2)]
    assert demo_book.post.name.upper() in top and document.title in top
    assert any("10/2026" in str(line) for line in top)
    header = data_row(sheet) - 1
    assert sheet.cell(header, 1).value == "STT"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"  # the log is wide
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    for name in workbook.sheetnames:
        assert len(name) <= 31 and name == name.strip()


def test_numbers_read_the_vietnamese_way_in_sentences_tables_and_charts(demo_book, tmp_path):
    from app.reports.pdf import number

    assert (number(4355), number(2.0), number(2.5)) == ("4.355", "2", "2,5")
    document = builders.build(demo_book, "outreach", "2026-10")
    total = demo_book.outreach.totals(month="2026-10", by="all")[0].audience
    assert total >= 1000
    text = " ".join(pdf_text(write(document, demo_book.post, tmp_path / "log.pdf")))
    assert f"{number(total)} lượt người nghe" in text or number(total) in text
    assert f"{total} " not in text.replace(number(total), "")


def test_lines_to_write_on_are_one_line_each_and_headings_stay_with_their_text(demo_book, tmp_path):
    from app.reports.pdf import _text

    heading = _text(Text("I. Công tác tuyên truyền", "heading"), 400)
    assert heading.style.keepWithNext
    pages = pdf_text(write(builders.build(demo_book, "month", "2026-10"), demo_book.post,
                           tmp_path / "m.pdf"))  # fmt: skip
    dotted = [line for page in pages for line in page.splitlines() if set(line.strip()) == {"."}]
    assert len(dotted) == 4


def every_document(book) -> list[Document]:
    course = next(c for c in book.training.courses(limit=None) if c.start_date < TODAY.isoformat())
    session = book.training.sessions(course_id=course.id, limit=1)[0]
    made = [builders.build(book, which, "2026-10") for which in builders.MONTHLY]
    return [*made, signin_sheet(book, session.id), attendance_summary(book, course.id)]


def test_every_sentence_and_caption_of_a_document_starts_with_a_capital(demo_book):
    starts = []
    for document in every_document(demo_book):
        for block in document.blocks:
            said = {Text: "text", Table: "caption", Chart: "title"}[type(block)]
            starts.append((document.title, getattr(block, said)))
        starts.append((document.title, document.subtitle))
    starts = [(title, text) for title, text in starts if text.strip(" .")]  # dotted lines
    assert len(starts) > 20
    lower = [(title, text) for title, text in starts if text.lstrip("-–•0123456789. ")[0].islower()]
    assert lower == []


def test_the_attendance_summary_marks_with_the_letters_of_the_grid_keys(demo_book):
    course = next(
        c for c in demo_book.training.courses(limit=None) if c.start_date < TODAY.isoformat()
    )
    document = attendance_summary(demo_book, course.id)
    marks = {cell for row in document.tables()[0].rows for cell in row[2:-5]}
    assert marks <= {"C", "M", "P", "K", ""} and "C" in marks
    legend = next(b.text for b in document.blocks if isinstance(b, Text))
    assert legend.startswith("Ký hiệu: C có mặt · M đi muộn · P vắng có phép · K vắng không phép")
