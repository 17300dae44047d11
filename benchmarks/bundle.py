"""The desktop bundle: its size, and its cold start against the same program started from
the virtual environment and against a bare QMainWindow, in the same run.

    python benchmarks/bundle.py        (builds dist/sodon with scripts/bundle.sh if missing)

Writes benchmarks/results/bundle.md and bundle.json.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from gui import BARE, start_once
from timing import RESULTS, ROOT

BUNDLE = ROOT / "dist" / "sodon"


def folder_size(folder: Path) -> int:
    """Bytes on disk, each file once (the bundle links Qt's libraries to their versions)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    if not (BUNDLE / "sodon").exists():
        subprocess.run([str(ROOT / "scripts" / "bundle.sh")], check=True)
    work = Path(tempfile.mkdtemp(prefix="sodon-bench-bundle-"))
    book = work / "sodon.sqlite"
    sodon = [sys.executable, "-m", "app", "--db", str(book)]
    subprocess.run([*sodon, "init", "--post-code", "LC01", "--post-name", "Đồn"], check=True)
    subprocess.run([*sodon, "demo", "--months", "12"], check=True, capture_output=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SODON_SETTINGS": str(work / "settings.ini"),
        "SODON_DB": str(book),
        "SODON_QUIT_WHEN_SHOWN": "1",
    }
    archive = work / "sodon.tar.gz"
    with tarfile.open(archive, "w:gz") as packed:
        packed.add(BUNDLE, arcname="sodon")
    commands = {
        "bundle": [str(BUNDLE / "sodon")],
        "venv": [sys.executable, "-m", "app"],
        "bare": [sys.executable, "-c", BARE],
    }
    for command in commands.values():
        start_once(command, env)  # warm the disk cache
    painted = {
        name: statistics.median(start_once(command, env)["painted"] for _ in range(7)) * 1000
        for name, command in commands.items()
    }
    result = {
        "size_mb": round(folder_size(BUNDLE) / 2**20, 1),
        "archive_mb": round(archive.stat().st_size / 2**20, 1),
        "painted_ms": {name: round(ms, 1) for name, ms in painted.items()},
        "ratio_to_bare": round(painted["bundle"] / painted["bare"], 2),
        "ratio_to_venv": round(painted["bundle"] / painted["venv"], 2),
    }
    shutil.rmtree(work, ignore_errors=True)
    (RESULTS / "bundle.json").write_text(json.dumps(result, indent=1))
    ms = result["painted_ms"]
    lines = [
        "| case | bundle | from the venv | bare QMainWindow | bundle / bare |",
        "|---|---:|---:|---:|---:|",
        f"| cold start to painted window (ms) | {ms['bundle']} | {ms['venv']} | {ms['bare']} "
        f"| {result['ratio_to_bare']} |",
        f"| size: folder / .tar.gz (MB) | {result['size_mb']} / {result['archive_mb']} | | | |",
    ]
    (RESULTS / "bundle.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
