"""The way back: the province's answer to a post (receipts, a month returned, publications
sent), imported at the post as strictly as packages are at the province; publications
received into a cabinet and their receipts carried back in the post's next package."""

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.core import demo, overview
from app.core.book import Book
from app.core.errors import ValidationError
from app.core.shipments import Shipment
from app.exchange import answer_reader, answers, keys
from app.exchange.answer_reader import ProvinceUnknown
from app.exchange.envelope import PackageRefused
from app.exchange.importer import import_packages
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.packages import digest, new_province, rezip

PIN = demo.DEMO_PIN


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A post with two approved months exported, and its province having imported them."""
    folder = tmp_path_factory.mktemp("answers")
    post = folder / "lc01.sqlite"
    with Book.create(post, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as book:
        demo.fill(book, months=3, today=TODAY)
        packages = [export_month(book, m, folder / "usb") for m in ("2026-09", "2026-10")]
    province = new_province(folder / "tinh.sqlite", "LC01", "LS02")
    with Book.open(province, daily_backup=False) as book:
        import_packages(book, packages)
    return {"post": post, "province": province, "folder": folder}


@pytest.fixture
def copies(world, tmp_path) -> dict:
    """Copies of the two books (and their keys) for one test."""
    made = {}
    for name in ("post", "province"):
        target = tmp_path / world[name].name
        shutil.copyfile(world[name], target)
        if keys.key_path(world[name]).exists():
            shutil.copyfile(keys.key_path(world[name]), keys.key_path(target))
        made[name] = target
    return made


def answer_with_news(province: Path, out: Path) -> Path:
    with Book.open(province, daily_backup=False) as book:
        answers.return_month(book, "LC01", "2026-10", "Thiếu hoạt động ngày 28/10")
        book.shipments.add(
            Shipment(to_post="LC01", title="Luật Biên phòng Việt Nam", author="Quốc hội",
                     copies=20, sent_on="2026-11-20")
        )  # fmt: skip
        made = answers.make_answer(book, "LC01", out)
    assert made.path is not None
    return made.path


def test_the_answer_carries_receipts_a_return_and_publications(copies, tmp_path):
    answer = answer_with_news(copies["province"], tmp_path / "usb")
    assert answer.name == "BCH-HG_tra-loi_LC01_1.sodon"
    with Book.open(copies["province"], daily_backup=False) as book:
        again = answers.make_answer(book, "LC01", tmp_path / "usb")
        assert again.path is None  # nothing new since
    with Book.open(copies["post"], daily_backup=False) as book:
        (declined,) = import_packages(book, [answer])
        assert isinstance(declined, ProvinceUnknown) and declined.fingerprint in str(declined)
        province_fp = keys.book_fingerprint(copies["province"])
        answer_reader.set_province(book, code="BCH-HG", name="Bộ Chỉ huy", fingerprint=province_fp)
        (result,) = import_packages(book, [answer])
        assert result.counts == {"package_receipt": 2, "month_return": 1, "shipment": 1}
        months = {p.month: p for p in book.periods.months(today=TODAY)}
        assert months["2026-10"].status == "returned"
        assert months["2026-10"].province_reason == "Thiếu hoạt động ngày 28/10"
        assert months["2026-09"].status == "received"
        todo = [item.text for item in overview.due(book, today=TODAY)]
        assert any("trả lại tháng 10/2026 để sửa: “Thiếu hoạt động" in text for text in todo)
        assert any("1 ấn phẩm cấp tỉnh gửi đang chờ nhận" in text for text in todo)
        (waiting,) = book.shipments.to_receive()
        cabinet = book.cabinets.cabinets(limit=1)[0]
        book.shipments.receive(waiting.ref and waiting.id, cabinet.id, copies=18, on="2026-11-25")
        assert book.shipments.to_receive() == []
        stock = book.cabinets.stock(cabinet_id=cabinet.id, search="Luật Biên phòng Việt Nam")
        assert sum(r.quantity for r in stock) >= 18
        (import_again,) = import_packages(book, [answer])
        assert import_again.status == "already"


def test_the_receipt_goes_back_with_the_next_package(copies, tmp_path):
    answer = answer_with_news(copies["province"], tmp_path / "usb")
    with Book.open(copies["post"], daily_backup=False) as book:
        import_packages(book, [answer], accept_new_key=True)
        (waiting,) = book.shipments.to_receive()
        cabinet = book.cabinets.cabinets(limit=1)[0]
        book.shipments.receive(waiting.id, cabinet.id, copies=18, on="2026-11-25")
        book.periods.unlock("2026-10", PIN, "Bổ sung")
        book.periods.close("2026-10", today=TODAY)
        book.periods.approve("2026-10", PIN, today=TODAY)
        correction = export_month(book, "2026-10", tmp_path / "usb")
        assert book.shipments.unsent_receipts() == []
    with Book.open(copies["province"], daily_backup=False) as book:
        (result,) = import_packages(book, [correction])
        assert result.status == "replaced", result
        (line,) = book.shipments.deliveries(2026)
        assert (line.copies, line.received, line.short) == (20, 18, 2)


def test_a_tampered_foreign_or_older_answer_is_refused_and_the_book_unchanged(copies, tmp_path):
    answer = answer_with_news(copies["province"], tmp_path / "usb")
    with Book.open(copies["post"], daily_backup=False) as book:
        import_packages(book, [answer], accept_new_key=True)
    before = digest(copies["post"])
    other = new_province(tmp_path / "other.sqlite", "LC01")
    with Book.open(other, daily_backup=False) as book:
        book.shipments.add(
            Shipment(to_post="LC01", title="Sách lạ", copies=1, sent_on="2026-11-01")
        )
        foreign = answers.make_answer(book, "LC01", tmp_path / "other").path
    changed = rezip(answer, tmp_path / "changed.sodon", replace={"data.sqlite": b"x" * 100})
    with Book.open(copies["post"], daily_backup=False) as book:
        results = import_packages(book, [foreign, changed, tmp_path / "missing.sodon"])
    assert all(isinstance(r, PackageRefused) for r in results)
    assert "khóa mới" in str(results[0])
    assert digest(copies["post"]) == before


def test_a_row_for_another_post_is_refused_even_when_signed(copies, tmp_path):
    made = answer_with_news(copies["province"], tmp_path / "usb")
    data = tmp_path / "data.sqlite"
    with zipfile.ZipFile(made) as archive:
        data.write_bytes(archive.read("data.sqlite"))
    connection = sqlite3.connect(data)
    connection.execute("UPDATE shipment SET to_post = 'LS02'")
    connection.commit()
    connection.close()
    forged = rezip(
        made, tmp_path / "forged.sodon", replace={"data.sqlite": data.read_bytes()},
        resign_with=copies["province"],
    )  # fmt: skip
    with Book.open(copies["post"], daily_backup=False) as book:
        before = digest(copies["post"])
        (result,) = import_packages(book, [forged], accept_new_key=True)
    assert isinstance(result, PackageRefused) and "LS02" in str(result)
    assert digest(copies["post"]) == before


def test_only_a_received_month_is_returned_and_a_reason_is_required(copies):
    with Book.open(copies["province"], daily_backup=False) as book:
        with pytest.raises(ValidationError):
            answers.return_month(book, "LC01", "2026-03", "Sai số liệu")
        with pytest.raises(ValidationError):
            answers.return_month(book, "LC01", "2026-10", "  ")


def test_a_package_of_the_first_format_still_imports(world, tmp_path):
    """Posts that have not updated yet send packages without receipts of publications."""
    package = next((world["folder"] / "usb").glob("LC01_2026-09_*.sodon"))
    data = tmp_path / "data.sqlite"
    with zipfile.ZipFile(package) as archive:
        data.write_bytes(archive.read("data.sqlite"))
        counts = json.loads(archive.read("manifest.json"))["counts"]
    connection = sqlite3.connect(data)
    connection.execute("DROP TABLE shipment_receipt")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    del counts["shipment_receipt"]
    older = rezip(
        package, tmp_path / package.name, replace={"data.sqlite": data.read_bytes()},
        manifest={"format": 1, "counts": counts}, resign_with=world["post"],
    )  # fmt: skip
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    with Book.open(province, daily_backup=False) as book:
        (result,) = import_packages(book, [older])
    assert result.status == "imported", result
