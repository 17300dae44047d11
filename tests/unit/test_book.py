import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core import backups
from app.core.book import Book
from app.core.bookfile import APPLICATION_ID, schema_version
from app.core.errors import BookLocked, BookRefused, StorageError, ValidationError
from app.core.outreach import Activity
from tests.conftest import migrations_plus


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kind_id(book) -> str:
    return book.lookups.items("activity_kind")[0].id


def add_activity(book, title="Tuyên truyền Luật Biên phòng", **values) -> str:
    return book.outreach.add(
        Activity(date="12/03/2026", kind_id=kind_id(book), title=title, audience_total=10, **values)
    )


# Creating and opening ---------------------------------------------------------------------


def test_a_new_book_carries_the_program_mark_and_the_latest_format(book, book_path):
    row = sqlite3.connect(book_path).execute("PRAGMA application_id").fetchone()
    assert row[0] == APPLICATION_ID
    assert book.version == schema_version()
    assert book.post.code == "LC01" and book.post.name == "Đồn Biên phòng Lũng Cú"


def test_a_book_is_opened_with_wal_full_sync_and_foreign_keys(book):
    pragma = lambda name: book.connection.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1


def test_the_plan_contents_and_lists_are_seeded_with_the_same_ids_everywhere(tmp_path):
    one = Book.create(tmp_path / "a.sqlite", post_code="A1", post_name="Đồn A")
    two = Book.create(tmp_path / "b.sqlite", post_code="B2", post_name="Đồn B")
    try:
        contents = [i.code for i in one.lookups.items("plan_content")]
        assert contents == ["ND1", "ND2", "ND3", "ND4", "ND5", "HT", "CK"]
        for name in ("activity_kind", "topic", "plan_content", "language"):
            assert [i.id for i in one.lookups.items(name)] == [
                i.id for i in two.lookups.items(name)
            ]
    finally:
        one.close()
        two.close()


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("my notes")
    with pytest.raises(BookRefused, match="Đã có một tệp"):
        Book.create(path, post_code="LC01", post_name="Đồn")
    assert path.read_text() == "my notes"


def test_a_bad_post_code_is_refused_with_a_field_message(tmp_path):
    with pytest.raises(ValidationError) as refused:
        Book.create(tmp_path / "x.sqlite", post_code="Lũng cú!", post_name="")
    assert set(refused.value.errors) == {"post_code", "post_name"}
    assert "Mã đồn" in refused.value.errors["post_code"]
    assert not (tmp_path / "x.sqlite").exists()


def test_a_missing_book_is_refused_with_how_to_create_one(tmp_path):
    with pytest.raises(BookRefused, match="sodon init"):
        Book.open(tmp_path / "none.sqlite")


# Refusals leave the file byte-identical ---------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "letter.sqlite"
    path.write_bytes("Kính gửi Đồn trưởng".encode() * 20)
    before = digest(path)
    with pytest.raises(BookRefused, match="không phải sổ"):
        Book.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.sqlite"]


def test_a_database_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    before = digest(path)
    with pytest.raises(BookRefused, match="chương trình khác"):
        Book.open(path)
    assert digest(path) == before


def test_a_book_from_a_newer_version_is_refused_untouched(book, book_path):
    book.close()
    raw = sqlite3.connect(book_path)
    raw.execute(f"PRAGMA user_version = {schema_version() + 1}")
    raw.commit()
    raw.close()
    before = digest(book_path)
    with pytest.raises(BookRefused, match="phiên bản Sổ Đồn mới hơn"):
        Book.open(book_path)
    assert digest(book_path) == before


def test_a_damaged_book_is_refused_untouched(book, book_path):
    for number in range(300):
        add_activity(book, title=f"Hoạt động số {number} " + "x" * 200)
    book.close()
    raw = sqlite3.connect(book_path)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    data = bytearray(book_path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):
        data[offset + 8 : offset + 40] = b"\xff" * 32  # break b-tree page headers
    book_path.write_bytes(bytes(data))
    before = digest(book_path)
    with pytest.raises(BookRefused, match="bị hỏng"):
        Book.open(book_path)
    assert digest(book_path) == before
    assert not Path(f"{book_path}.lock").exists()


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores file permissions"
)
def test_a_read_only_book_is_refused_for_writing_but_opens_read_only(book, book_path):
    add_activity(book)
    book.close()
    book_path.chmod(0o444)
    try:
        with pytest.raises(BookRefused, match="chỉ đọc"):
            Book.open(book_path)
        with Book.open(book_path, readonly=True) as reader:
            assert reader.outreach.count() == 1
    finally:
        book_path.chmod(0o644)


