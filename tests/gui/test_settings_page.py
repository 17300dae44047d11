"""The settings page: the post's details, language, backups made and restored in the
background."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.errors import ValidationError
from app.gui.tasks import Task
from tests.gui.conftest import click, type_text


def settings_page(window):
    window.show_page("settings")
    return window.current()


def test_the_posts_details_are_saved_and_an_empty_name_is_refused(window, qtbot):
    page = settings_page(window)
    page.post_edits["name"].clear()
    click(qtbot, page, "Lưu thông tin đồn")
    assert page.post_errors.isVisible() and "Tên đồn" in page.post_errors.text()
    assert window.book.post.name == "Đồn Biên phòng Lũng Cú"
    page.post_edits["name"].setText("Đồn Biên phòng Cửa khẩu Lũng Cú")
    page.post_edits["commander"].clear()
    type_text(page.post_edits["commander"], "Thiếu tá Hoàng Văn Đức")
    click(qtbot, page, "Lưu thông tin đồn")
    assert not page.post_errors.isVisible()
    assert window.book.post.commander == "Thiếu tá Hoàng Văn Đức"
    assert "Cửa khẩu Lũng Cú" in window.windowTitle()


def test_the_language_is_kept_for_the_next_start(window):
    page = settings_page(window)
    page.language.setCurrentIndex(page.language.findData("en"))
    assert window.settings.value("language") == "en"


def test_a_backup_is_made_in_the_background_and_listed(window, qtbot):
    page = settings_page(window)
    before = page.backups.rowCount()
    click(qtbot, page, "Sao lưu ngay")
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    qtbot.waitUntil(lambda: page.backups.rowCount() == before + 1)
    assert "Đã sao lưu" in window.statusBar().currentMessage()


def test_a_chosen_backup_is_restored_after_asking(window, qtbot, yes_to_questions):
    page = settings_page(window)
    book = window.book
    click(qtbot, page, "Sao lưu ngay")
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    qtbot.waitUntil(lambda: page.backups.rowCount() >= 1)
    count = book.outreach.count()
    book.outreach.delete(book.outreach.activities(limit=1)[0].id)
    page.backups.selectRow(0)  # the newest: made before the deletion
    chosen = Path(page.backups.item(0, 0).data(Qt.ItemDataRole.UserRole))
    click(qtbot, page, "Khôi phục bản đã chọn…")
    assert yes_to_questions == [
        (
            f"Thay toàn bộ nội dung sổ bằng bản sao lưu {chosen.name}?\n"
            "Nội dung hiện tại sẽ được sao lưu lại trước.",
            "Khôi phục",
        )
    ]
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    assert book.outreach.count() == count
    assert "Đã khôi phục" in window.statusBar().currentMessage()
    assert any(b.reason == "before-restore" for b in book.list_backups())


def test_the_commanders_pin_is_changed_only_with_the_current_one(window, qtbot):
    page = settings_page(window)
    periods = window.book.periods
    assert page.pin_edits["current"].isVisible()  # the demo's commander has a PIN
    for name, text in (("current", "0000"), ("pin", "246810"), ("again", "246811")):
        qtbot.keyClicks(page.pin_edits[name], text)
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert "không giống nhau" in page.pin_message.text()
    for name, text in (("current", "1111"), ("pin", "246810"), ("again", "246810")):
        page.pin_edits[name].clear()
        qtbot.keyClicks(page.pin_edits[name], text)
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert "không đúng" in page.pin_message.text()
    assert page.pin_edits["current"].hasFocus() and not page.pin_edits["current"].text()
    qtbot.keyClicks(page.pin_edits["current"], "0000")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert page.pin_message.text() == "Đã lưu mã PIN của Đồn trưởng."
    assert all(not edit.text() for edit in page.pin_edits.values())
    with pytest.raises(ValidationError, match="PIN"):
        periods.approve("2026-11", "0000")
    periods.approve("2026-11", "246810")
    assert periods.get("2026-11").state == "approved"
