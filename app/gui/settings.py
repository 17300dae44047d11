"""The settings page: the post's details for letterheads, its provincial office, language, the
book file, backups."""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
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
    "before-import": N_("before an import"),
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
        self.province_box = self._province_box()
        self.province_box.setVisible(not self.book.post.is_province)

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
        self.fingerprint = QLabel(self._own_fingerprint())
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setToolTip(
            _(
                "Read it to the posts over the phone: each post registers the provincial "
                "office with it, and refuses answers signed with any other key."
            )
            if self.book.post.is_province
            else _(
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
        # the list takes the height left over (a few rows at least), so that the page fits a
        # laptop's screen without scrolling
        self.backups.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.backups.setMinimumHeight(80)
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
        main = QVBoxLayout()
        main.addWidget(post_box)
        main.addWidget(self.province_box)
        main.addStretch()
        top.addLayout(main, 3)
        side = QVBoxLayout()
        side.addWidget(general)
        side.addWidget(self.pin_box)
        side.addStretch()
        top.addLayout(side, 2)
        layout.addLayout(top)
        layout.addWidget(backup_box, 1)

    def _own_fingerprint(self) -> str:
        """The fingerprint of the book's key, the key made now if the book has none yet (the
        other side needs it before anything is sent); "—" if it cannot be written."""
        try:
            return keys.book_fingerprint(self.book.path)
        except (OSError, ValueError):
            return keys.existing_fingerprint(self.book.path) or "—"

    def refresh(self) -> None:
        post = self.book.post
        for name, edit in self.post_edits.items():
            edit.setText(getattr(post, name))
        self.post_errors.hide()
        if not self.book.post.is_province:
            self._show_province()
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

    # The provincial office ---------------------------------------------------------------------

    def _province_box(self) -> QGroupBox:
        """The post's provincial office: registered with the fingerprint of its key (read
        from the province's paper), so that only its answers are imported."""
        box = QGroupBox(_("Provincial office (whose answers the post imports)"))
        grid = QGridLayout(box)
        self.province_state = QLabel()
        self.province_state.setObjectName("province_state")
        self.province_state.setWordWrap(True)
        grid.addWidget(self.province_state, 0, 0, 1, 5)
        self.province_edits: dict[str, QLineEdit] = {}
        self.province_errors: dict[str, QLabel] = {}
        # code and name on one line, the fingerprint and the button on the next; each field's
        # message under it
        places = {"code": (1, 0, 1), "name": (1, 2, 2), "fingerprint": (3, 0, 3)}
        for name, label in (
            ("code", _("Code")),
            ("name", _("Name")),
            ("fingerprint", _("Fingerprint")),
        ):
            row, column, span = places[name]
            edit = QLineEdit()
            edit.setObjectName(f"province_{name}")
            edit.setAccessibleName(label)
            error = QLabel()
            error.setObjectName(f"province_error_{name}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(QLabel(label), row, column)
            grid.addWidget(edit, row, column + 1, 1, span)
            grid.addWidget(error, row + 1, column + 1, 1, span)
            edit.returnPressed.connect(self.save_province)
            self.province_edits[name] = edit
            self.province_errors[name] = error
        self.province_edits["code"].setMaxLength(16)
        self.province_edits["fingerprint"].setPlaceholderText("ABCD EFGH IJKL MNOP QRST UVWX")
        self.province_edits["fingerprint"].setToolTip(
            _(
                "The 24 letters and digits the provincial office prints on its paper (or reads "
                "to you over the phone): only answers signed with that key are imported."
            )
        )
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 3)
        self.province_button = QPushButton()
        self.province_button.clicked.connect(self.save_province)
        grid.addWidget(self.province_button, 3, 4)
        return box

    def _show_province(self) -> None:
        from app.exchange import answer_reader

        known = answer_reader.province_of(self.book)
        for name, edit in self.province_edits.items():
            edit.setText(known[name] if known else "")
        for error in self.province_errors.values():
            error.hide()
        self.province_button.setText(_("Register") if known is None else _("Save"))
        if known is None:
            self.province_state.setText(
                _(
                    "Not registered yet. Type the code, name and key fingerprint printed on the "
                    "provincial office's paper; or compare the fingerprint when its first "
                    "answer is imported (Month close page)."
                )
            )
        elif not known["public_key"]:
            self.province_state.setText(_("Its key is recorded with its first answer."))
        self.province_state.setVisible(known is None or not known["public_key"])

    def save_province(self) -> None:
        from app.exchange import answer_reader

        typed = {name: edit.text() for name, edit in self.province_edits.items()}
        try:
            new = answer_reader.set_province(self.book, **typed)
        except ValidationError as error:
            for name, label in self.province_errors.items():
                label.setText(error.errors.get(name, ""))
                label.setVisible(name in error.errors)
            first = next((n for n in self.province_edits if n in error.errors), None)
            if first is not None:
                self.province_edits[first].setFocus()
            others = [m for k, m in error.errors.items() if k not in self.province_edits]
            if others:
                show_error(self, ValidationError({str(i): m for i, m in enumerate(others)}))
            return
        except Exception as error:
            show_error(self, error)
            return
        self._show_province()
        code = self.province_edits["code"].text()
        self.window.statusBar().showMessage(
            (
                _("The provincial office {code} is registered.")
                if new
                else _("The provincial office {code} is updated.")
            ).format(code=code),
            8000,
        )

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
