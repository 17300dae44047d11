"""The clerk's path on the command line, as a new user would walk it: a damaged book, a
month that has not ended, output piped into `head`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture
def damaged(demo_template, tmp_path, sodon):
    """A demo book with a backup beside it, then every page but the first two overwritten in
    part (the file still opens: its header and schema are whole)."""
    book = tmp_path / "book.sqlite"
    shutil.copyfile(demo_template, book)
    sodon("backup", book=book, check=True)
    size = book.stat().st_size
    with open(book, "r+b") as handle:
        for offset in range(4096 * 2, size, 4096):  # every page but the schema
            handle.seek(offset + 100)
            handle.write(b"\xde\xad" * 40)
    return book


@pytest.mark.parametrize(
    "args", [("check",), ("list", "activities"), ("list", "people"), ("month", "list"),
             ("report", "month", "--month", "2026-10", "--out", "{tmp}/x.pdf")]
)  # fmt: skip
def test_a_damaged_book_names_its_newest_backup_never_an_unexpected_error(
    damaged, sodon, args, tmp_path
):
    backup = sorted((damaged.parent / "backups").glob("*.sqlite"))[-1]
    args = [arg.format(tmp=tmp_path) for arg in args]  # nothing written into the checkout
    done = sodon(*args, book=damaged, env={"XDG_STATE_HOME": str(tmp_path / "state")})
    assert done.returncode == 1
    assert "bị hỏng" in done.stderr and backup.name in done.stderr, done.stderr
    assert "sodon restore" in done.stderr and "ngoài dự kiến" not in done.stderr
    assert not list((tmp_path / "state").rglob("crash-*.log"))


def test_a_month_that_has_not_ended_cannot_be_closed(demo_path, sodon):
    for month in ("2099-01", "2025-06"):
        done = sodon("month", "close", "--month", month, book=demo_path)
        assert done.returncode == 1 and "chỉ khóa sổ được các tháng đã kết thúc" in done.stderr
    listed = sodon("month", "list", "--format", "json", book=demo_path, check=True).stdout
    assert "2099-01" not in listed and "2025-06" not in listed


def test_a_list_piped_into_head_ends_quietly(demo_path, tmp_path):
    env = {**os.environ, "SODON_DB": str(demo_path), "SODON_LANG": "vi",
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    env.pop("DISPLAY", None)
    done = subprocess.run(
        f"'{sys.executable}' -m app list activities --limit 0 | head -3",
        shell=True, capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert len(done.stdout.splitlines()) == 3
    assert done.stderr == "" and not list((tmp_path / "state").rglob("crash-*.log"))


def test_restoring_a_missing_file_says_to_check_the_path_not_to_make_a_book(demo_path, sodon):
    done = sodon("restore", str(demo_path.parent / "missing.sqlite"), "--yes", book=demo_path)
    assert done.returncode == 1 and "Không có tệp sao lưu" in done.stderr
    assert "sodon init" not in done.stderr


def test_a_book_is_not_made_in_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    from app.core.book import Book
    from app.core.errors import BookRefused

    monkeypatch.setattr("os.access", lambda *_args, **_kwargs: False)  # root ignores modes
    with pytest.raises(BookRefused, match="không được ghi vào đó"):
        Book.create(tmp_path / "ro" / "book.sqlite", post_code="LC01", post_name="Đồn")


ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "[OPTIONS]", "required]",
           "Error:", "Missing option", "No such command", "Invalid value", "Aborted")  # fmt: skip


def commands(group, prefix=()):
    """Every command of the `sodon` command line, as the words that call it."""
    import click

    for name, command in group.commands.items():
        if command.hidden:
            continue
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


def test_every_help_text_and_usage_error_is_in_vietnamese(sodon, tmp_path):
    from app.cli import cli

    book = tmp_path / "none.sqlite"
    for words in [(), *commands(cli)]:
        shown = sodon(*words, "--help", book=book)
        assert shown.returncode == 0, words
        for marker in ENGLISH:
            assert marker not in shown.stdout, (words, marker, shown.stdout)
        assert "Cách dùng:" in shown.stdout and "Hiện hướng dẫn này rồi thoát." in shown.stdout
    for words, expected in (
        (("nosuch",), "Không có lệnh"),
        (("month", "close"), "Thiếu tùy chọn"),
        (("list", "nothing"), "không hợp lệ"),
        (("report", "month", "--year", "abc"), "không hợp lệ"),
        (("list", "activities", "--bogus"), "Không có tùy chọn"),
    ):
        refused = sodon(*words, book=book)
        assert refused.returncode == 1 and expected in refused.stderr, (words, refused.stderr)
        for marker in ENGLISH:
            assert marker not in refused.stderr, (words, marker, refused.stderr)


def test_a_sign_in_sheet_is_printed_from_the_short_reference_the_list_shows(
    demo_path, sodon, tmp_path
):
    listed = sodon("list", "sessions", "--limit", "1", book=demo_path, check=True).stdout
    header, _rule, first = listed.splitlines()[:3]
    assert header.split()[0] == "Mã"
    ref = first.split()[0]
    assert len(ref) == 8
    sheet = tmp_path / "ky-ten.pdf"
    sodon("print", "signin", "--session", ref, "--out", str(sheet), book=demo_path, check=True)
    assert sheet.read_bytes().startswith(b"%PDF")
    wrong = sodon("print", "signin", "--session", "zz12", "--out", str(sheet), book=demo_path)
    assert wrong.returncode == 1
    assert "Không có buổi học nào có mã “zz12”" in wrong.stderr
    assert "sodon list sessions" in wrong.stderr
