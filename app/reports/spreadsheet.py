"""Documents' tables as XLSX (openpyxl: a header row, typed cells, widths, frozen header;
one sheet per table) and as CSV (UTF-8 with BOM, so Excel on Windows shows Vietnamese).

Text a user typed that begins like a formula (=, +, -, @, tab, CR) is written as text with
a leading apostrophe, so that a spreadsheet program never runs it."""

import csv
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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


def write_xlsx(document: Document, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for number, table in enumerate(document.tables(), start=1):
        sheet = workbook.create_sheet(_sheet_name(table, number, used))
        sheet.append([column.header for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E6E6E6")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
        for row in rows:
            sheet.append([_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            for cell in sheet[letter][1:]:
                if column.kind == "date" and isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif column.kind == "percent":
                    cell.number_format = "0%"
                elif column.kind == "number":
                    cell.number_format = "#,##0"
            longest = max(
                [len(str(column.header))] + [len(str(r[index - 1] or "")) for r in rows[:500]]
            )
            sheet.column_dimensions[letter].width = min(max(8, longest + 2), 60)
        if table.totals is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    if not workbook.worksheets:
        workbook.create_sheet(_sheet_name(Table([], [], sheet=document.title), 1, used))
    workbook.properties.title = document.title
    workbook.properties.creator = "Sổ Đồn"
    workbook.save(path)


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
                    else v.strftime("%d/%m/%Y")
                    if isinstance(v, date)
                    else safe_text(v)
                    if isinstance(v, str)
                    else v
                    for v in row
                ]
            )


def _sheet_name(table: Table, number: int, used: set[str]) -> str:
    name = _SHEET_BAD.sub(" ", table.sheet or table.caption or f"Sheet {number}")[:31].strip()
    name = name.strip("'") or f"Sheet {number}"
    candidate, serial = name, 2
    while candidate in used:
        suffix = f" ({serial})"
        candidate, serial = name[: 31 - len(suffix)] + suffix, serial + 1
    used.add(candidate)
    return candidate
