"""Checking what a user typed, field by field, collecting one Vietnamese message per field."""

import re
from collections.abc import Callable, Mapping

from app.core.dates import parse_date
from app.core.errors import ValidationError
from app.core.text import clean
from app.i18n import _

MAX_TEXT = 500
MAX_NOTES = 5000
MAX_COUNT = 1_000_000
MAX_COPIES = MAX_COUNT  # copies of a title in one movement, loan or shipment
_NUMBER = re.compile(r"^-?(\d+|\d{1,3}([.,\s]\d{3})+)$")


class Fields:
    """Collects cleaned values and per-field messages; `done()` raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def error(self, name: str, label: str, message: str) -> None:
        self.errors.setdefault(name, f"{_(label)}: {message}")

    def text(
        self,
        name: str,
        value: object,
        label: str,
        *,
        required: bool = False,
        max_length: int = MAX_TEXT,
        multiline: bool = False,
    ) -> str:
        text = clean(value, multiline=multiline)
        if required and not text:
            self.error(name, label, _("this cannot be left empty."))
        elif len(text) > max_length:
            self.error(
                name,
                label,
                _("too long ({length} characters); shorten it to at most {limit}.").format(
                    length=len(text), limit=max_length
                ),
            )
        return text

    def integer(
        self,
        name: str,
        value: object,
        label: str,
        *,
        minimum: int = 0,
        maximum: int = MAX_COUNT,
        required: bool = True,
    ) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(name, label, _("type a number."))
            return None
        number = _whole_number(value)
        if number is None:
            self.error(name, label, _("type a whole number, e.g. 25."))
            return None
        if number < minimum:
            self.error(name, label, _("must be {minimum} or more.").format(minimum=minimum))
        elif number > maximum:
            self.error(name, label, _("must be at most {maximum:,}.").format(maximum=maximum))
        return number

    def date(self, name: str, value: object, label: str, *, required: bool = True) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(name, label, _("enter a date as dd/mm/yyyy."))
            return None
        try:
            return parse_date(value).isoformat()
        except ValueError as error:
            self.error(name, label, _lower_first(str(error)))
            return None

    def choice(
        self,
        name: str,
        value: object,
        label: str,
        choices: Mapping[str, str],
        *,
        required: bool = True,
    ) -> str:
        key = str(value or "")
        if not key and not required:
            return ""
        if key not in choices:
            self.error(
                name,
                label,
                _("choose one of: {choices}.").format(
                    choices=", ".join(_(v) for v in choices.values())
                ),
            )
        return key

    def existing(self, name: str, value: str, label: str, db, table: str) -> str:
        """The id of a record the user picked, which must still exist."""
        if not value:
            self.error(name, label, _("choose one from the list."))
            return ""
        found = db.execute(
            f"SELECT 1 FROM [{table}] WHERE id = ? AND deleted_at IS NULL", [value]
        ).fetchone()
        if not found:
            self.error(name, label, _("that choice is no longer in the list; choose another."))
        return value

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def errors_of(check: Callable[[], object]) -> dict[str, str]:
    """The field messages `check()` raises, or {} when what it checks may be saved."""
    try:
        check()
    except ValidationError as error:
        return error.errors
    return {}


def _whole_number(value: object) -> int | None:
    """An int from an int, a whole float, or text like "25", "1.200" or "1 200"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if not _NUMBER.match(text):
        return None
    return int(re.sub(r"[.,\s]", "", text))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
