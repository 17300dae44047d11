"""The reports page: preview inside the program, print, save as PDF, XLSX or CSV."""

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from app.core.book import Book
from app.gui.tasks import Task
from tests.conftest import TODAY
from tests.gui.conftest import click
from tests.print_service import PRINTER


def reports_page(window):
    window.show_page("reports")
    return window.current()


def test_the_monthly_report_is_previewed_inside_the_program(window, qtbot):
    page = reports_page(window)
    page.choose("month")
    page.month.setCurrentIndex(page.month.findData("2026-10"))
    click(qtbot, page, "Xem trước")
    qtbot.waitUntil(lambda: page.pdf.status() == QPdfDocument.Status.Ready, timeout=20000)
    assert page.pdf.pageCount() >= 2
    assert "BÁO CÁO THÁNG" in page.pdf.getAllText(0).text()
    assert "trang" in page.status.text()


def test_a_sign_in_sheet_is_chosen_from_the_training_page_and_saved(
    window, qtbot, tmp_path, monkeypatch
):
    window.show_page("training")
    training = window.current()
    rows = training.courses.model.rows
    training.courses.view.selectRow(
        next(i for i, r in enumerate(rows) if r.start_date < TODAY.isoformat())
    )
    training.grid.setCurrentIndex(training.grid_model.index(0, 1))
    click(qtbot, training, "In danh sách ký tên…")
    page = window.current()
    assert page.key == "reports" and page.current_key() == "signin"
    assert page.session.currentData() == training.grid_model.sessions[1].id
    target = tmp_path / "danh-sach.pdf"
    monkeypatch.setattr(
        "app.gui.reports.QFileDialog.getSaveFileName", lambda *_args, **_kwargs: (str(target), "")
    )
    page.save_buttons[".pdf"].click()
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    text = PdfReader(target).pages[0].extract_text()
    assert "DANH SÁCH KÝ TÊN" in text
    assert not page.save_buttons[".xlsx"].isVisibleTo(page)  # a sign-in sheet is paper only


def test_the_outreach_log_is_saved_as_a_spreadsheet(window, qtbot, tmp_path, monkeypatch):
    page = reports_page(window)
    page.choose("outreach")
    page.month.setCurrentIndex(page.month.findData("2026-10"))
    target = tmp_path / "so-tuyen-truyen"  # the program adds .xlsx
    monkeypatch.setattr(
        "app.gui.reports.QFileDialog.getSaveFileName", lambda *_args, **_kwargs: (str(target), "")
    )
    page.save_buttons[".xlsx"].click()
    made = Path(f"{target}.xlsx")
    qtbot.waitUntil(lambda: made.exists(), timeout=20000)
    sheet = load_workbook(made).worksheets[0]
    header = int(sheet.freeze_panes[1:]) - 1  # below the title block
    assert sheet.cell(header, 1).value == "STT" and sheet.max_row > 10


def test_printing_sends_every_page_to_the_printer(window, qtbot, tmp_path, monkeypatch):
    page = reports_page(window)
    page.choose("overdue")
    printed = tmp_path / "printed.pdf"

    def printer() -> QPrinter:
        made = QPrinter(QPrinter.PrinterMode.HighResolution)
        made.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        made.setOutputFileName(str(printed))
        return made

    monkeypatch.setattr(page, "make_printer", printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QPrintDialog.DialogCode.Accepted)
    click(qtbot, page, "In…")  # not previewed yet: it is made first, then printed
    qtbot.waitUntil(lambda: printed.exists() and not Task.running, timeout=20000)
    assert len(PdfReader(printed).pages) == page.pdf.pageCount() >= 1


def test_a_long_course_title_shows_its_beginning_in_the_course_box(qtbot):
    from app.gui.widgets import LookupCombo

    title = "Bồi dưỡng kiến thức về biên giới cho người có uy tín năm 2026 (03/12/2026)"
    box = LookupCombo([("Khác", "a"), (title, "b")], empty="")
    qtbot.addWidget(box)
    box.resize(200, 30)
    box.show()
    box.setCurrentIndex(2)
    assert box.currentText() == title and box.lineEdit().cursorPosition() == 0


def test_a_sign_in_sheet_is_printed_from_the_reports_page(
    window, qtbot, monkeypatch, print_service
):
    page = reports_page(window)
    page.choose("signin")
    page.blank.setValue(120)  # several pages

    def printer() -> QPrinter:
        chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
        chosen.setPrinterName(PRINTER)
        chosen.setPrintRange(QPrinter.PrintRange.PageRange)
        chosen.setFromTo(2, 3)  # as typed in the dialog's "Pages" box
        return chosen

    monkeypatch.setattr(page, "make_printer", printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QPrintDialog.DialogCode.Accepted)
    click(qtbot, page, "In…")
    qtbot.waitUntil(lambda: "lệnh in" in page.status.text(), timeout=30000)
    assert page.pdf.pageCount() >= 4
    printed = print_service.printed(print_service.job_number(page.status.text()))
    pages = PdfReader(printed).pages
    assert len(pages) == 2
    printed.unlink()


PAINT = """
import resource, sys
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from app.gui.printing import paint

application = QApplication([])
document = QPdfDocument()
document.load(sys.argv[1])
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setResolution(1200)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(sys.argv[2])
assert paint(document, printer)
print(document.pageCount(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_painting_pages_for_a_printer_keeps_memory_small(demo_path, sodon, tmp_path):
    """Where no print service takes the PDF itself (Windows), pages are painted one by one at
    300 dpi, not at the printer's 1,200 dpi (about 500 MB a page)."""
    with Book.open(demo_path, readonly=True) as book:
        session = book.training.sessions(limit=1)[0].id
    made = tmp_path / "signin.pdf"
    sodon("print", "signin", "--session", session, "--blank", "200", "--out", str(made),
          book=demo_path, check=True)  # fmt: skip
    painted = tmp_path / "painted.pdf"
    done = subprocess.run(
        [sys.executable, "-c", PAINT, str(made), str(painted)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    pages, peak_kb = map(int, done.stdout.split())
    assert pages >= 10 and len(PdfReader(painted).pages) == pages
    assert peak_kb < 300 * 1024
