"""The attendance grid of a course: people down, sessions across. Marks are set with the
keyboard (a letter per status, the initial of its name in the user's language: in English P
present, L late, E excused, A absent; Delete clears) and saved at once."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.core.dates import format_date
from app.core.errors import SodonError
from app.core.training import mark_letters
from app.i18n import N_, _, pgettext


def keys() -> dict[str, str]:
    """The letter that marks each status, in the user's language: {letter: status}."""
    return {letter: status for status, letter in mark_letters().items()}


def keys_help() -> str:
    return _(
        "Keys: {present} present · {late} late · {excused} excused · {absent} absent · Delete "
        "clears. Arrows move between people and sessions."
    ).format(**mark_letters())


SHORT = {
    "present": N_("present"),
    "late": N_("late"),
    "excused": N_("excused"),
    "absent": N_("absent"),
}
COLOURS = {"present": "#1b5e20", "late": "#8d6e00", "excused": "#1a4f8b", "absent": "#b00020"}
TOTALS = 5  # present, late, excused, absent, rate


def _total_heading(which: int) -> str:
    """Short headings of the totals columns (the statuses' names are too long for them)."""
    return (
        pgettext("grid total", "Present"),
        pgettext("grid total", "Late"),
        pgettext("grid total", "Excused"),
        pgettext("grid total", "Absent"),
        pgettext("grid total", "Rate"),
    )[which]


class AttendanceModel(QAbstractTableModel):
    def __init__(self, book):
        super().__init__()
        self.book = book
        self.course_id = ""
        self.sessions: list = []
        self.people: list = []
        self.marks: dict[tuple[str, str], str] = {}
        self.totals: dict[str, object] = {}

    def load(self, course_id: str) -> None:
        self.beginResetModel()
        self.course_id = course_id
        if course_id:
            self.sessions, self.people, self.marks = self.book.training.grid(course_id)
            self.totals = {t.id: t for t in self.book.training.person_totals(course_id=course_id)}
        else:
            self.sessions, self.people, self.marks, self.totals = [], [], {}, {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions) + TOTALS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            person = self.people[section]
            return f"{person.full_name}" + (f" ({person.birth_year})" if person.birth_year else "")
        if section < len(self.sessions):
            session = self.sessions[section]
            return f"{format_date(session.date)[:5]}\n{session.start_time}"
        return _total_heading(section - len(self.sessions))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        person = self.people[index.row()]
        column = index.column()
        if column >= len(self.sessions):
            return self._total(person.id, column - len(self.sessions), role)
        status = self.marks.get((person.id, self.sessions[column].id))
        if role == Qt.ItemDataRole.DisplayRole:
            return _(SHORT[status]) if status else ""
        if role == Qt.ItemDataRole.ForegroundRole and status:
            return QColor(COLOURS[status])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            session = self.sessions[column]
            return f"{person.full_name} — {format_date(session.date)} {session.topic}"
        return None

    def _total(self, person_id: str, which: int, role):
        totals = self.totals.get(person_id)
        if totals is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        values = (totals.present, totals.late, totals.excused, totals.absent)
        return str(values[which]) if which < 4 else f"{totals.rate:.0%}"

    def mark(self, index: QModelIndex, status: str | None) -> None:
        """Set (or with None clear) the mark of one cell; raises the core's refusal."""
        if not index.isValid() or index.column() >= len(self.sessions):
            return
        person = self.people[index.row()]
        session = self.sessions[index.column()]
        training = self.book.training
        if status is None:
            training.clear_attendance(session.id, person.id)
            self.marks.pop((person.id, session.id), None)
        else:
            training.set_attendance(session.id, person.id, status)
            self.marks[(person.id, session.id)] = status
        self.totals = {t.id: t for t in training.person_totals(course_id=self.course_id)}
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
        )

    def session_at(self, column: int):
        return self.sessions[column] if 0 <= column < len(self.sessions) else None


class AttendanceGrid(QTableView):
    failed = Signal(object)

    def __init__(self, model: AttendanceModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setDefaultSectionSize(78)
        self.horizontalHeader().setMinimumHeight(self.fontMetrics().height() * 2 + 12)
        self.setAccessibleName(_("Attendance"))
        model.modelReset.connect(self._totals_first)

    def _totals_first(self) -> None:
        """The totals and the rate are shown first, before the sessions, so that they stay in
        view however many sessions a course has (the model keeps them last)."""
        header = self.horizontalHeader()
        first_total = len(self.model().sessions)
        for place in range(TOTALS):
            header.moveSection(header.visualIndex(first_total + place), place)
            heading = str(self.model().headerData(first_total + place, Qt.Orientation.Horizontal))
            header.resizeSection(  # compact: the room is the sessions'
                first_total + place, self.fontMetrics().horizontalAdvance(heading) + 18
            )

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        status = keys().get(event.text().upper())
        clear = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if index.isValid() and (status or clear):
            try:
                self.model().mark(index, None if clear else status)
            except SodonError as error:
                self.failed.emit(error)
                return
            below = self.model().index(index.row() + 1, index.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().keyPressEvent(event)
