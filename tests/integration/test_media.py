"""A full disk and read-only media (a small tmpfs, mounted for the test; skipped where the
test may not mount): saving, backing up and exporting end with a clear message and lose
nothing; no half file is left under a final name."""

import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from app.core.book import Book
from app.core.errors import SodonError
from app.core.outreach import Activity
from app.exchange.package import export_month


def mount(folder: Path, size: str, *options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", folder],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip("this machine does not let the tests mount a small disk")


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk; remount it with `remount(...)`."""
    folder = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount(folder, "2m")
    yield folder
    subprocess.run(["umount", "-l", folder], check=False)


def remount(folder: Path, *options: str) -> None:
    subprocess.run(["mount", "-o", ",".join(["remount", *options]), folder], check=True)


def add(book, title: str, notes: str = "") -> str:
    kind = book.lookups.items("activity_kind")[0].id
    return book.outreach.add(Activity(date="2026-10-02", kind_id=kind, title=title, notes=notes))


def test_saving_on_a_full_disk_says_so_and_keeps_what_was_saved(small_disk):
    path = small_disk / "sodon.sqlite"
    with Book.create(path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as book:
        kept = add(book, "Đã lưu trước khi đầy đĩa")
        with pytest.raises(SodonError, match="Ổ đĩa đã đầy nên chưa lưu được gì"):
            for number in range(5000):
                add(book, f"Hoạt động {number}", notes="nội dung dài " * 300)
        saved = {a.id for a in book.outreach.activities(limit=None)}
    remount(small_disk, "size=8m")  # room again, as after deleting files
    with Book.open(path, daily_backup=False) as book:
        assert kept in {a.id for a in book.outreach.activities(limit=None)}
        assert {a.id for a in book.outreach.activities(limit=None)} == saved
        assert book.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_or_a_package_that_does_not_fit_leaves_no_file(demo_path, small_disk):
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (2 * 2**20 - 40 * 2**10))  # leave 40 KB on the disk
    with Book.open(demo_path, daily_backup=False) as book:
        with pytest.raises(
            SodonError, match=r"Ổ đĩa đã đầy nên chưa (lưu|ghi) được gì. Hãy giải phóng chỗ trống"
        ):
            book.backup(to=small_disk / "backup.sqlite")
        with pytest.raises(
            SodonError, match=r"Ổ đĩa đã đầy nên chưa (lưu|ghi) được gì. Hãy giải phóng chỗ trống"
        ):
            export_month(book, "2026-10", small_disk)
        assert book.periods.get("2026-10").exported_sequence == 0
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_read_only_media_are_explained(demo_path, small_disk):
    remount(small_disk, "size=16m")
    on_stick = small_disk / "sodon.sqlite"
    shutil.copyfile(demo_path, on_stick)
    remount(small_disk, "ro")
    with pytest.raises(SodonError, match="chế độ chỉ đọc"):
        Book.open(on_stick, daily_backup=False)
    with Book.open(on_stick, readonly=True) as book:  # still readable, e.g. to print
        assert book.outreach.count() > 0
    with Book.open(demo_path, daily_backup=False) as book:
        for write in (
            lambda: book.backup(to=small_disk / "backup.sqlite"),
            lambda: export_month(book, "2026-10", small_disk),
        ):
            with pytest.raises(SodonError, match="chế độ chỉ đọc"):
                write()
    raw = sqlite3.connect(demo_path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(p.name for p in small_disk.iterdir()) == ["sodon.sqlite"]
