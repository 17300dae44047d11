"""The main window: a side list of pages, menus, a toolbar, shortcuts and the status bar."""

import importlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QWidget,
)

from app.i18n import N_, _

# The pages in the side list: key, title, where the page lives, and which books show it. A
# page is built (and its module imported) the first time it is shown, so the window opens
# quickly.
POST, PROVINCE = "post", "province"
PAGES = (
    ("overview", N_("Overview"), "app.gui.overview", "OverviewPage", {POST}),
    ("posts", N_("Posts' reports"), "app.gui.province", "PostsPage", {PROVINCE}),
    ("import", N_("Import packages"), "app.gui.imports", "ImportPage", {PROVINCE}),
    ("registry", N_("Registered posts"), "app.gui.registry", "RegistryPage", {PROVINCE}),
    ("plan", N_("Year's plan"), "app.gui.plan", "PlanPage", {PROVINCE}),
    ("outreach", N_("Outreach"), "app.gui.outreach", "OutreachPage", {POST, PROVINCE}),
    ("cabinets", N_("Book cabinets"), "app.gui.cabinets.page", "CabinetsPage", {POST, PROVINCE}),
    ("training", N_("Training"), "app.gui.training.page", "TrainingPage", {POST, PROVINCE}),
    ("stations", N_("Loudspeaker stations"), "app.gui.stations", "StationsPage", {POST, PROVINCE}),
    # The side list is as wide as its longest name: this one stays short (a wider list
    # would leave the Settings page too little room at 1280 pixels).
    ("reviews", N_("Reviews and awards"), "app.gui.reviews", "ReviewsPage", {POST, PROVINCE}),
    ("reports", N_("Reports"), "app.gui.reports", "ReportsPage", {POST, PROVINCE}),
    ("months", N_("Month close"), "app.gui.months", "MonthsPage", {POST}),
    ("settings", N_("Settings"), "app.gui.settings", "SettingsPage", {POST, PROVINCE}),
)


def pages_of(kind: str) -> list[tuple]:
    return [p for p in PAGES if kind in p[4]]


