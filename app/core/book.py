"""The book: one SQLite file per post (or province). Opening, creating, upgrading,
locking, backing up and restoring it; the registers hang off the open `Book`."""

import contextlib
import os
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import backups
from app.core.bookfile import (
    APPLICATION_ID,
    apply_migrations,
    check_identity,
    connect,
    connect_readonly,
    damaged_message,
    file_version,
    migrations,
    refusal,
    require_sound,
    require_writable,
    schema_version,
    use_wal,
    user_version,
)
from app.core.errors import (
    BookRefused,
    PartlyDone,
    SodonError,
    StorageError,
    disk_message,
    explain_sqlite_error,
)
from app.core.lockfile import BookLock, current_user
from app.core.periods import Periods, province_guard
from app.core.post import Post, new_book_fields, post_details
from app.core.query import rows_as
from app.core.records import Records, Store
from app.core.validate import Fields
from app.i18n import N_, _

if TYPE_CHECKING:
    from app.core.cabinets import Cabinets
    from app.core.loans import Loans
    from app.core.lookups import Lookups
    from app.core.outreach import Outreach
    from app.core.plan import Plan
    from app.core.reviews import Reviews
    from app.core.shipments import Shipments
    from app.core.stations import Stations
    from app.core.stocktakes import Stocktakes
    from app.core.training import Training


# The registers hanging off a `Book`, each imported when first used.
REGISTERS = (
    "lookups",
    "outreach",
    "cabinets",
    "loans",
    "periods",
    "plan",
    "reviews",
    "shipments",
    "stations",
    "stocktakes",
    "training",
)


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
        version = file_version(path)
        if readonly:
            if version < schema_version():
                cls.open(path, user=user, daily_backup=False).close()  # upgrade once
            return cls(path, connect_readonly(path), readonly=True, user=user, lock=None)
        require_writable(path)
        lock = BookLock(path)
        lock.acquire()
        try:
            connection = connect(path)
            try:
                check_identity(connection, path)
                if check:
                    require_sound(connection, path)
                use_wal(connection)
                pending = [m for m in migrations() if m.number > user_version(connection)]
                if pending:
                    backups.make_backup(connection, path, "before-upgrade")
                    apply_migrations(connection, pending)
                elif daily_backup and not backups.backup_made_today(path):
                    backups.make_backup(connection, path, "daily")
                return cls(path, connection, readonly=False, user=user, lock=lock)
            except BaseException:
                connection.close()
                raise
        except sqlite3.DatabaseError as error:
            lock.release()
            raise refusal(error, path) from error
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
            connection = connect(partial)
            try:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                apply_migrations(connection, migrations())
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
    # Each is imported when first used, so that a window (or a command) loads only the
    # registers it shows. A window page touches its register when it is built, on the GUI
    # thread: its tasks then find the module imported.

    @cached_property
    def lookups(self) -> "Lookups":
        from app.core.lookups import Lookups

        return Lookups(self)

    @cached_property
    def outreach(self) -> "Outreach":
        from app.core.outreach import Outreach

        return Outreach(self)

    @cached_property
    def cabinets(self) -> "Cabinets":
        from app.core.cabinets import Cabinets

        return Cabinets(self)

    @cached_property
    def loans(self) -> "Loans":
        from app.core.loans import Loans

        return Loans(self)

    @cached_property
    def periods(self) -> Periods:
        return Periods(self)

    @cached_property
    def plan(self) -> "Plan":
        from app.core.plan import Plan

        return Plan(self)

    @cached_property
    def reviews(self) -> "Reviews":
        from app.core.reviews import Reviews

        return Reviews(self)

    @cached_property
    def stations(self) -> "Stations":
        from app.core.stations import Stations

        return Stations(self)

    @cached_property
    def shipments(self) -> "Shipments":
        from app.core.shipments import Shipments

        return Shipments(self)

    @cached_property
    def stocktakes(self) -> "Stocktakes":
        from app.core.stocktakes import Stocktakes

        return Stocktakes(self)

    @cached_property
    def training(self) -> "Training":
        from app.core.training import Training

        return Training(self)

    def load_registers(self) -> None:
        """Import every register and sqlite-utils (which the writes use) now, e.g. on the
        window's thread before a task of another thread may use any of them."""
        for owner, name in (
            *((self, register) for register in REGISTERS),
            (self.db, "utils"),
        ):
            getattr(owner, name)
        import app.core.pin  # noqa: F401 (a task may check the commander's PIN)

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
            use_wal(self.connection)
            pending = [m for m in migrations() if m.number > user_version(self.connection)]
            if pending:
                apply_migrations(self.connection, pending)
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
        connection = connect_readonly(self.path)
        try:
            require_sound(connection, self.path)
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
        return user_version(self.connection)

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
    version = file_version(source, what=N_("backup"))
    if version > schema_version():
        raise BookRefused(_("The backup was made by a newer version of the program."))
    connection = connect_readonly(source)
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
