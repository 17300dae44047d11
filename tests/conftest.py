"""Shared fixtures: real books in temporary folders, and `sodon` run as a process."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt
os.environ["SODON_LANG"] = "vi"

from tests import print_service as print_service_module

# Printers are asked of the tests' own print service, never of this computer's (libcups
# reads this once, when Qt or `lp` first asks).
os.environ["CUPS_SERVER"] = str(print_service_module.SOCKET)

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.core import demo
from app.core.book import Book
from app.core.bookfile import schema_version
from app.i18n import set_language
from app.paths import migrations_dir

set_language("vi")

TODAY = date(2026, 11, 23)


def migrations_plus(folder: Path, name: str, sql: str) -> int:
    """The program's migrations copied into `folder` with one more, numbered next; returns
    the version that one brings the book to."""
    shutil.copytree(migrations_dir(), folder)
    version = schema_version() + 1
    (folder / f"{version:04d}_{name}.sql").write_text(sql)
    return version


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "post" / "sodon.sqlite"


@pytest.fixture
def book(book_path: Path):
    with Book.create(book_path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """One demo book for the whole run (12 months ending on TODAY); tests get copies."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    with Book.create(path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as made:
        demo.fill(made, months=12, today=TODAY)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo" / "sodon.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_book(demo_path: Path):
    with Book.open(demo_path, daily_backup=False) as opened:
        yield opened


def run_sodon(
    *args: str,
    book: Path | None = None,
    input: str | None = None,
    env: dict | None = None,
    check: bool = False,
) -> subprocess.CompletedProcess:
    """`sodon ARGS` as a separate process, the way a user or a script runs it."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "SODON_DEBUG")
    }
    environment.update({"SODON_LANG": "vi", **(env or {})})
    if book is not None:
        environment["SODON_DB"] = str(book)
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=input,
        env=environment,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"sodon {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def sodon():
    return run_sodon


@pytest.fixture(scope="session")
def print_service():
    """CUPS with a virtual PDF printer, private to this test run (tests/print_service.py)."""
    why_not = print_service_module.can_run()
    if why_not:
        pytest.skip(why_not)
    process, service = print_service_module.start()
    yield service
    print_service_module.stop(process)
