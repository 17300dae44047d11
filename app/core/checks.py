"""`sodon check`: is the file sound, and do the records keep the book's rules?"""

import sqlite3
from datetime import date

from app.core.dates import format_date
from app.core.periods import month_name
from app.core.text import name_sort_key
from app.i18n import _

_FTS_TABLES = ("activity_fts", "movement_fts")


def problems(book) -> list[str]:
    """Every problem found, each a sentence for the user; an empty list means the book is sound."""
    found = _file_problems(book)
    if found:
        return found  # rules cannot be trusted on a damaged file
    # A provincial office holds only the months its posts have sent: stock that runs over
    # months it never received cannot be judged there, and a loan is checked only against
    # the months that brought its lending and its return.
    rules = (
        (_broken_transfers, _province_loans)
        if book.post.is_province
        else (_negative_stock, _broken_transfers, _loans_without_movements, _approved_too_early)
    )
    for rule in (*rules, _sessions_outside_courses, _audience_parts, _sort_keys, _own_post):
        found += rule(book.db)
    return found


def _file_problems(book) -> list[str]:
    db = book.db
    found = [
        _("File: {message}").format(message=row[0])
        for row in db.execute("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    for table, rowid, parent, _fkid in db.execute("PRAGMA foreign_key_check"):
        found.append(
            _("Record {rowid} of table {table} points to a missing {parent}.").format(
                rowid=rowid, table=table, parent=parent
            )
        )
    # The FTS5 integrity check is phrased as an INSERT, so it needs a writable handle; it
    # changes nothing, and the transaction is rolled back anyway.
    probe = sqlite3.connect(book.path, isolation_level=None)
    try:
        probe.execute("BEGIN")
        for table in _FTS_TABLES:
            try:
                probe.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError:
                found.append(
                    _("The search index {table} is out of step with the records.").format(
                        table=table
                    )
                )
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError:
        pass  # a read-only file: the search index cannot be probed, the rest was checked
    finally:
        probe.close()
    return found


def _negative_stock(db) -> list[str]:
    rows = db.execute("""
        WITH daily AS (
            SELECT cabinet_id, title_id, date, sum(quantity) AS q FROM movement
            WHERE deleted_at IS NULL GROUP BY cabinet_id, title_id, date),
        running AS (
            SELECT cabinet_id, title_id, date,
                   sum(q) OVER (PARTITION BY cabinet_id, title_id ORDER BY date) AS balance
            FROM daily)
        SELECT c.name, t.name, min(r.date), min(r.balance) FROM running r
        JOIN cabinet c ON c.id = r.cabinet_id JOIN title t ON t.id = r.title_id
        WHERE r.balance < 0 GROUP BY r.cabinet_id, r.title_id""")
    return [
        _("Stock of “{title}” in “{cabinet}” falls to {balance} on {date}.").format(
            title=title, cabinet=cabinet, balance=balance, date=format_date(day)
        )
        for cabinet, title, day, balance in rows
    ]


def _broken_transfers(db) -> list[str]:
    rows = db.execute("""
        SELECT transfer_id, min(date) FROM movement WHERE transfer_id IS NOT NULL
        GROUP BY transfer_id
        HAVING count(*) <> 2 OR sum(quantity) <> 0 OR sum(kind = 'transfer_out') <> 1
            OR count(DISTINCT deleted_at IS NULL) <> 1""")
    return [
        _("The transfer of {date} does not have one matching movement out and in.").format(
            date=format_date(day)
        )
        for _id, day in rows
    ]


def _loans_without_movements(db) -> list[str]:
    rows = db.execute("""
        SELECT l.borrower, l.lent_on FROM loan l WHERE l.deleted_at IS NULL AND (
            NOT EXISTS (SELECT 1 FROM movement m WHERE m.loan_id = l.id AND m.kind = 'lent'
                        AND m.quantity = -l.quantity AND m.deleted_at IS NULL)
            OR (l.returned_on IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM movement m WHERE m.loan_id = l.id AND m.kind = 'returned'
                AND m.quantity = l.quantity AND m.deleted_at IS NULL)))""")
    return [
        _("The loan to {borrower} of {date} does not match its movements of copies.").format(
            borrower=borrower, date=format_date(day)
        )
        for borrower, day in rows
    ]


def _province_loans(db) -> list[str]:
    rows = db.execute("""
        SELECT l.borrower, l.lent_on FROM loan l WHERE l.deleted_at IS NULL AND ((
            EXISTS (SELECT 1 FROM delivery d WHERE d.post_code = l.post_code
                    AND d.month = substr(l.lent_on, 1, 7))
            AND NOT EXISTS (SELECT 1 FROM movement m WHERE m.loan_id = l.id AND m.kind = 'lent'
                            AND m.quantity = -l.quantity AND m.deleted_at IS NULL)
        ) OR (
            l.returned_on IS NOT NULL
            AND EXISTS (SELECT 1 FROM delivery d WHERE d.post_code = l.post_code
                        AND d.month = substr(l.returned_on, 1, 7))
            AND NOT EXISTS (SELECT 1 FROM movement m WHERE m.loan_id = l.id
                            AND m.kind = 'returned' AND m.quantity = l.quantity
                            AND m.deleted_at IS NULL)))""")
    return [
        _("The loan to {borrower} of {date} does not match its movements of copies.").format(
            borrower=borrower, date=format_date(day)
        )
        for borrower, day in rows
    ]


def _approved_too_early(db) -> list[str]:
    """A month approved before it ended locks the records of days still to come."""
    current = date.today().isoformat()[:7]
    rows = db.execute(
        "SELECT month FROM period WHERE state = 'approved' AND month >= ? AND deleted_at IS NULL "
        "ORDER BY month",
        [current],
    )
    return [
        _(
            "{month} was approved before it ended, so its records are locked too early; the "
            "commander should unlock it (Month close page, or `sodon month unlock --month "
            "{code} --reason …`)."
        ).format(month=month_name(month), code=month)
        for (month,) in rows
    ]


def _sessions_outside_courses(db) -> list[str]:
    rows = db.execute("""
        SELECT c.title, s.date FROM session s JOIN course c ON c.id = s.course_id
        WHERE s.deleted_at IS NULL AND (s.date < c.start_date OR s.date > c.end_date)""")
    return [
        _("A session of “{course}” on {date} falls outside the course's dates.").format(
            course=course, date=format_date(day)
        )
        for course, day in rows
    ]


def _audience_parts(db) -> list[str]:
    rows = db.execute("""
        SELECT title, date FROM activity WHERE deleted_at IS NULL AND (
            audience_women > audience_total OR audience_ethnic > audience_total
            OR audience_foreign > audience_total)""")
    return [
        _(
            "The activity “{title}” of {date} counts more women, minorities or foreigners "
            "than its whole audience."
        ).format(title=title, date=format_date(day))
        for title, day in rows
    ]


def _sort_keys(db) -> list[str]:
    rows = db.execute("SELECT full_name, sort_key FROM person WHERE deleted_at IS NULL")
    return [
        _("{name} is not sorted by given name.").format(name=name)
        for name, key in rows
        if key != name_sort_key(name)
    ]


def _own_post(db) -> list[str]:
    count = db.execute("SELECT count(*) FROM post WHERE is_self = 1").fetchone()[0]
    if count != 1:
        return [
            _("The book must name exactly one post of its own; it names {count}.").format(
                count=count
            )
        ]
    return []
