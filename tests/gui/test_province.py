"""The provincial office's window: packages imported from the file dialog or dropped on the
page, the posts × months table, the posts' records read-only with a filter by post, and the
consolidated documents."""

import hashlib
import shutil
from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel

from app.core import demo
from app.core.book import Book
from app.exchange import keys, province, registry
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.gui.conftest import (
    activate,
    click,
    mnemonic_clashes,
    type_text,
    when_dialog_opens,
    window_on,
)
from tests.gui.test_vietnamese_everywhere import english_left

MONTHS = ("2026-09", "2026-10")


@pytest.fixture(scope="session")
def packages(demo_template, tmp_path_factory):
    """The packages of two posts for two approved months, and the posts' books."""
    folder = tmp_path_factory.mktemp("province")
    usb = folder / "usb"
    lc01 = folder / "LC01.sqlite"
    shutil.copyfile(demo_template, lc01)
    ls02 = folder / "LS02.sqlite"
    with Book.create(ls02, post_code="LS02", post_name="Đồn Biên phòng Lý Sơn") as made:
        demo.fill(made, months=3, today=TODAY)
    for path in (lc01, ls02):
        with Book.open(path, daily_backup=False) as post:
            for month in MONTHS:
                export_month(post, month, usb)
    return {"usb": usb, "LC01": lc01}


@pytest.fixture
def office(qtbot, tmp_path, settings, packages):
    path = tmp_path / "province.sqlite"
    with Book.create(
        path, post_code="BCH-TQ", post_name="Bộ Chỉ huy BĐBP tỉnh Tuyên Quang", province=True
    ) as made:
        registry.register(made, code="LC01", name="Đồn Biên phòng Lũng Cú")
        registry.register(made, code="LS02", name="Đồn Biên phòng Lý Sơn")
    with window_on(qtbot, path, settings) as made:
        yield made


