"""The provincial office's side of the way back, driven as its clerk would: the answers to
every post written to a folder, a month returned for correction from the reporting table,
and publications sent to posts from a form or a spreadsheet."""

import shutil

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.core.book import Book
from app.exchange import answers, keys, registry
from app.exchange.importer import import_packages
from tests.gui.conftest import activate, type_text, when_dialog_opens, window_on
from tests.gui.test_province import packages  # noqa: F401  (the posts' packages, made once)
from tests.gui.test_vietnamese_everywhere import english_messages, visible_texts

TITLE = "Luật Biên phòng Việt Nam"


@pytest.fixture(scope="session")
def received(packages, tmp_path_factory):  # noqa: F811
    """A provincial office that has registered two posts and imported their packages."""
    path = tmp_path_factory.mktemp("office") / "province.sqlite"
    with Book.create(
        path, post_code="BCH-TQ", post_name="Bộ Chỉ huy BĐBP tỉnh Tuyên Quang", province=True
    ) as book:
        registry.register(book, code="LC01", name="Đồn Biên phòng Lũng Cú")
        registry.register(book, code="LS02", name="Đồn Biên phòng Lý Sơn")
        import_packages(book, sorted(packages["usb"].glob("*.sodon")))
    return path


@pytest.fixture
def office(qtbot, tmp_path, settings, received):
    path = tmp_path / "province.sqlite"
    shutil.copyfile(received, path)
    with window_on(qtbot, path, settings) as made:
        made.show_page("posts")
        yield made


def posts_page(office):
    office.show_page("posts")
    return office.current()


def answer_into(office, qtbot, monkeypatch, folder, messages) -> str:
    """Press "Answer the posts…", choose `folder`; the message shown afterwards."""
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr(
        "app.gui.province.QFileDialog.getExistingDirectory", lambda *_a, **_k: str(folder)
    )
    before = len(messages)
    activate(qtbot, office)
    qtbot.keyClick(posts_page(office), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(messages) > before, timeout=20000)  # Trả &lời các đồn…
    return messages[-1]


