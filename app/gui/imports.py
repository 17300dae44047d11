"""The provincial office's Import packages page: posts' monthly packages chosen in a file
dialog or dropped on the page, each imported or refused on its own and listed."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from app.crash import write_crash_log
from app.exchange.importer import ImportFailed, ImportResult, KeyChanged, import_packages
from app.gui.dialogs import confirm
from app.gui.page import Page
from app.gui.tasks import Task
from app.i18n import _


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
