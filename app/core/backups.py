"""Copies of a book in `backups/` beside it: made with SQLite's online backup, verified,
renamed into place only when whole, and rotated (the last 7 days, the last 12 months)."""

import contextlib
import errno
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.i18n import _

Progress = Callable[[int, int], None]

_SIDE_FILES = ("-journal", "-wal", "-shm")
KEEP_DAYS = 7
KEEP_MONTHS = 12
_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>(\d{4})-(\d{2})-(\d{2})_(\d{2})(\d{2})(\d{2}))"
    r"_(?P<reason>[a-z0-9-]+)\.sqlite$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    reason: str
    size: int  # read when listed: rotation may remove the file a moment later


def backups_folder(book_path: Path) -> Path:
    return book_path.parent / "backups"


def list_backups(book_path: Path) -> list[Backup]:
    """The book's backups, newest first."""
    folder = backups_folder(book_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == book_path.stem:
                # not strptime: it imports a module on first use, unsafe in a GUI worker
                made = datetime(*map(int, match.groups()[2:8]))
                try:
                    size = path.stat().st_size
                except FileNotFoundError:  # removed by a rotation since the folder was read
                    continue
                found.append(Backup(path, made, match["reason"], size))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def copy_database(
    source: sqlite3.Connection, target: Path, *, progress: Progress | None = None
) -> str:
    """Write a consistent copy of `source` to `target` (a new file, rollback-journal mode).

    The copy is made under a temporary name, checked, synced and only then renamed, so a
    crash or a full disk never leaves a half copy under the final name. Any failure before
    the rename raises (the copy is not known to be whole and durable). Returns a warning
    ("" if none) when only the sync of the folder after the rename failed: the copy is whole
    under its name, but a power cut soon after could lose the name.
    """
    if not os.access(target.parent, os.W_OK):  # say so, rather than "cannot open"
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target.parent))
    partial = target.with_name(target.name + ".partial")
    _remove_partial(partial)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy, pages=4096, progress=_adapt(progress))
            mode = copy.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            status = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
        if mode != "delete":  # still WAL: the copy would need its -wal file beside it
            raise sqlite3.OperationalError(f"copy kept journal mode {mode}")
        if status != "ok":
            raise sqlite3.DatabaseError(f"copy failed its check: {status}")
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        _remove_partial(partial)
        raise
    return sync_folder(target.parent)


def sync_folder(folder: Path) -> str:
    """Make a rename in `folder` durable; a warning for the user if the disk refused."""
    try:
        _fsync_folder(folder)
    except OSError as error:
        return _(
            "The folder {folder} could not be synced to the disk ({reason}); the file is "
            "written, but a power cut in the next minutes could lose it. Check the disk."
        ).format(folder=folder, reason=error.strerror or error)
    return ""


def make_backup(
    source: sqlite3.Connection,
    book_path: Path,
    reason: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> tuple[Path, str]:
    """A new backup of the book in its backups folder, then rotation; returns its path and
    a warning ("" if none, see `copy_database`)."""
    now = now or datetime.now()
    folder = backups_folder(book_path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{book_path.stem}_{now:%Y-%m-%d_%H%M%S}_{reason}.sqlite"
    serial = 1
    while target.exists():
        serial += 1
        target = folder / f"{book_path.stem}_{now:%Y-%m-%d_%H%M%S}_{reason}-{serial}.sqlite"
    warning = copy_database(source, target, progress=progress)
    rotate(book_path)
    return target, warning


def backup_made_today(book_path: Path, *, today: datetime | None = None) -> bool:
    day = (today or datetime.now()).date()
    return any(b.made.date() == day for b in list_backups(book_path))


def rotate(book_path: Path) -> list[Path]:
    """Remove backups beyond the newest of each of the last 7 days and the first of each of
    the last 12 months; returns what was removed."""
    backups = list_backups(book_path)
    keep: set[Path] = set()
    days: dict[object, Backup] = {}
    months: dict[tuple[int, int], Backup] = {}
    for backup in backups:  # newest first
        days.setdefault(backup.made.date(), backup)
        months[(backup.made.year, backup.made.month)] = backup  # ends on the month's first
    keep.update(b.path for b in list(days.values())[:KEEP_DAYS])
    keep.update(b.path for b in list(months.values())[:KEEP_MONTHS])
    removed = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


def _remove_partial(partial: Path) -> None:
    """A copy that did not finish, with the journal SQLite may have left beside it."""
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in _SIDE_FILES)):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _adapt(progress: Progress | None):
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "posix":
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