def import_with_dialog(office, qtbot, monkeypatch, files) -> None:
    office.show_page("import")
    page = office.current()
    before = page.results.count()
    monkeypatch.setattr(
        "app.gui.imports.QFileDialog.getOpenFileNames",
        lambda *_args, **_kwargs: ([str(f) for f in files], ""),
    )
    activate(qtbot, office)
    qtbot.keyClick(page, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Choose packages…
    qtbot.waitUntil(lambda: page.results.count() >= before + len(files), timeout=20000)


def results(office) -> list[str]:
    page = office.page("import")
    return [page.results.item(i).text() for i in range(page.results.count())]


def test_the_province_window_has_its_own_pages(office):
    keys = [p[0] for p in office.pages]
    assert keys[:2] == ["posts", "import"]
    assert "months" not in keys and "overview" not in keys
    assert office.current().key == "posts"
    # Registered posts are listed before they send anything: their due months are missing.
    page = office.current()
    assert page.table.rowCount() == 2 and page.summary.text().startswith("2 đồn")


def test_packages_chosen_in_the_dialog_are_imported_and_the_table_fills(
    office, qtbot, monkeypatch, packages
):
    files = sorted(packages["usb"].glob("*.sodon"))
    import_with_dialog(office, qtbot, monkeypatch, files)
    assert sum("đã nhập tháng" in text for text in results(office)) == 4
    office.show_page("posts")
    table = office.current().table
    assert table.rowCount() == 2
    assert table.verticalHeaderItem(0).text().startswith("LC01")
    for row in range(2):
        for month in MONTHS:
            assert table.item(row, int(month[5:]) - 1).text() in ("✓", "muộn")
    # November: not due until the 5th of December, missing after it (the table's own clock)
    due = date.today() > province.deadline("2026-11")
    assert table.item(0, 10).text() == province.mark("missing" if due else "not_due")

    digest = hashlib.sha256(office.book.path.read_bytes()).hexdigest()
    import_with_dialog(office, qtbot, monkeypatch, files[:1])
    assert "đã nhập trước đây; không có gì thay đổi" in results(office)[0]
    assert hashlib.sha256(office.book.path.read_bytes()).hexdigest() == digest


def test_a_dropped_bad_file_is_refused_and_listed(office, qtbot, tmp_path):
    bad = tmp_path / "LC01_2026-09_1.sodon"
    bad.write_bytes(b"not a zip at all")
    office.show_page("import")
    page = office.current()
    (area,) = [
        label
        for label in page.findChildren(QLabel)
        if label.text().startswith("Kéo thả các gói .sodon của các đồn vào đây")
    ]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    where = QPointF(area.rect().center())
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # Sent to the widget under the pointer: the application hands drag events on to the
    # nearest widget that accepts drops, as for a drag from the file manager.
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(area, enter)
    assert enter.isAccepted()
    drop = QDropEvent(where, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(area, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: page.results.count() == 1, timeout=20000)
    assert results(office)[0].startswith(f"Chưa nhập {bad.name}")
    assert office.statusBar().currentMessage() == "Đã nhập 0 gói, từ chối 1 gói."


def test_a_post_with_a_new_key_is_imported_only_when_the_user_accepts(
    office, qtbot, monkeypatch, packages, tmp_path
):
    files = sorted(packages["usb"].glob("LC01_*.sodon"))
    import_with_dialog(office, qtbot, monkeypatch, files[:1])
    rekeyed = tmp_path / "rekeyed.sqlite"
    shutil.copyfile(packages["LC01"], rekeyed)  # the post's book on a new computer: a new key
    usb = tmp_path / "usb"
    with Book.open(rekeyed, daily_backup=False) as post:
        made = export_month(post, MONTHS[1], usb)
    asked = []

    def answer(_parent, question, **_kwargs):
        asked.append(question)
        return len(asked) > 1  # no the first time, yes the second

    monkeypatch.setattr("app.gui.imports.confirm", answer)
    import_with_dialog(office, qtbot, monkeypatch, [made])
    assert "khóa mới" in asked[0] and "LC01" in asked[0]
    assert results(office)[0].startswith("Chưa nhập") and "khóa mới" in results(office)[0]
    import_with_dialog(office, qtbot, monkeypatch, [made])
    qtbot.waitUntil(lambda: "đã nhập tháng" in results(office)[0], timeout=20000)


def test_the_posts_records_are_read_only_with_a_filter_by_post(
    office, qtbot, monkeypatch, packages, messages
):
    import_with_dialog(office, qtbot, monkeypatch, sorted(packages["usb"].glob("*.sodon")))
    office.show_page("outreach")
    page = office.current()
    assert not office.new_action.isEnabled() and not office.delete_action.isEnabled()
    post = page.panel.filters["post"]
    codes = {page.panel.model.rows[i].post_code for i in range(len(page.panel.model.rows))}
    assert codes == {"LC01", "LS02"}
    post.setCurrentIndex(post.findData("LS02"))
    assert {r.post_code for r in page.panel.model.rows} == {"LS02"}
    page.panel.view.setFocus()
    page.panel.view.selectRow(0)
    count = office.book.outreach.count()
    qtbot.keyClick(page.panel.view, Qt.Key.Key_Delete)
    assert "chỉ được xem" in office.statusBar().currentMessage()
    assert office.book.outreach.count() == count

    seen = []

    def look(form):
        seen.append((form.save_button.isVisible(), form.windowTitle()))
        form.accept()  # Enter only closes a read-only form

    when_dialog_opens(qtbot, look)
    qtbot.keyClick(page.panel.view, Qt.Key.Key_Return)
    assert seen and seen[0][0] is False and "chỉ xem" in seen[0][1]
    assert office.book.outreach.count() == count


def test_the_consolidated_report_is_previewed(office, qtbot, monkeypatch, packages):
    import_with_dialog(office, qtbot, monkeypatch, sorted(packages["usb"].glob("*.sodon")))
    office.show_page("reports")
    page = office.current()
    page.choose("consolidated", year=2026)
    page.quarter.setCurrentIndex(page.quarter.findData(4))
    click(qtbot, page, "Xem trước")
    qtbot.waitUntil(lambda: page.pdf.pageCount() > 0, timeout=30000)
    assert "trang" in page.status.text()


def test_no_english_is_left_on_any_province_page_or_form(office, qtbot, monkeypatch, packages):
    import_with_dialog(office, qtbot, monkeypatch, sorted(packages["usb"].glob("*.sodon")))
    leftovers, places = english_left(office, qtbot)
    assert leftovers == {}
    assert places > len(office.pages)  # the register's form was opened too


def test_no_two_controls_of_a_province_page_claim_the_same_alt_letter(office):
    assert mnemonic_clashes(office) == {}


def test_a_post_is_registered_from_the_keyboard_with_its_fingerprint(office, qtbot, packages):
    office.show_page("registry")
    page = office.current()
    assert page.table.rowCount() == 2
    fingerprint = keys.existing_fingerprint(packages["LC01"])
    typed = []

    def fill(form):
        typed.append(form.windowTitle())
        type_text(form.code, "dt03")
        type_text(form.name, "Đồn Biên phòng Đà Vị")
        type_text(form.fingerprint, "12345")
        qtbot.keyClick(form.fingerprint, Qt.Key.Key_Return)
        typed.append(form.fields["fingerprint"][1].text())
        form.fingerprint.clear()
        type_text(form.fingerprint, fingerprint.lower())
        qtbot.keyClick(form.fingerprint, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert typed[0] == "Đăng ký một đồn" and "24 chữ và số" in typed[1]
    assert page.table.rowCount() == 3
    row = [page.table.item(0, c).text() for c in range(4)]  # by code: DT03 first
    assert row == ["DT03", "Đồn Biên phòng Đà Vị", "", fingerprint]
    assert registry.find(office.book, "DT03").fingerprint == fingerprint


def test_the_settings_page_shows_the_posts_fingerprint(window):
    made = keys.book_fingerprint(window.book.path)  # the copied demo book had no key file
    window.show_page("settings")
    assert window.current().fingerprint.text() == made and len(made) == 29
