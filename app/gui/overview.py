"""The overview page: this month in numbers, and what is due."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from app.core import overview
from app.core.book import Book
from app.gui.page import Page
from app.gui.tasks import Task
from app.i18n import _


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class _Figure(QFrame):
    """A big number with its caption."""

    def __init__(self, caption: str):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class OverviewPage(Page):
    key = "overview"
    loaded = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Overview")
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.figures: dict[str, _Figure] = {}
        groups = QHBoxLayout()
        for title, names in (
            (
                _("Outreach"),
                (
                    ("activities", _("activities")),
                    ("audience", _("people reached")),
                    ("women", _("of whom women")),
                    ("ethnic", _("ethnic minorities")),
                ),
            ),
            (
                _("Book cabinets"),
                (
                    ("copies_in", _("copies received")),
                    ("copies_out", _("copies handed out")),
                    ("loans", _("loans")),
                    ("open_loans", _("still on loan")),
                ),
            ),
            (
                _("Training"),
                (
                    ("courses", _("courses running")),
                    ("sessions", _("sessions")),
                    ("trainees", _("trainees attended")),
                    ("people", _("people known")),
                ),
            ),
        ):
            box = QGroupBox(title)
            grid = QGridLayout(box)
            for index, (name, caption) in enumerate(names):
                figure = _Figure(caption)
                self.figures[name] = figure
                grid.addWidget(figure, index // 2, index % 2)
            groups.addWidget(box)
        self.loading: Task | None = None
        self.due_list = QListWidget()
        self.due_list.setAccessibleName(_("What is due"))
        self.due_list.itemActivated.connect(self._go)
        due_box = QGroupBox(_("What is due"))
        QVBoxLayout(due_box).addWidget(self.due_list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(groups)
        layout.addWidget(due_box, 1)

    def refresh(self) -> None:
        """Read this month's numbers off the GUI thread (on a big book they take a moment),
        through a read-only connection of the task's own."""
        today = date.today()
        self.heading.setText(
            _("{post} — month {month:02d}/{year}").format(
                post=self.book.post.name, month=today.month, year=today.year
            )
        )
        path = self.book.path

        def work(_progress) -> overview.Glance:
            with Book.open(path, readonly=True) as reader:
                return overview.glance(reader, today=today)

        self.loading = Task(self, work, reads_only=True).done(self._show).run()

    def _show(self, glance: overview.Glance) -> None:
        figures = glance.figures
        values = {
            "activities": figures.activities,
            "audience": figures.audience,
            "women": figures.women,
            "ethnic": figures.ethnic,
            "copies_in": figures.copies_in,
            "copies_out": figures.copies_out,
            "loans": figures.loans,
            "open_loans": glance.open_loans,
            "courses": figures.courses,
            "sessions": figures.sessions,
            "trainees": figures.trainees,
            "people": glance.people,
        }
        for name, value in values.items():
            self.figures[name].value.setText(_number(value))
        self.due_list.clear()
        for due in glance.due:
            item = QListWidgetItem(("⚠ " if due.urgent else "• ") + due.text)
            item.setData(Qt.ItemDataRole.UserRole, due.page)
            self.due_list.addItem(item)
        if not glance.due:
            self.due_list.addItem(_("Nothing is due. Well done."))
        self.loaded.emit()

    def _go(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.window.show_page(page)
