"""Import a trainee list (XLSX or CSV) into a course, after a preview of what will happen."""

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core import people_import
from app.gui.dialogs import show_error
from app.gui.tasks import Task
from app.i18n import N_, _

STATUS = {
    "new": ("#1b5e20", N_("to be added")),
    "existing": ("#1a4f8b", N_("already in the book")),
    "error": ("#b00020", N_("will be skipped")),
}


class ImportDialog(QDialog):
    def __init__(self, parent, book, course_id: str, path: Path, rows: list):
        """`rows` are the file's lines as people_import.read_people checked them."""
        super().__init__(parent)
        self.book = book
        self.course_id = course_id
        self.result_counts = (0, 0)
        self.setWindowTitle(_("Import trainees from {name}").format(name=path.name))
        self.rows = rows
        counts = {status: sum(r.status == status for r in self.rows) for status in STATUS}
        summary = QLabel(
            _(
                "{new} new people will be added and {existing} already in the book "
                "will be put on the course; {error} lines have problems and will be "
                "skipped."
            ).format(**counts)
        )
        summary.setWordWrap(True)
        table = QTableWidget(len(self.rows), 6)
        table.setHorizontalHeaderLabels(
            [_("Line"), _("What happens"), _("Full name"), _("Born"), _("Unit"), _("Problems")]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for number, row in enumerate(self.rows):
            colour, label = STATUS[row.status]
            cells = (
                str(row.line),
                _(label),
                row.person.full_name,
                str(row.person.birth_year or ""),
                row.person.unit,
                " ".join(row.errors.values()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(QColor(colour))
                table.setItem(number, column, item)
        table.resizeColumnsToContents()
        self.table = table
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(
            _("Add {count} people to the course").format(count=counts["new"] + counts["existing"]),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.add_button.setEnabled(counts["new"] + counts["existing"] > 0)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(860, 560)

    def accept(self) -> None:
        """Add the people off the GUI thread (a list may be long), then close."""
        book, course_id, rows = self.book, self.course_id, self.rows
        self.add_button.setEnabled(False)

        def done(counts) -> None:
            self.result_counts = counts
            QDialog.accept(self)

        def failed(error) -> None:
            self.add_button.setEnabled(True)
            show_error(self, error)

        Task(
            self, lambda progress: people_import.add_to_course(book, course_id, rows, progress)
        ).done(done).error(failed).run(progress=_("Adding the trainees…"))
