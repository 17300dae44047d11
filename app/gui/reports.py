"""The reports page: choose a document and its month, course or session; preview it inside
the program, print it, or save it as PDF, XLSX or CSV. Documents are made off the GUI thread
on a read-only connection of their own."""

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.book import Book
from app.core.dates import format_date
from app.core.errors import ValidationError
from app.gui import printing
from app.gui.dialogs import run_modal, show_error
from app.gui.page import Page
from app.gui.tasks import Task
from app.gui.widgets import LookupCombo, month_choices
from app.i18n import N_, _
from app.reports import builders, consolidated, write
from app.reports.printing import send
from app.reports.training_sheets import attendance_summary, signin_sheet

# key, title, what it asks for, the formats it can be saved as; a post's documents, then the
# provincial office's
DOCUMENTS = (
    ("signin", N_("Sign-in sheet of a session"), "session", (".pdf",)),
    ("attendance", N_("Attendance summary of a course"), "course", (".pdf", ".xlsx")),
    ("outreach", N_("Outreach log of a month"), "month", (".pdf", ".xlsx", ".csv")),
    ("inventory", N_("Book-cabinet inventory of a month"), "month", (".pdf", ".xlsx", ".csv")),
    ("stocktake", N_("Stocktake sheets and results of a month"), "month", (".pdf", ".xlsx")),
    ("overdue", N_("Overdue loans"), "month", (".pdf", ".xlsx", ".csv")),
    ("reviews", N_("Reviews of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("commendations", N_("Commendations of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("stations", N_("Loudspeaker stations of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("month", N_("Monthly report of the post"), "month", (".pdf", ".xlsx")),
)
PROVINCE_DOCUMENTS = (
    ("completeness", N_("Posts' monthly reporting of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("stations", N_("Loudspeaker stations of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("reviews", N_("Reviews of a year"), "year", (".pdf", ".xlsx", ".csv")),
    ("commendations", N_("Commendations of a year"), "year", (".pdf", ".xlsx", ".csv")),
    (
        "consolidated",
        N_("Consolidated report of a quarter or a year"),
        "quarter",
        (".pdf", ".xlsx"),
    ),
    ("plan", N_("Progress of the year's plan"), "year", (".pdf", ".xlsx")),
)


def make_document(book, key: str, choice: dict):
    """The Document for the page's choices (runs in a worker, on its own connection)."""
    if key == "signin":
        return signin_sheet(book, choice["session"], blank=choice["blank"])
    if key == "attendance":
        return attendance_summary(book, choice["course"])
    if key == "completeness":
        return consolidated.completeness(book, choice["year"])
    if key == "consolidated":
        return consolidated.consolidated(book, choice["year"], choice["quarter"])
    if key in builders.YEARLY or key in builders.PROVINCE_YEARLY:
        return builders.build_yearly(book, key, choice["year"])
    return builders.build(book, key, choice["month"])


class ReportsPage(Page):
    key = "reports"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Reports")
        self.scratch = Path(tempfile.mkdtemp(prefix="sodon-preview-"))
        self.offered = PROVINCE_DOCUMENTS if self.book.post.is_province else DOCUMENTS
        self.documents = QListWidget()
        self.documents.setAccessibleName(_("Documents"))
        for key, title, _asks, _formats in self.offered:
            item = QListWidgetItem(_(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.documents.addItem(item)
        self.month = QComboBox()
        for label, value in month_choices():
            self.month.addItem(label, value)
        self.course = LookupCombo([], empty="")
        self.session = QComboBox()
        self.blank = QSpinBox()
        self.blank.setRange(0, 200)
        self.blank.setValue(5)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.quarter = QComboBox()
        self.quarter.addItem(_("The whole year"), None)
        for number in range(1, 5):
            self.quarter.addItem(_("Quarter {number}").format(number=number), number)
        self.course.currentIndexChanged.connect(self._fill_sessions)
        self.form = QFormLayout()
        self.form.addRow(_("&Month"), self.month)
        self.form.addRow(_("&Year"), self.year)
        self.form.addRow(_("&Quarter"), self.quarter)
        self.form.addRow(_("&Course"), self.course)
        self.form.addRow(_("&Session"), self.session)
        self.form.addRow(_("&Empty lines for walk-ins"), self.blank)
        self.preview_button = QPushButton(_("&Preview"))
        self.print_button = QPushButton(_("P&rint…"))
        self.save_buttons = {
            suffix: QPushButton(_("Save as {kind}…").format(kind=suffix[1:].upper()))
            for suffix in (".pdf", ".xlsx", ".csv")
        }
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        for suffix, button in self.save_buttons.items():
            button.clicked.connect(lambda _checked=False, s=suffix: self.save(s))
        actions = QHBoxLayout()
        for button in (self.preview_button, self.print_button, *self.save_buttons.values()):
            actions.addWidget(button)
        actions.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(_("Document")))
        left_layout.addWidget(self.documents, 1)
        left_layout.addLayout(self.form)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("Choose a document, then Preview."))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 870])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.documents.currentRowChanged.connect(self._document_changed)
        self.documents.setCurrentRow(len(self.offered) - 1)
        self.made: Path | None = None
        self.task: Task | None = None

    # Choices ----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.book.post.is_province:
            return  # its documents ask for no course
        chosen = self.course.value()
        self.course.blockSignals(True)
        self.course.clear()
        self.course.addItem("", "")
        for course in self.book.training.courses(limit=None):
            self.course.addItem(f"{course.title} ({format_date(course.start_date)})", course.id)
        self.course.blockSignals(False)
        self.course.set_value(
            chosen or (self.course.itemData(1) if self.course.count() > 1 else "")
        )
        self._fill_sessions()

    def _fill_sessions(self) -> None:
        self.session.clear()
        course_id = self.course.value()
        if course_id:
            for session in self.book.training.sessions(course_id=course_id, limit=None):
                label = " ".join(
                    p for p in (format_date(session.date), session.start_time, session.topic) if p
                )
                self.session.addItem(label, session.id)

    def choose(self, key: str, *, course: str = "", session: str = "", year: int = 0) -> None:
        """Preselect a document (e.g. from the training page)."""
        row = next(i for i, d in enumerate(self.offered) if d[0] == key)
        self.documents.setCurrentRow(row)
        if year:
            self.year.setValue(year)
        if course:
            self.course.set_value(course)
        if session:
            self.session.setCurrentIndex(max(self.session.findData(session), 0))

    def current_key(self) -> str:
        return self.offered[max(self.documents.currentRow(), 0)][0]

    def _document_changed(self, row: int) -> None:
        _key, _title, asks, formats = self.offered[max(row, 0)]
        self.form.setRowVisible(self.month, asks == "month")
        self.form.setRowVisible(self.year, asks in ("year", "quarter"))
        self.form.setRowVisible(self.quarter, asks == "quarter")
        self.form.setRowVisible(self.course, asks in ("course", "session"))
        self.form.setRowVisible(self.session, asks == "session")
        self.form.setRowVisible(self.blank, asks == "session")
        for suffix, button in self.save_buttons.items():
            button.setVisible(suffix in formats)

    def _choice(self) -> dict | None:
        _key, _title, asks, _formats = self.offered[max(self.documents.currentRow(), 0)]
        choice = {
            "month": self.month.currentData(),
            "year": self.year.value(),
            "quarter": self.quarter.currentData(),
            "course": self.course.value(),
            "session": self.session.currentData(),
            "blank": self.blank.value(),
        }
        if asks in ("course", "session") and not choice["course"]:
            self.status.setText(_("Choose a course first."))
            return None
        if asks == "session" and not choice["session"]:
            self.status.setText(_("Choose a session of the course first."))
            return None
        return choice

    # Making, previewing, printing, saving -----------------------------------------------

    def _make(self, target: Path, then) -> None:
        choice = self._choice()
        if choice is None:
            return
        key, path = self.current_key(), self.book.path

        def work(_progress) -> Path:
            with Book.open(path, readonly=True) as reader:
                return write(make_document(reader, key, choice), reader.post, target)

        self.task = Task(self, work).done(then).run(progress=_("Making the document…"))

    def preview(self) -> None:
        target = self.scratch / f"{self.current_key()}.pdf"
        self.pdf.close()
        self._make(target, self._show)

    def _show(self, made: Path) -> None:
        self.made = made
        self.pdf.load(str(made))
        self.status.setText(
            _("{pages} pages — ready to print or save.").format(pages=self.pdf.pageCount())
        )

    def save(self, suffix: str) -> None:
        asks = self.offered[max(self.documents.currentRow(), 0)][2]
        when = {
            "year": f"{self.year.value()}",
            "quarter": f"{self.year.value()}-Q{self.quarter.currentData()}"
            if self.quarter.currentData()
            else f"{self.year.value()}",
        }.get(asks, self.month.currentData())
        name = f"{self.current_key()}-{when}{suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the document"),
            str(Path.home() / name),
            f"{suffix[1:].upper()} (*{suffix})",
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self._make(
            target,
            lambda made: self.window.statusBar().showMessage(
                _("Saved to {path}.").format(path=made), 8000
            ),
        )

    def make_printer(self) -> QPrinter:
        return QPrinter(QPrinter.PrinterMode.HighResolution)

    def print_document(self) -> None:
        """Print the previewed document (it is made first if it was not)."""
        if self.made is None or self.pdf.status() != QPdfDocument.Status.Ready:
            target = self.scratch / f"{self.current_key()}.pdf"
            self.pdf.close()
            self._make(target, lambda made: (self._show(made), self.print_document()))
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        if not run_modal(dialog):
            return
        made, title = self.made, _(self.offered[max(self.documents.currentRow(), 0)][1])
        way = printing.how(printer)
        if way == "service":
            options = printing.service_options(printer)
            self.task = (
                Task(self, lambda _progress: send(made, title=title, **options), reads_only=True)
                .done(lambda job: self._sent(options["printer"] or "", job))
                .run(progress=_("Sending to the printer…"))
            )
        elif way == "file":
            try:
                target = printing.to_file(made, printer)
            except ValidationError as error:
                show_error(self, error)
                return
            self.window.statusBar().showMessage(_("Saved to {path}.").format(path=target), 8000)
        elif printing.paint(self.pdf, printer):
            self._sent(printer.printerName(), "")
        else:
            self.status.setText(_("The printer could not be used; check that it is on."))

    def _sent(self, printer: str, job: str) -> None:
        self.status.setText(
            _("Sent to the printer {name} (print job {job}).").format(name=printer, job=job)
            if job
            else _("Sent to the printer {name}.").format(name=printer)
        )
        self.window.statusBar().showMessage(self.status.text(), 8000)
