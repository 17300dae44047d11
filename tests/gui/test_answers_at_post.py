"""A post's side of the way back, driven as its clerk would: the provincial office registered
under Settings, its answer imported on the Month close page (its fingerprint compared first),
what it said shown beside each month, and the publications it sent received into a cabinet."""

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core.book import Book
from app.core.shipments import Shipment
from app.exchange import answer_reader, answers, keys
from app.exchange.importer import import_packages
from tests.gui.conftest import type_text, when_dialog_opens, window_on
from tests.gui.test_province import packages  # noqa: F401  (the posts' packages, made once)
from tests.gui.test_province_answers import activate, received, save  # noqa: F401
from tests.gui.test_vietnamese_everywhere import english_messages, visible_texts

REASON = "Thiếu hoạt động ngày 28/10 tại bản Lô Lô Chải"
LAW = "Luật Biên phòng Việt Nam"
HANDBOOK = "Sổ tay tuyên truyền viên cơ sở về biên giới"


@pytest.fixture(scope="session")
def answer(received, tmp_path_factory):  # noqa: F811
    """The province's answer to LC01: receipts of its two packages, October returned for
    correction, two publications sent."""
    folder = tmp_path_factory.mktemp("answer")
    province = folder / "province.sqlite"
    shutil.copyfile(received, province)
    with Book.open(province, daily_backup=False) as book:
        answers.return_month(book, "LC01", "2026-10", REASON)
        for title, copies, day in ((LAW, 20, "2026-11-20"), (HANDBOOK, 15, "2026-11-18")):
            book.shipments.add(
                Shipment(to_post="LC01", title=title, author="", copies=copies, sent_on=day)
            )
        made = answers.make_answer(book, "LC01", folder / "usb")
    return {"file": made.path, "fingerprint": keys.book_fingerprint(province)}


@pytest.fixture
def post_book(packages, tmp_path):  # noqa: F811
    """A copy of LC01's book (with its key), which sent its September and October."""
    path = tmp_path / "lc01" / "sodon.sqlite"
    path.parent.mkdir()
    shutil.copyfile(packages["LC01"], path)
    shutil.copyfile(keys.key_path(packages["LC01"]), keys.key_path(path))
    return path


def months_page(window):
    window.show_page("months")
    return window.current()


def row_of(page, month: str) -> int:
    return next(i for i, p in enumerate(page.periods) if p.month == month)


def import_with_dialog(window, qtbot, monkeypatch, messages, file) -> str:
    """Press "Import the province's answer…" and choose `file`; the message shown."""
    monkeypatch.setattr(
        "app.gui.months.QFileDialog.getOpenFileNames", lambda *_a, **_k: ([str(file)], "")
    )
    before = len(messages)
    activate(qtbot, window)
    qtbot.keyClick(months_page(window), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(messages) > before, timeout=20000)  # Nhập văn bản trả &lời…
    return messages[-1]


def test_the_answer_is_imported_once_its_fingerprint_is_compared(
    qtbot, monkeypatch, settings, post_book, answer, messages
):
    asked = []

    def reply(_parent, question, *, yes):
        asked.append((question, yes))
        return len(asked) > 1  # "Cancel" the first time, "the same" the second

    monkeypatch.setattr("app.gui.months.confirm", reply)
    with window_on(qtbot, post_book, settings) as window:
        said = import_with_dialog(window, qtbot, monkeypatch, messages, answer["file"])
        question, yes = asked[0]
        assert question.startswith("Đồn chưa đăng ký cơ quan cấp tỉnh.")
        assert f"\n\n{answer['fingerprint']}\n\n" in question
        assert "so sánh với dấu vân khóa trên giấy của cấp tỉnh" in question
        assert yes == "Giống nhau: nhập"
        assert said.startswith(f"Chưa nhập {answer['file'].name}")
        assert answer_reader.province_of(window.book) is None
        assert window.book.shipments.to_receive() == []

        said = import_with_dialog(window, qtbot, monkeypatch, messages, answer["file"])
        assert len(asked) == 2
        assert (
            f"{answer['file'].name}: đã nhập văn bản trả lời số 1 của BCH-TQ (2 xác nhận nhận "
            "gói, 1 tháng trả lại, 2 ấn phẩm gửi, 0 chỉ tiêu kế hoạch)." in said
        )
        assert "2 ấn phẩm tỉnh gửi đang chờ nhận: trang Tủ sách, thẻ “Tỉnh gửi”." in said
        assert window.statusBar().currentMessage() == ("Đã nhập 1 văn bản trả lời, từ chối 0 tệp.")
        province = answer_reader.province_of(window.book)
        assert (province["code"], province["fingerprint"]) == ("BCH-TQ", answer["fingerprint"])

        page = months_page(window)
        assert page.table.horizontalHeaderItem(5).text() == "Cấp tỉnh trả lời"
        october = page.table.item(row_of(page, "2026-10"), 5)
        assert october.text().startswith("Trả lại để sửa (")
        assert october.text().endswith(f"): {REASON}")
        assert october.foreground().color().name() == "#b00020"
        assert page.table.item(row_of(page, "2026-09"), 5).text().startswith("Cấp tỉnh đã nhận (")
        page.table.selectRow(row_of(page, "2026-10"))
        assert page.hint.text().startswith(
            f"Cơ quan cấp tỉnh đã trả lại tháng này để sửa: {REASON}. Hãy mở khóa tháng"
        )

        # The same answer again changes nothing and asks nothing.
        said = import_with_dialog(window, qtbot, monkeypatch, messages, answer["file"])
        assert "đã nhập trước đây; không có gì thay đổi" in said and len(asked) == 2


