"""Killed at a random moment (SIGKILL, as a pulled power cord) while writing, upgrading the
file, backing up, restoring, exporting or importing: the book always opens, passes
`integrity_check` and keeps every committed record; no half file ever carries a final name.

SODON_FAULT_ROUNDS sets the rounds per kind of work (50 by default)."""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import app.core.book as book_module
from app.core import backups, checks
from app.core.book import Book
from app.core.errors import BookRefused
from app.exchange import registry
from app.exchange.importer import read_package
from app.exchange.package import export_month
from tests.conftest import migrations_plus

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).parents[2]
WORKER = Path(__file__).with_name("fault_worker.py")
ROUNDS = range(int(os.environ.get("SODON_FAULT_ROUNDS", "50")))
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10")


def kill_at_random(rng: random.Random, *arguments: str, steps: int = 3, pause: float = 0.4):
    """Start the worker, let it finish 0 to `steps` steps, kill it a random moment later;
    returns the lines it printed (each a step that was complete)."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, arguments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    done = []
    for _ in range(rng.randint(0, steps)):
        line = worker.stdout.readline()
        if not line:
            break
        done.append(line.strip())
    time.sleep(rng.uniform(0, pause))
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    done += [line.strip() for line in worker.stdout.read().splitlines()]
    return done


def sound(path: Path) -> None:
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def activities(path: Path) -> set[str]:
    with Book.open(path, daily_backup=False) as book:  # the killed worker's lock is taken over
        assert checks.problems(book) == []
        return {a.id for a in book.outreach.activities(limit=None)}


@pytest.fixture(scope="module")
def post(demo_template, tmp_path_factory):
    """The demo post, its key, and the packages of four approved months."""
    folder = tmp_path_factory.mktemp("faults")
    path = folder / "post.sqlite"
    shutil.copyfile(demo_template, path)
    with Book.open(path, daily_backup=False) as book:
        packages = [export_month(book, month, folder / "usb") for month in MONTHS]
    province = folder / "province.sqlite"
    with Book.create(province, post_code="BCH-HG", post_name="Bộ Chỉ huy", province=True) as office:
        registry.register(office, code="LC01", name="Đồn Biên phòng Lũng Cú")
    return {"book": path, "packages": packages, "province": province}


def copy_of(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    key = source.with_name(source.name + ".key")
    if key.exists():
        shutil.copyfile(key, target.with_name(target.name + ".key"))
    return target


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_writing(post, tmp_path, round_number):
    path = copy_of(post["book"], tmp_path)
    before = activities(path)
    done = kill_at_random(random.Random(round_number), "write", path, steps=40, pause=0.05)
    sound(path)
    stored = activities(path)
    assert before | set(done) <= stored
    assert len(stored - before - set(done)) <= 1  # at most the one being committed


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_upgrading_the_file(post, tmp_path, round_number, monkeypatch):
    path = copy_of(post["book"], tmp_path)
    before = activities(path)
    folder = tmp_path / "migrations"
    version = migrations_plus(
        folder,
        "fault_test",
        "ALTER TABLE activity ADD COLUMN extra TEXT NOT NULL DEFAULT '';\n"
        "UPDATE activity SET extra = title;\n"
        "CREATE TABLE filler AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
        "FROM n WHERE x < 300000) SELECT x, randomblob(64) AS b FROM n;\n",
    )
    kill_at_random(random.Random(round_number), "migrate", path, folder, steps=0, pause=0.7)
    sound(path)
    monkeypatch.setattr(book_module, "migrations_dir", lambda: folder)
    with Book.open(path, daily_backup=False) as book:
        assert book.version == version
        assert {a.id for a in book.outreach.activities(limit=None)} == before
    for made in backups.list_backups(path):
        sound(made.path)


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_backing_up(post, tmp_path, round_number):
    path = copy_of(post["book"], tmp_path)
    before = activities(path)
    done = kill_at_random(random.Random(round_number), "backup", path, pause=0.3)
    sound(path)
    assert activities(path) == before
    listed = [b.path for b in backups.list_backups(path)]
    assert listed or not done  # rotation keeps the newest of the day
    for made in listed:
        sound(made)
        assert activities(made) == before


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_restoring(post, tmp_path, round_number):
    path = copy_of(post["book"], tmp_path)
    with Book.open(path, daily_backup=False) as book:
        old = book.backup(to=tmp_path / "old.sqlite")
        for activity in book.outreach.activities(limit=5):
            book.outreach.delete(activity.id)
    newer = activities(path)
    older = activities(old)
    assert newer != older
    kill_at_random(random.Random(round_number), "restore", path, old, steps=2, pause=0.4)
    sound(path)
    assert activities(path) in (newer, older)


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_exporting(post, tmp_path, round_number):
    path = copy_of(post["book"], tmp_path / "post")
    usb = tmp_path / "usb"
    done = kill_at_random(
        random.Random(round_number), "export", path, usb, MONTHS[-1], steps=2, pause=0.3
    )
    sound(path)
    activities(path)
    finished = sorted(usb.glob("*.sodon"))
    assert {Path(line).name for line in done} <= {p.name for p in finished}
    with Book.open(post["province"], readonly=True) as province:
        for package in finished:  # whatever carries a final name is a whole, signed package
            assert read_package(province, package).status == "imported"


@pytest.mark.parametrize("round_number", ROUNDS)
def test_killed_while_importing(post, tmp_path, round_number):
    path = copy_of(post["province"], tmp_path)
    done = kill_at_random(
        random.Random(round_number), "import", path, *post["packages"], steps=3, pause=0.3
    )
    sound(path)
    counts = {}
    for package in post["packages"]:
        with zipfile.ZipFile(package) as archive:
            manifest = json.loads(archive.read("manifest.json"))
        counts[manifest["month"]] = manifest["counts"]["activity"]
    with Book.open(path, daily_backup=False) as book:
        delivered = {d for (d,) in book.db.execute("SELECT month FROM delivery")}
        assert {line.split("_")[1] for line in done} <= delivered
        for month in MONTHS:  # each month whole or not at all
            found = book.outreach.count(month=month)
            assert found == (counts[month] if month in delivered else 0)


@pytest.mark.parametrize("round_number", range(10))
def test_a_book_copied_while_it_is_written_opens_sound_or_is_refused_with_advice(
    post, tmp_path, round_number
):
    """As a clerk copying the book with the file manager while the program runs: the main
    file alone, or with its -wal file, taken at a random moment of the writing."""
    rng = random.Random(round_number)
    path = copy_of(post["book"], tmp_path / "live")
    writer = subprocess.Popen(
        [sys.executable, str(WORKER), "write", str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    for _ in range(rng.randint(1, 30)):
        writer.stdout.readline()
    copy = tmp_path / "copy" / "post.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    wal = path.with_name(path.name + "-wal")
    if round_number % 2 and wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    writer.kill()
    writer.wait()
    try:
        with Book.open(copy, daily_backup=False) as copied:
            assert copied.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert checks.problems(copied) == []
    except BookRefused as refused:
        assert "sao lưu" in str(refused).lower()  # says to restore a backup
