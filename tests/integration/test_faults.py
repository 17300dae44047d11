"""Killed at a random moment (SIGKILL, as a pulled power cord) while writing, upgrading the
file, backing up, restoring, exporting or importing: the book always opens, passes
`integrity_check` and keeps every committed record; no half file ever carries a final name.

The worker says when it holds the book and its work has begun; each kill comes a random
delay after that, within the time the work takes (measured first, on the same computer).
Each test counts the kills that landed in the middle of the work and requires that at least
half did, some of them between two of its steps.

SODON_FAULT_ROUNDS sets the rounds per kind of work (50 by default; the count of kills that
landed mid-work wants 10 or more)."""

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
from dataclasses import dataclass
from pathlib import Path

import pytest

import app.core.bookfile as bookfile
from app.core import backups, checks
from app.core.book import Book
from app.core.errors import BookRefused
from app.exchange import registry
from app.exchange.importer import read_package
from app.exchange.package import export_month
from tests.conftest import TODAY, migrations_plus
from tests.integration.fault_worker import STARTED

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).parents[2]
WORKER = Path(__file__).with_name("fault_worker.py")
ROUNDS = range(int(os.environ.get("SODON_FAULT_ROUNDS", "50")))
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10")
DAY = TODAY.isoformat()  # the demo's current month, not approved: records may be added


