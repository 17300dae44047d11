"""The record form every register uses: labelled fields with the core's message beside each,
checked as the user types and on save. A refused save keeps everything that was typed."""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import SodonError, ValidationError
from app.gui.dialogs import run_modal, show_error
from app.i18n import _


class RecordForm(QDialog):
    """Subclasses add their fields with `field()` and give `draft()`, `check(draft)` (the
    core's messages, {} when the draft may be saved) and `store(draft)` (the core's save)."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.fields: dict[str, tuple[QWidget, QLabel, str]] = {}
        self.touched: set[str] = set()
        self.result_value: object = None
        self.read_only = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(self.form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.check_now)
        self.resize(640, 560)

    # Building ----------------------------------------------------------------------------

    def field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a labelled field; `name` is the core's field name its messages come under."""
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #b00020;")
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        widget.setObjectName(name)
        widget.setAccessibleName(label.replace("&", ""))
        self.fields[name] = (widget, error, label.replace("&", ""))
        self._watch(name, widget)
        return widget

    def _watch(self, name: str, widget: QWidget) -> None:
        def changed(*_args) -> None:
            self.touched.add(name)
            self.timer.start()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
            if widget.isEditable():
                widget.lineEdit().textEdited.connect(changed)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(changed)
            if hasattr(widget, "valueChanged"):
                widget.valueChanged.connect(changed)
            if hasattr(widget, "dateChanged"):
                widget.dateChanged.connect(changed)
        elif isinstance(widget, QListWidget) and hasattr(widget, "changed"):
            widget.changed.connect(changed)

    def view_only(self) -> None:
        """Show the record without letting it change (the provincial office's view)."""
        self.setWindowTitle(_("{title} (read-only)").format(title=self.windowTitle()))
        for widget, _error, _caption in self.fields.values():
            widget.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText(_("Close"))
        self.timer.timeout.disconnect(self.check_now)
        self.read_only = True

    # What subclasses give ----------------------------------------------------------------

    def draft(self) -> object:
        raise NotImplementedError

    def check(self, draft: object) -> dict[str, str]:
        raise NotImplementedError

    def store(self, draft: object) -> object:
        raise NotImplementedError

    # Checking and saving -----------------------------------------------------------------

    def check_now(self) -> dict[str, str]:
        """Show the core's messages for the fields the user has already touched."""
        if not self.isVisible():  # closed, or its window with it (and the book maybe too)
            return {}
        errors = self.check(self.draft())
        self.show_errors({k: v for k, v in errors.items() if k in self.touched})
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, (_widget, label, caption) in self.fields.items():
            message = errors.get(name, "")
            prefix = f"{_(caption)}: "
            label.setText(message[len(prefix) :] if message.startswith(prefix) else message)
            label.setVisible(bool(message))
        unplaced = [m for k, m in errors.items() if k not in self.fields]
        if unplaced:
            show_error(self, ValidationError({str(i): m for i, m in enumerate(unplaced)}))

    def accept(self) -> None:
        self.timer.stop()
        if self.read_only:  # Ctrl+S or Enter only closes it
            self.reject()
            return
        try:
            self.result_value = self.store(self.draft())
        except ValidationError as error:
            self.touched.update(error.errors)
            self.show_errors(error.errors)
            first = next((n for n in self.fields if n in error.errors), None)
            if first:
                self.fields[first][0].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except SodonError as error:
            show_error(self, error)
            return
        super().accept()

    def done(self, result: int) -> None:
        self.timer.stop()  # no check after the form has gone
        super().done(result)


def run_form(form: RecordForm, after: Callable[[object], None] | None = None) -> object:
    """Show a form; after a successful save call `after(result)` and return the result."""
    if form.book.post.is_province:
        form.view_only()
    if run_modal(form):
        if after is not None:
            after(form.result_value)
        return form.result_value
    return None
