"""The main window as a whole: pages, keyboard, remembered settings, first start, screenshot."""

import os
import subprocess
import sys
from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from app.core import overview
from app.core.book import Book
from app.gui.main_window import MainWindow
from app.gui.wizard import FirstStart
from tests.gui.conftest import mnemonic_clashes, type_text


def test_the_window_opens_on_the_overview_with_this_months_numbers(window, qtbot):
    page = window.current()
    assert page.key == "overview"
    qtbot.waitUntil(lambda: page.loading.finished)
    figures = overview.month_figures(window.book, date.today())
    assert page.figures["activities"].value.text() == f"{figures.activities:,}".replace(",", ".")
    assert window.windowTitle() == "Sổ Đồn — Đồn Biên phòng Lũng Cú"
    qtbot.waitUntil(lambda: page.due_list.count() > 0)  # the to-do list follows the numbers
    due = [page.due_list.item(i).text() for i in range(page.due_list.count())]
    assert any("quá hạn" in line for line in due)


def test_pages_are_reached_from_the_keyboard(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current().key == "outreach"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current().panel.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current().key == "cabinets"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current().key == "reviews"
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current().key == "months"
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current().key == "settings"


def test_the_window_remembers_its_size_and_page(window, settings, qtbot):
    window.resize(window.minimumSizeHint().width(), 580)  # the offscreen screen is 800 × 800
    window.show_page("training")
    window.close()
    again = MainWindow(window.book, settings)
    qtbot.addWidget(again)
    assert again.current().key == "training"
    assert again.height() == 580


def test_the_first_start_asks_for_the_post_and_creates_the_book(qtbot, tmp_path):
    path = tmp_path / "new" / "sodon.sqlite"
    dialog = FirstStart(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # nothing typed: refused, the dialog stays
    assert dialog.isVisible() and "Mã đồn" in dialog.errors.text()
    assert not path.exists()
    assert "Người lập" in dialog.errors.text()  # the clerk's name is asked too
    qtbot.keyClicks(dialog.code, "ml02")
    type_text(dialog.name, "Đồn Biên phòng Ma Lé")
    dialog.accept()
    assert dialog.isVisible() and "Người lập" in dialog.errors.text() and not path.exists()
    type_text(dialog.clerk, "Thượng úy Lò Văn Minh")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.book.post.code == "ML02"
    dialog.book.close()
    with Book.open(path, readonly=True) as made:
        assert made.post.name == "Đồn Biên phòng Ma Lé"
        assert made.post.clerk == made.user == "Thượng úy Lò Văn Minh"
        (who,) = made.db.execute("SELECT DISTINCT user FROM change").fetchone()
        assert who == "Thượng úy Lò Văn Minh"  # not the computer's login


def test_sodon_gui_screenshot_saves_a_picture_of_the_page(demo_path, tmp_path):
    picture = tmp_path / "outreach.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            str(demo_path),
            "gui",
            "--screenshot",
            str(picture),
            "--page",
            "outreach",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "SODON_SETTINGS": str(tmp_path / "settings.ini"),
        },
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    # the whole window, sized to the offscreen platform's 800 × 800 screen
    assert 700 <= image.width() <= 800 and 500 <= image.height() <= 800
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert stored.value("window/page") == "outreach"


def test_plain_sodon_opens_the_window_on_the_book_named_by_sodon_db(demo_path, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "SODON_DB": str(demo_path),
            "SODON_SETTINGS": str(tmp_path / "settings.ini"),
            "SODON_QUIT_WHEN_SHOWN": "1",
        },
    )
    assert result.returncode == 0, result.stderr
    marks = dict(line.split(" ") for line in result.stdout.split("\n") if line)
    assert float(marks["painted"]) <= float(marks["ready"])


def test_a_book_held_by_another_program_is_explained_in_a_dialog(demo_path, monkeypatch):
    import app.gui.app as gui_app

    shown = []
    monkeypatch.setattr(
        gui_app.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    with Book.open(demo_path, daily_backup=False):
        assert gui_app.open_book(demo_path) is None
    assert "đang được mở để ghi" in shown[0] and "Hãy đóng chương trình" in shown[0]


def test_an_unexpected_error_is_shown_and_logged(qtbot, monkeypatch, tmp_path):
    import app.gui.app as gui_app

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shown = []
    monkeypatch.setattr(
        gui_app.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    previous = sys.excepthook
    gui_app.install_crash_handler()
    try:
        error = RuntimeError("a bug")
        sys.excepthook(RuntimeError, error, error.__traceback__)
    finally:
        sys.excepthook = previous
    assert "lỗi ngoài dự kiến" in shown[0]
    (log,) = (tmp_path / "state").rglob("crash-*.log")
    assert "RuntimeError: a bug" in log.read_text()


def test_no_two_controls_of_a_page_claim_the_same_alt_letter(window):
    assert mnemonic_clashes(window) == {}


def test_the_first_window_fits_a_laptops_screen_and_every_page_fits_in_it(
    qtbot, demo_book, settings
):
    from PySide6.QtWidgets import QScrollArea

    window = MainWindow(demo_book, settings)
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    assert window.width() <= min(1280, free.width()) and window.height() <= free.height() - 40
    window.resize(1280, 700)
    window.show()
    for key, *_rest in window.pages:
        window.show_page(key)
        page = window.current()
        wanted = page.minimumSizeHint()
        assert wanted.width() <= 1280 - window.side.width() and wanted.height() <= 700, key
        assert isinstance(page.parent().parent(), QScrollArea)  # narrower still: it scrolls
    window.resize(683, 700)  # half a laptop's screen
    assert window.width() <= 700