def started(*arguments) -> subprocess.Popen:
    """The worker, once it has said that its work has begun."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, arguments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    line = worker.stdout.readline()
    if line.strip() != STARTED:
        worker.kill()
        worker.wait()
        pytest.fail(f"the worker did not start its work: {line!r}\n{worker.stderr.read()}")
    return worker


def pace(*arguments, steps: int) -> float:
    """Seconds from the beginning of the work to its `steps`th step (its last, for work that
    ends)."""
    worker = started(*arguments)
    begun = time.monotonic()
    for _step in range(steps):
        assert worker.stdout.readline(), worker.stderr.read()
    took = time.monotonic() - begun
    worker.kill()
    worker.wait()
    return took


@dataclass
class Kill:
    done: list[str]  # the steps the worker reported complete
    working: bool  # the kill found it still at work (it had neither finished nor failed)


def kill_within(rng: random.Random, span: float, *arguments) -> Kill:
    """Start the worker and kill it a random moment within `span` seconds of its work."""
    worker = started(*arguments)
    time.sleep(rng.uniform(0, span))
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    if worker.returncode not in (0, -signal.SIGKILL):
        pytest.fail(f"the worker failed on its own:\n{worker.stderr.read()}")
    done = [line.strip() for line in worker.stdout.read().splitlines()]
    return Kill(done, worker.returncode == -signal.SIGKILL)


def landed_mid_work(kills: list[Kill], steps: int | None = None) -> None:
    """At least half the kills came while the work was going on (before its last step, for
    work of `steps` steps), and some of those after a step was complete."""
    counts = [len(k.done) for k in kills]
    mid_work = [len(k.done) for k in kills if k.working and (steps is None or len(k.done) < steps)]
    assert len(mid_work) >= len(kills) / 2, counts
    assert any(n > 0 for n in mid_work), counts


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


def each_round(subtests, folder: Path, one_round) -> list[Kill]:
    """`one_round(rng, work)` for every round, each a subtest with a random generator seeded
    by its number and a folder of its own (removed once the round has passed); the kills."""
    kills = []
    for round_number in ROUNDS:
        with subtests.test(round=round_number):
            work = folder / f"round-{round_number}"
            kills.append(one_round(random.Random(round_number), work))
            shutil.rmtree(work)
    return kills


def test_killed_while_writing(post, tmp_path, subtests):
    span = pace("write", copy_of(post["book"], tmp_path / "pace"), DAY, steps=200)

    def one_round(rng: random.Random, work: Path) -> Kill:
        path = copy_of(post["book"], work)
        before = activities(path)
        kill = kill_within(rng, span, "write", path, DAY)
        sound(path)
        stored = activities(path)
        assert before | set(kill.done) <= stored
        assert len(stored - before - set(kill.done)) <= 1  # at most the one being committed
        return kill

    landed_mid_work(each_round(subtests, tmp_path, one_round))


def test_killed_while_upgrading_the_file(post, tmp_path, subtests, monkeypatch):
    folder = tmp_path / "migrations"
    version = migrations_plus(
        folder,
        "fault_test",
        "ALTER TABLE activity ADD COLUMN extra TEXT NOT NULL DEFAULT '';\n"
        "UPDATE activity SET extra = title;\n"
        "CREATE TABLE filler AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
        "FROM n WHERE x < 300000) SELECT x, randomblob(64) AS b FROM n;\n",
    )
    span = min(  # the quickest of three: a kill within it finds nearly every upgrade going on
        pace("migrate", copy_of(post["book"], tmp_path / f"pace-{run}"), folder, steps=2)
        for run in range(3)
    )
    before = activities(post["book"])
    monkeypatch.setattr(bookfile, "migrations_dir", lambda: folder)

    def one_round(rng: random.Random, work: Path) -> Kill:
        path = copy_of(post["book"], work)
        kill = kill_within(rng, span, "migrate", path, folder)
        sound(path)
        with Book.open(path, daily_backup=False) as book:  # upgraded now if it was not then
            assert book.version == version
            assert {a.id for a in book.outreach.activities(limit=None)} == before
        for made in backups.list_backups(path):
            sound(made.path)
        return kill

    # two steps: the backup before the upgrade, then the upgrade
    landed_mid_work(each_round(subtests, tmp_path, one_round), steps=2)


def test_killed_while_backing_up(post, tmp_path, subtests):
    span = pace("backup", copy_of(post["book"], tmp_path / "pace"), steps=3)
    before = activities(post["book"])

    def one_round(rng: random.Random, work: Path) -> Kill:
        path = copy_of(post["book"], work)
        kill = kill_within(rng, span, "backup", path)
        sound(path)
        assert activities(path) == before
        listed = [b.path for b in backups.list_backups(path)]
        assert listed or not kill.done  # rotation keeps the newest of the day
        for made in listed:
            sound(made)
            assert activities(made) == before
        return kill

    landed_mid_work(each_round(subtests, tmp_path, one_round))


def test_killed_while_restoring(post, tmp_path, subtests):
    def prepared(folder: Path) -> tuple[Path, Path]:
        """A copy of the book, and a backup of it taken before five deletions."""
        path = copy_of(post["book"], folder)
        with Book.open(path, daily_backup=False) as book:
            old = book.backup(to=folder / "old.sqlite")
            for activity in book.outreach.activities(limit=5):
                book.outreach.delete(activity.id)
        return path, old

    span = pace("restore", *prepared(tmp_path / "pace"), steps=2)

    def one_round(rng: random.Random, work: Path) -> Kill:
        path, old = prepared(work)
        newer = activities(path)
        older = activities(old)
        assert newer != older
        kill = kill_within(rng, span, "restore", path, old)
        sound(path)
        assert activities(path) in (newer, older)
        return kill

    landed_mid_work(each_round(subtests, tmp_path, one_round))


def test_killed_while_exporting(post, tmp_path, subtests):
    month = MONTHS[-1]
    span = pace(
        "export", copy_of(post["book"], tmp_path / "pace"), tmp_path / "pace-usb", month, steps=2
    )

    def one_round(rng: random.Random, work: Path) -> Kill:
        path = copy_of(post["book"], work / "post")
        usb = work / "usb"
        kill = kill_within(rng, span, "export", path, usb, month)
        sound(path)
        activities(path)
        finished = sorted(usb.glob("*.sodon"))
        assert {Path(line).name for line in kill.done} <= {p.name for p in finished}
        with Book.open(post["province"], readonly=True) as province:
            for package in finished:  # whatever carries a final name is a whole, signed package
                assert read_package(province, package).status == "imported"
        return kill

    landed_mid_work(each_round(subtests, tmp_path, one_round))


def test_killed_while_importing(post, tmp_path, subtests):
    packages = post["packages"]
    span = min(  # the quickest of three, as for the upgrade
        pace(
            "import",
            copy_of(post["province"], tmp_path / f"pace-{run}"),
            *packages,
            steps=len(packages),
        )
        for run in range(3)
    )
    counts = {}
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            manifest = json.loads(archive.read("manifest.json"))
        counts[manifest["month"]] = manifest["counts"]["activity"]

    def one_round(rng: random.Random, work: Path) -> Kill:
        path = copy_of(post["province"], work)
        kill = kill_within(rng, span, "import", path, *packages)
        sound(path)
        with Book.open(path, daily_backup=False) as book:
            delivered = {d for (d,) in book.db.execute("SELECT month FROM delivery")}
            assert {line.split("_")[1] for line in kill.done} <= delivered
            for month in MONTHS:  # each month whole or not at all
                found = book.outreach.count(month=month)
                assert found == (counts[month] if month in delivered else 0)
        return kill

    landed_mid_work(each_round(subtests, tmp_path, one_round), steps=len(packages))


@pytest.mark.parametrize("round_number", range(10))
def test_a_book_copied_while_it_is_written_opens_sound_or_is_refused_with_advice(
    post, tmp_path, round_number
):
    """As a clerk copying the book with the file manager while the program runs: the main
    file alone, or with its -wal file, taken at a random moment of the writing."""
    rng = random.Random(round_number)
    path = copy_of(post["book"], tmp_path / "live")
    writer = started("write", path, DAY)
    for _ in range(rng.randint(1, 30)):
        assert writer.stdout.readline(), writer.stderr.read()  # a record committed
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
