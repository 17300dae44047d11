"""The book: one SQLite file per post (or province). Opening, creating, upgrading,
locking, backing up and restoring it; the registers hang off the open `Book`."""

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from app.core import backups
from app.core.cabinets import Cabinets
from app.core.errors import (
    BookRefused,
    PartlyDone,
    SodonError,
    StorageError,
    disk_message,
    explain_sqlite_error,
    is_storage_error,
)
from app.core.loans import Loans
from app.core.lockfile import BookLock, current_user
from app.core.lookups import Lookups
from app.core.outreach import Outreach
from app.core.periods import Periods, province_guard
from app.core.query import rows_as
from app.core.records import Records, Store
from app.core.stocktakes import Stocktakes
from app.core.training import Training
from app.core.validate import Fields
from app.i18n import N_, _
from app.paths import migrations_dir

APPLICATION_ID = 0x536F446E  # "SoDn": marks a file as a Sổ Đồn book
_MAGIC = b"SQLite format 3\x00"
_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_POST_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")
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


POST_DETAILS = {
    "name": N_("Post name"),
    "parent_unit": N_("Superior unit"),
    "province": N_("Province"),
    "place": N_("Place on documents"),
    "commander": N_("Commander"),
    "clerk": N_("Clerk"),
}


def post_code_field(f: Fields, value: object, name: str = "post_code") -> str:
    """A post's code: 2 to 16 capital letters, digits or dashes."""
    code = f.text(name, value, N_("Post code"), required=True).upper()
    if code and not _POST_CODE.match(code):
        f.error(
            name,
            N_("Post code"),
            _("use 2 to 16 capital letters, digits or dashes, without accents, e.g. DBP-LUNGCU."),
        )
    return code


def new_book_fields(
    post_code: object, post_name: object, clerk: object = "", *, clerk_required: bool = False
) -> tuple[str, str, str]:
    """A new book's post code, post name and clerk, checked; ValidationError by field."""
    fields = Fields()
    code = post_code_field(fields, post_code)
    name = fields.text("post_name", post_name, N_("Post name"), required=True, max_length=200)
    clerk = fields.text("clerk", clerk, N_("Clerk"), required=clerk_required, max_length=200)
    fields.done()
    return code, name, clerk


def post_details(f: Fields, values: dict) -> dict:
    """The post's name (required) and letterhead details, each at most 200 characters."""
    return {
        key: f.text(key, value, POST_DETAILS[key], required=key == "name", max_length=200)
        for key, value in values.items()
    }


@dataclass(frozen=True)
class Post:
    """The post (or provincial office) a book belongs to, with its letterhead details."""

    id: str
    code: str
    name: str
    kind: str
    parent_unit: str
    province: str
    place: str
    commander: str
    clerk: str

    @property
    def is_province(self) -> bool:
        return self.kind == "province"


