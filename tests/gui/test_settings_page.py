"""The settings page: the post's details, language, backups made and restored in the
background."""

from app.gui.tasks import Task
from tests.gui.conftest import type_text


def settings_page(window):
    window.show_page("settings")
    return window.current()


def test_the_posts_details_are_saved_and_an_empty_name_is_refused(window):
    page = settings_page(window)
    page.post_edits["name"].clear()
    page.save_post()
    assert page.post_errors.isVisible() and "Tên đồn" in page.post_errors.text()
    assert window.book.post.name == "Đồn Biên phòng Lũng Cú"
    page.post_edits["name"].setText("Đồn Biên phòng Cửa khẩu Lũng Cú")
    page.post_edits["commander"].clear()
    type_text(page.post_edits["commander"], "Thiếu tá Hoàng Văn Đức")
    page.save_post()
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
    page.backup_now()
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    qtbot.waitUntil(lambda: page.backups.rowCount() == before + 1)
    assert "Đã sao lưu" in window.statusBar().currentMessage()


def test_a_chosen_backup_is_restored_after_asking(window, qtbot, yes_to_questions):
    page = settings_page(window)
    book = window.book
    page.backup_now()
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    qtbot.waitUntil(lambda: page.backups.rowCount() >= 1)
    count = book.outreach.count()
    book.outreach.delete(book.outreach.activities(limit=1)[0].id)
    page.backups.selectRow(0)  # the newest: made before the deletion
    page.restore_chosen()
    qtbot.waitUntil(lambda: not Task.running, timeout=20000)
    assert book.outreach.count() == count
    assert "Đã khôi phục" in window.statusBar().currentMessage()
    assert any(b.reason == "before-restore" for b in book.list_backups())
