"""Messages to the user: errors in Vietnamese with what to do, and confirmations."""

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import SodonError, disk_message
from app.crash import write_crash_log
from app.i18n import _


def error_text(error: BaseException) -> str:
    """What the user reads about a failure: the core's message, or where the details went."""
    if isinstance(error, SodonError):
        return str(error)
    if isinstance(error, OSError):  # the disk failed under a file: not a fault of the program
        return disk_message(error)
    log = write_crash_log(error)
    return _(
        "Something unexpected went wrong; nothing was saved half-way. The details are in "
        "{log}: please send that file to whoever supports the program."
    ).format(log=log)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(parent, _("Sổ Đồn"), error_text(error))


def confirm(parent: QWidget | None, question: str, *, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, _("Sổ Đồn"), question, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept
