"""The stocktake screen: type the number counted line by line, see the differences, confirm."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.core.dates import format_date
from app.core.errors import SodonError
from app.gui.dialogs import confirm, show_error
from app.gui.widgets import LookupCombo
from app.i18n import N_, _

COUNTED = 2


class StocktakeModel(QAbstractTableModel):
    """Title, expected, counted (editable), difference; each count is saved as it is typed."""

    headers = (N_("Title"), N_("Expected"), N_("Counted"), N_("Difference"))

    def __init__(self, book, stocktake_id: str, *, editable: bool):
        super().__init__()
        self.book = book
        self.stocktake_id = stocktake_id
        self.editable = editable
        self.lines = book.stocktakes.lines(stocktake_id)
        self.last_error: SodonError | None = None

    def reload(self) -> None:
        self.beginResetModel()
        self.lines = self.book.stocktakes.lines(self.stocktake_id)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.headers[section])
        return None

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if self.editable and index.column() == COUNTED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values = (line.title, line.expected, line.counted, line.difference)
            value = values[column]
            if value is None:
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            if column == 3 and value > 0:
                return f"+{value}"
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and line.difference:
            return QColor("#b00020") if line.difference < 0 else QColor("#1b5e20")
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COUNTED:
            return False
        line = self.lines[index.row()]
        try:
            self.book.stocktakes.set_count(
                self.stocktake_id, line.title_id, None if value in ("", None) else value
            )
        except SodonError as error:
            self.last_error = error
            return False
        self.lines = self.book.stocktakes.lines(self.stocktake_id)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        return True


class CountView(QTableView):
    """The count sheet: typing a number edits the line's count; Enter saves it and moves on
    to the next line."""

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            following = self.model().index(self.currentIndex().row() + 1, COUNTED)
            if following.isValid():
                self.setCurrentIndex(following)


class StocktakeDialog(QDialog):
    def __init__(self, parent, book, stocktake_id: str):
        super().__init__(parent)
        self.book = book
        self.stocktake_id = stocktake_id
        row = next(s for s in book.stocktakes.stocktakes(limit=None) if s.id == stocktake_id)
        self.open_state = row.state == "open"
        self.setWindowTitle(
            _("Stocktake of {cabinet} on {date}").format(
                cabinet=row.cabinet, date=format_date(row.date)
            )
        )
        self.model = StocktakeModel(book, stocktake_id, editable=self.open_state)
        self.view = CountView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.model.dataChanged.connect(self._summarise)
        self.model.modelReset.connect(self._summarise)
        self.summary = QLabel()
        help_text = QLabel(
            _(
                "Type the number of copies counted on each line (Enter moves on). "
                "Lines left empty are not changed when you confirm."
            )
            if self.open_state
            else _("This stocktake is confirmed.")
        )
        help_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        if self.open_state:
            self.found = LookupCombo(
                [(t.name, t.id) for t in book.cabinets.titles(limit=None)], empty=""
            )
            self.found.setAccessibleName(_("A title found that is not on the sheet"))
            add = QPushButton(_("Add to the sheet"))
            add.clicked.connect(self._add_title)
            found_row = QHBoxLayout()
            found_row.addWidget(QLabel(_("A title found in the cabinet but not on the sheet:")))
            found_row.addWidget(self.found, 1)
            found_row.addWidget(add)
            layout.addLayout(found_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        if self.open_state:
            confirm_button = buttons.addButton(
                _("Confirm the stocktake…"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            confirm_button.setObjectName("confirm")
            buttons.accepted.connect(self.confirm)
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._summarise()
        self.resize(760, 600)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, COUNTED))

    def keyPressEvent(self, event) -> None:
        # Enter on the sheet moves to the next line rather than closing the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.hasFocus():
            following = self.model.index(self.view.currentIndex().row() + 1, COUNTED)
            if following.isValid():
                self.view.setCurrentIndex(following)
            return
        super().keyPressEvent(event)

    def _summarise(self, *_args) -> None:
        lines = self.model.lines
        counted = [line for line in lines if line.counted is not None]
        missing = sum(-line.difference for line in counted if line.difference < 0)
        extra = sum(line.difference for line in counted if line.difference > 0)
        self.summary.setText(
            _(
                "{counted} of {lines} lines counted; {missing} copies missing, "
                "{extra} more than expected."
            ).format(counted=len(counted), lines=len(lines), missing=missing, extra=extra)
        )
        if self.model.last_error is not None:
            error, self.model.last_error = self.model.last_error, None
            show_error(self, error)

    def _add_title(self) -> None:
        title_id = self.found.value()
        if not title_id:
            return
        try:
            self.book.stocktakes.set_count(self.stocktake_id, title_id, None)
        except SodonError as error:
            show_error(self, error)
            return
        self.model.reload()

    def confirm(self) -> None:
        if not confirm(
            self,
            self.summary.text()
            + "\n\n"
            + _("Confirm the stocktake? The stock of every counted line becomes what was counted."),
            yes=_("Confirm"),
        ):
            return
        try:
            adjusted = self.book.stocktakes.confirm(self.stocktake_id)
        except SodonError as error:
            show_error(self, error)
            return
        self.adjusted = adjusted
        self.accept()