class Book:
    """An open book file. Use `Book.create` or `Book.open`, and `close()` (or `with`)."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        readonly: bool,
        user: str,
        lock: BookLock | None,
    ):
        self.path = path
        self.connection = connection
        self.db = Store(connection)
        self.readonly = readonly
        self.login = user  # the computer's user, recorded only when no clerk is named
        self._lock = lock
        self.post = self._load_post()
        self.records = Records(self.db, post_code=self.post.code, user=self.user)
        self.records.guard = province_guard if self.post.is_province else self.periods.guard

    # Opening and creating -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        user: str | None = None,
        daily_backup: bool = True,
        check: bool = True,
    ) -> "Book":
        """Open an existing book. Anything wrong raises BookRefused and leaves the file as is.

        A writable open takes the lock, checks the file (`quick_check`; the window passes
        `check=False` and runs `quick_check()` in the background instead, as it takes seconds
        on a big book), upgrades it (after a backup) and makes the day's first backup. A
        read-only open takes no lock and writes nothing.
        """
        path = Path(path).expanduser().absolute()
        user = user or current_user()
        version = _inspect(path)
        if readonly:
            if version < schema_version():
                cls.open(path, user=user, daily_backup=False).close()  # upgrade once
            return cls(path, _connect_readonly(path), readonly=True, user=user, lock=None)
        _require_writable(path)
        lock = BookLock(path)
        lock.acquire()
        try:
            connection = _connect(path)
            try:
                _check_identity(connection, path)
                if check:
                    _require_sound(connection, path)
                _use_wal(connection)
                pending = [m for m in migrations() if m.number > _user_version(connection)]
                if pending:
                    backups.make_backup(connection, path, "before-upgrade")
                    _apply(connection, pending)
                elif daily_backup and not backups.backup_made_today(path):
                    backups.make_backup(connection, path, "daily")
                return cls(path, connection, readonly=False, user=user, lock=lock)
            except BaseException:
                connection.close()
                raise
        except sqlite3.DatabaseError as error:
            lock.release()
            raise _refusal(error, path) from error
        except OSError as error:
            lock.release()
            raise BookRefused(disk_message(error)) from error
        except BaseException:
            lock.release()
            raise

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        post_code: str,
        post_name: str,
        province: bool = False,
        clerk: str = "",
        user: str | None = None,
    ) -> "Book":
        """Make a new, empty book for a post (or, with `province`, a provincial office);
        `clerk` is the name of the person who keeps it (the change log records it)."""
        path = Path(path).expanduser().absolute()
        code, name, clerk = new_book_fields(post_code, post_name, clerk)
        folder = next((f for f in (path.parent, *path.parents) if f.exists()), path.parent)
        if not os.access(folder, os.W_OK):
            raise BookRefused(
                _(
                    "The book cannot be made in {folder}: this user may not write there (the "
                    "folder, disk or USB stick is read-only). Choose a folder you can write to, "
                    "e.g. with --db ~/sodon.sqlite."
                ).format(folder=folder)
            )
        if path.exists() and path.stat().st_size > 0:
            raise BookRefused(
                _(
                    "A file already exists at {path}; it was left untouched. "
                    "Choose another file name or folder."
                ).format(path=path)
            )
        partial = path.with_name(path.name + ".creating")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            connection = _connect(partial)
            try:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                _apply(connection, migrations())
                Records(
                    Store(connection), post_code=code, user=clerk or user or current_user()
                ).insert(
                    "post",
                    {
                        "code": code,
                        "name": name,
                        "kind": "province" if province else "post",
                        "is_self": 1,
                        "place": "",
                        "clerk": clerk,
                    },
                )
            finally:
                connection.close()
            os.replace(partial, path)
        except (OSError, sqlite3.DatabaseError, StorageError) as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            if isinstance(error, StorageError):
                raise
            if isinstance(error, OSError):
                raise BookRefused(disk_message(error)) from error
            raise explain_sqlite_error(error) from error
        return cls.open(path, user=user)

    @classmethod
    def restore_new(cls, path: str | Path, source: str | Path) -> "Book":
        """Make the book at `path` (which must not exist yet) from a backup, e.g. on a new
        computer."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise BookRefused(_("{path} already exists.").format(path=path))
        candidate = verify_backup(Path(source).expanduser().absolute())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            backups.copy_database(candidate.connection, path)
        except OSError as error:
            raise BookRefused(disk_message(error)) from error
        except sqlite3.DatabaseError as error:
            raise explain_sqlite_error(error) from error
        finally:
            candidate.close()
        return cls.open(path, daily_backup=False)

    def close(self) -> None:
        """Close the file (SQLite folds the write-ahead log back in) and release the lock."""
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # The registers ----------------------------------------------------------------------

    @cached_property
    def lookups(self) -> Lookups:
        return Lookups(self)

    @cached_property
    def outreach(self) -> Outreach:
        return Outreach(self)

    @cached_property
    def cabinets(self) -> Cabinets:
        return Cabinets(self)

    @cached_property
    def loans(self) -> Loans:
        return Loans(self)

    @cached_property
    def periods(self) -> Periods:
        return Periods(self)

    @cached_property
    def stocktakes(self) -> Stocktakes:
        return Stocktakes(self)

    @cached_property
    def training(self) -> Training:
        return Training(self)

    # Backups ----------------------------------------------------------------------------

    def backup(
        self,
        *,
        to: str | Path | None = None,
        reason: str = "manual",
        progress: backups.Progress | None = None,
    ) -> Path:
        """A verified copy of the book: into `backups/` (rotated) or to the file `to`.
        PartlyDone (carrying the path) if the copy is whole but its folder could not be
        synced."""
        made, warning = self.safety_backup(to=to, reason=reason, progress=progress)
        if warning:
            raise PartlyDone(
                _("The backup is written to {path}. However: {warning}").format(
                    path=made, warning=warning
                ),
                made,
            )
        return made

    def safety_backup(
        self,
        *,
        to: str | Path | None = None,
        reason: str,
        progress: backups.Progress | None = None,
    ) -> tuple[Path, str]:
        """A backup and the warning of `backups.copy_database` ("" if none): before a restore
        or an import, whose own safety does not hang on that folder's sync."""
        try:
            if to is None:
                return backups.make_backup(self.connection, self.path, reason, progress=progress)
            target = Path(to).expanduser().absolute()
            if target.exists():
                raise BookRefused(
                    _("{path} already exists; choose a new file name for the backup.").format(
                        path=target
                    )
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            return target, backups.copy_database(self.connection, target, progress=progress)
        except OSError as error:
            raise BookRefused(disk_message(error)) from error
        except sqlite3.DatabaseError as error:
            raise explain_sqlite_error(error) from error

    def list_backups(self) -> list[backups.Backup]:
        return backups.list_backups(self.path)

    def restore(self, source: str | Path, *, progress: backups.Progress | None = None) -> Path:
        """Replace the book's content with a backup; returns the backup of what it replaced.

        The backup is checked first (a Sổ Đồn book of this post, not newer, fully sound);
        the current content is kept as a backup; the copy happens in one transaction.
        """
        source = Path(source).expanduser().absolute()
        if self.readonly:
            raise BookRefused(_("The book is open read-only; it cannot be restored."))
        if source.resolve() == self.path.resolve():
            raise BookRefused(_("Choose a backup file, not the book itself."))
        candidate = verify_backup(source)
        try:
            if candidate.post.code != self.post.code:
                raise BookRefused(
                    _(
                        "The backup belongs to post {other}, not to post {own}; it was not "
                        "restored. To look at it, open it as a book of its own."
                    ).format(other=candidate.post.code, own=self.post.code)
                )
            kept, _warning = self.safety_backup(reason="before-restore")
            try:
                candidate.connection.backup(
                    self.connection, pages=4096, progress=backups._adapt(progress)
                )
            except sqlite3.DatabaseError as error:
                raise explain_sqlite_error(error) from error
        finally:
            candidate.close()
        # The content is restored from here on: what fails now is reported, not undone.
        try:
            _use_wal(self.connection)
            pending = [m for m in migrations() if m.number > _user_version(self.connection)]
            if pending:
                _apply(self.connection, pending)
            self.post = self._load_post()
            self.records.user = self.user
            with self.records.transaction():
                self.records.log(
                    "book",
                    source.name,
                    "restore",
                    before={"kept_as": kept.name},
                    after={"restored_from": str(source)},
                )
        except (SodonError, sqlite3.Error, OSError) as error:
            reason = (
                error
                if isinstance(error, SodonError)
                else disk_message(error)
                if isinstance(error, OSError)
                else explain_sqlite_error(error)
            )
            raise PartlyDone(
                _(
                    "The backup {source} is restored (what the book held before is kept in "
                    "{kept}). However, the restore could not be finished in the change log: "
                    "{reason}"
                ).format(source=source.name, kept=kept.name, reason=reason),
                kept,
            ) from error
        return kept

    def update_post(self, **values: str) -> None:
        """Change the post's name or letterhead details (unit, province, place, commander,
        clerk)."""
        fields = Fields()
        cleaned = post_details(fields, values)
        fields.done()
        self.records.update("post", self.post.id, cleaned)
        self.post = self._load_post()
        self.records.user = self.user

    def quick_check(self) -> None:
        """BookRefused if the file is damaged; safe to call from another thread (it reads
        through a connection of its own)."""
        connection = _connect_readonly(self.path)
        try:
            _require_sound(connection, self.path)
        except sqlite3.DatabaseError as error:
            raise BookRefused(damaged_message(self.path)) from error
        finally:
            connection.close()

    # Facts ------------------------------------------------------------------------------

    @property
    def user(self) -> str:
        """Who the change log and the month close record: the clerk named in Settings (asked
        at first start), or the computer's user when no clerk is named."""
        return self.post.clerk or self.login

    @property
    def version(self) -> int:
        return _user_version(self.connection)

    def _load_post(self) -> Post:
        rows = rows_as(
            Post,
            self.connection.execute(
                "SELECT id, code, name, kind, parent_unit, province, place, commander, clerk "
                "FROM post WHERE is_self = 1"
            ),
        )
        if not rows:
            raise BookRefused(
                _(
                    "The book does not say which post it belongs to; it is damaged. "
                    "Restore a backup."
                )
            )
        return rows[0]


def verify_backup(source: Path) -> Book:
    """Open a backup read-only after a full integrity check; BookRefused if it is not sound."""
    version = _inspect(source, what=N_("backup"))
    if version > schema_version():
        raise BookRefused(_("The backup was made by a newer version of the program."))
    connection = _connect_readonly(source)
    try:
        status = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BookRefused(
                _("The backup {path} is damaged ({status}); choose another one.").format(
                    path=source.name, status=status[:200]
                )
            )
        return Book(source, connection, readonly=True, user="", lock=None)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise BookRefused(
            _("The backup {path} is damaged; choose another one.").format(path=source.name)
        ) from error
    except BaseException:
        connection.close()
        raise


# The file ---------------------------------------------------------------------------------


def _inspect(path: Path, *, what: str = N_("book")) -> int:
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


def _require_writable(path: Path) -> None:
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise BookRefused(
            _(
                "The book {path} or its folder is read-only, so it cannot be "
                "changed. Copy it to a folder you can write to, or open it "
                "read-only."
            ).format(path=path)
        )


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA journal_size_limit = 67108864")  # the WAL shrinks back to 64 MB
    return connection


def _connect_readonly(path: Path) -> sqlite3.Connection:
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


def _require_sound(connection: sqlite3.Connection, path: Path) -> None:
    status = connection.execute("PRAGMA quick_check").fetchone()[0]
    if status != "ok":
        raise BookRefused(damaged_message(path))


def _check_identity(connection: sqlite3.Connection, path: Path) -> None:
    if _application_id(connection) != APPLICATION_ID:
        raise BookRefused(
            _("{path} is a database of another program, not a Sổ Đồn book.").format(path=path.name)
        )
    if _user_version(connection) > schema_version():
        raise BookRefused(_("{path} was made by a newer version of Sổ Đồn.").format(path=path.name))


def _use_wal(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")


def _apply(connection: sqlite3.Connection, pending: list[Migration]) -> None:
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


def _user_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def _application_id(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA application_id").fetchone()[0]


def _refusal(error: sqlite3.DatabaseError, path: Path) -> Exception:
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
