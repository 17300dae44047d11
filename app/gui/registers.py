"""Pages of several lists in tabs: each list is declared once with what New, Edit and Delete
do on it, and the page's actions follow the list in use (`active`) instead of branching on a
tab's index."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic

from app.gui.table import RegisterPanel, Row


@dataclass
class Register(Generic[Row]):
    """One list of a page and its actions. Without `delete`, its rows are not deleted here;
    `deletable` may refuse some rows (a confirmed stocktake)."""

    panel: RegisterPanel[Row]
    new: Callable[[], None]
    edit: Callable[[Row], None]
    noun: Callable[[Row], str] | None = None  # what the confirmation and the undo name
    delete: Callable[[str], None] | None = None  # the core's delete, by id
    restore: Callable[[str], None] | None = None  # the core's undo of it, by id
    deletable: Callable[[Row], bool] = lambda _row: True


class RegisterActions:
    """Mixed into a `Page` whose `active()` names the Register in use: New, Edit, Delete,
    Enter, the Delete key and Ctrl+F act on that list."""

    def active(self) -> Register:
        raise NotImplementedError

    def listen(self, *registers: Register) -> None:
        """Enter or a double click edits a row, the Delete key deletes it."""
        for register in registers:
            register.panel.view.activated_row.connect(lambda _row: self.edit())
            register.panel.view.delete_requested.connect(lambda _row: self.delete())

    def new(self) -> None:
        self.active().new()

    def edit(self) -> None:
        register = self.active()
        row = register.panel.current()
        if row is not None:
            register.edit(row)

    def delete(self) -> None:
        register = self.active()
        row = register.panel.current()
        if row is None or register.delete is None or not register.deletable(row):
            return
        delete, restore = register.delete, register.restore
        self.remove(register.noun(row), lambda: delete(row.id), lambda: restore(row.id))

    def searched(self) -> Register:
        """The list whose search box Ctrl+F goes to."""
        return self.active()

    def focus_search(self) -> None:
        panel = self.searched().panel
        panel.search.setFocus()
        panel.search.selectAll()