def save(qtbot, form) -> None:
    """Ctrl+S in a form."""
    activate(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def cell_of(page, post: str, month: str) -> tuple[int, int]:
    row = next(i for i, r in enumerate(page.rows) if r.code == post)
    return row, int(month[5:]) - 1


def test_an_answer_is_written_to_each_post_with_news(
    office, qtbot, monkeypatch, tmp_path, messages
):
    usb = tmp_path / "usb"
    said = answer_into(office, qtbot, monkeypatch, usb, messages)
    assert sorted(p.name for p in usb.glob("*.sodon")) == [
        "BCH-TQ_tra-loi_LC01_1.sodon",
        "BCH-TQ_tra-loi_LS02_1.sodon",
    ]
    assert str(usb) in said and "Khóa sổ tháng" in said
    assert (
        "LC01: BCH-TQ_tra-loi_LC01_1.sodon (2 xác nhận nhận gói, 0 tháng trả lại, "
        "0 ấn phẩm gửi)." in said
    )
    assert office.statusBar().currentMessage() == (
        "Đã ghi 2 văn bản trả lời; 0 đồn không có gì mới; 0 lỗi."
    )
    # Nothing new since: no file, and the clerk is told so for each post.
    said = answer_into(office, qtbot, monkeypatch, tmp_path / "again", messages)
    assert said.startswith("Không ghi văn bản trả lời nào")
    assert "LS02: không có gì mới từ lần trả lời trước; không ghi tệp." in said
    assert not list((tmp_path / "again").iterdir())


def test_a_month_is_returned_for_correction_from_the_table(
    office, qtbot, monkeypatch, tmp_path, messages
):
    page = posts_page(office)
    page.table.setFocus()
    page.table.setCurrentCell(*cell_of(page, "LC01", "2026-01"))  # before the post reported
    assert not page.return_button.isEnabled()
    page.table.setCurrentCell(*cell_of(page, "LC01", "2026-10"))
    assert page.return_button.isEnabled()
    shown = {}

    def fill(form):
        shown["title"] = form.windowTitle()
        shown["english"] = set(visible_texts(form)) & english_messages()
        form.accept()  # no reason yet: refused beside the field
        shown["empty"] = form.fields["reason"][1].text()
        type_text(form.reason, "Thiếu hoạt động ngày 28/10 tại bản Lô Lô Chải")
        save(qtbot, form)
        if form.isVisible():  # refused: say why instead of waiting for ever
            shown["left"] = form.fields["reason"][1].text()
            form.reject()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # T&rả lại tháng này…
    qtbot.waitUntil(lambda: bool(answers.returned_months(office.book, 2026)))  # (an Alt key
    # clicks its button after 100 ms, as the button is shown pressed)
    assert shown["title"] == "Trả lại Tháng 10/2026 của LC01 để sửa"
    assert "không được để trống" in shown["empty"] and shown["english"] == set()
    (returned,) = answers.returned_months(office.book, 2026)
    assert (returned.post, returned.month, returned.answer) == ("LC01", "2026-10", None)
    assert returned.reason == "Thiếu hoạt động ngày 28/10 tại bản Lô Lô Chải"
    item = page.table.item(*cell_of(page, "LC01", "2026-10"))
    assert item.text().endswith("↩")
    assert "trả lại để sửa ngày" in item.toolTip() and "Lô Lô Chải" in item.toolTip()
    assert "chưa có trong văn bản trả lời nào" in item.toolTip()
    assert "1 tháng đã trả lại để sửa" in page.summary.text()
    assert "Đã trả lại tháng 2026-10 của LC01" in office.statusBar().currentMessage()

    said = answer_into(office, qtbot, monkeypatch, tmp_path / "usb", messages)
    assert "(2 xác nhận nhận gói, 1 tháng trả lại, 0 ấn phẩm gửi)" in said
    item = page.table.item(*cell_of(page, "LC01", "2026-10"))
    assert "chưa có trong văn bản trả lời nào" not in item.toolTip()


def test_publications_are_sent_to_posts_and_taken_back_until_answered(
    office, qtbot, monkeypatch, tmp_path, messages, yes_to_questions
):
    page = posts_page(office)
    seen = {}

    def fill(form):
        seen["title"] = form.windowTitle()
        form.accept()  # nothing typed: each field says what it needs
        seen["errors"] = {n: form.fields[n][1].text() for n in ("to_post", "title")}
        qtbot.mouseClick(form.every, Qt.MouseButton.LeftButton)  # every post
        type_text(form.name, TITLE)
        type_text(form.author, "Quốc hội")
        form.copies.setFocus()
        form.copies.selectAll()
        qtbot.keyClicks(form.copies, "20")
        save(qtbot, form)
        if form.isVisible():  # refused: say why instead of waiting for ever
            seen["left"] = {n: f[1].text() for n, f in form.fields.items() if f[1].text()}
            form.reject()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "left" not in seen, seen
    assert seen["title"] == "Gửi ấn phẩm"
    assert all(seen["errors"].values()), seen
    sent = office.book.shipments.shipments(limit=None)
    assert sorted((s.to_post, s.title, s.copies, s.author) for s in sent) == [
        ("LC01", TITLE, 20, "Quốc hội"),
        ("LS02", TITLE, 20, "Quốc hội"),
    ]
    assert page.tabs.currentIndex() == 1 and len(page.shipments.model.rows) == 2
    assert "20 bản “Luật Biên phòng Việt Nam” gửi LC01, LS02" in (
        office.statusBar().currentMessage()
    )
    posts = page.shipments.filters["to_post"]
    posts.setCurrentIndex(posts.findData("LS02"))
    assert [r.to_post for r in page.shipments.model.rows] == ["LS02"]

    # Enter shows the shipment, read-only
    looked = []

    def look(form):
        looked.append((form.windowTitle(), form.name.text(), form.save_button.isVisible()))
        form.reject()

    view = page.shipments.view
    view.setFocus()
    view.selectRow(0)
    when_dialog_opens(qtbot, look)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert looked == [("Ấn phẩm đã gửi (chỉ xem)", TITLE, False)]
    activate(qtbot, office)

    # Del takes it back (asked first), Ctrl+Z undoes that
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "lượt gửi “Luật Biên phòng Việt Nam” cho LS02" in yes_to_questions[-1][0]
    assert len(office.book.shipments.shipments(limit=None)) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(office.book.shipments.shipments(limit=None)) == 2

    # Once an answer carried it, it is the post's: no longer deleted
    said = answer_into(office, qtbot, monkeypatch, tmp_path / "usb", messages)
    assert "LS02: BCH-TQ_tra-loi_LS02_1.sodon (2 xác nhận nhận gói, 0 tháng trả lại, " in said
    assert said.endswith("1 ấn phẩm gửi).")
    page.tabs.setCurrentIndex(1)
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "đã được báo cho đồn" in messages[-1]
    assert len(office.book.shipments.shipments(limit=None)) == 2


def test_publications_are_loaded_from_a_spreadsheet_all_or_none(
    office, qtbot, monkeypatch, tmp_path, messages
):
    page = posts_page(office)
    page.tabs.setCurrentIndex(1)
    sheet = tmp_path / "an-pham.xlsx"
    monkeypatch.setattr(
        "app.gui.publications.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(sheet), "")
    )
    qtbot.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Lưu &mẫu bảng tính…
    qtbot.waitUntil(sheet.exists)
    assert sheet.exists() and str(sheet) in office.statusBar().currentMessage()

    def write(rows) -> None:
        workbook = load_workbook(sheet)
        table = workbook.active
        table.delete_rows(2, table.max_row)
        for row in rows:
            table.append(row)
        workbook.save(sheet)

    write(
        [
            ["LC01", TITLE, "Quốc hội", "NXB Chính trị quốc gia", 2024, 20, "20/11/2026"],
            ["LS02", "Sổ tay tuyên truyền viên", "", "", None, 0, "20/11/2026"],
            ["XX99", "Tờ rơi phòng, chống ma túy", "", "", None, 5, "21/11/2026"],
        ]
    )
    monkeypatch.setattr(
        "app.gui.publications.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(sheet), "")
    )
    asked = []
    monkeypatch.setattr(
        "app.gui.publications.confirm", lambda _p, question, **_k: asked.append(question) or True
    )
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Nhập từ &bảng tính…
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert "Dòng 2: Số bản" in messages[-1] and "Dòng 3: Đồn: XX99" in messages[-1]
    assert "Chưa ghi dòng nào" in messages[-1] and not asked
    assert office.book.shipments.shipments(limit=None) == []

    write(
        [
            ["LC01", TITLE, "Quốc hội", "NXB Chính trị quốc gia", 2024, 20, "20/11/2026"],
            ["ls02", "Sổ tay tuyên truyền viên", "", "", None, 15, "20/11/2026"],
        ]
    )
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(office.book.shipments.shipments(limit=None)) == 2, timeout=20000)
    assert asked == [
        "Ghi 2 lượt gửi ấn phẩm (35 bản) cho 2 đồn từ tệp an-pham.xlsx?\n"
        "Các đồn sẽ được báo trong văn bản trả lời tiếp theo."
    ]
    assert {r.to_post for r in page.shipments.model.rows} == {"LC01", "LS02"}
    assert office.statusBar().currentMessage() == "Đã ghi 2 lượt gửi ấn phẩm."


def test_the_provinces_settings_show_its_fingerprint_for_the_posts(office):
    assert keys.existing_fingerprint(office.book.path) == ""  # no answer written yet
    office.show_page("settings")
    page = office.current()
    shown = page.fingerprint.text()
    assert len(shown) == 29 and shown == keys.existing_fingerprint(office.book.path)
    assert "mỗi đồn đăng ký cơ quan cấp tỉnh" in page.fingerprint.toolTip()
    assert not page.province_box.isVisibleTo(page)  # a province registers no province
