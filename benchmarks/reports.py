"""Printed documents: a 200-person sign-in sheet and the monthly report of a busy post,
against a baseline measured in the same run (the same table drawn by bare reportlab with a
built-in font: what any PDF of it costs).

    python benchmarks/reports.py

Writes benchmarks/results/reports.md and reports.json.
"""

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from timing import RESULTS, ROOT, median_seconds

sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from app.core import demo
from app.core.book import Book
from app.core.training import Course, Person, Session
from app.reports import builders, write
from app.reports.training_sheets import signin_sheet

TODAY = date(2026, 11, 23)


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="sodon-bench-"))
    book = Book.create(folder / "busy.sqlite", post_code="BUSY", post_name="Đồn Biên phòng Lý Sơn")
    counts = demo.fill(book, months=3, scale=10, today=TODAY)
    training = book.training
    course = training.add_course(
        Course(
            title="Tập huấn tuyên truyền viên",
            start_date="2026-11-02",
            end_date="2026-11-03",
            place="Hội trường Đồn",
        )
    )
    session = training.add_session(Session(course_id=course, date="2026-11-02", start_time="07:30"))
    people = [
        training.add_person(
            Person(
                full_name=f"Nguyễn Văn Học Viên {n}",
                birth_year=1990,
                unit="UBND xã Bình Châu",
                position="Trưởng thôn",
            )
        )
        for n in range(200)
    ]
    for person in people:
        training.enrol(course, person)
    month_activities = book.outreach.count(month="2026-10")

    def ours_signin():
        write(signin_sheet(book, session), book.post, folder / "signin.pdf")

    def ours_month():
        write(builders.build(book, "month", "2026-10"), book.post, folder / "month.pdf")

    rows = [["STT", "Họ và tên", "Năm sinh", "Đơn vị", "Chức vụ", "Ký tên"]] + [
        [str(n), f"Nguyen Van Hoc Vien {n}", "1990", "UBND xa Binh Chau", "Truong thon", ""]
        for n in range(1, 206)
    ]

    def bare_table():
        SimpleDocTemplate(str(folder / "bare.pdf"), pagesize=A4).build(
            [Table(rows, repeatRows=1, rowHeights=[None] + [32] * 205)]
        )

    cases = [
        ("200-person sign-in sheet (PDF)", median_seconds(ours_signin, 7)),
        (
            f"monthly report of a busy post ({month_activities} activities in the month)",
            median_seconds(ours_month, 7),
        ),
    ]
    baseline = median_seconds(bare_table, 7)
    book.close()
    report = {
        "baseline": "the 200-row table by bare reportlab, built-in font",
        "baseline_ms": round(baseline * 1000, 1),
        "demo": counts.activities,
        "results": [
            {"case": name, "ms": round(seconds * 1000, 1), "ratio": round(seconds / baseline, 2)}
            for name, seconds in cases
        ],
    }
    (RESULTS / "reports.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [
        f"Baseline: {report['baseline']}, {report['baseline_ms']} ms (median of 7).",
        "",
        "| document | Sổ Đồn (ms) | ratio to baseline | goal |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {r['case']} | {r['ms']} | {r['ratio']} | ≤ 500 ms |" for r in report["results"]]
    (RESULTS / "reports.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
