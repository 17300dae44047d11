"""The province's register of posts and the batch import, from the command line as processes."""

import json
import shutil

import pytest

from app.core.book import Book
from app.exchange.package import export_month
from tests.packages import changed, digest


@pytest.fixture(scope="module")
def packages(tmp_path_factory, demo_template):
    """LC01's packages of September and October, and its book (for its key)."""
    folder = tmp_path_factory.mktemp("registry")
    post = folder / "LC01.sqlite"
    shutil.copyfile(demo_template, post)
    with Book.open(post, daily_backup=False) as book:
        made = [export_month(book, month, folder / "usb") for month in ("2026-09", "2026-10")]
    return {"post": post, "files": made}


@pytest.fixture
def province(sodon, tmp_path):
    path = tmp_path / "tinh.sqlite"
    sodon(
        "init",
        "--post-code",
        "BCH-HG",
        "--post-name",
        "Bộ Chỉ huy",
        "--province",
        book=path,
        check=True,
    )
    return path


def test_the_post_prints_its_fingerprint_and_the_province_registers_it(sodon, packages, province):
    printed = sodon("fingerprint", book=packages["post"], check=True).stdout.strip()
    assert len(printed.split()) == 6 and all(len(group) == 4 for group in printed.split())
    empty = sodon("post", "list", book=province, check=True)
    assert "Chưa có đồn nào được đăng ký" in empty.stdout
    added = sodon(
        "post",
        "add",
        "--code",
        "lc01",
        "--name",
        "Đồn Biên phòng Lũng Cú",
        "--area",
        "xã Lũng Cú",
        "--fingerprint",
        printed.lower(),
        book=province,
        check=True,
    )
    assert "Đã đăng ký đồn LC01" in added.stdout
    listed = json.loads(sodon("post", "list", "--format", "json", book=province, check=True).stdout)
    assert listed == [
        {
            "code": "LC01",
            "name": "Đồn Biên phòng Lũng Cú",
            "area": "xã Lũng Cú",
            "fingerprint": printed,
            "last_month": "",
        }
    ]
    imported = sodon("import", *map(str, packages["files"]), book=province, check=True)
    assert "2/2 tệp đã nhập" in imported.stdout
    table = sodon("post", "list", book=province, check=True).stdout
    assert "LC01" in table and printed in table and "2026-10" in table


def test_a_wrong_fingerprint_is_refused_beside_the_field(sodon, province):
    refused = sodon(
        "post", "add", "--code", "LC01", "--name", "Đồn", "--fingerprint", "12345", book=province
    )
    assert refused.returncode == 1 and "24 chữ và số" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_batch_lists_every_file_and_a_refusal_in_the_middle_stops_nothing(
    sodon, packages, province, tmp_path
):
    sodon("post", "add", "--code", "LC01", "--name", "Đồn", book=province, check=True)
    (tmp_path / "bad").mkdir()
    bad = changed(
        packages["files"][1],
        tmp_path / "bad" / "LC01_2026-10_1.sodon",
        "UPDATE activity SET date = '2026-10-1z' WHERE rowid = 1;",
        key=packages["post"],
    )
    folder = tmp_path / "a-folder"
    folder.mkdir()
    missing = tmp_path / "missing.sodon"
    files = [packages["files"][0], bad, folder, missing, packages["files"][1]]
    done = sodon("import", *map(str, files), book=province)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "ngoài dự kiến" not in done.stderr
    assert done.stdout.count("đã nhập tháng") == 2
    assert "Hoạt động thứ 1" in done.stderr and "không phải là ngày" in done.stderr
    assert "là một thư mục" in done.stderr
    assert "không có tệp này" in done.stderr
    assert "2/5 tệp đã nhập hoặc đã có trong sổ, 3 tệp bị từ chối." in done.stderr


def test_an_unregistered_post_is_refused_with_how_to_register(sodon, packages, province):
    before = digest(province)
    done = sodon("import", str(packages["files"][0]), book=province)
    assert done.returncode == 1
    assert "chưa được đăng ký" in done.stderr and "sodon post add --code LC01" in done.stderr
    assert digest(province) == before
