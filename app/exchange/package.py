"""Exporting an approved month as `<POST>_<YYYY-MM>_<seq>.sodon`: a zip of data.sqlite (the
month's records and what they refer to), manifest.json (counts and SHA-256 of every member),
signature (Ed25519 over the manifest), report.pdf and report.xlsx (the monthly report).

The file is written under a temporary name, synced, then renamed: a USB stick pulled out
half way never leaves a file that looks whole."""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from app import __version__
from app.core.backups import sync_folder
from app.core.dates import month_bounds, now_utc
from app.core.errors import (
    PartlyDone,
    SodonError,
    ValidationError,
    disk_message,
    explain_sqlite_error,
    writing_out,
)
from app.core.periods import month_name
from app.core.records import key_range
from app.exchange import keys
from app.exchange.format import (
    DATA_APPLICATION_ID,
    FORMAT,
    MEMBERS,
    TABLES,
    create_statements,
    package_name,
)
from app.i18n import _
from app.reports import builders, write

Progress = Callable[[int, int], None]


def _scope(month: str) -> dict[str, tuple[str, list]]:
    """For each table, the rows of a post's month: a WHERE clause over alias `x`, and its
    parameters (`:post` is the post's code)."""
    first, last = month_bounds(month)
    low, high = key_range(first, last)
    sessions = (
        "SELECT id FROM session WHERE post_code = :post AND deleted_at IS NULL "
        "AND date BETWEEN :first AND :last"
    )
    courses = (
        f"SELECT course_id FROM session WHERE id IN ({sessions}) UNION "
        "SELECT id FROM course WHERE post_code = :post AND deleted_at IS NULL "
        "AND start_date <= :last AND end_date >= :first"
    )
    people = (
        f"SELECT person_id FROM enrolment WHERE deleted_at IS NULL AND course_id IN "
        f"({courses}) UNION SELECT person_id FROM attendance WHERE session_id IN ({sessions}) "
        "UNION SELECT person_id FROM commendation WHERE post_code = :post"
    )
    loans = (
        "SELECT id FROM loan WHERE post_code = :post AND deleted_at IS NULL "
        "AND (lent_on BETWEEN :first AND :last OR returned_on BETWEEN :first AND :last)"
    )
    stocktakes = (
        "SELECT id FROM stocktake WHERE post_code = :post AND deleted_at IS NULL "
        "AND date BETWEEN :first AND :last"
    )
    activities = (
        "SELECT id FROM activity WHERE post_code = :post AND deleted_at IS NULL "
        "AND n BETWEEN :low AND :high"
    )
    where = {
        "post": "x.is_self = 1",
        "lookup": "1",
        "cabinet": "x.post_code = :post",
        "title": "x.post_code = :post",
        "course": f"x.id IN ({courses})",
        "person": f"x.id IN ({people})",
        "enrolment": f"x.deleted_at IS NULL AND x.course_id IN ({courses})",
        "session": f"x.id IN ({sessions})",
        "attendance": f"x.deleted_at IS NULL AND x.session_id IN ({sessions})",
        "loan": f"x.id IN ({loans})",
        "stocktake": f"x.id IN ({stocktakes})",
        "stocktake_line": f"x.deleted_at IS NULL AND x.stocktake_id IN ({stocktakes})",
        "movement": "x.post_code = :post AND x.deleted_at IS NULL AND x.n BETWEEN :low AND :high",
        "activity": f"x.id IN ({activities})",
        "activity_topic": f"x.activity_id IN ({activities})",
        "activity_language": f"x.activity_id IN ({activities})",
        # a few rows a year each: carried whole, like cabinets, deletions included
        "station": "x.post_code = :post",
        "station_state": "x.post_code = :post",
        "review": "x.post_code = :post",
        "commendation": "x.post_code = :post",
        # receipts of publications not yet sent, whichever month they were counted in
        "shipment_receipt": "x.post_code = :post AND x.sent_at IS NULL AND x.deleted_at IS NULL",
    }
    return where, {"first": first, "last": last, "low": low, "high": high}


