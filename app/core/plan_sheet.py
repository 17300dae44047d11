"""The year's plan as a spreadsheet (posts × indicators) to fill in with Excel, and read back
with every cell checked.

Layout: B1 holds the year; row 2 the headings a user reads; row 3 the indicators' names
(`activities`, or `activities ND1` for one content), which is what is read back; from row 4
one row per post (code, name, its targets). An empty cell changes nothing.
"""

from pathlib import Path

from app.core.errors import ValidationError, writing_out
from app.core.plan import (
    CONTENTS,
    INDICATORS,
    MAX_TARGET,
    NATURAL_CONTENT,
    Target,
    indicator_label,
)
from app.core.validate import Fields
from app.i18n import N_, _

HEADING_ROW, KEY_ROW, FIRST_ROW = 2, 3, 4
POST_KEY, NAME_KEY = "post", "name"
MAX_MESSAGES = 40  # a wholly wrong file is not described cell by cell


def column_key(indicator: str, content: str) -> str:
    return f"{indicator} {content}" if content else indicator


def column_heading(indicator: str, content: str) -> str:
    label = indicator_label(indicator)
    return f"{label} — {content}" if content else label


def write_template(plan, year: int, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    grid = plan.grid(year)
    columns = [(indicator, "") for indicator in INDICATORS]
    columns += sorted(
        {(indicator, content) for _post, indicator, content in grid if content},
        key=lambda pair: (list(INDICATORS).index(pair[0]), CONTENTS.index(pair[1])),
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Plan {year}").format(year=year)
    sheet["A1"] = _("Year")
    sheet["B1"] = year
    sheet["A1"].font = sheet["B1"].font = Font(bold=True, size=13)
    sheet["C1"] = _(
        "Type each post's targets (whole numbers). An empty cell changes nothing. Do not change "
        "row 3: it names the indicators (add “ ND1” … for one plan content). Then: sodon plan "
        "load FILE"
    )
    sheet["C1"].font = Font(italic=True)
    sheet.append([_("Post code"), _("Post")] + [column_heading(*c) for c in columns])
    sheet.append([POST_KEY, NAME_KEY] + [column_key(*c) for c in columns])
    for cell in sheet[HEADING_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in sheet[KEY_ROW]:
        cell.font = Font(italic=True, color="666666", size=9)
    for code, name in plan.posts():
        sheet.append([code, name] + [grid.get((code, *c)) for c in columns])
    sheet.row_dimensions[HEADING_ROW].height = 45
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 34
    for index in range(3, len(columns) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 3)
    with writing_out():
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    return path


def read_sheet(plan, path: Path) -> list[Target]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ValidationError(
            {"file": _("There is no file at {path}.").format(path=path)}
        ) from None
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise ValidationError({"file": _not_a_plan(path)}) from error
    try:
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise ValidationError({"file": _not_a_plan(path)}) from error
    finally:
        workbook.close()
    return _targets(plan, path, rows)


def _not_a_plan(path: Path, why: str = "") -> str:
    text = _(
        "{name} is not a spreadsheet of the year's plan (.xlsx); make one with `sodon plan "
        "template --year YYYY --out FILE.xlsx`."
    ).format(name=path.name)
    return f"{text} {why}".strip()


def _cell(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column + 1)}{row}"


def _targets(plan, path: Path, rows: list[list]) -> list[Target]:
    def at(row: int, column: int):
        line = rows[row - 1] if row - 1 < len(rows) else []
        return line[column] if column < len(line) else None

    if str(at(KEY_ROW, 0) or "").strip().lower() != POST_KEY:
        raise ValidationError(
            {
                "file": _not_a_plan(
                    path, _("(Cell A3 should read “post”: row 3 names the indicators.)")
                )
            }
        )
    errors: dict[str, str] = {}
    f = Fields()
    year = f.integer("B1", at(1, 1), N_("Year"), minimum=2000, maximum=2100)
    if f.errors:
        errors["B1"] = _("Cell B1 (the year): {rule}").format(rule=f.errors["B1"])
    width = max(len(line) for line in rows)
    columns: dict[int, tuple[str, str]] = {}
    for column in range(2, width):
        key = " ".join(str(at(KEY_ROW, column) or "").split())
        if not key:
            continue
        indicator, _space, content = key.partition(" ")
        indicator, content = indicator.lower(), content.upper()
        where = _cell(KEY_ROW, column)
        if indicator not in INDICATORS or (content and content not in CONTENTS):
            errors[where] = _(
                "Cell {cell}: “{key}” does not name an indicator; use one of {names}, "
                "followed by a plan content ({codes}) if the target is for one."
            ).format(
                cell=where, key=key[:40], names=", ".join(INDICATORS), codes=", ".join(CONTENTS)
            )
        elif content and content != NATURAL_CONTENT.get(indicator, content):
            errors[where] = _(
                "Cell {cell}: {indicator} belong to {code} only; write “{key}” alone or “{key} "
                "{code}”."
            ).format(
                cell=where,
                indicator=indicator_label(indicator),
                code=NATURAL_CONTENT[indicator],
                key=indicator,
            )
        elif (indicator, content) in columns.values():
            errors[where] = _("Cell {cell}: the column “{key}” is there twice.").format(
                cell=where, key=key
            )
        else:
            columns[column] = (indicator, content)
    registered = dict(plan.posts())
    found, seen = [], {}
    for row in range(FIRST_ROW, len(rows) + 1):
        code = str(at(row, 0) or "").strip().upper()
        values = {column: at(row, column) for column in range(2, width)}
        if not code:
            if any(not _blank(v) for c, v in values.items() if c in columns):
                errors[_cell(row, 0)] = _(
                    "Cell {cell}: this row has targets but no post code."
                ).format(cell=_cell(row, 0))
            continue
        if code not in registered:
            errors[_cell(row, 0)] = _(
                "Cell {cell}: {code} is not a registered post (see `sodon post list`)."
            ).format(cell=_cell(row, 0), code=code[:20])
            continue
        if code in seen:
            errors[_cell(row, 0)] = _("Cell {cell}: {code} is on row {first} already.").format(
                cell=_cell(row, 0), code=code, first=seen[code]
            )
            continue
        seen[code] = row
        for column, value in values.items():
            if _blank(value):
                continue
            where = _cell(row, column)
            if column not in columns:
                if _cell(KEY_ROW, column) not in errors:
                    errors[where] = _(
                        "Cell {cell}: its column names no indicator in row 3."
                    ).format(cell=where)
                continue
            indicator, content = columns[column]
            check = Fields()
            number = check.integer("target", value, N_("Target"), minimum=1, maximum=MAX_TARGET)
            if check.errors:
                errors[where] = _("Cell {cell} ({post}, {what}): {rule}").format(
                    cell=where,
                    post=code,
                    what=column_heading(indicator, content),
                    rule=check.errors["target"],
                )
                continue
            found.append(Target(code, year, indicator, content, number))
    if errors:
        messages = list(errors.values())
        if len(messages) > MAX_MESSAGES:
            more = len(messages) - MAX_MESSAGES
            messages = [
                *messages[:MAX_MESSAGES],
                _("… and {count} more wrong cells.").format(count=more),
            ]
        raise ValidationError({str(i): m for i, m in enumerate(messages)})
    return found


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
