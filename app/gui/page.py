"""What every page of the main window offers the window's menus and shortcuts."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QWidget

from app.gui.dialogs import confirm, show_error
from app.i18n import N_, _

if TYPE_CHECKING:
    from app.gui.widgets import FlowLayout

READ_ONLY = N_("The posts' records are read-only at the provincial office.")


class Page(QWidget):
    """A page in the side list. Register pages override `new`, `edit`, `delete`, `search`.

    At the provincial office the posts' records are read-only (they come from the posts'
    packages): `read_only` is set, the page hides what would change them (`editing(...)`) and
    its lists gain a filter by post (`post_filter()`)."""

    key = ""
    title = ""
    has_records = False

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.book = window.book
        self.read_only = self.book.post.is_province
        self.undo_action: tuple[str, Callable[[], None]] | None = None

    def editing(self, *widgets: QWidget) -> None:
        """Widgets that change records: hidden where the records are read-only."""
        for widget in widgets:
            widget.setVisible(not self.read_only)

    def button_row(self, *specs) -> "FlowLayout":
        """A row of buttons from (label, slot) pairs, wrapping onto a second line when the
        page is narrow. A third item may be the button's tip (text), or False for a button
        that changes nothing and so stays where the records are read-only."""
        from app.gui.widgets import FlowLayout

        row = FlowLayout()
        for label, slot, *more in specs:
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
            for tip in (item for item in more if isinstance(item, str)):
                button.setToolTip(tip)
            if False not in more:
                self.editing(button)
        return row

    def post_filter(self) -> dict[str, tuple[str, list[tuple[str, str]]]]:
        """For a RegisterPanel's `filters`: one post's records, at the provincial office."""
        if not self.read_only:
            return {}
        from app.exchange import province

        posts = [(f"{code} — {name}", code) for code, name in province.posts(self.book)]
        return {"post": (_("All posts"), posts)}

    def refresh(self) -> None:
        """Read the book again (the page is shown, or something changed)."""

    def new(self) -> None:
        pass

    def edit(self) -> None:
        pass

    def delete(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def remove(self, what: str, delete: Callable[[], None], restore: Callable[[], None]) -> None:
        """Ask, soft-delete, and offer to undo (Ctrl+Z) from the status bar."""
        if self.read_only:
            self.window.statusBar().showMessage(_(READ_ONLY), 8000)
            return
        if not confirm(
            self,
            _("Delete {what}?\nYou can undo this with Ctrl+Z.").format(what=what),
            yes=_("Delete"),
        ):
            return
        try:
            delete()
        except Exception as error:
            show_error(self, error)
            return
        self.undo_action = (what, restore)
        self.window.offer_undo(_("Deleted {what}.").format(what=what))
        self.refresh()

    def undo(self) -> bool:
        if self.undo_action is None:
            return False
        what, restore = self.undo_action
        self.undo_action = None
        try:
            restore()
        except Exception as error:
            show_error(self, error)
            return False
        self.window.statusBar().showMessage(_("Restored {what}.").format(what=what), 5000)
        self.refresh()
        return True
