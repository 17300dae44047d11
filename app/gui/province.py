"""The provincial office's own pages: which post has reported for which month, and the
import of the posts' monthly packages (chosen in a file dialog or dropped on the page)."""

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
from app.exchange import province
from app.exchange.importer import ImportResult, KeyChanged, import_packages
from app.gui.dialogs import confirm
from app.gui.page import Page
from app.gui.tasks import Task
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
                "the post's first package. Point at a cell to see when the package was written."
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
                _("No post has sent a package yet. Import the posts' packages on the next page.")
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
        item = QListWidgetItem(icon, text)
        self.results.insertItem(0, item)
        self.results.setCurrentRow(0)