class MainWindow(QMainWindow):
    """The window. Built with `book=None` it shows at once, empty; `attach(book)` then fills
    it (so the window is up before the core is even loaded, however big the book)."""

    def __init__(self, book, settings: QSettings):
        super().__init__()
        self.book = None
        self.settings = settings
        self.setWindowTitle(_("Sổ Đồn"))
        self.built: dict[str, object] = {}
        self.ahead = None  # the overview's figures, read while the book is being opened
        self.pages: list[tuple] = []
        self.page_actions: list[QAction] = []
        self.side = QListWidget()
        self.side.setObjectName("pages")
        self.side.setAccessibleName(_("Pages"))
        self.side.setStyleSheet("QListWidget#pages::item { padding: 7px 6px; }")
        self.stack = QStackedWidget()
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._make_actions()
        self._set_pages(POST)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        self.side.currentRowChanged.connect(self._page_changed)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._fit_screen(first=not isinstance(geometry, QByteArray) or geometry.isEmpty())
        if book is not None:
            self.attach(book)

    def _fit_screen(self, *, first: bool) -> None:
        """The first time, as large as the screen's free area allows up to 1280 × 760 (a
        laptop's 1366 × 768 has about 1366 × 728 above its taskbar); a size kept from a bigger
        screen is brought within this one."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        frame = 40  # the title bar and borders the window manager adds
        width = min(1280 if first else self.width(), free.width() - 16)
        height = min(760 if first else self.height(), free.height() - frame)
        self.resize(width, height)
        if first or not free.contains(self.frameGeometry()):
            self.move(free.x() + (free.width() - width) // 2, free.y())

    def opening(self, path: Path, page: str | None = None) -> None:
        """The book at `path` is about to be opened, then attached with `page`. When that shows
        the overview (asked for, shown last, or a post's first page when none was), its
        figures are read meanwhile, on a thread of their own, while the window paints and
        the core loads."""
        if self._first_page(page) in ("", "overview"):
            from app.core import overview
            from app.gui.overview import MonthReading

            reading = overview.read_ahead(path)
            self.ahead = MonthReading(self, reading) if reading is not None else None

    def attach(self, book, page: str | None = None) -> None:
        """Show the book: the page asked for, or the one last shown."""
        from app.gui import dialogs
        from app.gui.tasks import Task

        self.book = book
        dialogs.shown_book = book.path
        self.setWindowTitle(_("Sổ Đồn — {post}").format(post=book.post.name))
        self._set_pages(PROVINCE if book.post.is_province else POST)
        # sqlite-utils (which the book's writes use) and the registers are loaded on the GUI
        # thread, since a worker must not import: before the first task that may use the
        # book, not before the first page has filled itself through a read-only connection
        Task.prepare = book.load_registers
        self.show_page(self._first_page(page))
        self.ahead = None  # taken by the overview, if it was shown

    def _first_page(self, page: str | None) -> str:
        return page or str(self.settings.value("window/page", ""))

    def _set_pages(self, kind: str) -> None:
        """Fill the side list with a post's pages or a provincial office's."""
        pages = pages_of(kind)
        if pages == self.pages:
            return
        self.side.blockSignals(True)
        self.side.clear()
        while self.stack.count():
            self.stack.removeWidget(placeholder := self.stack.widget(0))
            placeholder.deleteLater()
        self.built.clear()
        for action in self.page_actions:
            self.view_menu.removeAction(action)
        self.pages = pages
        self.page_actions = []
        for number, (key, title, _module, _name, _kinds) in enumerate(pages, start=1):
            self.side.addItem(_(title))
            self.stack.addWidget(QWidget())  # a place held until the page is first shown
            action = QAction(_(title), self)
            if number <= 9:  # Ctrl+1 … Ctrl+9; the rest by Ctrl+PgDown or the side list
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, k=key: self.show_page(k))
            self.page_actions.append(action)
        self.view_menu.insertActions(self.view_separator, self.page_actions)
        self.side.setFixedWidth(max(170, self.side.sizeHintForColumn(0) + 30))
        self.side.blockSignals(False)

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
        self.view_menu = self.menuBar().addMenu(_("&View"))
        self.view_separator = self.view_menu.addSeparator()
        self.view_menu.addAction(next_page)
        self.view_menu.addAction(previous_page)
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
        return self.page(self.pages[self.stack.currentIndex()][0])

    def page(self, key: str):
        """The page, built now if it was never shown."""
        if key not in self.built:
            index = next(i for i, p in enumerate(self.pages) if p[0] == key)
            _key, _title, module, name, _kinds = self.pages[index]
            page = getattr(importlib.import_module(module), name)(self)
            # Narrower than the page needs (half a laptop's screen), it scrolls, never clips.
            holder = QScrollArea()
            holder.setWidget(page)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QScrollArea.Shape.NoFrame)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, holder)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[key] = page
        return self.built[key]

    def show_page(self, key: str) -> None:
        """Show a page (the first one when this book has no such page)."""
        index = next((i for i, p in enumerate(self.pages) if p[0] == key), 0)
        if self.side.currentRow() == index:
            self._page_changed(index)
        else:
            self.side.setCurrentRow(index)

    def _step(self, delta: int) -> None:
        self.side.setCurrentRow((self.side.currentRow() + delta) % len(self.pages))

    def _page_changed(self, index: int) -> None:
        if index < 0 or self.book is None:
            return
        page = self.page(self.pages[index][0])
        self.stack.setCurrentIndex(index)
        page.refresh()
        for item in (self.edit_action, self.search_action):
            item.setEnabled(page.has_records)
        for item in (self.new_action, self.delete_action, self.undo_action):
            item.setEnabled(page.has_records and not page.read_only)
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
