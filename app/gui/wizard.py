"""First start with no book: ask for the post's code and name, and create the book."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app.core.book import Book
from app.core.errors import SodonError, ValidationError
from app.core.post import new_book_fields
from app.gui.dialogs import show_error
from app.i18n import _


class FirstStart(QDialog):
    """Creates the book at `path`; `book` holds it when the dialog is accepted."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = path
        self.book: Book | None = None
        self.setWindowTitle(_("Sổ Đồn — a new book"))
        intro = QLabel(
            _(
                "Welcome. There is no book on this computer yet.\nType your post's "
                "code and name to create it; everything else can be filled in later "
                "under Settings.\n\nThe book will be kept at:\n{path}"
            ).format(path=path)
        )
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("post_code")
        self.code.setPlaceholderText(_("e.g. LC01"))
        self.name = QLineEdit()
        self.name.setObjectName("post_name")
        self.name.setPlaceholderText(_("e.g. Đồn Biên phòng Lũng Cú"))
        self.clerk = QLineEdit()
        self.clerk.setObjectName("clerk")
        self.clerk.setPlaceholderText(_("e.g. Thượng úy Nguyễn Văn Hùng"))
        self.clerk.setToolTip(
            _("The person who keeps the book: the change log and the month close record it.")
        )
        self.province = QCheckBox(_("This book is for the provincial office, not a post"))
        self.errors = QLabel()
        self.errors.setObjectName("errors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        self.errors.hide()
        form = QFormLayout()
        form.addRow(_("Post &code"), self.code)
        form.addRow(_("Post &name"), self.name)
        form.addRow(_("&Your name (the clerk)"), self.clerk)
        form.addRow(self.province)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Create the book"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def accept(self) -> None:
        try:
            new_book_fields(
                self.code.text(), self.name.text(), self.clerk.text(), clerk_required=True
            )
            self.book = Book.create(
                self.path,
                post_code=self.code.text(),
                post_name=self.name.text(),
                province=self.province.isChecked(),
                clerk=self.clerk.text(),
            )
        except ValidationError as error:
            self.errors.setText(str(error))
            self.errors.show()
            return
        except SodonError as error:
            show_error(self, error)
            return
        super().accept()
