"""The year's plan on a post's overview: one bar per target, filled to what the post has done,
with a mark where the year should be by today; a bar behind schedule in a warning colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.text import thousands
from app.i18n import _

if TYPE_CHECKING:  # the plan's modules load with the first targets shown, not with the page
    from app.core.plan import Progress

ON_TRACK = QColor("#2e7d32")
BEHIND = QColor("#e65100")  # the warning colour of a target behind schedule
MARK = QColor("#1a1a1a")


def target_label(progress: Progress) -> str:
    """The indicator, and the plan content when the target is for one."""
    from app.core.plan import indicator_label

    label = indicator_label(progress.indicator)
    return f"{label} · {progress.content}" if progress.content else label


def figures_text(progress: Progress) -> str:
    """ "actual / target (percent)", with a warning sign when behind schedule."""
    text = _("{actual} / {target} ({percent}%)").format(
        actual=thousands(progress.actual),
        target=thousands(progress.target),
        percent=int(progress.percent),
    )
    return "⚠ " + text if progress.behind else text


def explanation(progress: Progress) -> str:
    """What a bar says, in words (its tooltip and accessible description)."""
    expected = int(progress.target * progress.expected / 100)
    if progress.behind:
        return _(
            "{done} of {target} done; by today the year should be at {expected} (the mark): "
            "behind schedule."
        ).format(done=progress.actual, target=progress.target, expected=expected)
    return _(
        "{done} of {target} done; by today the year should be at {expected} (the mark)."
    ).format(done=progress.actual, target=progress.target, expected=expected)


class PlanBar(QWidget):
    """A bar filled to `actual / target`, with a vertical mark at `expected` percent."""

    def __init__(self, progress: Progress):
        super().__init__()
        self.progress = progress
        self.setMinimumWidth(120)
        self.setToolTip(explanation(progress))
        self.setAccessibleName(target_label(progress))
        self.setAccessibleDescription(explanation(progress))

    @property
    def fill(self) -> float:
        """The share of the bar filled (what is done, at most all of it)."""
        return max(0.0, min(1.0, self.progress.percent / 100))

    @property
    def mark(self) -> float:
        """Where the mark stands along the bar (where the year should be by now)."""
        return max(0.0, min(1.0, self.progress.expected / 100))

    @property
    def colour(self) -> QColor:
        return BEHIND if self.progress.behind else ON_TRACK

    def sizeHint(self) -> QSize:
        return QSize(240, self.fontMetrics().height() + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() + 2)

    def mark_x(self) -> int:
        """The x of the mark, in the widget's pixels."""
        return round(1 + self.mark * (self.width() - 3))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        height = self.height()
        track = QRectF(1, 3, self.width() - 3, height - 7)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(self.palette().base())
        painter.drawRect(track)
        if self.fill > 0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour)
            painter.drawRect(
                QRectF(track.x(), track.y(), track.width() * self.fill, track.height())
            )
        # the mark stands out above and below the bar, so it shows on the fill and beyond it
        x = self.mark_x()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MARK)
        painter.drawRect(QRectF(x - 1, 0, 3, height))
        painter.end()


class PlanBox(QGroupBox):
    """The year's targets of the post, one bar each; or a line saying none came yet."""

    def __init__(self):
        super().__init__(_("Year's plan"))
        self.bars: list[PlanBar] = []
        self.stretched = 0  # the empty row below the bars, which takes the room left
        self.labels: list[tuple[QLabel, QLabel]] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.rows = QWidget()
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidget(self.rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)

    def show_progress(
        self, year: int, progress: list[Progress], contents: dict[str, str] | None = None
    ) -> None:
        """One bar per target; `contents` names the plan contents by their codes (ND1 …),
        in the tooltip of a target for one content."""
        self.setTitle(_("Year's plan {year}").format(year=year))
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.bars, self.labels = [], []
        if not progress:
            self.note.setText(
                _(
                    "The province has not sent the plan for {year} yet: its targets come in "
                    "one of its answers (Month close page)."
                ).format(year=year)
            )
            return
        behind = sum(p.behind for p in progress)
        note = _("The dark mark on each bar is where the year should be by today.")
        if behind:
            note += " " + _("{count} of {total} targets are behind schedule (⚠).").format(
                count=behind, total=len(progress)
            )
        self.note.setText(note)
        for row, item in enumerate(progress):
            name = QLabel(target_label(item))
            if item.content in (contents or {}):
                name.setToolTip(f"{item.content}: {contents[item.content]}")
            bar = PlanBar(item)
            figures = QLabel(figures_text(item))
            figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if item.behind:
                figures.setStyleSheet(f"color: {BEHIND.name()}; font-weight: bold;")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(bar, row, 1)
            self.grid.addWidget(figures, row, 2)
            self.bars.append(bar)
            self.labels.append((name, figures))
        self.grid.setRowStretch(self.stretched, 0)
        self.stretched = len(progress)
        self.grid.setRowStretch(self.stretched, 1)
