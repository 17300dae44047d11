"""Work that a fault test kills with SIGKILL at a random moment. Each loop prints a line once
a step is complete (committed, renamed, imported), so the test knows what must survive.

    python fault_worker.py write BOOK
    python fault_worker.py migrate BOOK MIGRATIONS_FOLDER
    python fault_worker.py backup BOOK
    python fault_worker.py restore BOOK BACKUP
    python fault_worker.py export BOOK FOLDER MONTH
    python fault_worker.py import BOOK PACKAGE...
"""

import sys
from pathlib import Path

import app.core.book as book_module
from app.core.book import Book
from app.core.outreach import Activity
from app.exchange.importer import import_packages
from app.exchange.package import export_month


def write(path: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        kind = book.lookups.items("activity_kind")[0].id
        number = 0
        while True:
            number += 1
            made = book.outreach.add(
                Activity(date="2026-03-12", kind_id=kind, title=f"Hoạt động {number} " * 20)
            )
            print(made, flush=True)


def migrate(path: str, folder: str) -> None:
    book_module.migrations_dir = lambda: Path(folder)
    Book.open(path, daily_backup=False).close()
    print("upgraded", flush=True)


def backup(path: str) -> None:
    with Book.open(path, readonly=True) as book:
        while True:
            print(book.backup(reason="manual"), flush=True)


def restore(path: str, source: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        while True:
            book.restore(source)
            print("restored", flush=True)


def export(path: str, folder: str, month: str) -> None:
    with Book.open(path, daily_backup=False) as book:
        while True:
            print(export_month(book, month, folder), flush=True)


def import_(path: str, *packages: str) -> None:
    with Book.open(path, daily_backup=False) as book:
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
