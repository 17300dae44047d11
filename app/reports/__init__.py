"""Printed documents and spreadsheets, free of Qt: builders make a Document from the book;
`write` turns it into PDF, XLSX or CSV by the file's extension."""

import os
from pathlib import Path

from app.core.errors import ValidationError, disk_message
from app.i18n import _
from app.reports.document import Document
from app.reports.pdf import write_pdf
from app.reports.spreadsheet import write_csv, write_xlsx

FORMATS = (".pdf", ".xlsx", ".csv")


def write(document: Document, post, path: str | Path) -> Path:
    """Write the document (PDF with `post`'s letterhead, or its tables as XLSX or CSV) to a
    temporary file, then put it in place: a failed write never leaves half a file."""
    path = Path(path)
    suffix = path.suffix.lower()
    writers = {
        ".pdf": lambda p: write_pdf(document, post, p),
        ".xlsx": lambda p: write_xlsx(document, p, post),
        ".csv": lambda p: write_csv(document, p),
    }
    if suffix not in writers:
        raise ValidationError(
            {
                "out": _("Save the document as .pdf, .xlsx or .csv (not “{suffix}”).").format(
                    suffix=suffix or path.name
                )
            }
        )
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writers[suffix](partial)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ValidationError({"out": disk_message(error)}) from error
    return path
