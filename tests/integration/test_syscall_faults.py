"""A disk that fails one write, sync, rename or open in the middle of an operation (strace's
fault injection, EIO or ENOSPC): for backup, restore, export, import and adding records, the
exit status and the message agree with what is on disk (done, or not done at all), nothing
shows a traceback or leaves a crash log, the book passes `integrity_check` and `sodon check`
and opens for writing, and every backup or package under its final name is whole.

The positions of the failing call are sampled (its first ones, its last, a few at random):
SODON_SYSCALL_FAULTS sets how many per call (3 by default); scripts/fault_sweep.sh sets it to
0, which walks every position (about two thousand runs)."""

import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.core import checks
from app.core.book import Book
from app.core.outreach import Activity
from app.exchange import registry
from app.exchange.importer import read_package
from app.exchange.package import export_month
from tests import syscall_faults as sf

pytestmark = pytest.mark.skipif(not sf.have_strace(), reason="needs strace")

PER_CALL = int(os.environ.get("SODON_SYSCALL_FAULTS", "3"))
MONTH = "2026-10"


@pytest.fixture(scope="module")
def start(tmp_path_factory, demo_template):
    """The files each faulted run starts from: a post's book whose latest records are still
    in its -wal file (as while another copy of the program has it open), a backup of it, its
    package, and a province with the post registered."""
    folder = tmp_path_factory.mktemp("syscall-faults")
    book = folder / "post" / "book.sqlite"
    book.parent.mkdir()
    shutil.copyfile(demo_template, book)
    with Book.open(book, daily_backup=False) as opened:
        backup = opened.backup(to=folder / "backup.sqlite")
        package = export_month(opened, MONTH, folder / "usb")
        shutil.copyfile(f"{book}.key", folder / "book.key")
        opened.connection.execute("PRAGMA wal_autocheckpoint = 0")
        kind = opened.lookups.items("activity_kind")[0].id
        for number in range(30):
            opened.outreach.add(
                Activity(date="2026-11-20", kind_id=kind, title=f"Họp dân {number}",
                         audience_total=20)
            )  # fmt: skip
        # copied while open: the -wal file holds the 30 activities, the main file does not
        shutil.copyfile(book, folder / "open.sqlite")
        shutil.copyfile(f"{book}-wal", folder / "open.sqlite-wal")
        activities = opened.outreach.count()
    province = folder / "province.sqlite"
    with Book.create(province, post_code="BCH-HG", post_name="Bộ Chỉ huy", province=True) as p:
        registry.register(p, code="LC01", name="Đồn Biên phòng Lũng Cú")
    return {
        "folder": folder,
        "backup": backup,
        "package": package,
        "province": province,
        "activities": activities,
    }


class Run:
    """One faulted run in a folder of its own."""

    def __init__(self, start, tmp_path: Path, number: int):
        self.home = tmp_path / f"run{number}"
        self.home.mkdir()
        self.book = self.home / "book.sqlite"
        shutil.copyfile(start["folder"] / "open.sqlite", self.book)
        shutil.copyfile(start["folder"] / "open.sqlite-wal", f"{self.book}-wal")
        shutil.copyfile(start["folder"] / "book.key", f"{self.book}.key")
        self.env = sf.environment(self.home, self.book)

    def sound(self, path: Path) -> None:
        """The book opens for writing, is intact, and passes `sodon check`."""
        with Book.open(path, daily_backup=False) as book:
            assert book.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert checks.problems(book) == []

    def clean(self, done) -> None:
        """No traceback and no crash log; a refusal is one Vietnamese message."""
        assert "Traceback" not in done.stderr, done.stderr
        assert sf.crash_logs(self.home) == [], done.stderr
        assert "ngoài dự kiến" not in done.stderr, done.stderr
        if done.returncode:
            said = done.stderr.splitlines()
            assert done.returncode == 1 and any(line.startswith("Lỗi:") for line in said), said


