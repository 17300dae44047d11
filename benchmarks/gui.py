"""Window benchmarks, as ratios against baselines measured in the same run.

    python benchmarks/gui.py [--activities 1000000]

1. Cold start: from starting the process to the painted window (and to the overview filled
   with the book's numbers), against a bare QMainWindow started the same way, the two taken
   in turn, with the disk cache and Python's bytecode warm as on a second start; RSS too.
2. Search: a keystroke in the outreach page's search box to its first page repainted,
   against a keystroke in a bare QLineEdit, on the same big book.

Uses the book benchmarks/run.py builds. Writes benchmarks/results/gui.md and gui.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import RESULTS, ROOT

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 760)
window.show()
QTimer.singleShot(0, lambda: (print(f"painted {time.monotonic()}", flush=True), app.quit()))
app.exec()
"""


def start_once(command: list[str], env: dict) -> dict:
    started = time.monotonic()
    result = subprocess.run(
        [*command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600
    )
    marks = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("painted", "ready"):
            marks[name] = float(value) - started
    if "painted" not in marks:
        raise RuntimeError(f"no paint reported: {result.stderr[-2000:]}")
    return marks


def rss_kb(command: list[str], env: dict) -> int:
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    return int(result.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    options = parser.parse_args()
    book = RESULTS / f"book-{options.activities}.sqlite"
    if not book.exists():
        sys.exit(f"{book} is missing: run benchmarks/run.py --activities {options.activities}")
    # Python's bytecode is cached, as it is for an installed wheel or the bundle, even when the
    # shell running the benchmark forbids writing it (PYTHONDONTWRITEBYTECODE): otherwise every
    # start of ours would compile the program, which no user's start does.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env |= {
        "PYTHONPYCACHEPREFIX": str(RESULTS / "pycache"),
        "QT_QPA_PLATFORM": "offscreen",
        "SODON_SETTINGS": str(RESULTS / "gui-settings.ini"),
    }
    bare = [sys.executable, "-c", BARE]
    # Started as a desktop shortcut starts it: plain `sodon`, the book named by SODON_DB.
    ours = [sys.executable, "-m", "app"]
    env = {**env, "SODON_DB": str(book), "SODON_QUIT_WHEN_SHOWN": "1"}
    start_once(bare, env)  # warm the disk cache and the bytecode, as on a second start of the day
    start_once(ours, env)
    bare_runs, our_runs = [], []
    for _ in range(options.repeat):  # taken in turn, so that a busy moment weighs on both
        bare_runs.append(start_once(bare, env)["painted"])
        our_runs.append(start_once(ours, env))
    painted = statistics.median(r["painted"] for r in our_runs)
    ready = statistics.median(r["ready"] for r in our_runs)
    bare_painted = statistics.median(bare_runs)
    rss_bare, rss_ours = rss_kb(bare, env), rss_kb(ours, env)
    search = search_keystroke(book, options.repeat)
    rows = [
        ("cold start to painted window (ms)", painted * 1000, bare_painted * 1000),
        ("cold start to overview filled (ms)", ready * 1000, bare_painted * 1000),
        ("peak memory (RSS, MB)", rss_ours / 1024, rss_bare / 1024),
        ("search keystroke to repainted first page, median (ms)", search["ours"], search["bare"]),
        (
            "search keystroke to repainted first page, worst (ms)",
            search["worst"],
            search["bare_worst"],
        ),
    ]
    report = {
        "book": book.name,
        "results": [
            {
                "case": name,
                "ours": round(ours_v, 1),
                "baseline": round(base, 1),
                "ratio": round(ours_v / base, 2),
            }
            for name, ours_v, base in rows
        ],
    }
    (RESULTS / "gui.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [
        f"Book: {book.name}; median of {options.repeat} runs. Baselines: a bare "
        "QMainWindow started the same way; a keystroke in a bare QLineEdit.",
        "",
        "| case | Sổ Đồn | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['case']} | {r['ours']} | {r['baseline']} | {r['ratio']} |" for r in report["results"]
    ]
    (RESULTS / "gui.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def search_keystroke(book: Path, repeat: int) -> dict:
    """Milliseconds from a key typed in the search box to the first page repainted."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["SODON_SETTINGS"] = str(RESULTS / "gui-settings.ini")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from app.core.book import Book
    from app.gui.app import application
    from app.gui.main_window import MainWindow

    app = application()
    opened = Book.open(book, readonly=True)
    window = MainWindow(
        opened, QSettings(str(RESULTS / "gui-search-settings.ini"), QSettings.Format.IniFormat)
    )
    window.show()
    window.show_page("outreach")
    search = window.current().panel.search
    view = window.current().panel.view
    plain = QLineEdit()
    plain.show()

    def keystrokes(widget, then) -> list[float]:
        times = []
        for word in ("ma tuy", "lo lo chai", "phien dich", "nguyen"):
            widget.clear()
            app.processEvents()
            for char in word:
                started = time.perf_counter()
                QTest.keyClick(widget, char)
                then()
                times.append((time.perf_counter() - started) * 1000)
        return times

    ours = []
    bare = []
    for _ in range(max(1, repeat // 3)):
        ours += keystrokes(search, lambda: view.viewport().repaint())
        bare += keystrokes(plain, lambda: plain.repaint())
    window.close()
    opened.close()
    return {
        "ours": statistics.median(ours),
        "worst": max(ours),
        "bare": statistics.median(bare),
        "bare_worst": max(bare),
    }


if __name__ == "__main__":
    main()
