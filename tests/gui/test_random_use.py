"""A seeded random user: page changes, typing and pasting into search boxes, filters, sorting,
keys in the tables, forms opened and closed. It fails on any exception raised in the window,
any Qt warning about a model, and memory that keeps growing.

SODON_RANDOM_ACTIONS sets the number of actions (300 in the suite; e.g. 72000 for a long
session), SODON_RANDOM_SEED the seed."""

import os
import random
import resource

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QTableView

from tests.gui.conftest import type_text, when_dialog_opens

ACTIONS = int(os.environ.get("SODON_RANDOM_ACTIONS", "300"))
SEED = int(os.environ.get("SODON_RANDOM_SEED", "2026"))
WORDS = ["lô lô", "nguyễn", "thuỷ", "ma túy", "đồn", "x" * 60, "%", "'", '"', "_", "*"]
PASTE = " ".join(f"đoạn văn dán vào {n} Nguyễn Thị Thuỷ" for n in range(200))
KEYS = [Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def close_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def test_a_random_user_breaks_nothing(window, qtbot, qtlog, messages):
    rng = random.Random(SEED)
    pages = [key for key, *_rest in window.pages]
    start = None
    with qtbot.captureExceptions() as raised:
        for number in range(ACTIONS):
            if number == ACTIONS // 3:
                start = rss_mb()  # after every page has been built and used once
            window.show_page(rng.choice(pages))
            page = window.current()
            boxes = [b for b in page.findChildren(QLineEdit) if b.isVisibleTo(page)]
            combos = [c for c in page.findChildren(QComboBox) if c.isVisibleTo(page)]
            tables = [t for t in page.findChildren(QTableView) if t.isVisibleTo(page)]
            action = rng.random()
            if action < 0.3 and boxes:
                box = rng.choice(boxes)
                box.clear()
                if rng.random() < 0.1:
                    box.setText(PASTE)  # a page of text pasted
                else:
                    type_text(box, rng.choice(WORDS))
            elif action < 0.45 and combos:
                combo = rng.choice(combos)
                if combo.count():
                    combo.setCurrentIndex(rng.randrange(combo.count()))
            elif action < 0.65 and tables:
                table = rng.choice(tables)
                model = table.model()
                if model is not None and model.columnCount():
                    if rng.random() < 0.5:
                        table.horizontalHeader().sectionClicked.emit(
                            rng.randrange(model.columnCount())
                        )
                    else:
                        table.setFocus()
                        qtbot.keyClick(table, rng.choice(KEYS))
            elif action < 0.75 and page.has_records and not page.read_only:
                when_dialog_opens(qtbot, lambda dialog: dialog.reject())
                window.new_action.trigger()
            else:
                qtbot.wait(rng.randint(0, 5))
            close_dialogs()
    assert raised == [], raised
    assert not any("ngoài dự kiến" in m for m in messages), messages[-3:]
    model_warnings = [r.message for r in qtlog.records if "model" in r.message.lower()]
    assert model_warnings == []
    QApplication.sendPostedEvents(None, 0)
    dialogs = [w for w in QApplication.allWidgets() if isinstance(w, QDialog)]
    assert len(dialogs) < 10  # closed forms are freed
    if start is not None:
        assert rss_mb() - start < 60 + ACTIONS / 500  # memory stays flat in a long session


def test_a_long_session_of_calls_that_return_nothing_does_not_abort(qtbot):
    """PySide6 6.12 drops a reference to None at each such call (app/gui/__init__.py)."""
    from PySide6.QtWidgets import QLabel

    import app.gui  # noqa: F401  (what guards the window)

    label = QLabel()
    qtbot.addWidget(label)
    for number in range(50_000):  # far more than None's own count on Python 3.11
        label.setText(str(number % 10))
    assert label.text() == "9"