def test_the_provincial_office_is_registered_under_settings(
    qtbot, monkeypatch, settings, post_book, answer, messages
):
    with window_on(qtbot, post_book, settings) as window:
        window.show_page("settings")
        page = window.current()
        assert page.province_state.text().startswith("Chưa đăng ký.")
        assert page.province_button.text() == "Đăng ký"
        edits, errors = page.province_edits, page.province_errors
        type_text(edits["code"], "bch-tq")
        type_text(edits["name"], "Bộ Chỉ huy BĐBP tỉnh Tuyên Quang")
        type_text(edits["fingerprint"], "ABCD 1234")
        qtbot.keyClick(edits["fingerprint"], Qt.Key.Key_Return)
        assert errors["fingerprint"].isVisibleTo(page)
        assert "24 chữ và số" in errors["fingerprint"].text()
        assert not errors["code"].isVisibleTo(page) and not errors["name"].isVisibleTo(page)
        assert answer_reader.province_of(window.book) is None

        edits["fingerprint"].clear()
        type_text(edits["fingerprint"], answer["fingerprint"].replace(" ", "").lower())
        qtbot.keyClick(edits["fingerprint"], Qt.Key.Key_Return)
        province = answer_reader.province_of(window.book)
        assert (province["code"], province["name"], province["fingerprint"]) == (
            "BCH-TQ",
            "Bộ Chỉ huy BĐBP tỉnh Tuyên Quang",
            answer["fingerprint"],
        )
        assert window.statusBar().currentMessage() == "Đã đăng ký cơ quan cấp tỉnh BCH-TQ."
        assert not any(error.isVisibleTo(page) for error in errors.values())
        assert page.province_button.text() == "Lưu"
        assert page.province_state.text().startswith("Khóa của cơ quan sẽ được ghi nhận")

        # Registered with its fingerprint, its answer is imported without a question.
        asked = []
        monkeypatch.setattr("app.gui.months.confirm", lambda *a, **_k: asked.append(a) or True)
        said = import_with_dialog(window, qtbot, monkeypatch, messages, answer["file"])
        assert "đã nhập văn bản trả lời số 1 của BCH-TQ" in said and asked == []
        window.show_page("settings")
        assert not page.province_state.isVisibleTo(page)  # its key is known now


def test_an_answer_signed_with_another_key_is_refused_without_a_question(
    qtbot, monkeypatch, settings, post_book, answer, messages, tmp_path
):
    other = keys.book_fingerprint(tmp_path / "other.sqlite")
    with Book.open(post_book, daily_backup=False) as book:
        answer_reader.set_province(book, code="BCH-TQ", name="Bộ Chỉ huy", fingerprint=other)
    asked = []
    monkeypatch.setattr("app.gui.months.confirm", lambda *a, **_k: asked.append(a) or True)
    with window_on(qtbot, post_book, settings) as window:
        said = import_with_dialog(window, qtbot, monkeypatch, messages, answer["file"])
        assert said.startswith(f"Chưa nhập {answer['file'].name}")
        assert "Hãy gọi điện cho cấp tỉnh" in said and asked == []
        assert window.statusBar().currentMessage() == "Đã nhập 0 văn bản trả lời, từ chối 1 tệp."
        assert window.book.shipments.to_receive() == []