def export_month(book, month: str, folder: str | Path, *, progress: Progress | None = None) -> Path:
    """Write the approved month's package into `folder`; returns its path."""
    if book.post.is_province:
        raise ValidationError(
            {"month": _("The provincial office imports packages; it does not export them.")}
        )
    period = book.periods.get(month)
    if period.state != "approved":
        raise ValidationError(
            {
                "month": _(
                    "{month} is not approved, so it cannot be sent yet. On the Month close page "
                    "mark it ready and have the commander approve it with the PIN (or `sodon month "
                    "close --month {code}`, then `sodon month approve --month {code}`), then "
                    "export again."
                ).format(
                    month=month_name(month),
                    code=month,
                )
            }
        )
    # Everything the end needs is loaded now: once the package is whole under its name, a
    # module that could not be read (a failing disk) must not turn it into a failure.
    book.load_registers()
    step = _Steps(progress, 5)
    folder = Path(folder).expanduser()
    final = folder / package_name(book.post.code, month, period.version)
    with writing_out():
        work = Path(tempfile.mkdtemp(prefix="sodon-export-"))
    receipts = book.shipments.unsent_receipts()
    try:
        counts = _write_data(book, month, work / "data.sqlite")
        step()
        report = builders.build(book, "month", month)
        write(report, book.post, work / "report.pdf")
        write(report, book.post, work / "report.xlsx")
        step()
        key = keys.signing_key(book.path)
        manifest = {
            "format": FORMAT,
            "post": {
                "code": book.post.code,
                "name": book.post.name,
                "province": book.post.province,
            },
            "month": month,
            "sequence": period.version,
            "counts": counts,
            "members": {
                name: sha256(work / name)
                for name in MEMBERS
                if name not in ("manifest.json", "signature")
            },
            "public_key": keys.public_text(key),
            "program": __version__,
            "schema": book.version,
            "exported_at": now_utc(),
            "approved_by": period.approved_by,
            "approved_at": period.approved_at,
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        (work / "manifest.json").write_bytes(body)
        (work / "signature").write_bytes(keys.sign(key, body))
        step()
        zip_members(work, final)
        step()
    except OSError as error:
        raise ValidationError({"out": disk_message(error)}) from error
    except sqlite3.Error as error:  # the temporary data file: a full or failing disk
        raise explain_sqlite_error(error) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # The package is whole under its name from here on: what fails now is only recorded.
    warnings = [sync_folder(final.parent)]
    try:
        with book.records.transaction():
            book.periods.mark_exported(month, period.version)
            book.shipments.mark_sent(receipts)
    except SodonError as error:
        warnings.append(
            _(
                "the book could not record that it was sent ({reason}); the Month close page "
                "shows it as not sent until it is exported again."
            ).format(reason=error)
        )
    step()
    if any(warnings):
        raise PartlyDone(
            _("The package is written to {path} and can be sent. However: {warnings}").format(
                path=final, warnings=" ".join(w for w in warnings if w)
            ),
            final,
        )
    return final


# A package holds its month as it stood at the month's end: a loan returned later is sent
# as not yet returned (its return comes with the later month, with its movement).
_AS_OF_MONTH_END = {
    ("loan", "returned_on"): "CASE WHEN x.returned_on > :last THEN NULL ELSE x.returned_on END",
}


def _write_data(book, month: str, target: Path) -> dict[str, int]:
    where, params = _scope(month)
    params["post"] = book.post.code
    data = sqlite3.connect(target, isolation_level=None)
    try:
        data.execute(f"PRAGMA application_id = {DATA_APPLICATION_ID}")
        data.execute(f"PRAGMA user_version = {FORMAT}")
        data.execute("BEGIN")
        for statement in create_statements():
            data.execute(statement)
        counts = {}
        for table, columns in TABLES.items():
            names = ", ".join(_AS_OF_MONTH_END.get((table, c), f"x.{c}") for c in columns)
            rows = book.db.execute(
                f"SELECT {names} FROM {table} x WHERE {where[table]}", params
            ).fetchall()
            data.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})", rows
            )
            counts[table] = len(rows)
        data.execute("COMMIT")
    finally:
        data.close()
    return counts


def zip_members(work: Path, final: Path, members: tuple[str, ...] = MEMBERS) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(final.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in members:
                archive.write(work / name, name)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(2**20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Steps:
    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)
