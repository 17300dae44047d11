"""The main window: a side list of pages, menus, a toolbar, shortcuts and the status bar."""

import importlib

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

from app.i18n import N_, _

# The pages in the side list: key, title, and where the page lives. A page is built (and its
# module imported) the first time it is shown, so the window opens quickly.
PAGES = (
    ("overview", N_("Overview"), "app.gui.overview", "OverviewPage"),
    ("outreach", N_("Outreach"), "app.gui.outreach", "OutreachPage"),
    ("cabinets", N_("Book cabinets"), "app.gui.cabinets.page", "CabinetsPage"),
    ("training", N_("Training"), "app.gui.training.page", "TrainingPage"),
    ("reports", N_("Reports"), "app.gui.reports", "ReportsPage"),
    ("settings", N_("Settings"), "app.gui.settings", "SettingsPage"),
)


class MainWindow(QMainWindow):
    """The window. Built with `book=None` it shows at once, empty; `attach(book)` then fills
    it (so the window is up before the core is even loaded, however big the book)."""

    def __init__(self, book, settings: QSettings):
        super().__init__()
        self.book = None
        self.settings = settings
        self.setWindowTitle(_("Sổ Đồn"))
        self.built: dict[str, object] = {}
        self.side = QListWidget()
        self.side.setObjectName("pages")
        self.side.setAccessibleName(_("Pages"))
        for _key, title, _module, _name in PAGES:
            self.side.addItem(_(title))
        self.side.setStyleSheet("QListWidget#pages::item { padding: 7px 6px; }")
        self.side.setFixedWidth(max(170, self.side.sizeHintForColumn(0) + 30))
        self.stack = QStackedWidget()
        for _page in PAGES:
            self.stack.addWidget(QWidget())  # a place held until the page is first shown
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
        if book is not None:
            self.attach(book)

    def attach(self, book, page: str | None = None) -> None:
        """Show the book: the page asked for, or the one last shown."""
        self.book = book
        book.db.utils  # noqa: B018 (load sqlite-utils here: a worker thread must not import it)
        self.setWindowTitle(_("Sổ Đồn — {post}").format(post=book.post.name))
        last = page or str(self.settings.value("window/page", "overview"))
        self.show_page(last if any(p[0] == last for p in PAGES) else "overview")

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
        for number, (key, title, _module, _name) in enumerate(PAGES, start=1):
            view_menu.addAction(
                action(_(title), lambda _c=False, k=key: self.show_page(k), f"Ctrl+{number}")
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
        return self.page(PAGES[self.stack.currentIndex()][0])

    def page(self, key: str):
        """The page, built now if it was never shown."""
        if key not in self.built:
            index = next(i for i, p in enumerate(PAGES) if p[0] == key)
            _key, _title, module, name = PAGES[index]
            page = getattr(importlib.import_module(module), name)(self)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[key] = page
        return self.built[key]

    def show_page(self, key: str) -> None:
        index = next(i for i, p in enumerate(PAGES) if p[0] == key)
        if self.side.currentRow() == index:
            self._page_changed(index)
        else:
            self.side.setCurrentRow(index)

    def _step(self, delta: int) -> None:
        self.side.setCurrentRow((self.side.currentRow() + delta) % len(PAGES))

    def _page_changed(self, index: int) -> None:
        if index < 0 or self.book is None:
            return
        page = self.page(PAGES[index][0])
        self.stack.setCurrentIndex(index)
        page.refresh()
        for item in (self.new_action, self.edit_action, self.delete_action, self.search_action):
            item.setEnabled(page.has_records)
        self.settings.setValue("window/page", page.key)

    def refresh_all(self) -> None:
        """After a restore: the page shown reads the book again (the others do when shown)."""
        self.setWindowTitle(_("Sổ Đồn — {post}").format(post=self.book.post.name))
        self.current().refresh()

    def refresh_backups(self) -> None:
        """A backup was made in the background: the settings page lists it, if it is open."""
        if "settings" in self.built:
            self.built["settings"].refresh()

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
