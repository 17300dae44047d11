"""The year's plan from the command line, as processes: the province sets targets (one at a
time, or from the template filled in), shows them and prints their progress; a post lists
its targets; each side refuses the other's commands."""

import hashlib
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from app.core.plan import INDICATORS, target_id
from app.i18n import _


@pytest.fixture
def province(sodon, tmp_path):
    path = tmp_path / "tinh.sqlite"
    sodon(
        "init", "--post-code", "BCH-HG", "--post-name", "Bộ Chỉ huy", "--province", book=path,
        check=True,
    )  # fmt: skip
    for code in ("LC01", "LS02"):
        sodon("post", "add", "--code", code, "--name", f"Đồn {code}", book=path, check=True)
    return path


def shown(sodon, province, year="2027") -> list[dict]:
    return json.loads(
        sodon("plan", "show", "--year", year, "--format", "json", book=province, check=True).stdout
    )


def test_a_target_is_set_changed_and_removed(sodon, province):
    sodon(
        "plan", "set", "--year", "2027", "--post", "lc01", "--indicator", "activities",
        "--target", "120", book=province, check=True,
    )  # fmt: skip
    sodon(
        "plan", "set", "--year", "2027", "--post", "LC01", "--indicator", "women",
        "--content", "nd1", "--target", "300", book=province, check=True,
    )  # fmt: skip
    sodon(
        "plan", "set", "--year", "2027", "--post", "LC01", "--indicator", "activities",
        "--target", "150", book=province, check=True,
    )  # fmt: skip
    targets = shown(sodon, province)
    assert [(t["indicator"], t["content"], t["target"]) for t in targets] == [
        ("activities", "", 150),
        ("women", "ND1", 300),
    ]
    assert targets[0]["id"] == target_id("LC01", 2027, "activities", "")
    table = sodon("plan", "show", "--year", "2027", book=province, check=True).stdout
    assert "women ND1" in table and "150" in table and "LS02" in table
    sodon(
        "plan", "set", "--year", "2027", "--post", "LC01", "--indicator", "women",
        "--content", "ND1", "--target", "0", book=province, check=True,
    )  # fmt: skip
    assert [t["indicator"] for t in shown(sodon, province)] == ["activities"]


def test_a_wrong_target_is_refused_with_what_to_fix(sodon, province):
    refused = sodon(
        "plan", "set", "--year", "2027", "--post", "LC01", "--indicator", "courses",
        "--content", "ND1", "--target", "3", book=province,
    )  # fmt: skip
    assert refused.returncode == 1 and "ND4" in refused.stderr
    unknown = sodon(
        "plan", "set", "--year", "2027", "--post", "XX09", "--indicator", "courses",
        "--target", "3", book=province,
    )  # fmt: skip
    assert unknown.returncode == 1 and "XX09" in unknown.stderr
    assert shown(sodon, province) == []


def test_the_template_filled_in_is_loaded_all_or_nothing(sodon, province, tmp_path):
    sheet_path = tmp_path / "ke-hoach.xlsx"
    sodon("plan", "template", "--year", "2027", "--out", str(sheet_path), book=province, check=True)
    workbook = load_workbook(sheet_path)
    sheet = workbook.active
    keys = [c.value for c in sheet[3]]
    assert keys[2:] == list(INDICATORS)
    rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
    sheet.cell(rows["LC01"], keys.index("activities") + 1).value = 200
    sheet.cell(rows["LS02"], keys.index("trainees") + 1).value = "nhiều"
    sheet.cell(rows["LS02"], keys.index("sessions") + 1).value = -1
    workbook.save(sheet_path)
    before = hashlib.sha256(province.read_bytes()).hexdigest()
    refused = sodon("plan", "load", str(sheet_path), book=province)
    assert refused.returncode == 1
    trainees = f"{chr(ord('A') + keys.index('trainees'))}{rows['LS02']}"
    sessions = f"{chr(ord('A') + keys.index('sessions'))}{rows['LS02']}"
    assert trainees in refused.stderr and sessions in refused.stderr
    assert hashlib.sha256(province.read_bytes()).hexdigest() == before
    sheet.cell(rows["LS02"], keys.index("trainees") + 1).value = 40
    sheet.cell(rows["LS02"], keys.index("sessions") + 1).value = None
    workbook.save(sheet_path)
    sodon("plan", "load", str(sheet_path), book=province, check=True)
    assert {(t["to_post"], t["indicator"], t["target"]) for t in shown(sodon, province)} == {
        ("LC01", "activities", 200),
        ("LS02", "trainees", 40),
    }


def test_the_plan_report_is_written_as_pdf_and_xlsx(sodon, province, tmp_path):
    sodon(
        "plan", "set", "--year", "2026", "--post", "LC01", "--indicator", "audience",
        "--target", "5000", book=province, check=True,
    )  # fmt: skip
    for suffix in (".pdf", ".xlsx"):
        out = tmp_path / f"ke-hoach{suffix}"
        sodon("report", "plan", "--year", "2026", "--out", str(out), book=province, check=True)
        assert out.stat().st_size > 0
    sheet = load_workbook(tmp_path / "ke-hoach.xlsx").worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "LC01 — Đồn LC01" in values and "0% *" in values
    period = tmp_path / "giai-doan.xlsx"
    sodon(
        "report", "period", "--from", "2025", "--to", "2026", "--out", str(period),
        book=province, check=True,
    )  # fmt: skip
    assert load_workbook(period).worksheets


def test_a_post_lists_its_targets_and_refuses_the_provinces_commands(sodon, demo_path, province):
    db = sqlite3.connect(demo_path)
    db.execute("DELETE FROM plan_target")  # the demo's own targets
    db.execute(
        "INSERT INTO plan_target (id, post_code, to_post, year, indicator, content, target, "
        "created_at, updated_at) VALUES (?, 'BCH-HG', 'LC01', 2026, 'activities', '', 100000, "
        "'2026-01-01', '2026-01-01')",
        [target_id("LC01", 2026, "activities", "")],
    )
    db.commit()
    db.close()
    listed = json.loads(
        sodon(
            "list", "targets", "--year", "2026", "--format", "json", book=demo_path, check=True
        ).stdout
    )
    (target,) = listed
    assert target["indicator"] == "activities" and target["target"] == 100000
    assert target["actual"] > 0 and target["behind"] is True
    assert 0 < target["percent"] < 100 and target["expected"] > 0
    table = sodon("list", "targets", "--year", "2026", book=demo_path, check=True).stdout
    assert _("Activities") in table and "%" in table
    refused = sodon(
        "plan", "set", "--year", "2027", "--post", "LC01", "--indicator", "activities",
        "--target", "5", book=demo_path,
    )  # fmt: skip
    assert refused.returncode == 1 and "sodon list targets" in refused.stderr
    assert sodon("plan", "show", "--year", "2027", book=demo_path).returncode == 1
    at_province = sodon("list", "targets", "--year", "2027", book=province)
    assert at_province.returncode == 1 and "sodon plan show" in at_province.stderr
