"""`sodon` run as a process on real files, as a clerk or a script would."""

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app import __version__
from app.core.bookfile import schema_version
from app.core.dates import format_date


def test_without_a_book_sodon_explains_how_to_start(sodon, tmp_path):
    result = sodon(book=tmp_path / "none.sqlite")
    assert result.returncode == 0
    assert "Chưa có sổ" in result.stdout and "sodon init" in result.stdout


def test_init_then_sodon_shows_what_the_book_holds(sodon, tmp_path):
    path = tmp_path / "sodon.sqlite"
    made = sodon("init", "--post-code", "lc01", "--post-name", "Đồn Biên phòng Lũng Cú", book=path)
    assert made.returncode == 0, made.stderr
    assert "Đã tạo sổ của Đồn Biên phòng Lũng Cú (LC01)" in made.stdout
    shown = sodon(book=path, check=True)
    assert "Đồn Biên phòng Lũng Cú (LC01)" in shown.stdout
    assert "Tuyên truyền: 0 hoạt động" in shown.stdout


def test_db_option_wins_over_the_environment(sodon, tmp_path):
    wanted = tmp_path / "wanted.sqlite"
    sodon(
        "--db",
        str(wanted),
        "init",
        "--post-code",
        "A1",
        "--post-name",
        "Đồn A",
        book=tmp_path / "other.sqlite",
        check=True,
    )
    assert wanted.exists() and not (tmp_path / "other.sqlite").exists()


def test_demo_fills_every_register_and_check_finds_it_sound(sodon, tmp_path):
    path = tmp_path / "sodon.sqlite"
    sodon(
        "init",
        "--post-code",
        "LC01",
        "--post-name",
        "Đồn Biên phòng Lũng Cú",
        book=path,
        check=True,
    )
    filled = sodon("demo", "--months", "3", book=path, check=True)
    assert "hoạt động" in filled.stdout
    for what in (
        "activities",
        "titles",
        "stock",
        "movements",
        "loans",
        "cabinets",
        "courses",
        "sessions",
        "people",
        "attendance",
    ):
        listed = sodon("list", what, "--format", "json", "--limit", "0", book=path, check=True)
        assert json.loads(listed.stdout), what
    checked = sodon("check", book=path)
    assert checked.returncode == 0 and "Sổ tốt" in checked.stdout


def test_json_lists_have_stable_field_names(sodon, demo_path):
    fields = {
        "activities": {
            "id",
            "date",
            "kind",
            "title",
            "commune",
            "village",
            "place",
            "audience_total",
            "audience_women",
            "audience_ethnic",
            "audience_foreign",
            "topics",
            "languages",
            "station",
            "plan_content",
            "staff",
            "partners",
            "materials",
            "notes",
            "post_code",
        },
        "stock": {"cabinet_id", "cabinet", "title_id", "title", "quantity"},
        "people": {
            "id",
            "full_name",
            "birth_year",
            "gender",
            "ethnicity",
            "unit",
            "position",
            "phone",
            "courses",
        },
        "loans": {
            "id",
            "cabinet",
            "title",
            "borrower",
            "borrower_unit",
            "quantity",
            "lent_on",
            "due_on",
            "returned_on",
            "days_overdue",
        },
    }
    for what, names in fields.items():
        rows = json.loads(
            sodon(
                "list", what, "--format", "json", "--limit", "3", book=demo_path, check=True
            ).stdout
        )
        assert set(rows[0]) == names, what


def test_people_are_listed_in_given_name_order(sodon, demo_path):
    rows = json.loads(
        sodon(
            "list", "people", "--format", "json", "--limit", "0", book=demo_path, check=True
        ).stdout
    )
    from app.core.text import name_sort_key

    names = [r["full_name"] for r in rows]
    assert names == sorted(names, key=name_sort_key)
    assert len(names) > 50


def test_search_and_month_filter_in_the_list(sodon, demo_path):
    rows = json.loads(
        sodon(
            "list",
            "activities",
            "--search",
            "MA TUY",
            "--month",
            "2026-10",
            "--format",
            "json",
            "--limit",
            "0",
            book=demo_path,
            check=True,
        ).stdout
    )
    assert rows
    assert all(r["date"].startswith("2026-10") for r in rows)
    from app.core.text import search_words

    for row in rows:  # each typed word begins some word of the activity
        words = search_words(*row.values())
        assert any(w.startswith("ma") for w in words) and any(w.startswith("tuy") for w in words)


