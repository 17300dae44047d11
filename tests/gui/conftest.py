"""The window on a real demo book, offscreen, with its settings in a temporary file."""

import re
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.core.book import Book
from app.gui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@contextmanager
def window_on(qtbot, path, settings):
    """The main window on the book at `path`, shown; closed with its book afterwards."""
    book = Book.open(path, daily_backup=False)
    made = MainWindow(book, settings)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()
    book.close()


@pytest.fixture
def window(qtbot, demo_path, settings):
    with window_on(qtbot, demo_path, settings) as made:
        yield made


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> list[str]:
    """Message boxes a test's window shows, recorded instead of waiting for a click (a modal
    box in an offscreen test would wait for ever)."""
    shown: list[str] = []

    def record(_parent, _title, text, *_args, **_kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


@pytest.fixture
def yes_to_questions(monkeypatch) -> list[tuple[str, str]]:
    """Answer "yes" to every confirmation, as a user clicking the default button would; the
    questions asked are recorded (the question and its "yes" button) for the test to check."""
    asked: list[tuple[str, str]] = []

    def answer(_parent, question: str, *, yes: str) -> bool:
        asked.append((question, yes))
        return True

    for module in ("app.gui.page", "app.gui.settings", "app.gui.cabinets.stocktake"):
        monkeypatch.setattr(f"{module}.confirm", answer)
    return asked


def when_dialog_opens(qtbot, act):
    """Run `act(dialog)` once a modal dialog is up (the code under test is blocked in exec)."""

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)

    QTimer.singleShot(0, poll)


def button(parent, text: str) -> QPushButton:
    """The one button under `parent` that shows `text` (the & of its Alt key aside), as a
    user finds it on the screen."""
    (found,) = [b for b in parent.findChildren(QPushButton) if b.text().replace("&", "") == text]
    return found


def activate(qtbot, window) -> None:
    """Make `window` the active one, as the window manager does when a dialog opens or
    closes (offscreen, nothing does): its shortcuts answer only then."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def click(qtbot, parent, text: str) -> None:
    """Click, with the mouse, the button under `parent` that shows `text`."""
    qtbot.mouseClick(button(parent, text), Qt.MouseButton.LeftButton)


def type_text(widget, text: str) -> None:
    """Type text with Vietnamese letters (QTest's keyClicks only knows ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def mnemonic_clashes(window) -> dict[str, dict[str, list[str]]]:
    """Per page, the Alt+letter shortcuts claimed by more than one visible control (with the
    menu bar's), which Qt then ignores."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget

    def letter(text: str) -> str | None:
        found = re.search(r"&([^&])", text or "")
        return found.group(1).lower() if found else None

    menus = [letter(a.text()) for a in window.menuBar().actions()]
    clashes = {}
    for key, *_rest in window.pages:
        window.show_page(key)
        page = window.current()
        texts = [b.text() for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
        texts += [
            label.text()
            for label in page.findChildren(QLabel)
            if label.isVisibleTo(page) and label.buddy() is not None
        ]
        texts += [g.title() for g in page.findChildren(QGroupBox)]
        for tabs in page.findChildren(QTabWidget):
            texts += [tabs.tabText(i) for i in range(tabs.count())]
        claimed: dict[str, list[str]] = {}
        for owner, mark in [("menu", m) for m in menus] + [(t, letter(t)) for t in texts]:
            if mark:
                claimed.setdefault(mark, []).append(owner)
        clashing = {mark: owners for mark, owners in claimed.items() if len(owners) > 1}
        if clashing:
            clashes[key] = clashing
    return clashes
