"""Work that a fault test kills with SIGKILL at a random moment. Each worker prints STARTED
once it holds the book (a writable open has taken the lock) and its work has begun, then a
line each time a step is complete (committed, renamed, imported), so the test knows when to
kill it and what must survive.

    python fault_worker.py write BOOK DAY
    python fault_worker.py migrate BOOK MIGRATIONS_FOLDER
    python fault_worker.py backup BOOK
    python fault_worker.py restore BOOK BACKUP
    python fault_worker.py export BOOK FOLDER MONTH
    python fault_worker.py import BOOK PACKAGE...
"""

import sys
from pathlib import Path

import app.core.bookfile as bookfile
from app.core import backups
from app.core.book import Book
from app.core.outreach import Activity
from app.exchange.importer import import_packages
from app.exchange.package import export_month

STARTED = "started"


def write(path: str, day: str) -> None:
    """Activities dated `day` (which must be in a month that is not approved)."""
    with Book.open(path, daily_backup=False) as book:
        kind = book.lookups.items("activity_kind")[0].id
        print(STARTED, flush=True)
        number = 0
        while True:
            number += 1
            made = book.outreach.add(
                Activity(date=day, kind_id=kind, title=f"Hoạt động {number} " * 20)
            )
            print(made, flush=True)


def migrate(path: str, folder: str) -> None:
    """Two steps: the backup made before the upgrade, then the upgrade itself."""
    bookfile.migrations_dir = lambda: Path(folder)
    make_backup = backups.make_backup

    def backup_then_upgrade(*arguments, **options):
        # the book is locked and checked: the upgrade begins with this backup
        print(STARTED, flush=True)
        made = make_backup(*arguments, **options)
        print("backed up", flush=True)
        return made

    backups.make_backup = backup_then_upgrade
    Book.open(path, daily_backup=False).close()
    print("upgraded", flush=True)


def backup(path: str) -> None:
    with Book.open(path, readonly=True) as book:  # a backup reads: it takes no lock
        print(STARTED, flush=True)
        while True:
            print(book.backup(reason="manual"), flush=True)


def restore(path: str, source: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        print(STARTED, flush=True)
        while True:
            book.restore(source)
            print("restored", flush=True)


def export(path: str, folder: str, month: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        print(STARTED, flush=True)
        while True:
            print(export_month(book, month, folder), flush=True)


def import_(path: str, *packages: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        print(STARTED, flush=True)
        for package in packages:
            (result,) = import_packages(book, [package])
            print(result.file, result.status, flush=True)


if __name__ == "__main__":
    action, *arguments = sys.argv[1:]
    {
        "write": write,
        "migrate": migrate,
        "backup": backup,
        "restore": restore,
        "export": export,
        "import": import_,
    }[action](*arguments)
