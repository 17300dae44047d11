"""The month close page (at a post): the clerk marks a month ready, the commander approves it
with the PIN, and the approved month's package is written for the provincial office. An
approved month can be unlocked by the commander, with a reason kept in the change log."""

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.dates import format_date
from app.core.periods import STATES, Period, month_name
from app.exchange.package import export_month
from app.gui.dialogs import show_error
from app.gui.forms import RecordForm, run_form
from app.gui.page import Page
from app.gui.tasks import Task
from app.gui.widgets import rows_table
from app.i18n import _

STATE_COLOURS = {"open": None, "ready": QColor("#8a5a00"), "approved": QColor("#1b6e20")}


def _when(stamp: str | None, who: str) -> str:
    if not stamp:
        return ""
    return " — ".join(p for p in (format_date(stamp[:10]), who) if p)


class PinForm(RecordForm):
    """The commander approves a month, or unlocks one giving a reason."""

    def __init__(self, parent, book, month: str, *, unlock: bool):
        title = _("Unlock {month}") if unlock else _("Approve {month}")
        super().__init__(parent, title.format(month=month_name(month)))
        self.book, self.month, self.unlock = book, month, unlock
        explain = QLabel(
            _(
                "Opening an approved month lets its records be changed again. The reason is kept "
                "in the change log; approve the month again afterwards and send the new package "
                "(a correction)."
            )
            if unlock
            else _(
                "Once approved, the month's records can no longer be changed and its package can "
                "be sent to the provincial office."
            )
        )
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.pin = self.field("pin", _("Commander's &PIN"), QLineEdit())
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.reason: QPlainTextEdit | None = None
        if unlock:
            self.reason = self.field("reason", _("&Reason"), QPlainTextEdit())
            self.reason.setTabChangesFocus(True)
            self.reason.setFixedHeight(80)
        self.save_button.setText(_("Unlock") if unlock else _("Approve"))
        self.resize(520, 300 if unlock else 220)

    def draft(self) -> dict:
        reason = self.reason.toPlainText() if self.reason is not None else ""
        return {"pin": self.pin.text(), "reason": reason}

    def check(self, draft: dict) -> dict[str, str]:
        return {}  # the PIN can only be checked by trying it

    def store(self, draft: dict) -> str:
        periods = self.book.periods
        if self.unlock:
            periods.unlock(self.month, draft["pin"], draft["reason"])
        else:
            periods.approve(self.month, draft["pin"])
        return self.month


class MonthsPage(Page):
    key = "months"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Month close")
        intro = QLabel(
            _(
                "At the end of each month: the clerk checks the month's records and marks it "
                "ready; the commander approves it with the PIN; then the package is written for "
                "the provincial office (on a USB stick or by e-mail). An approved month's records "
                "can no longer be changed."
            )
        )
        intro.setWordWrap(True)
        self.table = rows_table(
            [_("Month"), _("State"), _("Marked ready"), _("Approved"), _("Package sent")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 1):  # the month and its state always whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(_("Months"))
        self.ready_button = QPushButton(_("Mark &ready"))
        self.approve_button = QPushButton(_("&Approve…"))
        self.unlock_button = QPushButton(_("&Unlock…"))
        self.export_button = QPushButton(_("&Write the package…"))
        self.ready_button.clicked.connect(self.mark_ready)
        self.approve_button.clicked.connect(self.approve)
        self.unlock_button.clicked.connect(self.unlock)
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        for button in (
            self.ready_button,
            self.approve_button,
            self.unlock_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.periods: list[Period] = []
        self.table.itemSelectionChanged.connect(self._selected)

    def refresh(self) -> None:
        chosen = self.current()
        self.periods = self.book.periods.months()
        self.table.setRowCount(len(self.periods))
        for row, period in enumerate(self.periods):
            sent = (
                _("no. {sequence}, {date}").format(
                    sequence=period.exported_sequence, date=format_date(period.exported_at[:10])
                )
                if period.exported_at
                else ""
            )
            cells = (
                month_name(period.month).capitalize(),
                _(STATES[period.state]),
                _when(period.ready_at, period.ready_by),
                _when(period.approved_at, period.approved_by),
                sent,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a narrow window shortens the names
                if column == 1 and STATE_COLOURS[period.state] is not None:
                    item.setForeground(STATE_COLOURS[period.state])
                self.table.setItem(row, column, item)
        months = [p.month for p in self.periods]
        row = months.index(chosen.month) if chosen and chosen.month in months else 0
        if self.periods:
            self.table.selectRow(row)
        self._selected()

    def current(self) -> Period | None:
        row = self.table.currentRow()
        return self.periods[row] if 0 <= row < len(self.periods) else None

    def _selected(self) -> None:
        period = self.current()
        state = period.state if period else ""
        self.ready_button.setEnabled(state == "open")
        self.approve_button.setEnabled(state in ("open", "ready"))
        self.unlock_button.setEnabled(state == "approved")
        self.export_button.setEnabled(state == "approved")
        hints = {
            "open": _("This month is open: records can be added and changed."),
            "ready": _("Marked ready: the commander can now approve it."),
            "approved": _(
                "Approved: its records are read-only. Write the package and send it to the "
                "provincial office."
            ),
        }
        self.hint.setText(hints.get(state, ""))

    # Actions --------------------------------------------------------------------------------

    def mark_ready(self) -> None:
        period = self.current()
        if period is None:
            return
        try:
            self.book.periods.close(period.month)
        except Exception as error:
            show_error(self, error)
            return
        self.refresh()
        self.window.statusBar().showMessage(
            _("{month} is marked ready for the commander's approval.").format(
                month=month_name(period.month).capitalize()
            ),
            8000,
        )

    def approve(self) -> None:
        self._pin_form(unlock=False)

    def unlock(self) -> None:
        self._pin_form(unlock=True)

    def _pin_form(self, *, unlock: bool) -> None:
        period = self.current()
        if period is None:
            return
        if not self.book.periods.has_pin:
            QMessageBox.information(
                self,
                _("Sổ Đồn"),
                _(
                    "The commander has no PIN yet. Set one on the Settings page (Commander's "
                    "PIN), then approve the month."
                ),
            )
            return
        done = _("{month} was unlocked.") if unlock else _("{month} was approved.")
        if run_form(PinForm(self, self.book, period.month, unlock=unlock)):
            self.refresh()
            self.window.statusBar().showMessage(
                done.format(month=month_name(period.month).capitalize()), 8000
            )

    def export(self) -> None:
        period = self.current()
        if period is None:
            return
        settings = self.window.settings
        folder = QFileDialog.getExistingDirectory(
            self,
            _("Where to write the package (e.g. the USB stick)"),
            str(settings.value("export/folder", str(Path.home()))),
        )
        if not folder:
            return
        settings.setValue("export/folder", folder)
        book, month = self.book, period.month

        def done(made: Path) -> None:
            self.refresh()
            QMessageBox.information(
                self,
                _("Sổ Đồn"),
                _(
                    "The package of {month} was written:\n{path}\n\nTake it to the provincial "
                    "office on a USB stick or send it by e-mail."
                ).format(month=month_name(month), path=made),
            )

        Task(self, lambda progress: export_month(book, month, folder, progress=progress)).done(
            done
        ).run(progress=_("Writing the package…"))
