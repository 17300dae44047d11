"""The provincial office's own pages: which post has reported for which month, the import
of the posts' monthly packages (chosen in a file dialog or dropped on the page), and the
register of the posts with the fingerprints of their keys."""

from datetime import date
from pathlib import Path

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
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.dates import format_date
from app.core.validate import errors_of
from app.crash import write_crash_log
from app.exchange import province, registry
from app.exchange.importer import ImportFailed, ImportResult, KeyChanged, import_packages
from app.gui.dialogs import confirm, run_modal
from app.gui.forms import RecordForm
from app.gui.page import Page
from app.gui.tasks import Task
from app.gui.widgets import rows_table
from app.i18n import _

# The background of each status in the posts × months table.
COLOURS = {
    "on_time": "#d7f0d8",
    "late": "#fbe7b5",
    "correction": "#d6e6fb",
    "missing": "#f8d0d0",
}


class PostsPage(Page):
    """Posts × months: reported on time, late, with a correction, or missing."""

    key = "posts"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Posts' reports")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setAccessibleName(_("Year"))
        self.year.valueChanged.connect(self.refresh)
        year_label = QLabel(_("&Year"))
        year_label.setBuddy(self.year)
        print_button = QPushButton(_("&Print or save…"))
        print_button.clicked.connect(self.print_table)
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addStretch()
        bar.addWidget(print_button)
        legend = QLabel(
            _(
                "✓ sent on time (by the 5th of the next month) · late: sent after the 5th · "
                "corr.: a correction was received · ✗ missing · empty: not due yet · — before "
                "the post began reporting. Point at a cell to see when the package was written."
            )
        )
        legend.setWordWrap(True)
        self.table = QTableWidget(0, 12)
        self.table.setHorizontalHeaderLabels([f"{n:02d}" for n in range(1, 13)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Posts × months"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def refresh(self) -> None:
        rows = province.completeness(self.book, self.year.value())
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([f"{r.code} — {r.name}" for r in rows])
        counts = {status: 0 for status in province.STATUSES}
        for number, row in enumerate(rows):
            for column, cell in enumerate(row.cells):
                counts[cell.status] += 1
                colour = COLOURS.get(cell.status)
                item = QTableWidgetItem(province.mark(cell.status))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                    item.setForeground(QBrush(QColor("#202020")))
                status = _(province.STATUSES[cell.status])
                if cell.exported_at:
                    status += " — " + _("package no. {sequence} written on {date}").format(
                        sequence=cell.sequence, date=format_date(cell.exported_at[:10])
                    )
                item.setToolTip(f"{row.code} {cell.month}: {status}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, status)
                self.table.setItem(number, column, item)
        if not rows:
            self.summary.setText(
                _(
                    "No post is registered yet. Register the province's posts on the "
                    "“Registered posts” page, then import their packages."
                )
            )
            return
        self.summary.setText(
            _(
                "{posts} posts · {on_time} months on time, {late} late, {correction} corrected, "
                "{missing} missing."
            ).format(
                posts=len(rows),
                on_time=counts["on_time"],
                late=counts["late"],
                correction=counts["correction"],
                missing=counts["missing"],
            )
        )

    def print_table(self) -> None:
        reports = self.window.page("reports")
        reports.choose("completeness", year=self.year.value())
        self.window.show_page("reports")


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
