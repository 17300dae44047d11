"""Input widgets the forms and pages share: dates typed dd/MM/yyyy with a calendar, counts,
lookups with accent-blind type-ahead, checklists, and the search box."""

from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
)

from app.core.text import fold
from app.i18n import _


class DateEdit(QDateEdit):
    """A date typed as dd/MM/yyyy, or picked from the calendar (Alt+Down)."""

    def __init__(self, value: date | str | None = None, parent=None):
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1945, 1, 1))
        self.setMaximumDate(QDate(2099, 12, 31))
        self.set_value(value or date.today())

    def set_value(self, value: date | str) -> None:
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        self.setDate(QDate(day.year, day.month, day.day))

    def value(self) -> date:
        return self.date().toPython()


class CountSpin(QSpinBox):
    """A whole number of people or copies. A minus sign typed is kept, not dropped: the core's
    rule then says beside the field that the number cannot be negative."""

    def __init__(self, value: int = 0, *, maximum: int = 1_000_000, parent=None):
        super().__init__(parent)
        self.setRange(-maximum, maximum)
        self.setGroupSeparatorShown(True)
        self.setValue(value)
        self.setMinimumWidth(110)


class _FoldFilter(QSortFilterProxyModel):
    """Keeps the items whose text contains every word typed, accents and case ignored."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        text = fold(self.sourceModel().index(row, 0, parent).data() or "")
        return all(word in text for word in self.words)


class LookupCombo(QComboBox):
    """Choose one item of a list by typing part of its name, with or without accents
    ("hoi nghi" offers "Hội nghị tuyên truyền")."""

    def __init__(self, items: list[tuple[str, str]], *, empty: str | None = None, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if empty is not None:
            self.addItem(empty, "")
        for label, value in items:
            self.addItem(label, value)
        self._filter = _FoldFilter(self)
        self._filter.setSourceModel(self.model())
        completer = QCompleter(self._filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._settle)
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # A long name too wide for the box shows its beginning, not wherever the cursor was.
        self.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.currentIndexChanged.connect(lambda _index: self.lineEdit().setCursorPosition(0))

    def _typed(self, text: str) -> None:
        self._filter.set_text(text)
        if text:
            self.completer().complete()

    def _settle(self) -> None:
        """Leaving the box on a unique match selects it, so what is shown is what is saved."""
        index = self._match()
        if index >= 0 and self.itemText(index) != self.currentText():
            self.setCurrentIndex(index)

    def _match(self) -> int:
        text = self.currentText()
        exact = self.findText(text, Qt.MatchFlag.MatchExactly)
        if exact >= 0:
            return exact
        words = fold(text).split()
        if not words:
            return -1
        found = [i for i in range(self.count()) if all(w in fold(self.itemText(i)) for w in words)]
        return found[0] if len(found) == 1 else -1

    def value(self) -> str:
        """The id of the chosen item; "" when what is typed is not one item of the list."""
        index = self._match()
        return self.itemData(index) if index >= 0 else ""

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        self.setCurrentIndex(index if index >= 0 else 0)


class CheckList(QListWidget):
    """Several items of a list, each ticked with a click or the space bar."""

    changed = Signal()

    def __init__(self, items: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        for label, value in items:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        self.setMinimumHeight(110)

    def values(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, values: list[str]) -> None:
        wanted = set(values)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class SearchBox(QLineEdit):
    """Filters a list as the user types; Esc clears it."""

    def __init__(self, placeholder: str | None = None, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder or _("Search (accents do not matter)…"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


def month_choices(today: date | None = None, count: int = 36) -> list[tuple[str, str]]:
    """("Tháng 11/2026", "2026-11") for this month and the months before it."""
    today = today or date.today()
    year, month = today.year, today.month
    choices = []
    for _number in range(count):
        choices.append(
            (_("Month {month:02d}/{year}").format(month=month, year=year), f"{year}-{month:02d}")
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto the next line when the page is narrow (a row of
    buttons on a laptop's half screen), instead of making the whole window wider."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self.items: list = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self.items.append(item)

    def count(self) -> int:
        return len(self.items)

    def itemAt(self, index: int):
        return self.items[index] if 0 <= index < len(self.items) else None

    def takeAt(self, index: int):
        return self.items.pop(index) if 0 <= index < len(self.items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() for i in self.items) + self.spacing() * len(self.items)
        height = max((i.sizeHint().height() for i in self.items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self.items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self.items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


def rows_table(headings: list[str]) -> QTableWidget:
    """A table of rows the user reads and picks, one whole row at a time, never edits."""
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    return table
