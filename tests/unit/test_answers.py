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
from app.core.plan import Target
from app.core.shipments import Shipment
from app.exchange import answer_reader, answers, keys
from app.exchange.answer_reader import ProvinceUnknown
from app.exchange.envelope import PackageRefused
from app.exchange.format import DATA_APPLICATION_ID, create_statements, tables
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
        assert result.counts == {
            "package_receipt": 2,
            "month_return": 1,
            "shipment": 1,
            "plan_target": 0,
        }
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


@pytest.mark.parametrize("older", [1, 2])
def test_a_package_of_an_older_format_still_imports(world, tmp_path, older):
    """Posts that have not updated yet send packages without receipts of publications
    (format 1), or without stations, reviews and commendations (format 2)."""
    package = next((world["folder"] / "usb").glob("LC01_2026-09_*.sodon"))
    current, data = tmp_path / "current.sqlite", tmp_path / "data.sqlite"
    with zipfile.ZipFile(package) as archive:
        current.write_bytes(archive.read("data.sqlite"))
        counts = json.loads(archive.read("manifest.json"))["counts"]
    of = tables(older)
    connection = sqlite3.connect(data)
    connection.execute(f"PRAGMA application_id = {DATA_APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {older}")
    connection.execute("ATTACH ? AS current", [str(current)])
    for (table, columns), statement in zip(of.items(), create_statements(of), strict=True):
        connection.execute(statement)
        names = ", ".join(columns)
        connection.execute(f"INSERT INTO main.{table} SELECT {names} FROM current.{table}")
    connection.commit()
    connection.execute("DETACH current")
    connection.close()
    counts = {table: count for table, count in counts.items() if table in of}
    older_file = rezip(
        package, tmp_path / package.name, replace={"data.sqlite": data.read_bytes()},
        manifest={"format": older, "counts": counts}, resign_with=world["post"],
    )  # fmt: skip
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    with Book.open(province, daily_backup=False) as book:
        (result,) = import_packages(book, [older_file])
    assert result.status == "imported", result


def test_stations_reviews_and_commendations_travel_with_the_month(world):
    """The post's stations with their states, its review and the commendations (people
    linked), and the broadcasts naming a station reach the province as the post keeps them."""
    with Book.open(world["post"], readonly=True) as post:
        stations = {(s.name, s.state) for s in post.stations.stations(limit=None)}
        commendations = {(c.decision_number, c.person) for c in post.reviews.commendations()}
        (review,) = post.reviews.reviews()
    with Book.open(world["province"], readonly=True) as book:
        held = book.stations.stations(limit=None, post="LC01")
        assert {(s.name, s.state) for s in held} == stations and len(stations) == 3
        assert {(c.decision_number, c.person) for c in book.reviews.commendations()} == (
            commendations
        )
        assert sum(1 for _number, person in commendations if person) == 2
        (received,) = book.reviews.reviews()
        assert (received.title, received.commendations) == (review.title, 3)
        broadcasts = book.db.execute(
            "SELECT count(*) FROM activity a JOIN lookup k ON k.id = a.kind_id "
            "WHERE a.post_code = 'LC01' AND a.station_id IS NOT NULL AND k.code = 'PT'"
        ).fetchone()[0]
        assert broadcasts > 0


def test_the_plan_reaches_the_post_and_a_removed_target_goes_too(copies, tmp_path):
    with Book.open(copies["province"], daily_backup=False) as book:
        book.plan.set(Target(to_post="LC01", year=2026, indicator="activities", target=120))
        book.plan.set(
            Target(to_post="LC01", year=2026, indicator="activities", content="ND1", target=40)
        )
        first = answers.make_answer(book, "LC01", tmp_path / "usb")
        book.plan.remove("LC01", 2026, "activities", "ND1")
        second = answers.make_answer(book, "LC01", tmp_path / "usb")
        assert second.counts["plan_target"] == 1  # only the removal is new
    with Book.open(copies["post"], daily_backup=False) as book:
        (result,) = import_packages(book, [first.path], accept_new_key=True)
        assert result.counts["plan_target"] == 2
        mine = {(t.indicator, t.content): t.target for t in book.plan.targets(2026)}
        assert mine[("activities", "")] == 120 and mine[("activities", "ND1")] == 40
        (progress,) = [
            p for p in book.plan.progress(2026, today=TODAY) if p.indicator == "activities"
            and p.content == ""
        ]  # fmt: skip
        done = book.db.execute(
            "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND date BETWEEN ? AND ?",
            ["2026-01-01", TODAY.isoformat()],
        ).fetchone()[0]
        assert (progress.target, progress.actual) == (120, done)
        import_packages(book, [second.path])
        mine = {(t.indicator, t.content) for t in book.plan.targets(2026)}
        assert ("activities", "ND1") not in mine and ("activities", "") in mine


def test_a_target_under_another_id_is_refused_and_the_post_unchanged(copies, tmp_path):
    with Book.open(copies["province"], daily_backup=False) as book:
        book.plan.set(Target(to_post="LC01", year=2026, indicator="courses", target=6))
        made = answers.make_answer(book, "LC01", tmp_path / "usb")
    with zipfile.ZipFile(made.path) as archive:
        data = tmp_path / "data.sqlite"
        data.write_bytes(archive.read("data.sqlite"))
    connection = sqlite3.connect(data)
    connection.execute("UPDATE plan_target SET indicator = 'sessions'")  # the id stays
    connection.commit()
    connection.close()
    forged = rezip(
        made.path, tmp_path / f"forged-{made.path.name}",
        replace={"data.sqlite": data.read_bytes()}, resign_with=copies["province"],
    )  # fmt: skip
    with Book.open(copies["post"], daily_backup=False) as book:
        answer_reader.set_province(
            book, code="BCH-HG", name="Bộ Chỉ huy",
            fingerprint=keys.book_fingerprint(copies["province"]),
        )  # fmt: skip
    before = digest(copies["post"])
    with Book.open(copies["post"], daily_backup=False) as book:
        (declined,) = import_packages(book, [forged])
    assert isinstance(declined, PackageRefused)
    assert "Chỉ tiêu kế hoạch thứ 1" in str(declined), str(declined)
    assert digest(copies["post"]) == before
