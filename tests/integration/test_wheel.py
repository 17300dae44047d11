"""The program works from a built wheel, not only from the source checkout."""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sodon-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_migrations_fonts_and_catalogs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = sorted(p.name for p in (ROOT / "db" / "migrations").glob("*.sql"))
    for name in migrations:
        assert f"app/_data/db/migrations/{name}" in names
    for font in (ROOT / "resources" / "fonts").iterdir():
        assert f"app/_data/resources/fonts/{font.name}" in names
    assert "app/_data/resources/translations/vi/LC_MESSAGES/sodon.mo" in names
    assert "app/core/book.py" in names and "app/cli/root.py" in names


@pytest.mark.slow
def test_the_installed_wheel_runs_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    # The dependencies come from this environment's site-packages (a path, so its own .pth
    # files, among them the editable install of the checkout, are not read).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    sodon = target / ("Scripts/sodon.exe" if sys.platform == "win32" else "bin/sodon")
    env = {"SODON_DB": str(tmp_path / "book.sqlite"), "SODON_LANG": "vi", "PATH": "/usr/bin:/bin"}
    where = subprocess.run(
        [str(python), "-c", "import app.paths as p; print(p.migrations_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(site)
    made = subprocess.run(
        [str(sodon), "init", "--post-code", "LC01", "--post-name", "Đồn Biên phòng Lũng Cú"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    assert "Đã tạo sổ" in made.stdout  # the Vietnamese catalog came from the wheel
    listed = subprocess.run(
        [str(sodon), "list", "activities"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0 and "Không tìm thấy gì" in listed.stdout