def test_csv_and_table_formats(sodon, demo_path):
    listed = sodon("list", "titles", "--format", "csv", "--limit", "0", book=demo_path, check=True)
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert {"Luật Biên phòng Việt Nam", "Báo Biên phòng"} <= {r["name"] for r in rows}
    table = sodon("list", "loans", "--limit", "2", book=demo_path, check=True)
    header = table.stdout.splitlines()[0]
    assert header.split()[:2] == ["Người", "mượn"]
    assert "thêm --limit 0" in table.stderr


def test_user_mistakes_get_a_message_and_no_traceback(sodon, demo_path, tmp_path):
    for args in (
        ["list", "people", "--month", "2026-01"],
        ["list", "activities", "--month", "03/2026"],
        ["list", "shelves"],
    ):
        result = sodon(*args, book=demo_path)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr and result.stderr.strip()
    refused = sodon("init", "--post-code", "X", "--post-name", "", book=tmp_path / "n.sqlite")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Lỗi: ") and "Mã đồn" in refused.stderr


def test_a_foreign_file_is_refused_and_left_byte_identical(sodon, tmp_path):
    path = tmp_path / "photo.sqlite"
    path.write_bytes(b"\x89PNG\r\n" + bytes(range(256)) * 10)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["list", "activities"], ["demo"], ["check"], ["backup"]):
        result = sodon(*args, book=path)
        assert result.returncode == 1 and "không phải sổ" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_check_reports_broken_rules_with_exit_status_one(sodon, demo_path):
    raw = sqlite3.connect(demo_path)
    raw.execute(
        "UPDATE movement SET quantity = -500 WHERE id = "
        "(SELECT id FROM movement WHERE kind = 'handed_out' LIMIT 1)"
    )
    raw.commit()
    raw.close()
    result = sodon("check", book=demo_path)
    assert result.returncode == 1
    assert "vấn đề" in result.stderr and "xuống còn" in result.stderr


def test_backup_and_restore_round_trip(sodon, demo_path, tmp_path):
    copy = tmp_path / "usb" / "copy.sqlite"
    made = sodon("backup", "--to", str(copy), book=demo_path, check=True)
    assert str(copy) in made.stdout
    rotated = sodon("backup", book=demo_path, check=True)
    assert "backups" in rotated.stdout
    before = json.loads(
        sodon(
            "list", "people", "--format", "json", "--limit", "0", book=demo_path, check=True
        ).stdout
    )
    raw = sqlite3.connect(demo_path)
    raw.execute("UPDATE person SET deleted_at = '2026-11-23T00:00:00Z'")
    raw.commit()
    raw.close()
    restored = sodon("restore", str(copy), book=demo_path, check=True)
    assert "Đã khôi phục" in restored.stdout
    after = json.loads(
        sodon(
            "list", "people", "--format", "json", "--limit", "0", book=demo_path, check=True
        ).stdout
    )
    assert after == before
    kept = [p for p in (demo_path.parent / "backups").iterdir() if "before-restore" in p.name]
    assert len(kept) == 1


