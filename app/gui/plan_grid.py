"""The grid of the provincial office's year's plan: posts × indicators, one content at a time;
what is typed is checked by the core as it is typed and kept apart from what is saved until
the page saves it."""

import textwrap
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from app.core.plan import (
    INDICATORS,
    NATURAL_CONTENT,
    Target,
    TargetRow,
    indicator_label,
    target_fields,
)
from app.core.text import thousands
from app.core.validate import Fields
from app.i18n import _

CHANGED = QColor("#fff4c2")  # typed, not yet saved
WRONG = QColor("#f8d0d0")  # typed and refused: the message is beside the grid
NOT_FOR = QColor("#e4e4e4")  # an indicator that does not belong to the content chosen

Key = tuple[int, str, str, str]  # year, post, indicator, content


def wrapped(text: str) -> str:
    """A column's heading on a few short lines, so that nine columns fit beside the posts."""
    return "\n".join(textwrap.wrap(text, width=12, break_long_words=False)) or text


def compact(table: QTableView) -> None:
    """Rows one line of text high, so that a dozen posts show without scrolling."""
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    columns = table.horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    columns.setMinimumSectionSize(70)


def typed_target(key: Key, text: str) -> tuple[int | None, str]:
    """`text` typed as the target of `key`, checked by the core: the number (None for an
    empty cell) and the core's message ("" when it may be saved)."""
    if not text.strip():
        return None, ""
    year, post, indicator, content = key
    f = Fields()
    values = target_fields(
        f, Target(to_post=post, year=year, indicator=indicator, content=content, target=text)
    )
    return values["target"], next(iter(f.errors.values()), "")


def allowed(indicator: str, content: str) -> bool:
    """Whether a target of `indicator` may be for `content` (some belong to one content)."""
    return not content or NATURAL_CONTENT.get(indicator, content) == content


@dataclass(frozen=True)
class Change:
    key: Key
    before: int | None  # the target saved, None: none
    after: int | None  # the target to save, None: removed


class TargetGrid(QAbstractTableModel):
    """Posts × indicators of one year and content: the targets saved, and what the user typed
    since (kept per year and content until saved or discarded, so changing the year or the
    content loses nothing)."""

    edited = Signal()

    def __init__(self):
        super().__init__()
        self.posts: list[tuple[str, str]] = []
        self.indicators = list(INDICATORS)
        self.year = date.today().year
        self.content = ""
        self.saved: dict[tuple[str, str, str], TargetRow] = {}
        self.typed: dict[Key, str] = {}
        self.problems: dict[Key, str] = {}

    # What the grid shows -------------------------------------------------------------------

    def load(self, posts, year: int, content: str, rows: list[TargetRow]) -> None:
        self.beginResetModel()
        self.posts = list(posts)
        self.year, self.content = year, content
        self.saved = {(r.to_post, r.indicator, r.content): r for r in rows}
        self.endResetModel()

    def key(self, index: QModelIndex) -> Key:
        return (
            self.year,
            self.posts[index.row()][0],
            self.indicators[index.column()],
            self.content,
        )

    def saved_target(self, key: Key) -> int | None:
        row = self.saved.get(key[1:]) if key[0] == self.year else None
        return row.target if row else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.posts)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.indicators)

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if allowed(self.indicators[index.column()], self.content):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self.key(index)
        saved = self.saved_target(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key in self.typed:
                return self.typed[key]
            if saved is None:
                return ""
            return thousands(saved) if role == Qt.ItemDataRole.DisplayRole else str(saved)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.problems:
                return QBrush(WRONG)
            if key in self.typed:
                return QBrush(CHANGED)
            if not allowed(key[2], key[3]):
                return QBrush(NOT_FOR)
        if role == Qt.ItemDataRole.FontRole and key in self.typed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self.problems:
                return self.problems[key]
            if not allowed(key[2], key[3]):
                return _("{indicator} belong to {code} only.").format(
                    indicator=indicator_label(key[2]), code=NATURAL_CONTENT[key[2]]
                )
            if key in self.typed:
                return _("Not saved yet (saved: {target}).").format(
                    target=thousands(saved) if saved is not None else _("no target")
                )
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return wrapped(indicator_label(self.indicators[section]))
            if role == Qt.ItemDataRole.ToolTipRole:
                return indicator_label(self.indicators[section])
        elif role == Qt.ItemDataRole.DisplayRole:
            code, name = self.posts[section]
            return f"{code} — {name}"
        return None

    # What the user types -------------------------------------------------------------------

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        key = self.key(index)
        text = str(value if value is not None else "").strip()
        saved = self.saved_target(key)
        number, problem = typed_target(key, text)
        if not problem and number == saved:
            # typed back to what is saved: no change
            self.typed.pop(key, None)
            self.problems.pop(key, None)
        else:
            self.typed[key] = text
            if problem:
                self.problems[key] = problem
            else:
                self.problems.pop(key, None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def discard(self) -> None:
        self.beginResetModel()
        self.typed.clear()
        self.problems.clear()
        self.endResetModel()
        self.edited.emit()

    def forget(self, keys) -> None:
        """Typed values now saved."""
        for key in keys:
            self.typed.pop(key, None)
            self.problems.pop(key, None)

    def typed_number(self, key: Key) -> int | None:
        """What was typed for `key` as `set` would take it (checked already)."""
        return typed_target(key, self.typed[key])[0]


class GridView(QTableView):
    """The grid as a spreadsheet: typing starts editing, Enter edits a cell and, once typed,
    goes down to the next post; Tab and the arrows move; Delete empties the cell."""

    def __init__(self, model: TargetGrid):
        super().__init__()
        self.setModel(model)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        compact(self)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            if self.currentIndex().isValid():
                self.edit(self.currentIndex())
            return
        if (
            key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != self.State.EditingState
        ):
            for index in self.selectionModel().selectedIndexes() or [self.currentIndex()]:
                self.model().setData(index, "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        """Enter in a cell being typed: saved in the grid, then the next post's cell."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            below = self.currentIndex().siblingAtRow(self.currentIndex().row() + 1)
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().closeEditor(editor, hint)
