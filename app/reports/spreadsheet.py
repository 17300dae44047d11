"""Documents' tables as XLSX and as CSV.

XLSX (openpyxl), one sheet per table: a title block (issuing unit, post, title, month or
period), then a header row, typed cells, widths and a frozen header; each sheet prints fitted
to one page wide (landscape when wide), its header repeated on every page, "Trang x/y" in the
footer. CSV: UTF-8 with BOM (so Excel on Windows shows Vietnamese), dates as yyyy-mm-dd (a
spreadsheet set to another locale would read dd/mm/yyyy as month/day, or as text).

Text a user typed that begins like a formula (=, +, -, @, tab, CR) is written as text with
a leading apostrophe, so that a spreadsheet program never runs it."""

import csv
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.i18n import _
from app.reports.document import Document, Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: str) -> str:
    """Text that no spreadsheet program will read as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _value(value, kind: str):
    if value is None:
        return None
    if isinstance(value, str):
        return safe_text(value)
    return value


def write_xlsx(document: Document, path: Path, post=None) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for number, table in enumerate(document.tables(), start=1):
        sheet = workbook.create_sheet(_sheet_name(table, number, used))
        lines = _title_block(document, table, post)
        for line in lines:
            sheet.append([line])
        sheet.cell(row=lines.index(document.title) + 1, column=1).font = Font(bold=True, size=13)
        sheet.append([])
        header_row = len(lines) + 2
        sheet.append([column.header for column in table.columns])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E6E6E6")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
        for row in rows:
            sheet.append([_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
        widths = 0
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            for cell in sheet[letter][header_row:]:
                if column.kind == "date" and isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif column.kind == "percent":
                    cell.number_format = "0%"
                elif column.kind == "number":
                    cell.number_format = "#,##0"
            longest = max(
                [len(str(column.header))] + [len(str(r[index - 1] or "")) for r in rows[:500]]
            )
            width = min(max(8, longest + 2), 60)
            sheet.column_dimensions[letter].width = width
            widths += width
        if table.totals is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{header_row + 1}"
        _print_setup(sheet, header_row, landscape=document.landscape or widths > _PORTRAIT_WIDTH)
    if not workbook.worksheets:
        workbook.create_sheet(_sheet_name(Table([], [], sheet=document.title), 1, used))
    workbook.properties.title = document.title
    workbook.properties.creator = "Sổ Đồn"
    workbook.save(path)


# About what fits across an A4 page upright, in Excel's character widths.
_PORTRAIT_WIDTH = 95


def _title_block(document: Document, table: Table, post) -> list[str]:
    """The lines above a sheet's table: who issues it, the title, the month or period."""
    lines = []
    if post is not None:
        lines += [text for text in (post.parent_unit.upper(), post.name.upper()) if text]
    lines.append(document.title)
    if document.subtitle:
        lines.append(document.subtitle)
    if table.caption and table.caption != document.title:
        lines.append(table.caption)
    return lines


def _print_setup(sheet, header_row: int, *, landscape: bool) -> None:
    """Printed: fitted to one page wide, the header repeated, the page numbers below."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.print_options.horizontalCentered = True


def write_csv(document: Document, path: Path) -> None:
    """The document's first table (its main register) as CSV."""
    tables = document.tables()
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        if not tables:
            return
        table = tables[0]
        writer.writerow([column.header for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [
                    ""
                    if v is None
                    else v.isoformat()
                    if isinstance(v, date)
                    else safe_text(v)
                    if isinstance(v, str)
                    else v
                    for v in row
                ]
            )


def _sheet_name(table: Table, number: int, used: set[str]) -> str:
    """Excel's sheet names are at most 31 characters: cut between words, never inside one."""
    name = _SHEET_BAD.sub(" ", table.sheet or table.caption or f"Sheet {number}").strip()
    if len(name) > 31:
        name = name[:32].rsplit(" ", 1)[0] if " " in name[:32] else name[:31]
    name = name.strip("'") or f"Sheet {number}"
    candidate, serial = name, 2
    while candidate in used:
        suffix = f" ({serial})"
        candidate, serial = name[: 31 - len(suffix)] + suffix, serial + 1
    used.add(candidate)
    return candidate