def test_a_book_the_user_may_not_write_is_refused_for_writing(book, book_path, monkeypatch):
    add_activity(book)
    book.close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == book_path else real_access(p, mode)
    )
    before = digest(book_path)
    with pytest.raises(BookRefused, match="chỉ đọc"):
        Book.open(book_path)
    assert digest(book_path) == before


def test_a_read_only_folder_is_refused_for_writing(book, book_path, monkeypatch):
    book.close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == book_path.parent else real_access(p, mode)
    )
    with pytest.raises(BookRefused, match="chỉ đọc"):
        Book.open(book_path)


def test_a_full_disk_saves_nothing_and_says_so(book):
    add_activity(book, title="Đã lưu trước khi đầy đĩa")
    used = book.connection.execute("PRAGMA page_count").fetchone()[0]
    book.connection.execute(f"PRAGMA max_page_count = {used}")
    with pytest.raises(StorageError, match="Ổ đĩa đã đầy"):
        for number in range(200):
            add_activity(book, title="Nội dung rất dài " * 20 + str(number), notes="y" * 3000)
    book.connection.execute("PRAGMA max_page_count = 1073741823")
    titles = [r.title for r in book.outreach.activities(limit=None)]
    assert "Đã lưu trước khi đầy đĩa" in titles
    changes = book.db.execute("SELECT count(*) FROM change WHERE table_name = 'activity'")
    assert changes.fetchone()[0] == len(titles)  # no change logged for what was not saved
    assert book.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# The lock -------------------------------------------------------------------------------


def test_a_second_writer_is_told_who_holds_the_book(book, book_path):
    with pytest.raises(BookLocked) as refused:
        Book.open(book_path)
    assert refused.value.holder["pid"] == os.getpid()
    assert "tiến trình" in str(refused.value) and str(os.getpid()) in str(refused.value)


def test_readers_do_not_need_the_lock(book, book_path):
    add_activity(book)
    with Book.open(book_path, readonly=True) as reader:
        assert reader.outreach.count() == 1


def test_the_lock_is_released_on_close(book, book_path):
    book.close()
    assert not Path(f"{book_path}.lock").exists()
    Book.open(book_path).close()


def test_a_stale_lock_of_a_killed_program_is_taken_over(book, book_path):
    book.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from app.core.book import Book; "
            "b = Book.open(sys.argv[1]); print('open', flush=True); time.sleep(60)",
            str(book_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(BookLocked, match=str(holder.pid)):
            Book.open(book_path)
    finally:
        holder.kill()
        holder.wait()
    assert json.loads(Path(f"{book_path}.lock").read_text())["pid"] == holder.pid  # left behind
    with Book.open(book_path) as taken:
        assert taken._lock.took_over["pid"] == holder.pid


# Migrations and backups ------------------------------------------------------------------


def test_an_older_book_is_upgraded_after_a_backup(book, book_path, monkeypatch, tmp_path):
    add_activity(book)
    book.close()
    extra = tmp_path / "migrations"
    migrations_plus(
        extra, "test_column", "ALTER TABLE activity ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';"
    )
    import app.core.bookfile as book_module

    monkeypatch.setattr(book_module, "migrations_dir", lambda: extra)
    with Book.open(book_path) as upgraded:
        assert upgraded.version == schema_version()
        assert upgraded.db.execute("SELECT extra FROM activity").fetchone()[0] == "x"
    made = [b for b in backups.list_backups(book_path) if b.reason == "before-upgrade"]
    assert len(made) == 1
    kept = sqlite3.connect(made[0].path)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == schema_version() - 1
    assert kept.execute("SELECT count(*) FROM activity").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_book_as_it_was(book, book_path, monkeypatch, tmp_path):
    add_activity(book)
    book.close()
    extra = tmp_path / "migrations"
    migrations_plus(
        extra, "broken", "ALTER TABLE activity ADD COLUMN extra TEXT; SELECT * FROM no_such_table;"
    )
    import app.core.bookfile as book_module

    monkeypatch.setattr(book_module, "migrations_dir", lambda: extra)
    with pytest.raises(BookRefused, match="nâng cấp"):
        Book.open(book_path)
    monkeypatch.undo()
    with Book.open(book_path) as reopened:
        columns = [r[1] for r in reopened.db.execute("PRAGMA table_info(activity)")]
        assert "extra" not in columns and reopened.outreach.count() == 1


def test_the_first_writable_open_of_a_day_makes_a_backup(book, book_path):
    daily = [b for b in backups.list_backups(book_path) if b.reason == "daily"]
    assert len(daily) == 1
    book.close()
    Book.open(book_path).close()
    assert len([b for b in backups.list_backups(book_path) if b.reason == "daily"]) == 1


def test_a_backup_is_a_sound_copy_in_the_backups_folder(book, book_path):
    add_activity(book)
    made = book.backup()
    assert made.parent == book_path.parent / "backups"
    copy = sqlite3.connect(made)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT count(*) FROM activity").fetchone()[0] == 1
    assert not list(made.parent.glob("*.partial"))


def test_rotation_keeps_seven_days_and_twelve_months(tmp_path):
    book_path = tmp_path / "sodon.sqlite"
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2025, 1, 1, 9, 0, 0)
    for day in range(400):
        for hour in (9, 15):
            made = start + timedelta(days=day, hours=hour - 9)
            (folder / f"sodon_{made:%Y-%m-%d_%H%M%S}_daily.sqlite").write_bytes(b"x")
    (folder / "other_2025-01-01_090000_daily.sqlite").write_bytes(b"x")  # another book's
    backups.rotate(book_path)
    kept = backups.list_backups(book_path)
    newest = start + timedelta(days=399, hours=6)
    for back in range(7):  # the newest backup of each of the last 7 days
        assert newest - timedelta(days=back) in {b.made for b in kept}
    firsts = {b.made for b in kept if b.made.day == 1 and b.made.hour == 9}
    assert len(firsts) == 12  # the first backup of each of the last 12 months
    assert len(kept) == 7 + 12
    assert (folder / "other_2025-01-01_090000_daily.sqlite").exists()


