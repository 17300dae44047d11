"""The monthly package: exporting a busy month, and the provincial office importing 30 posts
× 12 months, against baselines measured in the same run:

- export: the month's rows copied into a new SQLite file by plain SQL and zipped (what any
  package of the same data costs, without the report, the hashes or the signature);
- import: each package unzipped and its tables copied into the province's file by plain
  `INSERT OR REPLACE` (what any merge costs, without checking anything).

    python benchmarks/exchange.py

Writes benchmarks/results/exchange.md and exchange.json.
"""

import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from timing import RESULTS, ROOT, median_seconds

sys.path.insert(0, str(ROOT))

from app.core import demo
from app.core.book import Book
from app.core.dates import month_bounds
from app.exchange import registry
from app.exchange.format import TABLES
from app.exchange.importer import import_packages
from app.exchange.package import export_month

TODAY = date(2026, 11, 23)
POSTS, MONTHS = 30, 12
BUSY_MONTH = "2026-10"


def bare_export(book_path: Path, folder: Path) -> None:
    """The busy month's activities and movements copied by plain SQL, then zipped."""
    first, last = month_bounds(BUSY_MONTH)
    target = folder / "bare.sqlite"
    target.unlink(missing_ok=True)
    source = sqlite3.connect(book_path)
    source.execute("ATTACH ? AS out", [str(target)])
    for table in ("activity", "movement", "loan", "session", "stocktake"):
        column = "lent_on" if table == "loan" else "date"
        source.execute(
            f"CREATE TABLE out.{table} AS SELECT * FROM {table} WHERE {column} BETWEEN ? AND ?",
            [first, last],
        )
    source.commit()
    source.close()
    with zipfile.ZipFile(folder / "bare.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(target, "data.sqlite")


def bare_import(province: Path, packages: list[Path], folder: Path) -> None:
    """Every package unzipped and its tables copied by INSERT OR REPLACE, nothing checked."""
    db = sqlite3.connect(province, isolation_level=None)
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            archive.extract("data.sqlite", folder)
        db.execute("ATTACH ? AS pkg", [str(folder / "data.sqlite")])
        db.execute("BEGIN")
        for table, columns in TABLES.items():
            names = ", ".join(columns)
            db.execute(
                f"INSERT OR REPLACE INTO main.{table} ({names}) SELECT {names} FROM pkg.{table}"
            )
        db.execute("COMMIT")
        db.execute("DETACH pkg")
    db.close()


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="sodon-bench-exchange-"))
    usb = folder / "usb"

    busy_path = folder / "busy.sqlite"
    with Book.create(busy_path, post_code="BUSY", post_name="Đồn Biên phòng Lý Sơn") as busy:
        demo.fill(busy, months=3, scale=10, today=TODAY)
        busy_activities = busy.outreach.count(month=BUSY_MONTH)
        export = median_seconds(lambda: export_month(busy, BUSY_MONTH, folder / "busy"), 5)
    export_baseline = median_seconds(lambda: bare_export(busy_path, folder), 5)

    print(f"making {POSTS} posts × {MONTHS} months of packages…", flush=True)
    for number in range(1, POSTS + 1):
        path = folder / f"post{number:02d}.sqlite"
        with Book.create(path, post_code=f"P{number:02d}", post_name=f"Đồn {number}") as post:
            demo.fill(post, months=MONTHS + 1, today=TODAY)
            for period in post.periods.months():
                if period.state == "approved":
                    export_month(post, period.month, usb)
    packages = sorted(usb.glob("*.sodon"))
    empty = folder / "empty-province.sqlite"
    with Book.create(empty, post_code="BCH", post_name="Bộ Chỉ huy", province=True) as office:
        for number in range(1, POSTS + 1):
            registry.register(office, code=f"P{number:02d}", name=f"Đồn {number}")

    province = folder / "province.sqlite"
    shutil.copyfile(empty, province)
    moments = []
    with Book.open(province, daily_backup=False) as book:
        started = time.perf_counter()
        results = import_packages(
            book, packages, progress=lambda _done, _total: moments.append(time.perf_counter())
        )
        total = time.perf_counter() - started
    assert all(r.status == "imported" for r in results), results
    each = [b - a for a, b in zip([started, *moments], moments, strict=False)]
    bare = folder / "bare-province.sqlite"
    shutil.copyfile(empty, bare)
    started = time.perf_counter()
    bare_import(bare, packages, folder)
    bare_total = time.perf_counter() - started

    report = {
        "export": {
            "case": f"export of a busy month ({busy_activities} activities)",
            "ms": round(export * 1000, 1),
            "baseline_ms": round(export_baseline * 1000, 1),
            "ratio": round(export / export_baseline, 2),
        },
        "import": {
            "packages": len(packages),
            "total_s": round(total, 2),
            "median_ms": round(statistics.median(each) * 1000, 1),
            "slowest_ms": round(max(each) * 1000, 1),
            "baseline_total_s": round(bare_total, 2),
            "ratio": round(total / bare_total, 2),
        },
    }
    (RESULTS / "exchange.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    e, i = report["export"], report["import"]
    lines = [
        "| case | Sổ Đồn | baseline | ratio | goal |",
        "|---|---:|---:|---:|---:|",
        f"| {e['case']} | {e['ms']} ms | {e['baseline_ms']} ms | {e['ratio']} | ≤ 1 s |",
        f"| import of {i['packages']} packages ({POSTS} posts × {MONTHS} months), all "
        f"| {i['total_s']} s | {i['baseline_total_s']} s | {i['ratio']} | ≤ 30 s |",
        f"| one package: median / slowest | {i['median_ms']} / {i['slowest_ms']} ms | | | ≤ 1 s |",
    ]
    (RESULTS / "exchange.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
