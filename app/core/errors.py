"""The one error vocabulary of the program. The GUI and the CLI show `str(error)`."""

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from app.i18n import _


class SodonError(Exception):
    """A problem the user can act on; its text says what happened and what to do."""


class ValidationError(SodonError):
    """Input that cannot be saved: a message per field (field name → what to fix)."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("\n".join(self.errors.values()))


class BookRefused(SodonError):
    """The book file cannot be opened, created or changed; the file is left as it was."""


class BookLocked(BookRefused):
    """Another running copy of the program holds the book for writing."""

    def __init__(self, message: str, holder: Mapping[str, object]):
        self.holder = dict(holder)
        super().__init__(message)


class RecordNotFound(SodonError):
    """A record asked for by id does not exist (or was deleted)."""


class StorageError(SodonError):
    """The disk or the file failed under a read or write (full, read-only, damaged)."""


class BookDamaged(StorageError):
    """SQLite found the file damaged; the CLI and the window name the newest backup."""


class PartlyDone(SodonError):
    """The work itself was done and is safe on disk, but something after it could not be
    recorded (the message says both); `result` is what the work returned."""

    def __init__(self, message: str, result: object = None):
        super().__init__(message)
        self.result = result


_STORAGE_CODES = (
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
)


def is_storage_error(error: BaseException) -> bool:
    """True for SQLite failures of the disk or the file, False for the program's own bugs."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return isinstance(error, sqlite3.DatabaseError) and name.startswith(_STORAGE_CODES)


def explain_sqlite_error(error: BaseException) -> StorageError:
    """A user's explanation of an SQLite failure of the disk or the file."""
    text = f"{getattr(error, 'sqlite_errorname', '')} {error}".lower()
    if "full" in text:
        message = _(
            "The disk is full, so nothing was saved. Free some space (delete old "
            "files, empty the recycle bin), then save again."
        )
    elif "readonly" in text or "read-only" in text:
        message = _(
            "The book cannot be written: the file, its folder or the USB stick is "
            "read-only. Copy the book to a folder you can write to."
        )
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        return BookDamaged(
            _(
                "The book file is damaged. Restore the latest backup (Settings → Backups, "
                "or `sodon restore FILE`)."
            )
        )
    elif "locked" in text or "busy" in text:
        message = _("The book is busy with another task; wait a moment and try again.")
    else:
        message = _(
            "The disk could not be read or written ({reason}). Check that the USB "
            "stick or disk is still connected, then try again."
        ).format(reason=error)
    return StorageError(message)


def disk_message(error: OSError) -> str:
    """What to tell the user about a failed file operation (full disk, read-only, gone)."""
    reason = error.strerror or str(error)
    if error.filename:
        reason = f"{reason}: {error.filename}"
    if error.errno in (28, 122):  # ENOSPC, EDQUOT
        return _("The disk is full, so nothing was written. Free some space, then try again.")
    if error.errno in (13, 30, 1):  # EACCES, EROFS, EPERM
        return _(
            "The file or folder is read-only ({reason}). Choose a folder you can write to."
        ).format(reason=reason)
    return _(
        "The disk could not be read or written ({reason}). Check that the USB stick or "
        "disk is still connected, then try again."
    ).format(reason=reason)


@contextmanager
def writing_out() -> Iterator[None]:
    """A file written for the user: a failed write becomes the message beside its --out."""
    try:
        yield
    except OSError as error:
        raise ValidationError({"out": disk_message(error)}) from error
