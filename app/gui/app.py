"""Starting the window: fonts, language, crash handler, the book (or the first-start dialog),
the checks that run after the window is painted, and `--screenshot`.

The window is shown before the core is loaded and the book opened, so that it appears at once
however big the book is; the book fills it a moment later.
"""

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

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
    app.setWindowIcon(QIcon(str(resource("icons", "sodon-256.png"))))
    app.setDesktopFileName("sodon")  # the launcher entry (packaging/sodon.desktop)
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
        from app.gui.dialogs import error_text

        QMessageBox.warning(QApplication.activeWindow(), _("Sổ Đồn"), error_text(error))

    sys.excepthook = handle


def open_book(book_path: Path):
    """The book (created through the first-start dialog if there is none), or None if the
    user gave up or the book was refused (the reason is shown)."""
    from app.core.book import Book
    from app.core.errors import SodonError

    try:
        if book_path.exists():
            return Book.open(book_path, daily_backup=False, check=False)
    except SodonError as error:
        QMessageBox.warning(None, _("Sổ Đồn"), str(error))
        return None
    from app.gui.wizard import FirstStart

    first = FirstStart(book_path)
    return first.book if first.exec() == FirstStart.DialogCode.Accepted else None


def after_paint(window) -> None:
    """Once the book is shown: check the file and make the day's backup, off the GUI thread."""
    from app.core import backups
    from app.core.book import Book
    from app.gui.tasks import Task

    path = window.book.path

    def work(_progress):
        with Book.open(path, readonly=True) as reader:
            reader.quick_check()
            if not backups.backup_made_today(path):
                reader.backup(reason="daily")

    Task(window, work, reads_only=True).done(lambda _result: window.refresh_backups()).run()


def run(
    book_path: Path,
    *,
    screenshot: Path | None = None,
    page: str | None = None,
    quit_when_shown: bool = False,
) -> int:
    """Show the window, open the book in it; returns the exit status."""
    app = application()
    stored = settings()
    choose_language(stored)
    install_crash_handler()
    from app.gui.main_window import MainWindow

    first_start = not book_path.exists()
    book = open_book(book_path) if first_start else None
    if first_start and book is None:
        return 0
    window = MainWindow(book, stored)
    window.show()
    first = "overview" if quit_when_shown else page
    if window.book is None:
        window.opening(book_path, first)  # reads the overview's figures while it paints
    outcome = {"code": 0}

    def fill() -> None:
        if window.book is None:
            opened = open_book(book_path)
            if opened is None:
                outcome["code"] = 1
                window.close()
                return
            window.attach(opened, first)
        elif page:
            window.show_page(page)
        if screenshot is not None:
            QTimer.singleShot(400, lambda: _capture(window, screenshot))
        elif quit_when_shown:
            _report_ready(window)
        else:
            QTimer.singleShot(0, lambda: after_paint(window))

    if quit_when_shown:
        QTimer.singleShot(0, lambda: print(f"painted {time.monotonic()}", flush=True))
    QTimer.singleShot(0, fill)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(30000)  # a backup or a count still running
    if window.book is not None:
        window.book.close()
    return outcome["code"] or code


def _report_ready(window) -> None:
    """For benchmarks/gui.py: print when the overview holds the book's numbers
    (time.monotonic, comparable across processes), then quit."""
    overview = window.page("overview")

    def ready() -> None:  # the moment the numbers are in the page, as they are set
        print(f"ready {time.monotonic()}", flush=True)
        QTimer.singleShot(0, QApplication.quit)

    if overview.loading is not None and overview.loading.finished:
        ready()
    else:
        overview.loaded.connect(ready)


def _capture(window, target: Path) -> None:
    QApplication.processEvents()
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.close()
    QApplication.quit()
