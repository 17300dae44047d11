"""The overview page: this month in numbers, and what is due."""

from datetime import date

from PySide6.QtCore import QObject, Qt, QTimer, Signal
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

from app.core import overview
from app.core.errors import SodonError
from app.core.text import thousands
from app.gui.dialogs import error_text, show_error
from app.gui.page import Page
from app.gui.plan_bars import PlanBox
from app.gui.tasks import Task
from app.i18n import _


class MonthReading(QObject):
    """A core `overview.Reading` (this month's figures, read on a thread of their own) seen
    from the window: `read` is emitted when it is done; then `figures` holds them, or `error`
    what went wrong. `settle()` takes them at once if they are read already, without waiting
    for `read` to come through the window's queue of events."""

    read = Signal()

    def __init__(self, parent: QWidget, reading: overview.Reading):
        super().__init__(parent)
        self.reading = reading
        self.today = reading.today
        self.figures: overview.Figures | None = None
        self.error: BaseException | None = None
        self.finished = False
        Task(parent, lambda _progress: reading.result(), reads_only=True).done(self._done).error(
            self._failed
        ).run()

    def settle(self) -> None:
        if not self.finished and self.reading.done:
            try:
                self.figures = self.reading.result()
            except BaseException as error:  # shown by the page, as `read` would have it
                self.error = error
            self.finished = True

    def _done(self, figures: overview.Figures) -> None:
        if not self.finished:
            self.figures = figures
            self.finished = True
            self.read.emit()

    def _failed(self, error: BaseException) -> None:
        if not self.finished:
            self.error = error
            self.finished = True
            self.read.emit()


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
        self.due_list.setWordWrap(True)  # beside the year's plan, half as wide as it was
        self.plan_box = PlanBox()
        bottom = QHBoxLayout()
        bottom.addWidget(due_box, 1)
        bottom.addWidget(self.plan_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(groups)
        layout.addLayout(bottom, 1)

    def refresh(self) -> None:
        """Read this month's numbers off the GUI thread (on a big book they take a moment),
        unless the window had them read while it opened the book. What is due and the year's
        plan come from the window's book in the next turns of the event loop, so that the
        numbers are shown first."""
        today = date.today()
        self.heading.setText(
            _("{post} — month {month:02d}/{year}").format(
                post=self.book.post.name, month=today.month, year=today.year
            )
        )
        ahead = self.window.ahead
        if ahead is not None and ahead.today == today:
            self._follow(ahead, again=True)
        else:
            self._follow(MonthReading(self, overview.Reading(self.book.path, today)))

    def _then(self, today: date) -> None:
        """Once the numbers are shown (or could not be read): what is due and the plan."""
        QTimer.singleShot(0, self, lambda: self._show_due(today))
        QTimer.singleShot(0, self, lambda: self._show_plan(today))

    def _show_due(self, today: date) -> None:
        """What needs doing, from the window's book (a few indexed queries)."""
        if not self.isVisible():  # another page, or the window closed (its book with it)
            return
        self.due = overview.due(self.book, today=today)
        self.due_list.clear()
        for due in self.due:
            item = QListWidgetItem(("⚠ " if due.urgent else "• ") + due.text)
            item.setData(Qt.ItemDataRole.UserRole, due.page)
            self.due_list.addItem(item)
        if not self.due:
            self.due_list.addItem(_("Nothing is due. Well done."))

    def _show_plan(self, today: date) -> None:
        """The year's targets and how far the post has come: read on the GUI thread, since it
        takes about a millisecond (the book's monthly summaries and this month's records; the
        first time, some 10 ms more to load the plan's modules)."""
        if not self.isVisible():  # another page, or the window closed (its book with it)
            return
        try:
            progress = self.book.plan.progress(today.year, today=today)
        except SodonError as error:
            self.plan_box.note.setText(error_text(error))
            return
        contents = {item.code: item.label for item in self.book.lookups.items("plan_content")}
        self.plan_box.show_progress(today.year, progress, contents)

    def _follow(self, reading: MonthReading, *, again: bool = False) -> None:
        """Show the figures once read. `again`: read them again if that failed, as it was
        done before the window opened the book (which sets right what it can)."""
        self.loading = reading
        reading.settle()
        if reading.finished:
            self._read(reading, again)
        else:
            reading.read.connect(lambda: self._read(reading, again))

    def _read(self, reading: MonthReading, again: bool) -> None:
        if reading.figures is not None:
            self._show(reading.figures)
        elif again:
            self._follow(MonthReading(self, overview.Reading(self.book.path, reading.today)))
        else:
            self._then(reading.today)
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
            self.figures[name].value.setText(thousands(value))
        self.loaded.emit()
        self._then(self.loading.today)

    def _go(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.window.show_page(page)
