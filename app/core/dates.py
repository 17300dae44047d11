"""Dates as users type and read them (dd/mm/yyyy) and as the book stores them (ISO)."""

import calendar
import re
from datetime import UTC, date, datetime

from app.core.errors import ValidationError
from app.i18n import _

_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")

EARLIEST = date(1945, 1, 1)
LATEST = date(2099, 12, 31)


def parse_date(value: object) -> date:
    """A date from a `date`, "dd/mm/yyyy" or "yyyy-mm-dd"; ValueError with a message if not."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "")
        match = _DMY.match(text)
        iso = _ISO.match(text)
        try:
            if match:
                day = date(int(match[3]), int(match[2]), int(match[1]))
            elif iso:
                day = date(int(iso[1]), int(iso[2]), int(iso[3]))
            else:
                raise ValueError
        except ValueError:
            if not text.strip():
                raise ValueError(_("Enter a date as dd/mm/yyyy.")) from None
            raise ValueError(
                _("“{text}” is not a date: type it as dd/mm/yyyy, e.g. 25/03/2026.").format(
                    text=text.strip()[:40]
                )
            ) from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(
            _("The date must be between {first} and {last}.").format(
                first=format_date(EARLIEST), last=format_date(LATEST)
            )
        )
    return day


def format_date(value: date | str | None) -> str:
    """dd/mm/yyyy for a date or an ISO string; "" for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def parse_month(value: str) -> tuple[date, date]:
    """First and last day of a month given as YYYY-MM; ValueError with a message if not."""
    match = _MONTH.match(value or "")
    if match and 1 <= int(match[2]) <= 12 and 1945 <= int(match[1]) <= 2099:
        year, month = int(match[1]), int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(
        _("“{text}” is not a month: type it as YYYY-MM, e.g. 2026-03.").format(text=value)
    )


def month_end(day: date) -> date:
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def now_utc() -> str:
    """The current moment as stored in the book: UTC, ISO 8601, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def month_bounds(month: str) -> tuple[str, str]:
    """ISO first and last day of a YYYY-MM month; ValidationError on the `month` field if not."""
    try:
        first, last = parse_month(month)
    except ValueError as error:
        raise ValidationError({"month": str(error)}) from None
    return first.isoformat(), last.isoformat()
