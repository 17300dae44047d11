"""The settings page: the post's details for letterheads, language, the book file, backups."""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.book import Book
from app.core.errors import ValidationError
from app.exchange import keys
from app.gui.dialogs import confirm, show_error
from app.gui.page import Page
from app.gui.tasks import Task
from app.i18n import LANGUAGES, N_, _

REASONS = {
    "daily": N_("daily"),
    "manual": N_("made by hand"),
    "before-upgrade": N_("before an upgrade"),
    "before-restore": N_("before a restore"),
}
POST_FIELDS = (
    ("name", N_("Post name")),
    ("parent_unit", N_("Superior unit")),
    ("province", N_("Province")),
    ("place", N_("Place on documents")),
    ("commander", N_("Commander")),
    ("clerk", N_("Clerk")),
)


class SettingsPage(Page):
    key = "settings"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Settings")
        post_box = QGroupBox(_("The post (printed on every document)"))
        form = QFormLayout(post_box)
        self.post_edits: dict[str, QLineEdit] = {}
        for name, label in POST_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"post_{name}")
            edit.setAccessibleName(_(label))
            self.post_edits[name] = edit
            form.addRow(_(label), edit)
        self.post_errors = QLabel()
        self.post_errors.setStyleSheet("color: #b00020;")
        self.post_errors.setWordWrap(True)
        self.post_errors.hide()
        save_post = QPushButton(_("Save the post's details"))
        save_post.clicked.connect(self.save_post)
        form.addRow(self.post_errors)
        form.addRow(save_post)

        general = QGroupBox(_("Program"))
        general_form = QFormLayout(general)
        self.language = QComboBox()
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            self.language.addItem(label, code)
        self.language.setAccessibleName(_("Language"))
        current = str(window.settings.value("language", "vi"))
        self.language.setCurrentIndex(LANGUAGES.index(current) if current in LANGUAGES else 0)
        self.language.currentIndexChanged.connect(self._language_changed)
        general_form.addRow(_("Language"), self.language)
        self.book_path = QLabel(str(self.book.path))
        self.book_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = QPushButton(_("Open the book's folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.book.path.parent)))
        )
        row = QHBoxLayout()
        row.addWidget(self.book_path, 1)
        row.addWidget(open_folder)
        general_form.addRow(_("Book file"), row)
        self.fingerprint = QLabel(keys.existing_fingerprint(self.book.path) or "—")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setToolTip(
            _(
                "Read it to the other side over the phone: the provincial office registers the "
                "post with it, and refuses packages signed with any other key."
            )
        )
        general_form.addRow(_("Key fingerprint"), self.fingerprint)

        self.pin_box = QGroupBox(_("Commander's PIN (to approve and unlock months)"))
        pin_form = QFormLayout(self.pin_box)
        self.pin_edits: dict[str, QLineEdit] = {}
        for name, label in (
            ("current", _("Current PIN")),
            ("pin", _("New PIN (4 to 12 digits)")),
            ("again", _("New PIN again")),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"pin_{name}")
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(12)
            edit.setAccessibleName(label)
            self.pin_edits[name] = edit
            pin_form.addRow(label, edit)
        self.pin_message = QLabel()
        self.pin_message.setWordWrap(True)
        self.set_pin_button = QPushButton()
        self.set_pin_button.clicked.connect(self.set_pin)
        pin_form.addRow(self.pin_message)
        pin_form.addRow(self.set_pin_button)
        self.pin_box.setVisible(not self.book.post.is_province)

        backup_box = QGroupBox(_("Backups (kept: the last 7 days and 12 months)"))
        self.backups = QTableWidget(0, 3)
        self.backups.setHorizontalHeaderLabels([_("Made on"), _("Why"), _("Size")])
        self.backups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backups.verticalHeader().setVisible(False)
        self.backups.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backups.setAccessibleName(_("Backups"))
        backup_now = QPushButton(_("Back up now"))
        backup_now.clicked.connect(self.backup_now)
        restore_chosen = QPushButton(_("Restore the chosen backup…"))
        restore_chosen.clicked.connect(self.restore_chosen)
        restore_file = QPushButton(_("Restore from a file…"))
        restore_file.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        for button in (backup_now, restore_chosen, restore_file):
            buttons.addWidget(button)
        buttons.addStretch()
        backup_layout = QVBoxLayout(backup_box)
        backup_layout.addWidget(self.backups)
        backup_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(post_box, 3)
        side = QVBoxLayout()
        side.addWidget(general)
        side.addWidget(self.pin_box)
        side.addStretch()
        top.addLayout(side, 2)
        layout.addLayout(top)
        layout.addWidget(backup_box, 1)

    def refresh(self) -> None:
        post = self.book.post
        for name, edit in self.post_edits.items():
            edit.setText(getattr(post, name))
        self.post_errors.hide()
        self._show_pin_state()
        self.backups.setRowCount(0)
        for backup in self.book.list_backups():
            row = self.backups.rowCount()
            self.backups.insertRow(row)
            made = QTableWidgetItem(backup.made.strftime("%d/%m/%Y %H:%M:%S"))
            made.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.backups.setItem(row, 0, made)
            self.backups.setItem(
                row, 1, QTableWidgetItem(_(REASONS.get(backup.reason, backup.reason)))
            )
            self.backups.setItem(row, 2, QTableWidgetItem(f"{backup.size / 2**20:.1f} MB"))

    def save_post(self) -> None:
        try:
            self.book.update_post(**{name: edit.text() for name, edit in self.post_edits.items()})
        except ValidationError as error:
            self.post_errors.setText(str(error))
            self.post_errors.show()
            return
        self.post_errors.hide()
        self.window.setWindowTitle(_("Sổ Đồn — {post}").format(post=self.book.post.name))
        self.window.statusBar().showMessage(_("The post's details were saved."), 5000)

    def _show_pin_state(self, message: str = "") -> None:
        has_pin = self.book.periods.has_pin
        form = self.pin_box.layout()
        form.setRowVisible(self.pin_edits["current"], has_pin)
        for edit in self.pin_edits.values():
            edit.clear()
        self.set_pin_button.setText(_("Change the PIN") if has_pin else _("Set the PIN"))
        self.pin_message.setStyleSheet("")
        self.pin_message.setText(
            message
            or (
                _("A PIN is set. Only the commander should know it.")
                if has_pin
                else _("No PIN yet: months cannot be approved until the commander sets one.")
            )
        )

    def set_pin(self) -> None:
        pin, again = self.pin_edits["pin"].text(), self.pin_edits["again"].text()
        if pin != again:
            self._pin_problem(_("The two new PINs are not the same; type them again."), "again")
            return
        try:
            self.book.periods.set_pin(pin, current=self.pin_edits["current"].text())
        except ValidationError as error:
            self._pin_problem(str(error), "current" if "current" in error.errors else "pin")
            return
        self._show_pin_state(_("The commander's PIN was saved."))
        self.window.statusBar().showMessage(_("The commander's PIN was saved."), 5000)

    def _pin_problem(self, message: str, field: str) -> None:
        """Say what is wrong and clear the field to type again."""
        self.pin_message.setStyleSheet("color: #b00020;")
        self.pin_message.setText(message)
        self.pin_edits[field].clear()
        self.pin_edits[field].setFocus()

    def _language_changed(self) -> None:
        self.window.settings.setValue("language", self.language.currentData())
        self.window.statusBar().showMessage(
            _("The language changes the next time the program starts."), 8000
        )

    # Backups --------------------------------------------------------------------------------

    def backup_now(self) -> None:
        path = self.book.path

        def work(progress):
            with Book.open(path, readonly=True) as reader:
                return reader.backup(progress=progress)

        def done(made: Path) -> None:
            self.refresh()
            self.window.statusBar().showMessage(
                _("Backup written to {path}.").format(path=made), 8000
            )

        Task(self, work).done(done).run(progress=_("Backing up the book…"))

    def restore_chosen(self) -> None:
        row = self.backups.currentRow()
        if row < 0:
            self.window.statusBar().showMessage(_("Choose a backup in the list first."), 5000)
            return
        self._restore(Path(self.backups.item(row, 0).data(Qt.ItemDataRole.UserRole)))

    def restore_from_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore a backup"),
            str(self.book.path.parent),
            _("Sổ Đồn books (*.sqlite);;All files (*)"),
        )
        if chosen:
            self._restore(Path(chosen))

    def _restore(self, source: Path) -> None:
        if not confirm(
            self,
            _(
                "Replace everything in the book with the backup {name}?\nWhat "
                "the book holds now is kept as a backup first."
            ).format(name=source.name),
            yes=_("Restore"),
        ):
            return
        book = self.book

        def done(kept: Path) -> None:
            self.window.refresh_all()
            self.refresh()
            self.window.statusBar().showMessage(
                _("Restored from {source}. What the book held before is kept in {kept}.").format(
                    source=source.name, kept=kept.name
                ),
                10000,
            )

        Task(self, lambda progress: book.restore(source, progress=progress)).done(done).error(
            lambda error: show_error(self, error)
        ).run(progress=_("Restoring the book…"))
