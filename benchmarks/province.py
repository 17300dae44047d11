"""The provincial office on a province book of 1,000,000 activities, against baselines
measured in the same run: the consolidated yearly report against the same per-post totals by
one hand-written GROUP BY through sqlite3 (what any such report costs before it is drawn),
the progress of the year's plan (targets given to every post first) against that same
GROUP BY, a programme's five-year period against one GROUP BY by post, year and content,
and the reporting table (posts × months) against a bare read of the deliveries.

    python benchmarks/province.py [--activities 1000000] [--province COPY.sqlite]

The province book is made once from the post book benchmarks/run.py builds: its records are
copied table by table and its activities shared among 30 posts, as if imported from them.
Writes benchmarks/results/province.md and province.json.
"""

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from timing import RESULTS, ROOT, median_seconds

sys.path.insert(0, str(ROOT))

from app.core.book import Book
from app.core.dates import now_utc
from app.exchange.format import TABLES
from app.exchange.province import completeness
from app.reports import write
from app.reports.consolidated import consolidated
from app.reports.plan import period_report, plan_report

POSTS = 30
YEAR = 2026
FIRST_YEAR = YEAR - 4  # a programme's period for the period report


def give_targets(path: Path) -> None:
    """Targets of the year for every post (the plan report needs some), once."""
    from app.core.plan import Target

    with Book.open(path, daily_backup=False) as book:
        if book.plan.targets(YEAR):
            return
        book.plan.set_many(
            [
                Target(code, YEAR, indicator, content, target)
                for code, _name in book.plan.posts()
                for indicator, content, target in (
                    ("activities", "", 2000),
                    ("activities", "ND1", 500),
                    ("audience", "", 200_000),
                    ("women", "", 90_000),
                    ("copies_handed_out", "", 3000),
                    ("courses", "", 6),
                    ("trainees", "", 300),
                    ("sessions", "", 30),
                    ("stations_working", "", 4),
                )
            ]
        )


