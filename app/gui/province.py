"""The provincial office's own pages: which post has reported for which month (with the
answers to the posts, months returned for correction and the publications sent to them), the
import of the posts' monthly packages (chosen in a file dialog or dropped on the page), and
the register of the posts with the fingerprints of their keys."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl.utils.exceptions  # noqa: F401  (read_sheet imports it: here, not in a worker)
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_date
from app.core.errors import SodonError, ValidationError, disk_message
from app.core.listing import LISTS
from app.core.periods import month_name
from app.core.shipments import Shipment, ShipmentRow, read_sheet, write_template
from app.core.validate import errors_of
from app.crash import write_crash_log
from app.exchange import answers, province, registry
from app.exchange.importer import ImportFailed, ImportResult, KeyChanged, import_packages
from app.gui.cabinets.forms import notes_box
from app.gui.dialogs import confirm, run_modal, show_error
from app.gui.forms import RecordForm
from app.gui.page import Page
from app.gui.registers import Register, RegisterActions
from app.gui.table import RegisterPanel
from app.gui.tasks import Task
from app.gui.widgets import CheckList, CountSpin, DateEdit, FlowLayout, rows_table
from app.i18n import _

# The background of each status in the posts × months table.
COLOURS = {
    "on_time": "#d7f0d8",
    "late": "#fbe7b5",
    "correction": "#d6e6fb",
    "missing": "#f8d0d0",
}


SHORT = QColor("#b00020")  # a post counted fewer copies than were sent
# The publications sent (`sodon list deliveries`), with room for whole titles.
SHIPMENT_COLUMNS = [
    replace(c, width=70) if c.name == "title" else c for c in LISTS["deliveries"].columns
]
RETURNED_MARK = "↩"


class PostsPage(RegisterActions, Page):
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

    # Publications sent ----------------------------------------------------------------------

    def _publications(self) -> QWidget:
        book = self.book
        posts = [(f"{code} — {name}", code) for code, name in province.posts(book)]
        self.shipments: RegisterPanel[ShipmentRow] = RegisterPanel(
            SHIPMENT_COLUMNS,
            lambda **q: book.shipments.shipments(**q),
            months=False,
            filters={"to_post": (_("All posts"), posts)},
            colour=lambda row: SHORT if row.short else None,
            placeholder=_("Search a title, author or post…"),
        )
        self.publications = Register(
            self.shipments,
            self.send,
            self.show_shipment,
            noun=lambda row: _("the shipment of “{title}” to {post}").format(
                title=row.title, post=row.to_post
            ),
            delete=book.shipments.delete,
            restore=lambda shipment_id: book.records.restore("shipment", shipment_id),
        )
        self.listen(self.publications)
        explain = QLabel(
            _(
                "Publications recorded here travel to each post in its next answer; the post "
                "counts them into a cabinet, and its next monthly package says how many came "
                "(a short count is shown in red). A shipment not yet in an answer can be deleted "
                "(Del)."
            )
        )
        explain.setWordWrap(True)
        buttons = FlowLayout()
        for label, slot in (
            (_("Send &publications…"), self.send),
            (_("Load from a &spreadsheet…"), self.load_sheet),
            (_("&Blank spreadsheet…"), self.save_template),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(explain)
        layout.addWidget(self.shipments, 1)
        return tab

    def active(self) -> Register:
        return self.publications

    def new(self) -> None:
        self.send()

    def edit(self) -> None:
        if self.tabs.currentIndex() == 1:
            super().edit()

    def delete(self) -> None:
        if self.tabs.currentIndex() == 1:
            super().delete()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(1)
        super().focus_search()

    def send(self) -> None:
        self.tabs.setCurrentIndex(1)
        form = ShipmentForm(self, self.book)
        if run_modal(form):
            self.shipments.reload()
            made: list[Shipment] = form.result_value
            self.window.statusBar().showMessage(
                _(
                    "{copies} copies of “{title}” recorded for {post}; the next answer carries them."
                ).format(
                    copies=made[0].copies,
                    title=made[0].title.strip(),
                    post=", ".join(s.to_post for s in made),
                ),
                10000,
            )

    def show_shipment(self, row: ShipmentRow) -> None:
        form = ShipmentForm(self, self.book, row)
        form.view_only()
        run_modal(form)

    def load_sheet(self) -> None:
        settings = self.window.settings
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Load the publications sent from a spreadsheet"),
            str(settings.value("shipments/folder", str(Path.home()))),
            _("Spreadsheets (*.xlsx);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        settings.setValue("shipments/folder", str(path.parent))
        Task(self, lambda _progress: read_sheet(path)).done(
            lambda found: self._loaded(path, found)
        ).run(progress=_("Reading the spreadsheet…"))

    def _loaded(self, path: Path, found: list[Shipment]) -> None:
        if not found:
            show_error(
                self,
                ValidationError(
                    {"file": _("{name} holds no shipment below its heading row.").format(
                        name=path.name
                    )}
                ),
            )  # fmt: skip
            return
        problems = {}
        for number, shipment in enumerate(found, start=1):
            wrong = errors_of(lambda shipment=shipment: self.book.shipments.validate(shipment))
            if wrong:
                problems[str(number)] = _("Row {number}: {rule}").format(
                    number=number, rule=next(iter(wrong.values()))
                )
        if problems:
            shown = dict(list(problems.items())[:8])
            if len(problems) > len(shown):
                shown["more"] = _("… and {count} more rows.").format(
                    count=len(problems) - len(shown)
                )
            shown["none"] = _("Nothing was recorded; correct the spreadsheet and load it again.")
            show_error(self, ValidationError(shown))
            return
        if not confirm(
            self,
            _(
                "Record {count} shipments ({copies} copies) to {posts} posts from {name}?\n"
                "They travel to the posts in the next answers."
            ).format(
                count=len(found),
                copies=sum(int(s.copies) for s in found),
                posts=len({str(s.to_post).strip().upper() for s in found}),
                name=path.name,
            ),
            yes=_("Record them"),
        ):
            return
        try:
            made = self.book.shipments.add_many(found)
        except SodonError as error:
            show_error(self, error)
            return
        self.tabs.setCurrentIndex(1)
        self.shipments.reload()
        self.window.statusBar().showMessage(
            _("{count} shipments recorded.").format(count=len(made)), 10000
        )

    def save_template(self) -> None:
        settings = self.window.settings
        folder = Path(str(settings.value("shipments/folder", str(Path.home()))))
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save a blank spreadsheet of publications sent"),
            str(folder / _("publications-sent.xlsx")),
            _("Spreadsheets (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen).with_suffix(".xlsx")
        settings.setValue("shipments/folder", str(path.parent))
        try:
            write_template(path)
        except OSError as error:
            show_error(self, ValidationError({"out": disk_message(error)}))
            return
        self.window.statusBar().showMessage(
            _(
                "A blank spreadsheet was saved to {path}: one row per post and title, then load "
                "it here."
            ).format(path=path),
            10000,
        )


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


class ShipmentForm(RecordForm):
    """Copies of one publication sent to one or more posts (one shipment per post); with a
    row, that shipment shown."""

    def __init__(self, parent, book, row: ShipmentRow | None = None):
        super().__init__(parent, _("Publication sent") if row else _("Send publications"))
        self.book = book
        posts = [(f"{code} — {name}", code) for code, name in province.posts(book)]
        self.posts = self.field("to_post", _("&Posts"), CheckList(posts))
        every = QPushButton(_("Tick &every post"))
        every.clicked.connect(lambda: self.posts.set_values([code for _label, code in posts]))
        self.form.addRow("", every)
        self.every = every
        self.name = self.field("title", _("&Title"), QLineEdit())
        self.author = self.field("author", _("A&uthor"), QLineEdit())
        self.publisher = self.field("publisher", _("Pu&blisher"), QLineEdit())
        self.year = self.field("year", _("&Year published"), QLineEdit())
        self.year.setMaxLength(4)
        self.copies = self.field("copies", _("&Copies to each post"), CountSpin(1))
        self.sent_on = self.field("sent_on", _("&Sent on"), DateEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if row is not None:
            self.posts.set_values([row.to_post])
            self.name.setText(row.title)
            self.author.setText(row.author)
            self.publisher.setText(row.publisher)
            self.year.setText(str(row.year or ""))
            self.copies.setValue(row.copies)
            self.sent_on.set_value(row.sent_on)
            self.notes.setPlainText(row.notes)
            every.hide()
            if row.received_on:
                self.form.addRow(
                    QLabel(
                        _("Received by the post on {date}: {copies} copies.").format(
                            date=format_date(row.received_on), copies=row.received
                        )
                    )
                )
        self.resize(620, 620)

    def draft(self) -> list[Shipment]:
        return [
            Shipment(
                to_post=code,
                title=self.name.text(),
                author=self.author.text(),
                publisher=self.publisher.text(),
                year=self.year.text(),
                copies=self.copies.value(),
                sent_on=self.sent_on.value(),
                notes=self.notes.toPlainText(),
            )
            for code in self.posts.values() or [""]
        ]

    def check(self, draft: list[Shipment]) -> dict[str, str]:
        return errors_of(lambda: self.book.shipments.validate(draft[0]))

    def store(self, draft: list[Shipment]) -> list[Shipment]:
        self.book.shipments.validate(draft[0])  # the form's fields, each beside its own
        self.book.shipments.add_many(draft)
        return draft


class DropArea(QFrame):
    """Where packages are dropped (the whole page accepts them; this shows where)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(110)
        self.setStyleSheet("DropArea { border: 2px dashed #8a8a8a; border-radius: 6px; }")
        label = QLabel(
            _("Drop the posts' .sodon packages here\n(from a USB stick or an e-mail's attachments)")
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


class ImportPage(Page):
    """Import packages: each is checked in full before anything is written; the list shows
    what became of every file."""

    key = "import"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Import packages")
        self.setAcceptDrops(True)
        choose = QPushButton(_("&Choose packages…"))
        choose.clicked.connect(self.choose)
        clear = QPushButton(_("C&lear the list"))
        bar = QHBoxLayout()
        bar.addWidget(choose)
        bar.addWidget(clear)
        bar.addStretch()
        self.results = QListWidget()
        self.results.setAccessibleName(_("Import results"))
        self.results.setWordWrap(True)
        clear.clicked.connect(self.results.clear)
        explain = QLabel(
            _(
                "Each package is checked (signature, contents) before anything is written; a "
                "package that fails is refused whole and the book stays as it was. The same "
                "package twice changes nothing; a correction replaces the post's month."
            )
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(DropArea())
        layout.addWidget(explain)
        layout.addWidget(QLabel(_("Results")))
        layout.addWidget(self.results, 1)
        self.task: Task | None = None

    def choose(self) -> None:
        settings = self.window.settings
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose the posts' packages"),
            str(settings.value("import/folder", str(Path.home()))),
            _("Sổ Đồn packages (*.sodon);;All files (*)"),
        )
        if chosen:
            settings.setValue("import/folder", str(Path(chosen[0]).parent))
            self.import_files([Path(p) for p in chosen])

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_files(paths)

    def import_files(self, paths: list[Path], *, accept_new_key: bool = False) -> None:
        """Import the files in the background (the book is busy meanwhile), then list what
        became of each and ask about any post that signs with a new key."""
        book = self.book

        def work(progress):
            return import_packages(book, paths, accept_new_key=accept_new_key, progress=progress)

        self.task = Task(self, work).done(self._imported)
        self.task.run(progress=_("Importing packages…"))

    def _imported(self, results: list) -> None:
        for result in results:
            self._add(result)
        imported = sum(isinstance(r, ImportResult) and r.status != "already" for r in results)
        refused = sum(not isinstance(r, ImportResult) for r in results)
        self.window.statusBar().showMessage(
            _("{imported} packages imported, {refused} refused.").format(
                imported=imported, refused=refused
            ),
            10000,
        )
        accepted = [
            changed.path
            for changed in results
            if isinstance(changed, KeyChanged)
            and confirm(
                self,
                _(
                    "Post {post} now signs its packages with a new key ({file}).\n\nAccept the "
                    "new key only if the post told you it has a new computer or a new book; "
                    "otherwise ask the post before importing."
                ).format(post=changed.post, file=changed.path.name),
                yes=_("Accept the new key and import"),
            )
        ]
        if accepted:
            self.import_files(accepted, accept_new_key=True)

    def _add(self, result) -> None:
        style = self.style().standardIcon
        if isinstance(result, ImportResult):
            icon = style(
                QStyle.StandardPixmap.SP_DialogApplyButton
                if result.status != "already"
                else QStyle.StandardPixmap.SP_MessageBoxInformation
            )
            text = result.message
        else:
            icon = style(QStyle.StandardPixmap.SP_MessageBoxCritical)
            text = str(result)
            if isinstance(result, ImportFailed):  # a fault of the program: keep its details
                text += " " + _("The details are in {log}.").format(
                    log=write_crash_log(result.error)
                )
        item = QListWidgetItem(icon, text)
        self.results.insertItem(0, item)
        self.results.setCurrentRow(0)


class RegistryPage(Page):
    """The posts that may send packages, with the fingerprints of their keys."""

    key = "registry"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Registered posts")
        self.read_only = False  # the register is the province's own record
        explain = QLabel(
            _(
                "Only registered posts' packages are imported. Type the fingerprint the post "
                "reads to you from its Settings (or from its monthly report): a package signed "
                "with another key is refused. A post registered without a fingerprint has its "
                "key recorded from its first package."
            )
        )
        explain.setWordWrap(True)
        self.table = rows_table(
            [_("Code"), _("Name"), _("Commune or district"), _("Fingerprint"), _("Last month")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Registered posts"))
        self.table.doubleClicked.connect(self.edit)
        layout = QVBoxLayout(self)
        layout.addLayout(
            self.button_row(
                (_("&Register a post…"), self.new, False),
                (_("C&hange…"), self.edit, False),
            )
        )
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        self.posts: list[registry.RegisteredPost] = []

    def refresh(self) -> None:
        self.posts = registry.registered(self.book)
        self.table.setRowCount(len(self.posts))
        for number, post in enumerate(self.posts):
            cells = (
                post.code,
                post.name,
                post.area,
                post.fingerprint or _("(from its first package)"),
                post.last_month,
            )
            for column, text in enumerate(cells):
                self.table.setItem(number, column, QTableWidgetItem(text))

    def new(self) -> None:
        self._open(None)

    def edit(self, *_args) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.posts):
            self._open(self.posts[row])

    def _open(self, post: registry.RegisteredPost | None) -> None:
        form = PostForm(self, self.book, post)
        if run_modal(form):
            self.refresh()
            self.window.statusBar().showMessage(
                _("Post {code} is registered.").format(code=form.result_value), 5000
            )


class PostForm(RecordForm):
    """Register a post, or change a registered post's name, area or fingerprint."""

    def __init__(self, parent, book, post: registry.RegisteredPost | None):
        super().__init__(parent, _("Change a registered post") if post else _("Register a post"))
        self.book = book
        self.code = self.field("code", _("&Code"), QLineEdit())
        self.name = self.field("name", _("&Name"), QLineEdit())
        self.area = self.field("area", _("Commune or &district"), QLineEdit())
        self.fingerprint = self.field("fingerprint", _("&Fingerprint"), QLineEdit())
        self.fingerprint.setPlaceholderText("ABCD EFGH IJKL MNOP QRST UVWX")
        if post:
            self.code.setText(post.code)
            self.code.setReadOnly(True)
            self.name.setText(post.name)
            self.area.setText(post.area)
            self.fingerprint.setText(post.fingerprint)
        self.resize(560, 300)

    def draft(self) -> dict:
        return {
            "code": self.code.text(),
            "name": self.name.text(),
            "area": self.area.text(),
            "fingerprint": self.fingerprint.text(),
        }

    def check(self, draft: dict) -> dict[str, str]:
        return errors_of(lambda: registry.validate(self.book, **draft))

    def store(self, draft: dict) -> str:
        registry.register(self.book, **draft)
        return draft["code"].strip().upper()