def test_publications_from_the_province_are_received_into_a_cabinet(
    qtbot, settings, post_book, answer
):
    with Book.open(post_book, daily_backup=False) as book:
        import_packages(book, [answer["file"]], accept_new_key=True)
    with window_on(qtbot, post_book, settings) as window:
        book = window.book
        window.show_page("cabinets")
        page = window.current()
        tabs = page.tabs.tabBar()
        assert tabs.tabText(tabs.count() - 1) == "Tỉnh gửi"
        qtbot.mouseClick(
            tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(tabs.count() - 1).center()
        )
        panel = page.from_province
        assert page.tabs.currentWidget() is panel
        assert [r.title for r in panel.model.rows] == [LAW, HANDBOOK]  # latest first
        colour = panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.ForegroundRole)
        assert colour.name() == "#1a4f8b"  # waiting
        in_stock = sum(r.quantity for r in book.cabinets.stock(limit=None) if r.title == LAW)
        shown = {}

        def receive(form):
            shown["title"] = form.windowTitle()
            shown["english"] = set(visible_texts(form)) & english_messages()
            form.accept()  # no cabinet chosen: said beside it
            shown["cabinet"] = form.fields["cabinet_id"][1].text()
            qtbot.keyClicks(form.cabinet.lineEdit(), "lo lo chai")
            form.copies.setFocus()
            form.copies.selectAll()
            qtbot.keyClicks(form.copies, "18")
            shown["short"] = form.short.text()
            form.received_on.set_value("2026-10-15")  # an approved month
            form.accept()
            shown["approved"] = form.fields["received_on"][1].text()
            form.received_on.set_value(date.today())
            save(qtbot, form)
            if form.isVisible():  # refused: say why instead of waiting for ever
                shown["left"] = [f[1].text() for f in form.fields.values() if f[1].text()]
                form.reject()

        panel.view.setFocus()
        panel.view.selectRow(0)
        when_dialog_opens(qtbot, receive)
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
        assert "left" not in shown, shown
        assert shown["title"] == "Nhận ấn phẩm cấp tỉnh gửi" and shown["english"] == set()
        assert "hãy chọn một mục trong danh sách" in shown["cabinet"]
        assert shown["short"].startswith("Thiếu 2/20 bản")
        assert "Tháng 10/2026 đã được duyệt" in shown["approved"]
        law = next(r for r in book.shipments.shipments(limit=None) if r.title == LAW)
        assert (law.received, law.short) == (18, 2)
        stock = [r for r in book.cabinets.stock(limit=None) if r.title == LAW]
        assert sum(r.quantity for r in stock) == in_stock + 18
        assert {r.cabinet for r in stock if r.quantity} >= {"Tủ sách Nhà văn hóa Lô Lô Chải"}
        assert window.statusBar().currentMessage() == (
            "Đã nhận 18 bản “Luật Biên phòng Việt Nam” vào Tủ sách Nhà văn hóa Lô Lô Chải. "
            "Thiếu 2 bản."
        )
        row = next(i for i, r in enumerate(panel.model.rows) if r.title == LAW)
        colour = panel.model.data(panel.model.index(row, 1), Qt.ItemDataRole.ForegroundRole)
        assert colour.name() == "#b00020"  # two copies short
        assert [r.received for r in panel.model.rows if r.title == LAW] == [18]

        # Enter on a publication received says when; the button takes the one still waiting.
        activate(qtbot, window)
        panel.view.setFocus()
        panel.view.selectRow(row)
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
        assert "đã được nhận ngày" in window.statusBar().currentMessage()

        def take_all(form):
            shown["second"] = form.windowTitle()
            qtbot.keyClicks(form.cabinet.lineEdit(), "don bien phong")
            form.save_button.click()

        when_dialog_opens(qtbot, take_all)
        qtbot.keyClick(page, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # N&hận ấn phẩm…
        qtbot.waitUntil(lambda: book.shipments.to_receive() == [])
        handbook = next(r for r in book.shipments.shipments(limit=None) if r.title == HANDBOOK)
        assert (handbook.received, handbook.short) == (15, 0)
        assert len(book.shipments.unsent_receipts()) == 2  # for the next monthly package

        activate(qtbot, window)
        qtbot.keyClick(page, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: "Không có ấn phẩm nào" in window.statusBar().currentMessage())
        assert page.tabs.currentWidget() is panel
