"""The provincial office's register of its posts: code, name, commune or district and the
fingerprint of each post's key."""

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.validate import errors_of
from app.exchange import registry
from app.gui.dialogs import run_modal
from app.gui.forms import RecordForm
from app.gui.page import Page
from app.gui.widgets import rows_table
from app.i18n import _


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