def test_restore_brings_back_the_backup_and_keeps_the_current_content(book):
    add_activity(book, title="Trước khi sao lưu")
    saved = book.backup(to=book.path.parent / "copy.sqlite")
    add_activity(book, title="Sau khi sao lưu")
    kept = book.restore(saved)
    assert [r.title for r in book.outreach.activities()] == ["Trước khi sao lưu"]
    kept_book = sqlite3.connect(kept)
    assert kept_book.execute("SELECT count(*) FROM activity").fetchone()[0] == 2
    assert (
        book.db.execute(
            "SELECT count(*) FROM change WHERE table_name = 'book' AND action = 'restore'"
        ).fetchone()[0]
        == 1
    )
    assert book.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(book, tmp_path):
    add_activity(book)
    bad = tmp_path / "bad.sqlite"
    saved = book.backup(to=bad)
    data = bytearray(saved.read_bytes())
    data[4096 * 2 + 8 : 4096 * 2 + 40] = b"\xff" * 32
    bad.write_bytes(bytes(data))
    count_before = len(book.list_backups())
    with pytest.raises(BookRefused, match="bị hỏng"):
        book.restore(bad)
    assert book.outreach.count() == 1
    assert len(book.list_backups()) == count_before


def test_restore_refuses_another_posts_backup(book, tmp_path):
    with Book.create(tmp_path / "other.sqlite", post_code="ML02", post_name="Đồn Ma Lé") as other:
        saved = other.backup(to=tmp_path / "other-copy.sqlite")
    with pytest.raises(BookRefused, match="ML02"):
        book.restore(saved)


def test_a_book_can_be_made_anew_from_a_backup(book, tmp_path):
    add_activity(book)
    saved = book.backup(to=tmp_path / "usb" / "copy.sqlite")
    with Book.restore_new(tmp_path / "new" / "sodon.sqlite", saved) as made:
        assert made.outreach.count() == 1 and made.post.code == "LC01"


# The change log --------------------------------------------------------------------------


def test_every_insert_update_delete_and_restore_is_logged_with_before_and_after(book):
    activity_id = add_activity(book, title="Ban đầu")
    changed = book.outreach.get(activity_id)
    changed.title = "Đã sửa"
    book.outreach.update(changed)
    book.outreach.delete(activity_id)
    book.outreach.restore(activity_id)
    rows = book.db.execute(
        "SELECT action, user, before, after FROM change WHERE record_id = ? ORDER BY n",
        [activity_id],
    ).fetchall()
    assert [r[0] for r in rows] == ["insert", "update", "delete", "restore"]
    assert all(r[1] == book.user for r in rows)
    insert, update, delete, restore = rows
    assert insert[2] is None and json.loads(insert[3])["title"] == "Ban đầu"
    assert json.loads(update[2])["title"] == "Ban đầu"
    assert json.loads(update[3])["title"] == "Đã sửa"
    assert json.loads(delete[2])["deleted_at"] is None
    assert json.loads(delete[3])["deleted_at"] is not None
    assert json.loads(restore[3])["deleted_at"] is None
