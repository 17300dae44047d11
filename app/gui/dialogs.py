"""Messages to the user: errors in Vietnamese with what to do, and confirmations."""

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.core.errors import (
    BookDamaged,
    SodonError,
    disk_message,
    explain_sqlite_error,
    is_storage_error,
)
from app.crash import write_crash_log
from app.i18n import _

# The book the window shows: a damaged file's message names its newest backup.
shown_book: Path | None = None


def error_text(error: BaseException) -> str:
    """What the user reads about a failure: the core's message, or where the details went."""
    if isinstance(error, sqlite3.DatabaseError) and is_storage_error(error):
        error = explain_sqlite_error(error)
    if isinstance(error, BookDamaged) and shown_book is not None:
        from app.core.bookfile import damaged_message

        return damaged_message(shown_book)
    if isinstance(error, SodonError):
        return str(error)
    if isinstance(error, OSError):  # the disk failed under a file: not a fault of the program
        return disk_message(error)
    log = write_crash_log(error)
    return _(
        "Something unexpected went wrong; nothing was saved half-way. The details are in "
        "{log}: please send that file to whoever supports the program."
    ).format(log=log)


def run_modal(dialog: QDialog) -> bool:
    """Show a dialog until it is closed, then free it (a closed dialog left as its page's
    child would stay in memory for the rest of the session); whether it was accepted. What
    it holds can still be read until control returns to the event loop."""
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(parent, _("Sổ Đồn"), error_text(error))


def confirm(parent: QWidget | None, question: str, *, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, _("Sổ Đồn"), question, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept
