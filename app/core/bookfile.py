"""The book file itself: recognising it (its header and identity), connecting to it read-write
or read-only, bringing it to this program's format (numbered migrations in db/migrations), and
what to tell the user when SQLite finds it damaged."""

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.core import backups
from app.core.errors import (
    BookRefused,
    StorageError,
    disk_message,
    explain_sqlite_error,
    is_storage_error,
)
from app.i18n import N_, _
from app.paths import migrations_dir

APPLICATION_ID = 0x536F446E  # "SoDn": marks a file as a Sổ Đồn book
_MAGIC = b"SQLite format 3\x00"
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Migration:
    number: int
    path: Path


def migrations() -> list[Migration]:
    found = []
    for path in migrations_dir().iterdir():
        match = _MIGRATION.match(path.name)
        if match:
            found.append(Migration(int(match[1]), path))
    found.sort(key=lambda m: m.number)
    if [m.number for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {[m.path.name for m in found]}")
    return found


def schema_version() -> int:
    """The book format this program writes: the number of its last migration."""
    return len(migrations())


def file_version(path: Path, *, what: str = N_("book")) -> int:
    """The book format version read from the file's header, or BookRefused (file untouched)."""
    if not path.exists():
        if what == "backup":
            raise BookRefused(
                _(
                    "There is no backup file at {path}. Check the file's name and folder (is "
                    "the USB stick plugged in?); the program's own backups are listed on the "
                    "Settings page."
                ).format(path=path)
            )
        raise BookRefused(
            _("No {what} at {path}. Check the path, or create a book with `sodon init`.").format(
                what=_(what), path=path
            )
        )
    if path.is_dir():
        raise BookRefused(_("{path} is a folder, not a book file.").format(path=path))
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise BookRefused(disk_message(error)) from error
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise BookRefused(
            _(
                "{path} is not a Sổ Đồn book (not an SQLite database file). It was "
                "left untouched; choose the right file."
            ).format(path=path.name)
        )
    application_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if application_id != APPLICATION_ID:
        raise BookRefused(
            _(
                "{path} is a database of another program, not a Sổ Đồn book. It "
                "was left untouched; choose the right file."
            ).format(path=path.name)
        )
    if version > schema_version():
        raise BookRefused(
            _(
                "{path} was made by a newer version of Sổ Đồn (format {version}, "
                "this program reads up to {supported}). Install the newer version "
                "to open it; the file was left untouched."
            ).format(path=path.name, version=version, supported=schema_version())
        )
    return version


def require_writable(path: Path) -> None:
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise BookRefused(
            _(
                "The book {path} or its folder is read-only, so it cannot be "
                "changed. Copy it to a folder you can write to, or open it "
                "read-only."
            ).format(path=path)
        )


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA journal_size_limit = 67108864")  # the WAL shrinks back to 64 MB
    return connection


def connect_readonly(path: Path) -> sqlite3.Connection:
    uri = path.as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.OperationalError as error:
        # Read-only media, or a -shm file the disk refuses to write: SQLite cannot build the
        # WAL index. Reading the main file alone (immutable) is right only when no committed
        # change waits in the -wal file; otherwise it would silently miss records.
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StorageError(
                _(
                    "The book's latest changes are still in {wal}, and the disk refused the "
                    "write needed to read them ({reason}). Nothing was read or copied. Check "
                    "the disk (free space, a loose USB stick), or open the book once in the "
                    "program on a disk it can write to, then try again."
                ).format(wal=wal.name, reason=error)
            ) from error
        connection = sqlite3.connect(
            uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    connection.execute("PRAGMA query_only = ON")
    return connection


def require_sound(connection: sqlite3.Connection, path: Path) -> None:
    status = connection.execute("PRAGMA quick_check").fetchone()[0]
    if status != "ok":
        raise BookRefused(damaged_message(path))


def check_identity(connection: sqlite3.Connection, path: Path) -> None:
    if application_id(connection) != APPLICATION_ID:
        raise BookRefused(
            _("{path} is a database of another program, not a Sổ Đồn book.").format(path=path.name)
        )
    if user_version(connection) > schema_version():
        raise BookRefused(_("{path} was made by a newer version of Sổ Đồn.").format(path=path.name))


def use_wal(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")


def apply_migrations(connection: sqlite3.Connection, pending: list[Migration]) -> None:
    """Apply migrations in order, each in its own transaction with its version number."""
    connection.execute("PRAGMA foreign_keys = OFF")  # lets a migration rebuild a table
    try:
        for migration in pending:
            sql = migration.path.read_text(encoding="utf-8")
            try:
                connection.executescript(
                    f"BEGIN;\n{sql}\n;PRAGMA user_version = {migration.number};"
                )
                problems = connection.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise sqlite3.IntegrityError(f"foreign keys broken: {problems[:5]}")
                connection.execute("COMMIT")
            except BaseException as error:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.DatabaseError) and not is_storage_error(error):
                    raise BookRefused(
                        _(
                            "The book could not be upgraded to this version's format (step "
                            "{step}: {error}); it was left as it was. Keep using the previous "
                            "version of the program and report the problem."
                        ).format(step=migration.number, error=error)
                    ) from error
                raise
    finally:
        connection.execute("PRAGMA foreign_keys = ON")


def user_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def application_id(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA application_id").fetchone()[0]


def refusal(error: sqlite3.DatabaseError, path: Path) -> Exception:
    if not is_storage_error(error):
        return error  # the program's own bug: shown as such, not blamed on the file
    if error.sqlite_errorname.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return BookRefused(damaged_message(path))
    return explain_sqlite_error(error)


def damaged_message(path: Path) -> str:
    """What to do about a damaged book: which backup to restore, and how."""
    newest = next(iter(backups.list_backups(path)), None)
    if newest is None:
        return _(
            "The book {path} is damaged: SQLite cannot read part of it. Nothing was changed. "
            "There is no backup beside it in {folder}; copy the file and ask for help."
        ).format(path=path.name, folder=backups.backups_folder(path))
    return _(
        "The book {path} is damaged: SQLite cannot read part of it. Nothing was changed. "
        "Restore the newest backup, {backup} (made {made}): on the Settings page, or with "
        '`sodon restore "{file}"`.'
    ).format(
        path=path.name,
        backup=newest.path.name,
        made=newest.made.strftime("%d/%m/%Y %H:%M"),
        file=newest.path,
    )
