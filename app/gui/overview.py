"""The overview page: this month in numbers, and what is due."""

import contextlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import bookfile, overview
from app.core.errors import SodonError
from app.gui.dialogs import show_error
from app.gui.page import Page
from app.gui.tasks import Task
from app.i18n import _


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class MonthReading(QObject):
    """This month's figures of the book at `path`, read in a Task through a read-only
    connection of its own (`overview.read_figures`). It needs neither the window's book nor
    the registers, so the window can start one while the core is still loading (`read_ahead`).
    `read` is emitted when it is done: `figures` holds them, or `error` what went wrong."""

    read = Signal()

    def __init__(self, parent: QWidget, path: Path, today: date):
        super().__init__(parent)
        self.today = today
        self.figures: overview.Figures | None = None
        self.error: BaseException | None = None
        self.finished = False
        path = path.expanduser().absolute()  # on this thread: expanding ~ may import a module

        def work(_progress) -> overview.Figures:
            return overview.read_figures(path, today=today)

        Task(parent, work, reads_only=True).done(self._done).error(self._failed).run()

    def _done(self, figures: overview.Figures) -> None:
        self.figures = figures
        self.finished = True
        self.read.emit()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.finished = True
        self.read.emit()


def read_ahead(window: QWidget, path: Path) -> MonthReading | None:
    """The figures of the book about to be opened at `path`, read while the core loads; None
    when the book must be opened first (an older format is upgraded by opening it, and a file
    that is not a book is refused, with the reason, by the opening)."""
    with contextlib.suppress(SodonError):
        if bookfile.file_version(path) == bookfile.schema_version():
            return MonthReading(window, path, date.today())
    return None


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
        self.loading: MonthReading | None = None
        self.due: list[overview.Due] = []
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
        unless the window had them read while it opened the book; what is due comes from the
        window's book."""
        today = date.today()
        self.heading.setText(
            _("{post} — month {month:02d}/{year}").format(
                post=self.book.post.name, month=today.month, year=today.year
            )
        )
        self.due = overview.due(self.book, today=today)
        ahead = self.window.ahead
        if ahead is not None and ahead.today == today:
            self._follow(ahead, again=True)
        else:
            self._follow(MonthReading(self, self.book.path, today))

    def _follow(self, reading: MonthReading, *, again: bool = False) -> None:
        """Show the figures once read. `again`: read them again if that failed, as it was
        done before the window opened the book (which sets right what it can)."""
        self.loading = reading
        if reading.finished:
            self._read(reading, again)
        else:
            reading.read.connect(lambda: self._read(reading, again))

    def _read(self, reading: MonthReading, again: bool) -> None:
        if reading.figures is not None:
            self._show(reading.figures)
        elif again:
            self._follow(MonthReading(self, self.book.path, reading.today))
        else:
            show_error(self, reading.error)

    def _show(self, figures: overview.Figures) -> None:
        month = figures.month
        values = {
            "activities": month.activities,
            "audience": month.audience,
            "women": month.women,
            "ethnic": month.ethnic,
            "copies_in": month.copies_in,
            "copies_out": month.copies_out,
            "loans": month.loans,
            "open_loans": figures.open_loans,
            "courses": month.courses,
            "sessions": month.sessions,
            "trainees": month.trainees,
            "people": figures.people,
        }
        for name, value in values.items():
            self.figures[name].value.setText(_number(value))
        self.due_list.clear()
        for due in self.due:
            item = QListWidgetItem(("⚠ " if due.urgent else "• ") + due.text)
            item.setData(Qt.ItemDataRole.UserRole, due.page)
            self.due_list.addItem(item)
        if not self.due:
            self.due_list.addItem(_("Nothing is due. Well done."))
        self.loaded.emit()

    def _go(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.window.show_page(page)
