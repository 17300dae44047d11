"""One writer per book: a lock file beside the book, held with an OS lock, naming its holder.

The OS releases the lock when the holding process dies, so a lock file left by a killed
program is stale and simply taken over; the names written in it are only for the message.
"""

import contextlib
import getpass
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from app.core.errors import BookLocked, BookRefused, disk_message
from app.i18n import _

if sys.platform == "win32":
    import msvcrt

    _FAR = 0x7FFFFFF0  # lock a byte far past the text so that others can still read it

    def _try_lock(handle) -> bool:
        handle.seek(_FAR)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle) -> None:
        handle.seek(_FAR)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


class BookLock:
    """The lock on one book file; `acquire()` raises BookLocked naming who holds it."""

    def __init__(self, book_path: Path):
        self.path = Path(f"{book_path}.lock")
        self._handle = None
        self.took_over: dict | None = None

    def acquire(self) -> None:
        for _attempt in range(5):
            handle = self._open_and_lock()
            if _same_file(handle, self.path):
                break
            # The holder released and removed the file between our open and our lock.
            handle.close()
        else:
            raise BookRefused(_("The book's lock file keeps changing; try again."))
        previous = _read(handle)
        self.took_over = previous or None
        try:
            handle.seek(0)
            handle.truncate()
            json.dump(
                {
                    "host": platform.node(),
                    "user": current_user(),
                    "pid": os.getpid(),
                    "since": datetime.now().strftime("%d/%m/%Y %H:%M"),
                },
                handle,
                ensure_ascii=False,
            )
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:  # a full or failing disk: the book is not opened
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()
            raise BookRefused(
                _(
                    "The book was not opened: its lock file beside it could not be written. "
                    "{advice}"
                ).format(advice=disk_message(error))
            ) from error
        self._handle = handle

    def _open_and_lock(self):
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held while open)
        except OSError as error:
            raise BookRefused(
                _(
                    "Cannot write beside the book ({path}): {reason}. Move the book to a folder "
                    "you can write to, or open it read-only."
                ).format(path=self.path.parent, reason=error.strerror or error)
            ) from error
        if not _try_lock(handle):
            holder = _read(handle)
            handle.close()
            raise BookLocked(
                _(
                    "The book is already open for writing on computer “{host}” by user “{user}” "
                    "(process {pid}, since {since}). Close the program there, then try again."
                ).format(**{k: holder.get(k, "?") for k in ("host", "user", "pid", "since")}),
                holder,
            )
        return handle

    def release(self) -> None:
        if self._handle is None:
            return
        if sys.platform != "win32":  # removed while still locked, so no one locks a dead file
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock(self._handle)
        self._handle.close()
        self._handle = None
        if sys.platform == "win32":  # Windows cannot remove a file that is still open
            with contextlib.suppress(OSError):
                self.path.unlink()


def _same_file(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def _read(handle) -> dict:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
    except (ValueError, OSError):
        return {}
    return data if isinstance(data, dict) else {}
