"""Walk every page of the window, and the forms that open from them, in Vietnamese: no text a
user can see may be one of the program's English source messages left untranslated (a
string shown without `_()`, or a constant marked with `N_()` but never translated)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from tests.gui.conftest import when_dialog_opens

PO = Path(__file__).parents[2] / "resources" / "translations" / "vi" / "LC_MESSAGES" / "sodon.po"


def english_messages() -> set[str]:
    """The source messages whose Vietnamese differs: seeing one of them means it was not
    translated. Short or symbol-like messages (codes, letters) are left out."""
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or "{" in message.id:
            continue
        source = message.id.replace("&", "")
        if len(source) > 3 and re.search(r"[a-z]{3}", source) and message.string != message.id:
            found.add(source)
    return found


def visible_texts(root: QWidget) -> list[str]:
    """What a user reads in `root`: labels, buttons, titles, tabs, headings, list items,
    placeholders and the window's title."""
    texts = [root.windowTitle()]
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root):
            texts.append(label.text())
    for button in root.findChildren(QAbstractButton):
        if button.isVisibleTo(root):
            texts += [button.text(), button.toolTip()]
    for box in root.findChildren(QGroupBox):
        texts.append(box.title())
    for tabs in root.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    for combo in root.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for edit in root.findChildren(QLineEdit):
        texts.append(edit.placeholderText())
    for view in root.findChildren(QWidget):
        model = getattr(view, "model", None)
        if callable(model) and hasattr(model(), "headerData"):
            try:
                columns = model().columnCount()
            except TypeError:
                continue
            texts += [str(model().headerData(c, _horizontal()) or "") for c in range(columns)]
    return [text.replace("&", "").strip() for text in texts if text]


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def english_left(window, qtbot) -> tuple[dict[str, list[str]], int]:
    """Every page, and the new-record form of each page that has one: the English messages
    seen on each (none, when all is translated), and how many places were looked at."""
    english = english_messages()
    assert "Show the version and exit." in english  # the detector knows the catalog
    seen: dict[str, list[str]] = {}
    for key, *_rest in window.pages:
        window.show_page(key)
        page = window.current()
        seen[key] = visible_texts(window)
        if hasattr(page, "new") and page.has_records and not page.read_only:

            def look(dialog, key=key):
                seen[f"{key}: {dialog.windowTitle()}"] = visible_texts(dialog)
                dialog.reject()

            when_dialog_opens(qtbot, look)
            window.new_action.trigger()
    leftovers = {
        place: sorted({text for text in texts if text in english}) for place, texts in seen.items()
    }
    return {place: found for place, found in leftovers.items() if found}, len(seen)


def test_no_english_is_left_on_any_page_or_form(window, qtbot):
    leftovers, places = english_left(window, qtbot)
    assert leftovers == {}
    assert places > len(window.pages)  # forms were opened too


def test_the_detector_finds_an_english_message_left_on_a_page(window):
    window.show_page("outreach")
    QLabel("Search the log: place, topic, staff, content…", window.current()).show()
    assert "Search the log: place, topic, staff, content…" in set(visible_texts(window)) & (
        english_messages()
    )