def test_restore_onto_a_new_computer_makes_the_book(sodon, demo_path, tmp_path):
    copy = tmp_path / "copy.sqlite"
    sodon("backup", "--to", str(copy), book=demo_path, check=True)
    new = tmp_path / "new-laptop" / "sodon.sqlite"
    sodon("restore", str(copy), book=new, check=True)
    assert sodon("check", book=new).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(sodon, demo_path, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("không phải sổ")
    result = sodon("restore", str(junk), "--yes", book=demo_path)
    assert result.returncode == 1 and "không phải sổ" in result.stderr


def test_a_second_writer_is_told_who_holds_the_book(sodon, demo_path):
    from app.core.book import Book

    with Book.open(demo_path, daily_backup=False):
        result = sodon("demo", "--months", "1", book=demo_path)
        assert result.returncode == 1
        assert "đang được mở để ghi" in result.stderr and "tiến trình" in result.stderr
        assert sodon("list", "titles", book=demo_path).returncode == 0  # readers still read


def test_version(sodon):
    result = sodon("--version", check=True)
    assert result.stdout.strip() == f"sodon {__version__} (định dạng sổ {schema_version()})"


def every_command(group=None, path=()):
    import click

    from app.cli import cli

    group = group or cli
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("command", list(every_command()), ids=" ".join)
def test_help_is_in_vietnamese(sodon, command):
    shown = sodon(*command, "--help", check=True).stdout
    assert shown.startswith("Cách dùng: ") and "Tùy chọn:" in shown
    assert "Ví dụ:" in shown or not command  # each command shows lines to copy
    english = re.compile(r"\b(TEXT|INTEGER|RANGE|FILES?|SOURCE|DIRECTORY|PATH|NAME|the|of|and)\b")
    assert not english.findall(shown), shown


def test_an_unexpected_failure_writes_a_crash_log_instead_of_a_traceback(
    sodon, demo_path, tmp_path
):
    raw = sqlite3.connect(demo_path)
    raw.execute("DROP TABLE activity_language")
    raw.commit()
    raw.close()
    result = sodon(
        "list",
        "activities",
        book=demo_path,
        env={"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "lỗi ngoài dự kiến" in result.stderr
    logs = list(Path(tmp_path / "state").rglob("crash-*.log"))
    assert logs and "Traceback" in logs[0].read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_backup_on_a_full_disk_says_so_and_leaves_no_half_file(demo_path, tmp_path):
    # The process may write files of at most 64 KB: the backup cannot be written whole.
    limit = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
        "sys.argv = ['sodon', 'backup', '--to', sys.argv[1]]; from app.launch import main; main()"
    )
    target = tmp_path / "usb" / "copy.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", limit, str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "SODON_DB": str(demo_path)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.stderr
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_the_lists_sodon_offers_are_the_core_lists():
    from app.cli.lists import LIST_NAMES
    from app.core.listing import LISTS

    assert sorted(LIST_NAMES) == sorted(LISTS)


def test_print_writes_the_sign_in_sheet_and_the_attendance_summary(sodon, demo_path, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    sessions = json.loads(
        sodon(
            "list", "sessions", "--format", "json", "--limit", "0", book=demo_path, check=True
        ).stdout
    )
    done = next(s for s in sessions if s["present"])
    signin = tmp_path / "signin.pdf"
    made = sodon(
        "print",
        "signin",
        "--session",
        done["id"],
        "--out",
        str(signin),
        "--blank",
        "3",
        book=demo_path,
        check=True,
    )
    assert "Đã ghi ra" in made.stdout
    assert "DANH SÁCH KÝ TÊN" in PdfReader(signin).pages[0].extract_text()
    attendance = tmp_path / "attendance.xlsx"
    sodon(
        "print",
        "attendance",
        "--course",
        done["course_id"],
        "--out",
        str(attendance),
        book=demo_path,
        check=True,
    )
    sheet = load_workbook(attendance).worksheets[0]
    assert sheet.cell(int(sheet.freeze_panes[1:]) - 1, 1).value == "STT"  # the header row


def test_each_report_holds_the_months_records(sodon, demo_path, tmp_path):
    """Every report of October read back and compared with what `sodon list` says of the book
    (the demo book's clock is TODAY, 23 November 2026)."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    def listed(register: str, *options: str) -> list[dict]:
        result = sodon(
            "list", register, *options, "--limit", "0", "--format", "json", book=demo_path
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def report(which: str, suffix: str) -> Path:
        out = tmp_path / f"{which}.{suffix}"
        sodon("report", which, "--month", "2026-10", "--out", str(out), book=demo_path, check=True)
        return out

    def pdf_words(path: Path) -> str:
        """The document's text with its line breaks (and wrapped cells) as single spaces."""
        return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())

    def number(value: int) -> str:
        return f"{value:,}".replace(",", ".")  # Vietnamese thousands: 6.035

    activities = listed("activities", "--month", "2026-10")
    with report("outreach", "csv").open(encoding="utf-8-sig", newline="") as file:
        logged = list(csv.DictReader(file))
    assert [row["STT"] for row in logged] == [str(n) for n in range(1, len(activities) + 1)]
    assert sorted((r["Ngày"], r["Nội dung"], int(r["Số người dự"])) for r in logged) == sorted(
        (a["date"], a["title"], a["audience_total"]) for a in activities
    )

    month = pdf_words(report("month", "pdf"))
    assert "BÁO CÁO THÁNG" in month and "tháng 10/2026" in month
    total = {
        part: sum(a[f"audience_{part}"] for a in activities)
        for part in ("total", "women", "ethnic", "foreign")
    }
    assert (
        f"Trong tháng, Đồn đã tổ chức {len(activities)} hoạt động tuyên truyền với "
        f"{number(total['total'])} lượt người nghe, trong đó {number(total['women'])} nữ, "
        f"{number(total['ethnic'])} người dân tộc thiểu số và {number(total['foreign'])} người "
        "nước ngoài."
    ) in month

    stock = listed("stock", "--month", "2026-10")  # as at the month's end
    inventory = pdf_words(report("inventory", "pdf"))
    assert "BÁO CÁO TỦ SÁCH Tháng 10/2026 Tồn kho ngày 31/10/2026" in inventory
    for row in stock:
        assert f"{row['cabinet']} {row['title']} {number(row['quantity'])}" in inventory
    assert f"Cộng {number(sum(row['quantity'] for row in stock))}" in inventory

    sheets = load_workbook(report("stocktake", "xlsx")).worksheets
    assert len(sheets) == len({row["cabinet"] for row in stock})
    for sheet in sheets:  # no stocktake in October: a counting sheet of each cabinet
        assert [sheet.cell(row, 1).value for row in (3, 4)] == ["Biên bản kiểm kê", "Tháng 10/2026"]
        cabinet, _, when = sheet.cell(5, 1).value.partition(" — ")
        assert when == "ngày 31/10/2026"
        lines = [
            (title, expected)
            for line, title, expected, counted, _note in sheet.iter_rows(values_only=True)
            if isinstance(line, int) and counted is None
        ]
        assert sorted(lines) == sorted(
            (row["title"], row["quantity"]) for row in stock if row["cabinet"] == cabinet
        )

    month_end = date(2026, 10, 31)
    late = [  # still out, and due before the month's end
        loan
        for loan in listed("loans")
        if loan["returned_on"] is None and loan["due_on"] < month_end.isoformat()
    ]
    overdue = pdf_words(report("overdue", "pdf"))
    assert "DANH SÁCH MƯỢN QUÁ HẠN" in overdue
    assert f"Có {len(late)} lượt mượn quá hạn chưa trả, tính đến ngày 31/10/2026." in overdue
    for loan in late:
        days = (month_end - date.fromisoformat(loan["due_on"])).days
        assert (
            f"{loan['borrower']} {loan['borrower_unit']} {loan['title']} {loan['cabinet']} "
            f"{loan['quantity']} {format_date(loan['lent_on'])} {format_date(loan['due_on'])} "
            f"{days}"
        ) in overdue


def test_a_report_to_an_unknown_kind_of_file_is_refused(sodon, demo_path, tmp_path):
    result = sodon(
        "report", "month", "--month", "2026-10", "--out", str(tmp_path / "r.docx"), book=demo_path
    )
    assert result.returncode == 1 and ".pdf, .xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    missing = sodon(
        "print",
        "signin",
        "--session",
        "no-such-id",
        "--out",
        str(tmp_path / "s.pdf"),
        book=demo_path,
    )
    assert missing.returncode == 1 and "Lỗi:" in missing.stderr


def test_without_a_screen_the_window_is_refused_but_its_picture_is_made(sodon, tmp_path):
    path = tmp_path / "sodon.sqlite"
    sodon("init", "--post-code", "LC01", "--post-name", "Đồn Lũng Cú", book=path, check=True)
    refused = sodon("gui", book=path)
    assert refused.returncode == 1
    assert "không có màn hình" in refused.stderr.lower() and "Traceback" not in refused.stderr
    picture = tmp_path / "overview.png"
    sodon("gui", "--screenshot", str(picture), book=path, check=True)
    assert picture.read_bytes().startswith(b"\x89PNG")
