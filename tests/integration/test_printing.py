"""Printing through a real print service: `sodon print … --printer NAME` hands the PDF to CUPS,
whose virtual PDF printer (cups-pdf) prints it; the job must arrive with every page and its
Vietnamese text (tests/print_service.py)."""

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader

from app.core.book import Book
from tests.print_service import PRINTER


def a_session(path: Path) -> str:
    with Book.open(path, readonly=True) as book:
        return book.training.sessions(limit=1)[0].id


def page_picture(pdf: Path, number: int, folder: Path) -> Image.Image:
    stem = folder / f"{pdf.stem}-{number}"
    pages = ["-f", str(number), "-l", str(number)]
    subprocess.run(["pdftoppm", "-r", "40", "-gray", *pages, "-singlefile", "-png", str(pdf), str(stem)],
                   check=True)  # fmt: skip
    return Image.open(f"{stem}.png").convert("L")


def difference(first: Image.Image, second: Image.Image) -> float:
    """Mean difference of two grey pictures of a page, 0 (same) to 255, blurred so that the
    printer's own smoothing of letters does not count."""
    blurred = [picture.filter(ImageFilter.GaussianBlur(2)) for picture in (first, second)]
    return ImageStat.Stat(ImageChops.difference(*blurred)).mean[0]


def test_a_sign_in_sheet_is_printed_whole_with_its_vietnamese_text(
    print_service, demo_path, sodon, tmp_path
):
    session = a_session(demo_path)
    listed = sodon("print", "printers", check=True)
    assert PRINTER in listed.stdout.split()
    made = tmp_path / "signin.pdf"
    sodon("print", "signin", "--session", session, "--blank", "120", "--out", str(made),
          book=demo_path, check=True)  # fmt: skip
    sent = sodon("print", "signin", "--session", session, "--blank", "120", "--printer",
                 PRINTER, book=demo_path, check=True)  # fmt: skip
    assert "Đã gửi tới máy in" in sent.stdout
    job = print_service.job_number(sent.stdout)
    printed = print_service.printed(job)
    pages = len(PdfReader(made).pages)
    assert pages >= 5
    received = print_service.received(job)
    assert len(PdfReader(received).pages) == pages
    text = subprocess.run(["pdftotext", str(received), "-"], capture_output=True, text=True)
    assert "DANH SÁCH KÝ TÊN" in text.stdout and "ĐỒN BIÊN PHÒNG LŨNG CÚ" in text.stdout
    # what came out of the printer: every page, each the page that was sent
    assert len(PdfReader(printed).pages) == pages
    for number, other in ((1, 2), (pages, pages - 1)):
        sent_page = page_picture(made, number, tmp_path)
        same = difference(sent_page, page_picture(printed, number, tmp_path))
        assert same < difference(sent_page, page_picture(printed, other, tmp_path)) / 3
    printed.unlink()


def test_printing_a_ten_page_document_stays_small_in_memory(print_service, demo_path, tmp_path):
    session = a_session(demo_path)
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stdout, done.stderr)\n"
    )
    env = {**os.environ, "SODON_DB": str(demo_path), "SODON_LANG": "vi"}
    env.pop("QT_QPA_PLATFORM")
    done = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "app", "print", "signin",
         "--session", session, "--blank", "200", "--printer", PRINTER],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    status, peak_kb = map(int, done.stdout.split("\n")[0].split())
    assert status == 0, done.stdout
    printed = print_service.printed(print_service.job_number(done.stdout))
    assert len(PdfReader(printed).pages) >= 10
    assert peak_kb < 300 * 1024
    printed.unlink()


def test_a_printer_that_is_not_there_is_named_with_those_that_are(print_service, demo_path, sodon):
    session = a_session(demo_path)
    refused = sodon("print", "signin", "--session", session, "--printer", "May in tang 2",
                    book=demo_path)  # fmt: skip
    assert refused.returncode == 1
    assert "Không có máy in tên “May in tang 2”" in refused.stderr and PRINTER in refused.stderr


def test_without_a_print_service_the_clerk_is_told_what_to_do(demo_path, sodon, tmp_path):
    session = a_session(demo_path)
    nothing = sodon("print", "signin", "--session", session, "--printer", "X", book=demo_path,
                    env={"CUPS_SERVER": str(tmp_path / "none.sock")})  # fmt: skip
    assert nothing.returncode == 1 and "Không kết nối được máy in nào" in nothing.stderr
    no_cups = sodon("print", "signin", "--session", session, "--printer", "X", book=demo_path,
                    env={"PATH": str(tmp_path)})  # fmt: skip
    assert no_cups.returncode == 1 and "chưa có dịch vụ in (CUPS)" in no_cups.stderr


def test_out_or_printer_one_of_the_two(demo_path, sodon, tmp_path):
    session = a_session(demo_path)
    neither = sodon("print", "signin", "--session", session, book=demo_path)
    both = sodon("print", "signin", "--session", session, "--out", str(tmp_path / "a.pdf"),
                 "--printer", PRINTER, book=demo_path)  # fmt: skip
    for refused in (neither, both):
        assert refused.returncode == 1 and "--out" in refused.stderr
    assert not (tmp_path / "a.pdf").exists()
