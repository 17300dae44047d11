"""The plan's documents: the year's progress at the provincial office (read back from the
XLSX), a programme's period, and the plan's section of a post's monthly report."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.book import Book
from app.core.plan import Target, target_id
from app.exchange.format import TABLES
from app.i18n import _
from app.reports import write
from app.reports.document import Chart, Table, Text
from app.reports.monthly import monthly_report
from app.reports.plan import BEHIND, period_report, plan_report
from tests.packages import new_province

YEAR = 2026


def province_with_records(folder: Path, demo: Path) -> Path:
    """A provincial office holding a demo post's records shared between LC01 and LS02, as if
    imported from their packages (TT03 registered, nothing received)."""
    path = new_province(folder / "tinh.sqlite", "LC01", "LS02", "TT03")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("ATTACH ? AS post", [str(demo)])
    db.execute("BEGIN")
    for table, columns in TABLES.items():
        if table == "post":
            continue
        key = "n" if table in ("activity", "movement") else "rowid"
        columns = (*columns, "n") if key == "n" else columns
        chosen = [
            f"CASE WHEN {key} % 2 THEN 'LC01' ELSE 'LS02' END" if c == "post_code" else c
            for c in columns
        ]
        db.execute(
            f"INSERT OR IGNORE INTO main.{table} ({', '.join(columns)}) "
            f"SELECT {', '.join(chosen)} FROM post.{table}"
        )
    db.execute("COMMIT")
    db.close()
    return path


@pytest.fixture(scope="module")
def province_path(tmp_path_factory, demo_template) -> Path:
    path = province_with_records(tmp_path_factory.mktemp("plan"), demo_template)
    with Book.open(path, daily_backup=False) as book:
        book.plan.set_many(
            [
                Target("LC01", YEAR, "activities", "", 100),
                Target("LC01", YEAR, "activities", "ND1", 10_000),
                Target("LS02", YEAR, "audience", "", 1_000),
                Target("LS02", YEAR, "trainees", "ND4", 500),
                Target("TT03", YEAR, "courses", "", 2),
            ]
        )
    return path


def test_the_plan_report_reads_back_as_posts_by_indicators_with_the_figures(
    province_path, tmp_path
):
    with Book.open(province_path, readonly=True) as book:
        progress = {
            (p.to_post, p.indicator, p.content): p
            for p in book.plan.progress(YEAR, today=date.today())
        }
        document = plan_report(book, YEAR)
        out = write(document, book.post, tmp_path / "plan.xlsx")
        write(document, book.post, tmp_path / "plan.pdf")
    assert (tmp_path / "plan.pdf").stat().st_size > 0
    assert any(
        isinstance(b, Chart) and b.labels == ["LC01", "LS02", "TT03"] for b in document.blocks
    )
    assert any(isinstance(b, Text) and BEHIND in b.text for b in document.blocks)
    workbook = load_workbook(out)
    grid, detail = workbook.worksheets
    assert grid.title == _("Percent achieved")[:31]
    rows = [list(r) for r in grid.iter_rows(values_only=True)]
    heading = next(i for i, r in enumerate(rows) if r[0] == _("Post"))
    assert len(rows[heading]) == 1 + 5  # the five (indicator, content) pairs with targets
    posts = {r[0].split(" — ")[0]: r[1:] for r in rows[heading + 1 : heading + 4]}
    assert set(posts) == {"LC01", "LS02", "TT03"}
    lc01 = progress[("LC01", "activities", "")]
    assert posts["LC01"][0] == f"{lc01.percent:.0f}%" + (f" {BEHIND}" if lc01.behind else "")
    assert posts["LC01"][1].endswith(BEHIND)  # 10,000 activities of ND1: behind all year
    assert posts["TT03"][0] is None and posts["TT03"][3].startswith("0%")  # courses
    assert rows[heading + 4][0] == _("All posts")
    lines = [list(r) for r in detail.iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(lines) if r[0] == _("Post"))
    figures = {(r[0].split(" — ")[0], r[3]): r for r in lines[top + 1 :]}
    assert figures[("LS02", 1_000)][4] == progress[("LS02", "audience", "")].actual > 0
    assert figures[("LC01", 100)][5] == pytest.approx(lc01.actual / 100)


def test_the_period_report_gives_each_content_by_year_and_post(province_path, tmp_path):
    with Book.open(province_path, readonly=True) as book:
        document = period_report(book, 2025, YEAR)
        figures = book.plan.actuals_by_post(YEAR, through=date(YEAR, 12, 31), posts=["LC01"])
        out = write(document, book.post, tmp_path / "period.xlsx")
    tables = document.tables()
    assert tables and all(
        [c.header for c in t.columns][1:4] == ["2025", "2026", _("Period")] for t in tables
    )
    workbook = load_workbook(out)
    sheet = next(s for s in workbook.worksheets if s.title.startswith("ND4") and "(" in s.title)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    lc01 = next(r for r in rows if r[0] and str(r[0]).startswith("LC01"))
    assert lc01[2] == figures["LC01"][("trainees", "")]
    assert rows[-1][0] == _("All posts")


def test_a_posts_monthly_report_sets_the_years_figures_beside_its_targets(demo_book):
    demo_book.db.execute("DELETE FROM plan_target")  # the demo's own targets
    demo_book.db.execute(
        "INSERT INTO plan_target (id, post_code, to_post, year, indicator, content, target, "
        "created_at, updated_at) VALUES (?, 'BCH-HG', 'LC01', ?, 'activities', '', 500, "
        "'2026-01-01', '2026-01-01')",
        [target_id("LC01", YEAR, "activities", ""), YEAR],
    )
    document = monthly_report(demo_book, "2026-10")
    (table,) = [t for t in document.tables() if t.sheet == _("Year's plan")]
    (row,) = table.rows
    actual = demo_book.plan.actuals(YEAR, through=date(YEAR, 10, 31), post="LC01")
    assert row[2:4] == [500, actual[("activities", "")]]
    assert row[4] == pytest.approx(actual[("activities", "")] / 500)
    assert any(
        isinstance(b, Text) and b.text == _("V. Assessment and proposals") for b in document.blocks
    )
    assert isinstance(table, Table)
