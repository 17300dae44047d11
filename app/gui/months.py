"""The month close page (at a post): the clerk marks a month ready, the commander approves it
with the PIN, and the approved month's package is written for the provincial office. An
approved month can be unlocked by the commander, with a reason kept in the change log. The
province's answers are imported here: what became of each package (received, refused, or
returned for correction with the reason), and the publications it sent."""

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
from app.core.periods import STATES, STATUSES, Period, month_name
from app.crash import write_crash_log
from app.exchange import answer_reader
from app.exchange.envelope import PackageRefused
from app.exchange.importer import ImportFailed, import_packages
from app.exchange.package import export_month
from app.gui.dialogs import confirm, show_error
from app.gui.forms import RecordForm, run_form
from app.gui.page import Page
from app.gui.tasks import Task
from app.gui.widgets import rows_table
from app.i18n import _

STATE_COLOURS = {"open": None, "ready": QColor("#8a5a00"), "approved": QColor("#1b6e20")}
# What the province said of the month's last package.
PROVINCE_COLOURS = {
    "received": QColor("#1b6e20"),
    "refused": QColor("#b00020"),
    "returned": QColor("#b00020"),
}


def province_text(period: Period) -> str:
    """What the province said of the month's last package: "Returned for correction
    (05/11/2026): reason"; empty before the package is sent."""
    if period.status not in ("exported", "received", "refused", "returned"):
        return ""
    text = _(STATUSES[period.status])
    if period.province_at:
        text += f" ({format_date(period.province_at[:10])})"
    if period.province_reason:
        text += f": {period.province_reason}"
    return text


def _sentence(text: str) -> str:
    """A reason as a sentence of the hint (its own full stop)."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


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
            [
                _("Month"),
                _("State"),
                _("Marked ready"),
                _("Approved"),
                _("Package sent"),
                _("Province's answer"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # what the province said (a reason may be long) takes what is left
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Months"))
        self.ready_button = QPushButton(_("Mark &ready"))
        self.approve_button = QPushButton(_("&Approve…"))
        self.unlock_button = QPushButton(_("&Unlock…"))
        self.export_button = QPushButton(_("&Write the package…"))
        self.answer_button = QPushButton(_("Import the province's &answer…"))
        self.answer_button.setToolTip(
            _(
                "The provincial office's answer (a .sodon file): which packages it received, "
                "the months it returns for correction, and the publications it sent."
            )
        )
        self.ready_button.clicked.connect(self.mark_ready)
        self.approve_button.clicked.connect(self.approve)
        self.unlock_button.clicked.connect(self.unlock)
        self.export_button.clicked.connect(self.export)
        self.answer_button.clicked.connect(self.import_answer)
        buttons = QHBoxLayout()
        for button in (
            self.ready_button,
            self.approve_button,
            self.unlock_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.answer_button)
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
                province_text(period),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a narrow window shortens the names
                if column == 1 and STATE_COLOURS[period.state] is not None:
                    item.setForeground(STATE_COLOURS[period.state])
                if column == 5 and period.status in PROVINCE_COLOURS:
                    item.setForeground(PROVINCE_COLOURS[period.status])
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
        hint = hints.get(state, "")
        if period is not None and period.status == "returned":
            hint = (
                _(
                    "The provincial office returned this month for correction: {reason} Unlock "
                    "it (the commander's PIN), correct its records, approve it again and write "
                    "the new package."
                )
                if state == "approved"
                else _(
                    "The provincial office returned this month for correction: {reason} Correct "
                    "its records, then mark it ready, approve it and write the new package."
                )
            ).format(reason=_sentence(period.province_reason))
        elif period is not None and period.status == "refused":
            hint = _(
                "The provincial office refused the package it received: {reason} Write the "
                "package again, or call the provincial office if the reason is unclear."
            ).format(reason=_sentence(period.province_reason))
        self.hint.setText(hint)

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

    # The province's answer ------------------------------------------------------------------

    def import_answer(self) -> None:
        settings = self.window.settings
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose the provincial office's answer"),
            str(settings.value("answers/folder", str(Path.home()))),
            _("Sổ Đồn packages (*.sodon);;All files (*)"),
        )
        if chosen:
            settings.setValue("answers/folder", str(Path(chosen[0]).parent))
            self.import_files([Path(p) for p in chosen])

    def import_files(
        self, paths: list[Path], *, accept_new_key: bool = False, earlier: tuple = ()
    ) -> None:
        """Import the answers in the background (the book is busy meanwhile); a province not
        registered, or signing with a new key, is asked about before it is accepted."""
        book = self.book

        def work(progress):
            return import_packages(book, paths, accept_new_key=accept_new_key, progress=progress)

        Task(self, work).done(lambda results: self._imported(results, earlier)).run(
            progress=_("Importing the answer…")
        )

    def _imported(self, results: list, earlier: tuple) -> None:
        kept, accepted = list(earlier), []
        for result in results:
            if isinstance(result, answer_reader.ProvinceUnknown) and self._accept(result):
                accepted.append(result.path)
            else:
                kept.append(result)
        if accepted:
            self.import_files(accepted, accept_new_key=True, earlier=tuple(kept))
            return
        self.refresh()
        lines = [self._line(result) for result in kept]
        waiting = len(self.book.shipments.to_receive())
        if waiting:
            lines.append(
                _(
                    "{count} publications sent by the province wait to be received: Book "
                    "cabinets, tab “From the province”."
                ).format(count=waiting)
            )
        self.window.statusBar().showMessage(
            _("{imported} answers imported, {refused} refused.").format(
                imported=sum(
                    isinstance(r, answer_reader.AnswerResult) and r.status != "already"
                    for r in kept
                ),
                refused=sum(isinstance(r, PackageRefused) for r in kept),
            ),
            10000,
        )
        QMessageBox.information(self, _("Sổ Đồn"), "\n\n".join(lines))

    @staticmethod
    def _line(result) -> str:
        if isinstance(result, ImportFailed):  # a fault of the program: keep its details
            return f"{result} " + _("The details are in {log}.").format(
                log=write_crash_log(result.error)
            )
        if isinstance(result, PackageRefused):
            return str(result)
        return result.message

    def _accept(self, unknown: answer_reader.ProvinceUnknown) -> bool:
        """Ask whether the fingerprint the answer is signed with is the province's."""
        known = answer_reader.province_of(self.book)
        question = (
            _(
                "This post has not registered its provincial office yet. The answer {file} is "
                "signed with the key whose fingerprint is:"
            )
            if known is None
            else _(
                "The provincial office {code} now signs its answers with a new key. The answer "
                "{file} is signed with the key whose fingerprint is:"
            )
        ).format(code=known["code"] if known else "", file=unknown.path.name)
        return confirm(
            self,
            question
            + f"\n\n{unknown.fingerprint}\n\n"
            + _(
                "Compare it with the fingerprint on the province's paper (or ask the province "
                "to read it over the phone). Import the answer only if they are the same."
            ),
            yes=_("They are the same: import"),
        )
