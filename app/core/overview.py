"""What a book holds at a glance: the numbers the overview page and `sodon` show."""

from dataclasses import dataclass
from datetime import date, datetime

from app.core.records import key_range


@dataclass(frozen=True)
class Summary:
    activities: int
    activities_this_month: int
    audience_this_month: int
    cabinets: int
    titles: int
    copies: int
    open_loans: int
    overdue_loans: int
    courses: int
    people: int
    sessions_this_month: int
    last_backup: datetime | None


def summary(book, *, today: date | None = None) -> Summary:
    today = today or date.today()
    first, last = key_range(today.replace(day=1), today)

    def one(sql: str, *params) -> int:
        return book.db.execute(sql, params).fetchone()[0] or 0

    backups = book.list_backups()
    return Summary(
        activities=one("SELECT count(*) FROM activity WHERE deleted_at IS NULL"),
        activities_this_month=one(
            "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND n BETWEEN ? AND ?",
            first,
            last,
        ),
        audience_this_month=one(
            "SELECT sum(audience_total) FROM activity WHERE deleted_at IS NULL "
            "AND n BETWEEN ? AND ?",
            first,
            last,
        ),
        cabinets=one("SELECT count(*) FROM cabinet WHERE deleted_at IS NULL"),
        titles=one("SELECT count(*) FROM title WHERE deleted_at IS NULL"),
        copies=one("SELECT sum(quantity) FROM movement WHERE deleted_at IS NULL"),
        open_loans=one(
            "SELECT count(*) FROM loan WHERE deleted_at IS NULL AND returned_on IS NULL"
        ),
        overdue_loans=one(
            "SELECT count(*) FROM loan WHERE deleted_at IS NULL "
            "AND returned_on IS NULL AND due_on < ?",
            today.isoformat(),
        ),
        courses=one("SELECT count(*) FROM course WHERE deleted_at IS NULL"),
        people=one("SELECT count(*) FROM person WHERE deleted_at IS NULL"),
        sessions_this_month=one(
            "SELECT count(*) FROM session WHERE deleted_at IS NULL AND date BETWEEN ? AND ?",
            today.replace(day=1).isoformat(),
            today.isoformat(),
        ),
        last_backup=backups[0].made if backups else None,
    )
