"""The desktop bundle (packaging/sodon.spec) is built with PyInstaller, and the bundled
program, which has no Python of its own to lean on, makes a book, prints, writes a package
and shows every page of its window."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PAGES = ("overview", "outreach", "cabinets", "training", "reports", "months", "settings")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "sodon.spec"),
        ],
        check=True,
        cwd=ROOT,
        timeout=900,
    )
    program = work / "dist" / "sodon" / ("sodon.exe" if os.name == "nt" else "sodon")
    assert program.exists()
    return program


def run(program: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    environment.update(
        {
            "SODON_LANG": "vi",
            "SODON_SETTINGS": str(tmp_path / "settings.ini"),
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": str(tmp_path / "state"),
        }
    )
    return subprocess.run(
        [str(program), "--db", str(tmp_path / "sodon.sqlite"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,  # nothing of the checkout within reach
        timeout=120,
    )


def test_the_bundled_program_works_without_the_checkout(bundled, tmp_path):
    made = run(
        bundled, "init", "--post-code", "LC01", "--post-name", "Đồn Lũng Cú", tmp_path=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert run(bundled, "demo", "--months", "3", tmp_path=tmp_path).returncode == 0
    listed = run(bundled, "month", "list", "--format", "json", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    # the demo's months end on the program's today: the last approved one is last month
    month = max(p["month"] for p in json.loads(listed.stdout) if p["state"] == "approved")
    report = run(
        bundled, "report", "month", "--month", month, "--out", "bao-cao.pdf", tmp_path=tmp_path
    )
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    sent = run(bundled, "export", "--month", month, "--out", "usb", tmp_path=tmp_path)
    assert sent.returncode == 0, sent.stderr
    assert list((tmp_path / "usb").glob(f"LC01_{month}_*.sodon"))
    for page in PAGES:
        shot = tmp_path / f"{page}.png"
        shown = run(bundled, "gui", "--page", page, "--screenshot", str(shot), tmp_path=tmp_path)
        assert shown.returncode == 0, (page, shown.stderr)
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    assert not list((tmp_path / "state").rglob("crash-*.log"))
