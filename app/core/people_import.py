"""Trainee lists from a spreadsheet (XLSX) or CSV: read, check and preview, then add to a
course in one transaction. People already in the book (same name and birth year) are not
added twice."""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from app.core.errors import ValidationError, disk_message
from app.core.text import fold
from app.core.training import Person
from app.core.validate import errors_of
from app.i18n import _

# Folded header → field. Vietnamese and English headings, as offices write them.
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "ten": "full_name",
    "full name": "full_name",
    "name": "full_name",
    "nam sinh": "birth_year",
    "năm sinh": "birth_year",
    "birth year": "birth_year",
    "year of birth": "birth_year",
    "gioi tinh": "gender",
    "gender": "gender",
    "sex": "gender",
    "dan toc": "ethnicity",
    "ethnicity": "ethnicity",
    "don vi": "unit",
    "co quan don vi": "unit",
    "unit": "unit",
    "chuc vu": "position",
    "position": "position",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "phone": "phone",
    "ghi chu": "notes",
    "notes": "notes",
}
GENDER_WORDS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
}
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    person: Person
    errors: dict[str, str] = field(default_factory=dict)
    existing_id: str = ""

    @property
    def status(self) -> str:
        return "error" if self.errors else "existing" if self.existing_id else "new"


def read_people(
    book, path: str | Path, progress: Callable[[int, int], None] | None = None
) -> list[ImportRow]:
    """Rows of a trainee list with, for each, its problems or the person it matches."""
    path = Path(path)
    try:
        table = _read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _read_csv(path)
    except OSError as error:
        raise ValidationError({"file": disk_message(error)}) from None
    except _NOT_A_LIST:
        raise ValidationError(
            {
                "file": _(
                    "{name} is not a list of people. Open the list in Excel or LibreOffice and "
                    "save it as .xlsx or .csv, with a heading row (Họ và tên, Năm sinh, …), "
                    "then try again."
                ).format(name=path.name)
            }
        ) from None
    header_at, columns = _find_header(table)
    rows = []
    for number, cells in enumerate(
        table[header_at + 1 : header_at + 1 + MAX_ROWS], start=header_at + 2
    ):
        if progress is not None:
            progress(number - header_at - 1, len(table) - header_at - 1)
        values = {name: _cell(cells, index) for name, index in columns.items()}
        if not any(values.values()):
            continue
        values["gender"] = GENDER_WORDS.get(
            fold(values.get("gender", "")).strip(), values.get("gender", "")
        )
        person = Person(**values)
        row = ImportRow(
            number, person, errors_of(lambda p=person: book.training.validate_person(p))
        )
        if not row.errors:
            year = int(person.birth_year) if str(person.birth_year or "").strip() else None
            same = book.training.find_people(person.full_name, year)
            row.existing_id = same[0].id if same else ""
        rows.append(row)
    return rows


def add_to_course(
    book, course_id: str, rows: list[ImportRow], progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Add the good rows to a course (new people created) in one transaction; returns
    (created, enrolled)."""
    created = enrolled = 0
    with book.records.transaction():
        for number, row in enumerate(rows, start=1):
            if progress is not None:
                progress(number, len(rows))
            if row.errors:
                continue
            person_id = row.existing_id or book.training.add_person(row.person)
            created += not row.existing_id
            book.training.enrol(course_id, person_id)
            enrolled += 1
    return created, enrolled


def _find_header(table: list[list[str]]) -> tuple[int, dict[str, int]]:
    for number, cells in enumerate(table[:20]):
        columns = {}
        for index, cell in enumerate(cells):
            name = HEADERS.get(" ".join(fold(str(cell or "")).replace(".", " ").split()))
            if name and name not in columns:
                columns[name] = index
        if "full_name" in columns:
            return number, columns
    raise ValidationError(
        {
            "file": _(
                "No heading “Họ và tên” (full name) was found in the first "
                "rows of the file; add a heading row and try again."
            )
        }
    )


def _cell(cells: list, index: int) -> str:
    value = cells[index] if index < len(cells) else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _read_xlsx(path: Path) -> list[list]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 20, values_only=True)]
    finally:
        workbook.close()


# What reading a file that is not a list of people (a backup, a picture, a damaged
# spreadsheet) may raise.
_NOT_A_LIST = (ValueError, KeyError, csv.Error, zipfile.BadZipFile, InvalidFileException)


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()[: 8 * 2**20]
    if b"\0" in raw[:65536]:  # a binary file (a backup, a picture): not text
        raise ValueError(path)
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))