def build(post_book: Path, target: Path) -> None:
    print(f"building {target.name} from {post_book.name} …", flush=True)
    started = time.perf_counter()
    Book.create(target, post_code="BCH", post_name="Bộ Chỉ huy BĐBP tỉnh", province=True).close()
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("ATTACH ? AS post", [str(post_book)])
    db.execute("BEGIN")
    now = now_utc()
    for number in range(1, POSTS + 1):
        db.execute(
            "INSERT INTO post (id, post_code, code, name, kind, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 'post', ?, ?)",
            [f"post-{number}", f"P{number:02d}", f"P{number:02d}", f"Đồn {number}", now, now],
        )
    for number in range(1, POSTS + 1):
        for month in range(1, 13):
            db.execute(
                "INSERT INTO delivery (id, post_code, month, sequence, file_name, exported_at, "
                "received_at, counts, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, '{}', "
                "?, ?)",
                [
                    f"d-{number}-{month}",
                    f"P{number:02d}",
                    f"{YEAR}-{month:02d}",
                    f"P{number:02d}_{YEAR}-{month:02d}_1.sodon",
                    f"{YEAR}-{month:02d}-28T10:00:00.000Z",
                    now,
                    now,
                    now,
                ],
            )
    for table, columns in TABLES.items():
        if table == "post":
            continue
        if table in ("activity", "movement"):
            columns = (*columns, "n")  # the date-ordered key, which an import would compute
        chosen = [
            f"printf('P%02d', abs({'n' if table in ('activity', 'movement') else 'rowid'}) "
            f"% {POSTS} + 1)"
            if column == "post_code"
            else column
            for column in columns
        ]
        db.execute(
            f"INSERT OR IGNORE INTO main.{table} ({', '.join(columns)}) "
            f"SELECT {', '.join(chosen)} FROM post.{table}"
        )
    db.execute("COMMIT")
    db.execute("DETACH post")
    db.execute("ANALYZE")
    db.close()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument(
        "--province",
        type=Path,
        help="the province book to use (default: results/province-ACTIVITIES.sqlite); "
        "the plan's targets are added to it",
    )
    options = parser.parse_args()
    post_book = RESULTS / f"book-{options.activities}.sqlite"
    if not post_book.exists():
        sys.exit(f"{post_book} is missing: run benchmarks/run.py --activities {options.activities}")
    path = options.province or RESULTS / f"province-{options.activities}.sqlite"
    if not path.exists():
        build(post_book, path)
    Book.open(path, daily_backup=False).close()  # brings a book built earlier up to date
    give_targets(path)
    out = RESULTS / "consolidated.pdf"
    with Book.open(path, readonly=True) as book:
        activities = book.outreach.count()

        def ours() -> None:
            write(consolidated(book, YEAR), book.post, out)

        def bare() -> None:
            raw = sqlite3.connect(path)
            raw.execute(
                "SELECT post_code, count(*), sum(audience_total), sum(audience_women), "
                "sum(audience_ethnic), sum(audience_foreign) FROM activity "
                "WHERE deleted_at IS NULL AND date BETWEEN ? AND ? GROUP BY post_code",
                [f"{YEAR}-01-01", f"{YEAR}-12-31"],
            ).fetchall()
            raw.close()

        def plan() -> None:
            write(plan_report(book, YEAR), book.post, RESULTS / "plan.pdf")

        def period() -> None:
            write(period_report(book, FIRST_YEAR, YEAR), book.post, RESULTS / "period.pdf")

        def bare_period() -> None:
            raw = sqlite3.connect(path)
            raw.execute(
                "SELECT post_code, substr(date, 1, 4), plan_content_id, count(*), "
                "sum(audience_total) FROM activity WHERE deleted_at IS NULL "
                "AND date BETWEEN ? AND ? GROUP BY 1, 2, 3",
                [f"{FIRST_YEAR}-01-01", f"{YEAR}-12-31"],
            ).fetchall()
            raw.close()

        def table() -> None:
            completeness(book, YEAR)

        def bare_table() -> None:
            raw = sqlite3.connect(path)
            raw.execute(
                "SELECT post_code, month, sequence, exported_at FROM delivery WHERE month LIKE ?",
                [f"{YEAR}-%"],
            ).fetchall()
            raw.close()

        report_seconds = median_seconds(ours, 5)
        bare_seconds = median_seconds(bare, 5)
        plan_seconds = median_seconds(plan, 5)
        period_seconds = median_seconds(period, 5)
        bare_period_seconds = median_seconds(bare_period, 5)
        table_seconds = median_seconds(table, 9)
        bare_table_seconds = median_seconds(bare_table, 9)
    results = [
        {
            "case": f"consolidated yearly report, PDF ({activities:,} activities, {POSTS} posts)",
            "ms": round(report_seconds * 1000, 1),
            "baseline_ms": round(bare_seconds * 1000, 1),
            "ratio": round(report_seconds / bare_seconds, 2),
            "goal": "≤ 2 s",
        },
        {
            "case": f"progress of the year's plan, PDF ({POSTS} posts × 9 targets)",
            "ms": round(plan_seconds * 1000, 1),
            "baseline_ms": round(bare_seconds * 1000, 1),
            "ratio": round(plan_seconds / bare_seconds, 2),
            "goal": "≤ 2 s",
        },
        {
            "case": f"figures of a programme's period {FIRST_YEAR}–{YEAR}, PDF",
            "ms": round(period_seconds * 1000, 1),
            "baseline_ms": round(bare_period_seconds * 1000, 1),
            "ratio": round(period_seconds / bare_period_seconds, 2),
            "goal": "≤ 2 s",
        },
        {
            "case": f"reporting table, {POSTS} posts × 12 months",
            "ms": round(table_seconds * 1000, 1),
            "baseline_ms": round(bare_table_seconds * 1000, 1),
            "ratio": round(table_seconds / bare_table_seconds, 2),
            "goal": "≤ 300 ms",
        },
    ]
    (RESULTS / "province.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    lines = [
        "| case | Sổ Đồn | baseline | ratio | goal |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {r['case']} | {r['ms']} ms | {r['baseline_ms']} ms | {r['ratio']} | {r['goal']} |"
            for r in results
        ),
    ]
    (RESULTS / "province.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
