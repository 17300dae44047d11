"""The provincial office's Posts' reports page: which post has reported for which month, a
month returned to its post for correction, and the answers to the posts; its second tab, the
publications sent, is `publications.Publications`. The import of packages is `imports.py`,
the register of posts `registry.py`."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_date
from app.core.periods import month_name
from app.core.validate import errors_of
from app.exchange import answers, province
from app.gui.dialogs import run_modal
from app.gui.forms import RecordForm
from app.gui.page import Page
from app.gui.publications import Publications
from app.gui.registers import RegisterActions
from app.gui.tasks import Task
from app.i18n import _

# The background of each status in the posts × months table.
COLOURS = {
    "on_time": "#d7f0d8",
    "late": "#fbe7b5",
    "correction": "#d6e6fb",
    "missing": "#f8d0d0",
}


RETURNED_MARK = "↩"


class PostsPage(Publications, RegisterActions, Page):
    """Posts × months: reported on time, late, with a correction, or missing; a month can be
    returned to its post for correction. Beside it, the publications sent to the posts. The
    answers carry both to the posts, with the receipts of their packages."""

    key = "posts"
    has_records = True  # the publications sent: the province's own records

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Posts' reports")
        self.read_only = False  # the answers, returns and publications are the province's own
        self.rows: list[province.PostRow] = []
        answer_button = QPushButton(_("&Answer the posts…"))
        answer_button.clicked.connect(self.answer_posts)
        answer_button.setToolTip(
            _(
                "Write for each post a signed answer with what is new for it: the receipts of "
                "its packages, the months returned for correction and the publications sent."
            )
        )
        answer_text = QLabel(
            _(
                "The answers tell each post which packages were received, which months must "
                "be corrected and which publications were sent."
            )
        )
        answer_text.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(answer_button)
        top.addWidget(answer_text, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._reporting(), _("Reporting table"))
        self.tabs.addTab(self._publications(), _("Publications sent"))
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # The reporting table ----------------------------------------------------------------------

    def _reporting(self) -> QWidget:
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setAccessibleName(_("Year"))
        self.year.valueChanged.connect(self.refresh)
        year_label = QLabel(_("&Year"))
        year_label.setBuddy(self.year)
        self.return_button = QPushButton(_("&Return this month…"))
        self.return_button.clicked.connect(self.return_month)
        self.return_button.setToolTip(
            _("Choose in the table a month the post has sent, then return it for correction.")
        )
        print_button = QPushButton(_("&Print or save…"))
        print_button.clicked.connect(self.print_table)
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.return_button)
        bar.addStretch()
        bar.addWidget(print_button)
        legend = QLabel(
            _(
                "✓ sent on time (by the 5th of the next month) · late: sent after the 5th · "
                "corr.: a correction was received · ✗ missing · empty: not due yet · — before "
                "the post began reporting. Point at a cell to see when the package was written."
            )
            + " "
            + _("{mark} returned for correction.").format(mark=RETURNED_MARK)
        )
        legend.setWordWrap(True)
        self.table = QTableWidget(0, 12)
        self.table.setHorizontalHeaderLabels([f"{n:02d}" for n in range(1, 13)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Posts × months"))
        self.table.currentCellChanged.connect(lambda *_cells: self._cell_chosen())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        return tab

    def refresh(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.shipments.reload()
            return
        chosen = (self.table.currentRow(), self.table.currentColumn())
        year = self.year.value()
        rows = province.completeness(self.book, year)
        returned = {(r.post, r.month): r for r in answers.returned_months(self.book, year)}
        self.rows = rows
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([f"{r.code} — {r.name}" for r in rows])
        counts = {status: 0 for status in province.STATUSES}
        open_returns = 0
        for number, row in enumerate(rows):
            for column, cell in enumerate(row.cells):
                counts[cell.status] += 1
                colour = COLOURS.get(cell.status)
                text = province.mark(cell.status)
                status = _(province.STATUSES[cell.status])
                if cell.exported_at:
                    status += " — " + _("package no. {sequence} written on {date}").format(
                        sequence=cell.sequence, date=format_date(cell.exported_at[:10])
                    )
                back = returned.get((row.code, cell.month))
                if back is not None and cell.sequence and back.sequence >= cell.sequence:
                    open_returns += 1
                    text = f"{text} {RETURNED_MARK}"
                    status += " — " + self._returned_text(back)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                    item.setForeground(QBrush(QColor("#202020")))
                item.setToolTip(f"{row.code} {cell.month}: {status}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, status)
                self.table.setItem(number, column, item)
        if rows and chosen[0] >= 0:
            self.table.setCurrentCell(min(chosen[0], len(rows) - 1), max(chosen[1], 0))
        self._cell_chosen()
        if not rows:
            self.summary.setText(
                _(
                    "No post is registered yet. Register the province's posts on the "
                    "“Registered posts” page, then import their packages."
                )
            )
            return
        summary = _(
            "{posts} posts · {on_time} months on time, {late} late, {correction} corrected, "
            "{missing} missing."
        ).format(
            posts=len(rows),
            on_time=counts["on_time"],
            late=counts["late"],
            correction=counts["correction"],
            missing=counts["missing"],
        )
        if open_returns:
            summary += " " + _(
                "{count} months returned for correction and not corrected yet."
            ).format(count=open_returns)
        self.summary.setText(summary)

    @staticmethod
    def _returned_text(back: answers.MonthReturned) -> str:
        text = _("returned for correction on {date}: {reason}").format(
            date=format_date(back.returned_at[:10]), reason=back.reason
        )
        if back.answer is None:
            text += " " + _("(not yet in an answer)")
        return text

    def _cell(self) -> tuple[province.PostRow, province.Cell] | None:
        """The post and month of the chosen cell."""
        row, column = self.table.currentRow(), self.table.currentColumn()
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row].cells):
            return self.rows[row], self.rows[row].cells[column]
        return None

    def _cell_chosen(self) -> None:
        chosen = self._cell()
        self.return_button.setEnabled(chosen is not None and chosen[1].sequence > 0)

    def print_table(self) -> None:
        reports = self.window.page("reports")
        reports.choose("completeness", year=self.year.value())
        self.window.show_page("reports")

    def return_month(self) -> None:
        chosen = self._cell()
        if chosen is None or not chosen[1].sequence:
            self.window.statusBar().showMessage(
                _("Choose in the table a month the post has sent, then return it for correction."),
                6000,
            )
            return
        post, cell = chosen
        if run_modal(ReturnForm(self, self.book, post, cell.month)):
            self.refresh()
            self.window.statusBar().showMessage(
                _("{month} of {post} is returned; the next answer to the post carries it.").format(
                    month=cell.month, post=post.code
                ),
                10000,
            )

    # Answers --------------------------------------------------------------------------------

    def answer_posts(self) -> None:
        """Write an answer to every post that has news, into a folder (a USB stick)."""
        settings = self.window.settings
        folder = QFileDialog.getExistingDirectory(
            self,
            _("Where to write the answers (e.g. the USB stick)"),
            str(settings.value("answers/folder", str(Path.home()))),
        )
        if not folder:
            return
        settings.setValue("answers/folder", folder)
        book = self.book
        Task(self, lambda _progress: answers.answer_all(book, folder)).done(
            lambda made: self._answered(folder, made)
        ).run(progress=_("Writing the answers…"))

    def _answered(self, folder: str, made: list) -> None:
        self.refresh()
        lines, written = [], 0
        for result in made:
            if not isinstance(result, answers.AnswerMade):
                lines.append(str(result))
            elif result.path is None:
                lines.append(
                    _("{post}: nothing new since the last answer; no file written.").format(
                        post=result.post
                    )
                )
            else:
                written += 1
                lines.append(
                    _(
                        "{post}: {file} ({receipts} package receipts, {returns} months returned, "
                        "{shipments} publications sent)."
                    ).format(
                        post=result.post,
                        file=result.path.name,
                        receipts=result.counts.get("package_receipt", 0),
                        returns=result.counts.get("month_return", 0),
                        shipments=result.counts.get("shipment", 0),
                    )
                )
        failed = sum(not isinstance(r, answers.AnswerMade) for r in made)
        self.window.statusBar().showMessage(
            _(
                "{written} answers written, {nothing} posts with nothing new, {failed} failed."
            ).format(written=written, nothing=len(made) - written - failed, failed=failed),
            10000,
        )
        if not made:
            head = _(
                "No post is registered yet. Register the province's posts on the "
                "“Registered posts” page, then import their packages."
            )
        elif written:
            head = _(
                "The answers were written to {folder}. Take them to the posts on a USB stick or "
                "send them by e-mail; each post imports its own on its Month close page."
            ).format(folder=folder)
        else:
            head = _("No answer was written: nothing is new for any post.")
        QMessageBox.information(self, _("Sổ Đồn"), "\n\n".join([head, "\n".join(lines)]).strip())


class ReturnForm(RecordForm):
    """A month of a post returned for correction, with what must be corrected."""

    def __init__(self, parent, book, post: province.PostRow, month: str):
        super().__init__(
            parent,
            _("Return {month} of {post} for correction").format(
                month=month_name(month), post=post.code
            ),
        )
        self.book, self.post, self.month = book, post.code, month
        explain = QLabel(
            _(
                "{post} — {name}, {month}: say what must be corrected. The reason travels to the "
                "post in its next answer; the post unlocks the month, corrects it and sends the "
                "package again."
            ).format(post=post.code, name=post.name, month=month_name(month))
        )
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.reason = self.field("reason", _("&Reason"), QPlainTextEdit())
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.save_button.setText(_("Return the month"))
        self.resize(560, 300)

    def draft(self) -> str:
        return self.reason.toPlainText()

    def check(self, draft: str) -> dict[str, str]:
        return errors_of(lambda: answers.validate_return(self.post, draft))

    def store(self, draft: str) -> str:
        return answers.return_month(self.book, self.post, self.month, draft)