def activities_in(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(
            "SELECT count(*) FROM activity WHERE deleted_at IS NULL"
        ).fetchone()[0]
    finally:
        connection.close()


def sweep(start, tmp_path, args_of, marker_of, judge, *, first: int = 4):
    """Run the operation once per sampled fault and let `judge(run, done)` look at it."""
    probe = Run(start, tmp_path, 0)
    before, after = sf.calls_of(args_of(probe), probe.env, marker_of(probe))
    faults = sf.sample(after, PER_CALL, seed=len(str(after)))
    faults += [
        sf.Fault(call, n, "EIO")
        for call in ("openat", "pwrite64")
        for n in range(1, min(first, after[call]) + 1)
    ]
    assert faults, after
    for number, fault in enumerate(dict.fromkeys(faults), start=1):
        run = Run(start, tmp_path, number)
        done = sf.run(args_of(run), run.env, fault, before)
        try:
            run.clean(done)
            judge(run, done)
        except AssertionError as error:
            raise AssertionError(f"with {fault}: {error}\n{done.stdout}\n{done.stderr}") from None


def test_a_backup_holds_every_record_or_fails(start, tmp_path):
    def judge(run, done):
        target = run.home / "copy.sqlite"
        assert not list(run.home.glob("copy.sqlite.partial*"))
        if done.returncode == 0:
            assert activities_in(target) == start["activities"]
            run.sound(target)
        else:
            assert not target.exists()
        run.sound(run.book)
        assert activities_in(run.book) == start["activities"]

    sweep(
        start,
        tmp_path,
        lambda run: ["backup", "--to", str(run.home / "copy.sqlite")],
        lambda run: run.book,
        judge,
    )


def test_a_restore_is_whole_or_not_at_all(start, tmp_path):
    kept = activities_in(start["backup"])
    assert kept != start["activities"]

    def judge(run, done):
        run.sound(run.book)
        restored = activities_in(run.book)
        assert restored == (kept if done.returncode == 0 else start["activities"])

    sweep(
        start,
        tmp_path,
        lambda run: ["restore", str(start["backup"]), "--yes"],
        lambda run: run.book,
        judge,
    )


def test_an_export_is_a_whole_package_or_none(start, tmp_path):
    def judge(run, done):
        usb = run.home / "usb"
        packages = list(usb.glob("*.sodon")) if usb.exists() else []
        assert not list(usb.glob("*.partial")) if usb.exists() else True
        if done.returncode == 0:
            (package,) = packages
            with zipfile.ZipFile(package) as archive:
                assert archive.testzip() is None
            province = run.home / "province.sqlite"
            shutil.copyfile(start["province"], province)
            with Book.open(province, daily_backup=False) as office:
                assert read_package(office, package).manifest.month == MONTH
        else:
            assert packages == []
        run.sound(run.book)

    sweep(
        start,
        tmp_path,
        lambda run: ["export", "--month", MONTH, "--out", str(run.home / "usb")],
        lambda run: run.book,
        judge,
    )


def test_an_import_is_whole_or_leaves_the_province_as_it_was(start, tmp_path):
    def args(run):
        run.province = run.home / "province.sqlite"
        shutil.copyfile(start["province"], run.province)
        run.env["SODON_DB"] = str(run.province)
        return ["import", str(start["package"])]

    def judge(run, done):
        run.sound(run.province)
        imported = activities_in(run.province)
        assert (imported > 0) == (done.returncode == 0)

    sweep(start, tmp_path, args, lambda run: run.province, judge)


def test_demo_records_are_added_all_or_nothing(start, tmp_path):
    def args(run):
        run.fresh = run.home / "fresh.sqlite"
        with Book.create(run.fresh, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú"):
            pass
        run.env["SODON_DB"] = str(run.fresh)
        return ["demo", "--months", "1"]

    def judge(run, done):
        run.sound(run.fresh)
        with Book.open(run.fresh, readonly=True) as book:
            made = book.outreach.count() + len(book.training.people(limit=None))
        assert (made > 0) == (done.returncode == 0)

    sweep(start, tmp_path, args, lambda run: run.fresh, judge, first=2)


def test_the_harness_itself_makes_the_operation_fail(start, tmp_path):
    """A fault in the book's first write really reaches the program (the sweep is not idle)."""
    run = Run(start, tmp_path, 0)
    args = ["backup", "--to", str(run.home / "copy.sqlite")]
    before, after = sf.calls_of(args, run.env, run.book)
    assert after["openat"] and after["fsync"] + after["fdatasync"]
    (run.home / "copy.sqlite").unlink()  # made by the counting run
    done = sf.run(args, run.env, sf.Fault("openat", 1, "EIO"), before)
    assert done.returncode == 1 and not (run.home / "copy.sqlite").exists()
