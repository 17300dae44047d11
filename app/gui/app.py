"""Starting the window: fonts, language, crash handler, the book (or the first-start dialog),
the checks that run after the window is painted, and `--screenshot`."""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import backups
from app.core.book import Book
from app.core.errors import SodonError
from app.gui.dialogs import error_text
from app.i18n import LANGUAGES, _, set_language
from app.paths import resource

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


def application() -> QApplication:
    """The QApplication, with the bundled Vietnamese font (a machine may have none)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sổ Đồn")
    app.setOrganizationName("SoDon")
    families = set()
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        app.setFont(QFont(sorted(families)[0], 10))
    icon = resource("icons", "sodon.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def settings() -> QSettings:
    """Window size, last page, language: the user's settings (SODON_SETTINGS names an .ini
    file to use instead, for tests and portable installs)."""
    path = os.environ.get("SODON_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("SoDon", "SoDon")


def choose_language(stored: QSettings) -> None:
    """SODON_LANG wins (scripts, tests); otherwise the language chosen in Settings."""
    wanted = os.environ.get("SODON_LANG") or str(stored.value("language", "vi"))
    set_language(wanted if wanted in LANGUAGES else "vi")


def install_crash_handler() -> None:
    """An unexpected error shows a message and leaves a log; the window stays usable."""

    def handle(kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        QMessageBox.warning(QApplication.activeWindow(), _("Sổ Đồn"), error_text(error))

    sys.excepthook = handle


def open_window(book_path: Path):
    """The main window on the book, or None if the user gave up (no book created)."""
    from app.gui.main_window import MainWindow
    from app.gui.wizard import FirstStart

    stored = settings()
    if not book_path.exists():
        first = FirstStart(book_path)
        if first.exec() != FirstStart.DialogCode.Accepted or first.book is None:
            return None
        book = first.book
    else:
        book = Book.open(book_path, daily_backup=False, check=False)
    window = MainWindow(book, stored)
    window.destroyed.connect(book.close)
    return window


def after_paint(window) -> None:
    """Once the window is up: check the file and make the day's backup, off the GUI thread."""
    from app.gui.tasks import Task

    path = window.book.path

    def work(_progress):
        window_book = Book.open(path, readonly=True)
        try:
            window_book.quick_check()
            if not backups.backup_made_today(path):
                window_book.backup(reason="daily")
        finally:
            window_book.close()

    Task(window, work).done(lambda _result: window.page("settings").refresh()).run()


def run(book_path: Path, *, screenshot: Path | None = None, page: str | None = None) -> int:
    app = application()
    stored = settings()
    choose_language(stored)
    install_crash_handler()
    try:
        window = open_window(book_path)
    except SodonError as error:
        QMessageBox.warning(None, _("Sổ Đồn"), str(error))
        return 1
    if window is None:
        return 0
    if page:
        window.show_page(page)
    window.show()
    if screenshot is not None:
        QTimer.singleShot(400, lambda: _capture(window, screenshot))
    else:
        QTimer.singleShot(0, lambda: after_paint(window))
    code = app.exec()
    window.book.close()
    return code


def _capture(window, target: Path) -> None:
    QApplication.processEvents()
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.close()
    QApplication.quit()
