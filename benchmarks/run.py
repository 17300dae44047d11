"""Benchmarks of the core on a big book, as ratios against raw sqlite3 baselines measured in
the same run on the same file (the machines are shared and noisy; ratios travel, seconds do not).

    python benchmarks/run.py                      # builds a 1,000,000-activity book once
    python benchmarks/run.py --activities 200000  # a smaller one, for a quick look

The book is made with `sodon demo --scale N` and kept in benchmarks/results/ for later runs.
Writes benchmarks/results/core.md and core.json.
"""

import argparse
import json
import math
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from timing import RESULTS, ROOT, median_seconds

sys.path.insert(0, str(ROOT))

from app.core.book import Book
from app.core.dates import month_bounds
from app.core.records import key_range

ACTIVITIES_PER_SCALE = 460  # at least what `sodon demo --months 12 --scale 1` makes


def build(activities: int) -> Path:
    path = RESULTS / f"book-{activities}.sqlite"
    if path.exists():
        return path
    scale = math.ceil(activities / ACTIVITIES_PER_SCALE)
    env_book = ["--db", str(path)]
    sodon = [sys.executable, "-m", "app", *env_book]
    print(f"building {path.name} with sodon demo --scale {scale} ...", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [*sodon, "init", "--post-code", "LC01", "--post-name", "Đồn Biên phòng Lũng Cú"],
        check=True,
        cwd=ROOT,
    )
    subprocess.run([*sodon, "demo", "--months", "12", "--scale", str(scale)], check=True, cwd=ROOT)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = build(options.activities)

    book = Book.open(path, readonly=True)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    count = raw.execute("SELECT count(*) FROM activity").fetchone()[0]
    month = raw.execute("SELECT substr(max(date), 1, 7) FROM activity").fetchone()[0]
    first, last = month_bounds(month)
    cabinet = raw.execute(
        "SELECT cabinet_id FROM movement GROUP BY cabinet_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    movements = raw.execute(
        "SELECT count(*) FROM movement WHERE cabinet_id = ?", [cabinet]
    ).fetchone()[0]

    def raw_search(words: str):
        query = " ".join(f'"{w}"*' for w in words.split())
        return lambda: raw.execute(
            "SELECT a.id, a.date, a.title FROM activity_fts f JOIN activity a ON a.n = f.rowid "
            "WHERE activity_fts MATCH ? AND a.deleted_at IS NULL ORDER BY f.rowid DESC LIMIT 50",
            [query],
        ).fetchall()

    def naive_search(words: str):
        condition = " AND ".join("search_text LIKE ?" for _ in words.split())
        return lambda: raw.execute(
            f"SELECT id, date, title FROM activity WHERE {condition} ORDER BY date DESC LIMIT 50",
            [f"%{w}%" for w in words.split()],
        ).fetchall()

    low, high = key_range(first, last)
    stock_sql = (
        "SELECT title_id, sum(quantity) FROM movement WHERE cabinet_id = ? "
        "AND deleted_at IS NULL GROUP BY title_id"
    )
    # (case, the core's call, the same page in raw SQL on the same indexes, a naive scan)
    cases = [
        (
            'search first page, common words ("ma tuy")',
            lambda: book.outreach.activities(search="ma túy", limit=50),
            raw_search("ma tuy"),
            naive_search("ma tuy"),
        ),
        (
            'search first page, a village ("lo lo chai")',
            lambda: book.outreach.activities(search="Lô Lô Chải", limit=50),
            raw_search("lo lo chai"),
            naive_search("lo lo chai"),
        ),
        (
            'search first page, a rare word ("phien dich")',
            lambda: book.outreach.activities(search="phiên dịch", limit=50),
            raw_search("phien dich"),
            naive_search("phien dich"),
        ),
        (
            'search first page, one letter typed ("n")',
            lambda: book.outreach.activities(search="n", limit=50),
            raw_search("n"),
            naive_search("n"),
        ),
        (
            f"list by month ({month}), first page",
            lambda: book.outreach.activities(month=month, limit=50),
            lambda: raw.execute(
                "SELECT id, date, title FROM activity WHERE n BETWEEN ? AND ? "
                "AND deleted_at IS NULL ORDER BY n DESC LIMIT 50",
                [low, high],
            ).fetchall(),
            lambda: raw.execute(
                "SELECT id, date, title FROM activity WHERE date BETWEEN ? AND ? "
                "ORDER BY date DESC LIMIT 50",
                [first, last],
            ).fetchall(),
        ),
        (
            f"count of a month ({month})",
            lambda: book.outreach.count(month=month),
            lambda: raw.execute(
                "SELECT count(*) FROM activity WHERE n BETWEEN ? AND ? AND deleted_at IS NULL",
                [low, high],
            ).fetchone(),
            lambda: raw.execute(
                "SELECT count(*) FROM activity WHERE date BETWEEN ? AND ?", [first, last]
            ).fetchone(),
        ),
        (
            f"stock of the busiest cabinet ({movements:,} movements)",
            lambda: book.cabinets.stock(cabinet_id=cabinet, limit=None),
            lambda: raw.execute(stock_sql, [cabinet]).fetchall(),
            lambda: raw.execute(
                "SELECT title_id, sum(quantity) FROM movement NOT INDEXED "
                "WHERE cabinet_id = ? GROUP BY title_id",
                [cabinet],
            ).fetchall(),
        ),
    ]
    rows = []
    for name, ours, baseline, naive in cases:
        ours_s = median_seconds(ours, options.repeat)
        base_s = median_seconds(baseline, options.repeat)
        naive_s = median_seconds(naive, max(3, options.repeat // 5))
        rows.append(
            {
                "case": name,
                "ours_ms": round(ours_s * 1000, 2),
                "raw_ms": round(base_s * 1000, 2),
                "ratio": round(ours_s / base_s, 2) if base_s else None,
                "naive_ms": round(naive_s * 1000, 1),
            }
        )
        print(f"{name}: {ours_s * 1000:.2f} ms vs {base_s * 1000:.2f} ms", flush=True)
    book.close()

    report = {
        "book": path.name,
        "activities": count,
        "size_mb": round(path.stat().st_size / 2**20),
        "results": rows,
    }
    (RESULTS / "core.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [
        f"Book: {count:,} activities, {report['size_mb']:,} MB; median of {options.repeat} "
        "runs after one warm-up. *raw*: the same page by hand-written SQL on the same "
        "indexes (the ratio is the core's overhead); *naive*: a plain scan without the "
        "search index or the date-ordered key.",
        "",
        "| case | core (ms) | raw sqlite3 (ms) | core / raw | naive scan (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['case']} | {r['ours_ms']} | {r['raw_ms']} | {r['ratio']} | {r['naive_ms']} |"
        for r in rows
    ]
    (RESULTS / "core.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
