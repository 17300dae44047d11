"""The main window: a side list of pages, menus, a toolbar, shortcuts and the status bar."""

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QWidget,
)

from app.gui.cabinets.page import CabinetsPage
from app.gui.outreach import OutreachPage
from app.gui.overview import OverviewPage
from app.gui.settings import SettingsPage
from app.gui.training.page import TrainingPage
from app.i18n import _

PAGES = (OverviewPage, OutreachPage, CabinetsPage, TrainingPage, SettingsPage)


class MainWindow(QMainWindow):
    def __init__(self, book, settings: QSettings):
        super().__init__()
        self.book = book
        self.settings = settings
        self.setWindowTitle(_("Sổ Đồn — {post}").format(post=book.post.name))
        self.pages = [page(self) for page in PAGES]
        self.side = QListWidget()
        self.side.setAccessibleName(_("Pages"))
        for page in self.pages:
            self.side.addItem(page.title)
        self.side.setFixedWidth(max(170, self.side.sizeHintForColumn(0) + 30))
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._make_actions()
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self.side.currentRowChanged.connect(self._page_changed)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        last = str(settings.value("window/page", "overview"))
        self.show_page(last if any(p.key == last for p in self.pages) else "overview")

    # Actions --------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        style = self.style()

        def action(text, slot, shortcut=None, icon=None) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            if icon is not None:
                made.setIcon(style.standardIcon(icon))
            made.triggered.connect(slot)
            return made

        pixmap = QStyle.StandardPixmap
        self.new_action = action(
            _("&New record"),
            lambda: self.current().new(),
            QKeySequence.StandardKey.New,
            pixmap.SP_FileIcon,
        )
        self.edit_action = action(
            _("&Edit record"), lambda: self.current().edit(), "F2", pixmap.SP_FileDialogDetailedView
        )
        self.delete_action = action(
            _("&Delete record"), lambda: self.current().delete(), None, pixmap.SP_TrashIcon
        )
        self.undo_action = action(
            _("&Undo delete"), self.undo, QKeySequence.StandardKey.Undo, pixmap.SP_ArrowBack
        )
        self.search_action = action(
            _("&Search"),
            lambda: self.current().focus_search(),
            QKeySequence.StandardKey.Find,
            pixmap.SP_FileDialogContentsView,
        )
        self.backup_action = action(
            _("&Back up now"),
            lambda: self.page("settings").backup_now(),
            "Ctrl+B",
            pixmap.SP_DialogSaveButton,
        )
        quit_action = action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        next_page = action(_("&Next page"), lambda: self._step(1), "Ctrl+PgDown")
        previous_page = action(_("&Previous page"), lambda: self._step(-1), "Ctrl+PgUp")

        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.backup_action)
        file_menu.addAction(
            action(_("&Restore a backup…"), lambda: self.page("settings").restore_from_file())
        )
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        for item in (
            self.new_action,
            self.edit_action,
            self.delete_action,
            self.undo_action,
            self.search_action,
        ):
            edit_menu.addAction(item)
        view_menu = self.menuBar().addMenu(_("&View"))
        for number, page in enumerate(self.pages, start=1):
            view_menu.addAction(
                action(page.title, lambda _c=False, p=page: self.show_page(p.key), f"Ctrl+{number}")
            )
        view_menu.addSeparator()
        view_menu.addAction(next_page)
        view_menu.addAction(previous_page)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(action(_("&About Sổ Đồn"), self._about))

        toolbar = self.addToolBar(_("Tools"))
        toolbar.setObjectName("tools")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for item in (
            self.new_action,
            self.edit_action,
            self.delete_action,
            self.undo_action,
            self.search_action,
            self.backup_action,
        ):
            toolbar.addAction(item)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app import __version__

        QMessageBox.about(
            self,
            _("About Sổ Đồn"),
            _(
                "Sổ Đồn {version}\nThe border post's record book: outreach, book cabinets and "
                "training.\n\nBook: {path}"
            ).format(version=__version__, path=self.book.path),
        )

    # Pages ----------------------------------------------------------------------------------

    def current(self):
        return self.pages[self.stack.currentIndex()]

    def page(self, key: str):
        return next(p for p in self.pages if p.key == key)

    def show_page(self, key: str) -> None:
        index = next(i for i, p in enumerate(self.pages) if p.key == key)
        if self.side.currentRow() == index:
            self._page_changed(index)
        else:
            self.side.setCurrentRow(index)

    def _step(self, delta: int) -> None:
        self.side.setCurrentRow((self.side.currentRow() + delta) % len(self.pages))

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        page.refresh()
        for item in (self.new_action, self.edit_action, self.delete_action, self.search_action):
            item.setEnabled(page.has_records)
        self.settings.setValue("window/page", page.key)

    def refresh_all(self) -> None:
        """After a restore: every page reads the book again."""
        self.setWindowTitle(_("Sổ Đồn — {post}").format(post=self.book.post.name))
        self.current().refresh()

    # Undo -----------------------------------------------------------------------------------

    def offer_undo(self, message: str) -> None:
        self.statusBar().showMessage(message + "  " + _("(Ctrl+Z to undo)"), 15000)
        self.undo_button.show()
        QTimer.singleShot(15000, self.undo_button.hide)

    def undo(self) -> None:
        self.undo_button.hide()
        if not self.current().undo():
            self.statusBar().showMessage(_("Nothing to undo."), 3000)

    # Closing --------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
