"""Every benchmark, one after the other, and one table of their results.

    python benchmarks/all.py [--activities 1000000]

Runs run.py (the core on a big post book, built on the first run), gui.py (start, memory,
search keystrokes), reports.py (printed documents), exchange.py (export, import of 360
packages), province.py (the consolidated report on a province book of the same size) and
bundle.py (the desktop bundle). Each compares with a baseline measured in the same run; each
writes benchmarks/results/<name>.md and .json, gathered here into results/all.md and
all.json.
"""

import argparse
import json
import subprocess
import sys
import time

from timing import RESULTS, ROOT

STEPS = (
    ("run.py", "core", "The core on the big post book"),
    ("gui.py", "gui", "The window"),
    ("reports.py", "reports", "Printed documents"),
    ("exchange.py", "exchange", "The monthly package"),
    ("province.py", "province", "The provincial office"),
    ("bundle.py", "bundle", "The desktop bundle"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    options = parser.parse_args()
    sized = {"run.py", "gui.py", "province.py"}
    gathered, sections = {}, []
    for script, name, title in STEPS:
        print(f"== {script}", flush=True)
        started = time.monotonic()
        extra = ["--activities", str(options.activities)] if script in sized else []
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *extra], check=True)
        gathered[name] = json.loads((RESULTS / f"{name}.json").read_text())
        table = (RESULTS / f"{name}.md").read_text()
        took = time.monotonic() - started
        sections.append(f"## {title} (`benchmarks/{script}`, {took:.0f} s)\n\n{table}")
    (RESULTS / "all.json").write_text(json.dumps(gathered, indent=1, ensure_ascii=False))
    (RESULTS / "all.md").write_text("# Sổ Đồn benchmarks\n\n" + "\n".join(sections))
    print((RESULTS / "all.md").read_text())


if __name__ == "__main__":
    main()
