"""A package's cost is bounded whatever its zip headers claim: a member that inflates to
about 2 GiB is refused, honestly declared or not, by a process that never holds more than
200 MB."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.core.book import Book
from app.exchange.format import LIMITS
from app.exchange.package import export_month
from tests.packages import digest, lie, new_province

BOMB = 2**31 - 2**21  # about 2 GiB of zeros: the largest a zip holds without zip64


def bomb(source: Path, target: Path) -> Path:
    """`source` with data.sqlite replaced by BOMB zeros."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for name in ("manifest.json", "signature", "report.pdf", "report.xlsx"):
            archive.writestr(name, original.read(name))
        info = zipfile.ZipInfo("data.sqlite")
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = BOMB  # known in advance: no zip64 record, plain 4-byte sizes
        with archive.open(info, "w") as member:
            zeros = b"\0" * 2**20
            for _ in range(BOMB // 2**20):
                member.write(zeros)
    return target


@pytest.fixture(scope="module")
def bombs(tmp_path_factory, demo_template):
    folder = tmp_path_factory.mktemp("bombs")
    post = folder / "post.sqlite"
    post.write_bytes(demo_template.read_bytes())
    with Book.open(post, daily_backup=False) as book:
        package = export_month(book, "2026-10", folder / "usb")
    honest = bomb(package, folder / "LC01_2026-10_1.sodon")
    lies = {"small": 1000, "at-the-limit": LIMITS["data.sqlite"], "half-a-gib": 2**29}
    made = [honest]
    for folder_name, declared in lies.items():
        (folder / folder_name).mkdir()
        made.append(lie(honest, folder / folder_name / honest.name, declared))
    return made


def test_packages_that_inflate_to_2_gib_are_refused_in_bounded_memory(bombs, tmp_path):
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    before = digest(province)
    script = (
        "import json, re, sys\n"
        "from app.core.book import Book\n"
        "from app.exchange.importer import import_packages\n"
        "with Book.open(sys.argv[1], daily_backup=False) as book:\n"
        "    results = import_packages(book, sys.argv[2:])\n"
        # VmHWM: this process's own peak (ru_maxrss would count pytest's, inherited at fork)
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]\n"
        "print(json.dumps({'results': [str(r) for r in results], 'peak_kb': int(peak)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(province), *map(str, bombs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    report = json.loads(done.stdout)
    honest, small, at_the_limit, half_a_gib = report["results"]
    assert "quá lớn" in honest and "quá lớn" in half_a_gib
    assert "hỏng" in small and "hỏng" in at_the_limit
    assert report["peak_kb"] < 200 * 1024
    assert digest(province) == before
