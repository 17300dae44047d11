"""Both directions, end to end, each book in its own `sodon` processes as at a province and
three posts: the posts export, the province imports, returns one month, sends publications and
the year's plan (one target typed, the others from a filled-in spreadsheet) and answers; the
posts import the answers, see their targets and progress, receive the publications (one
short), correct the returned month and export again; the province imports, and its reports
show every receipt, the short count and each post's progress as the post counts it.
Replayed and foreign answers are refused at the post with its book unchanged.
"""

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import run_sodon

POSTS = ("LC01", "LC02", "LC03")
PIN = {"SODON_PIN": "0000"}  # the demo commander's PIN


def last_month() -> str:
    """The month the demo's books have approved last: the one before today's."""
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def sodon(book: Path, *args: str, env: dict | None = None) -> str:
    return run_sodon(*args, book=book, env=env, check=True).stdout


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_province_and_three_posts_answer_each_other(tmp_path):
    month, year = last_month(), int(last_month()[:4])
    usb = tmp_path / "usb"
    province = tmp_path / "tinh" / "tinh.sqlite"
    sodon(province, "init", "--province", "--post-code", "BCH-HG",
          "--post-name", "Bộ Chỉ huy BĐBP tỉnh Hà Giang")  # fmt: skip
    posts = {}
    for code in POSTS:
        posts[code] = tmp_path / code / "so.sqlite"
        sodon(posts[code], "init", "--post-code", code, "--post-name", f"Đồn Biên phòng {code}")
        sodon(posts[code], "demo", "--months", "3")
        fingerprint = sodon(posts[code], "fingerprint").strip()
        sodon(province, "post", "add", "--code", code, "--name", f"Đồn {code}",
              "--fingerprint", fingerprint)  # fmt: skip
        sodon(posts[code], "export", "--month", month, "--out", str(usb))
    sodon(province, "import", *map(str, sorted(usb.glob("*.sodon"))))

    # The province returns LC02's month, sends publications, answers every post.
    sodon(province, "month", "return", "--post", "LC02", "--month", month,
          "--reason", "Thiếu hoạt động ngày 28")  # fmt: skip
    sodon(province, "delivery", "add", "--post", "LC01", "--title", "Luật Biên phòng Việt Nam",
          "--copies", "20", "--author", "Quốc hội")  # fmt: skip
    sodon(province, "delivery", "add", "--post", "LC02", "--title", "Sổ tay tuyên truyền",
          "--copies", "5")  # fmt: skip
    sheet = tmp_path / "an-pham.xlsx"
    sodon(province, "delivery", "template", "--out", str(sheet))
    workbook = load_workbook(sheet)
    rows = workbook.active
    rows.delete_rows(2)
    rows.append(["LC03", "Hỏi đáp về biên giới", "", "NXB Quân đội", 2025, 12, date.today(), ""])
    workbook.save(sheet)
    assert "1" in sodon(province, "delivery", "load", str(sheet))
    # The year's plan: LC01's activities typed; the others' targets from the spreadsheet.
    targets = {"LC01": 120, "LC02": 130, "LC03": 140}
    sodon(province, "plan", "set", "--year", str(year), "--post", "LC01",
          "--indicator", "activities", "--target", str(targets["LC01"]))  # fmt: skip
    plan_sheet = tmp_path / "ke-hoach.xlsx"
    sodon(province, "plan", "template", "--year", str(year), "--out", str(plan_sheet))
    workbook = load_workbook(plan_sheet)
    grid = workbook.worksheets[0]
    names = [cell.value for cell in grid[3]]
    for row in grid.iter_rows(min_row=4):
        if row[0].value in ("LC02", "LC03"):
            row[names.index("activities")].value = targets[row[0].value]
            row[names.index("trainees")].value = 25
    workbook.save(plan_sheet)
    sodon(province, "plan", "load", str(plan_sheet))
    shown = json.loads(sodon(province, "plan", "show", "--year", str(year), "--format", "json"))
    assert {(t["to_post"], t["indicator"], t["target"]) for t in shown} == {
        *((code, "activities", target) for code, target in targets.items()),
        ("LC02", "trainees", 25),
        ("LC03", "trainees", 25),
    }
    answered = sodon(province, "answer", "--all", "--out", str(tmp_path / "answers"))
    files = {code: next((tmp_path / "answers").glob(f"BCH-HG_tra-loi_{code}_1.sodon"))
             for code in POSTS}  # fmt: skip
    assert len(answered.strip().splitlines()) == 3
    province_fp = sodon(province, "fingerprint").strip()

    # The posts import their answers (LC01 and LC03 registered the province; LC02 accepts it).
    for code in ("LC01", "LC03"):
        sodon(posts[code], "province", "set", "--code", "BCH-HG", "--name", "Bộ Chỉ huy",
              "--fingerprint", province_fp)  # fmt: skip
        sodon(posts[code], "import", str(files[code]))
    first = run_sodon("import", str(files["LC02"]), book=posts["LC02"])
    assert first.returncode == 1 and province_fp in first.stderr
    sodon(posts["LC02"], "import", "--accept-new-key", str(files["LC02"]))
    states = {
        code: {m["month"]: m for m in json.loads(sodon(posts[code], "month", "list", "--format", "json"))}
        for code in POSTS
    }  # fmt: skip
    assert states["LC02"][month]["status"] == "returned"
    assert states["LC02"][month]["province_reason"] == "Thiếu hoạt động ngày 28"
    assert states["LC01"][month]["status"] == states["LC03"][month]["status"] == "received"

    # Each post sees its targets and how far it is, counted from its own records.
    for code in POSTS:
        mine = json.loads(sodon(posts[code], "list", "targets", "--year", str(year),
                                "--format", "json"))  # fmt: skip
        (activities,) = [t for t in mine if t["indicator"] == "activities" and not t["content"]]
        listed = sodon(posts[code], "list", "activities", "--format", "json", "--limit", "0")
        today = date.today().isoformat()
        done = [a for a in json.loads(listed) if str(year) <= a["date"] <= today]
        assert (activities["target"], activities["actual"]) == (targets[code], len(done))
        assert activities["percent"] == pytest.approx(100 * len(done) / targets[code])

    # Each post receives its publications (LC01 counts two short).
    for code, copies in (("LC01", "18"), ("LC02", None), ("LC03", None)):
        (waiting,) = json.loads(sodon(posts[code], "list", "deliveries", "--format", "json"))
        cabinet = json.loads(sodon(posts[code], "list", "cabinets", "--format", "json"))[0]["name"]
        extra = ("--copies", copies) if copies else ()
        said = sodon(
            posts[code], "delivery", "receive", waiting["id"][:8], "--cabinet", cabinet, *extra
        )
        assert ("Thiếu 2 bản" in said) == (code == "LC01")

    # LC02 corrects its month and sends it again; LC01 and LC03 send theirs again.
    sodon(posts["LC02"], "month", "unlock", "--month", month, "--reason", "Bổ sung", env=PIN)
    sodon(posts["LC02"], "month", "close", "--month", month)
    sodon(posts["LC02"], "month", "approve", "--month", month, env=PIN)
    second = tmp_path / "usb2"
    for code in POSTS:
        sodon(posts[code], "export", "--month", month, "--out", str(second))
    imported = sodon(province, "import", *map(str, sorted(second.glob("*.sodon"))))
    assert f"LC02_{month}_2.sodon" in imported  # the correction, after the first approval

    # The province's reports show every receipt and the short count.
    report = tmp_path / "an-pham-gui.xlsx"
    sodon(province, "report", "deliveries", "--year", str(year), "--out", str(report))
    sheet = load_workbook(report).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    lines = {row[0][:4]: row for row in values if row[0] and str(row[0])[:4] in POSTS}
    assert (lines["LC01"][3], lines["LC01"][5], lines["LC01"][6]) == (20, 18, 2)
    assert lines["LC02"][5] == 5 and lines["LC03"][5] == 12
    pdf = tmp_path / "an-pham-gui.pdf"
    sodon(province, "report", "deliveries", "--year", str(year), "--out", str(pdf))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "ẤN PHẨM GỬI CÁC ĐỒN" in text and "Luật Biên phòng Việt Nam" in text

    # The province sees each post's progress as far as the months it received: `month`.
    plan = tmp_path / "ke-hoach.xlsx"
    sodon(province, "report", "plan", "--year", str(year), "--out", str(plan))
    figures = load_workbook(plan).worksheets[1]
    for code in POSTS:
        sent = json.loads(sodon(posts[code], "list", "activities", "--month", month,
                                "--format", "json", "--limit", "0"))  # fmt: skip
        (line,) = [
            [cell.value for cell in row] for row in figures.iter_rows()
            if str(row[0].value or "").startswith(code) and row[3].value == targets[code]
        ]  # fmt: skip
        assert line[4] == len(sent)

    # A replayed older answer, and another province's, are refused; the book is unchanged.
    sodon(province, "delivery", "add", "--post", "LC01", "--title", "Tạp chí Biên phòng",
          "--copies", "3")  # fmt: skip
    sodon(province, "answer", "--post", "LC01", "--out", str(tmp_path / "answers"))
    sodon(posts["LC01"], "import", str(tmp_path / "answers" / "BCH-HG_tra-loi_LC01_2.sodon"))
    other = tmp_path / "khac" / "khac.sqlite"
    sodon(other, "init", "--province", "--post-code", "BCH-LC", "--post-name", "BCH tỉnh khác")
    sodon(other, "post", "add", "--code", "LC01", "--name", "Đồn LC01")
    sodon(other, "delivery", "add", "--post", "LC01", "--title", "Lạ", "--copies", "1")
    sodon(other, "answer", "--post", "LC01", "--out", str(tmp_path / "khac"))
    before = digest(posts["LC01"])
    refused = run_sodon("import", str(files["LC01"]),
                        str(tmp_path / "khac" / "BCH-LC_tra-loi_LC01_1.sodon"), book=posts["LC01"])  # fmt: skip
    assert refused.returncode == 1
    assert "văn bản mới hơn" in refused.stderr and "BCH-LC" in refused.stderr
    assert digest(posts["LC01"]) == before
