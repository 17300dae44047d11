"""Printing a made PDF after the system's print dialog: to the print service as the PDF itself
(CUPS), to a PDF file ("Print to file"), or, where there is no print service to hand a PDF
to (Windows), painted page by page at a resolution a printed page needs."""

import shutil
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.core.errors import writing_out
from app.reports import printing

# Dots per inch of a painted page: sharp text and lines on paper, a 35 MB picture of an A4
# page (at a printer's own 1,200 dpi it would be 500 MB).
PAINT_DPI = 300


def how(printer: QPrinter) -> str:
    """ "file", "service" or "paint": how a document reaches the printer chosen in the dialog."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return "file"
    return "service" if printing.available() else "paint"


def to_file(pdf: Path, printer: QPrinter) -> Path:
    """ "Print to file": the made PDF is that file."""
    target = Path(printer.outputFileName())
    with writing_out():
        shutil.copyfile(pdf, target)
    return target


def service_options(printer: QPrinter) -> dict:
    """What the dialog left in `printer` (its name, copies, pages and sides), read on the GUI
    thread for `printing.send` to use in a worker."""
    ranged = printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0
    return {
        "printer": printer.printerName() or None,
        "copies": max(printer.copyCount(), 1),
        "pages": (printer.fromPage(), printer.toPage()) if ranged else None,
        "two_sided": printer.duplex() != QPrinter.DuplexMode.DuplexNone,
    }


def paint(document: QPdfDocument, printer: QPrinter) -> bool:
    """Paint every page, one at a time, each rendered at no more than PAINT_DPI; False if the
    printer could not be started."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        scale = min(1.0, PAINT_DPI / max(printer.resolution(), 1))
        for number in range(document.pageCount()):
            if number:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            size = (
                document.pagePointSize(number)
                .scaled(area.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
                .toSize()
            )
            image = document.render(
                number, QSize(round(size.width() * scale), round(size.height() * scale))
            )
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
            del image  # before the next page is rendered
    finally:
        painter.end()
    return True
