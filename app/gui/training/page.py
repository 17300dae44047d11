"""The training page: courses on the left; the chosen course's sessions and attendance grid
on the right; and every person the post has trained."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import people_import
from app.core.dates import format_date
from app.core.listing import LISTS, Column
from app.core.training import CourseRow, PersonRow, SessionRow
from app.gui.dialogs import run_modal, show_error
from app.gui.forms import run_form
from app.gui.page import Page
from app.gui.registers import Register, RegisterActions
from app.gui.table import RegisterPanel
from app.gui.tasks import Task
from app.gui.training.forms import CourseForm, PersonForm, SessionForm
from app.gui.training.grid import AttendanceGrid, AttendanceModel, keys_help
from app.gui.training.import_dialog import ImportDialog
from app.i18n import N_, _

COURSE_COLUMNS = [
    Column("title", N_("Course"), width=26),
    Column("start_date", N_("From"), "date"),
    Column("trainees", N_("Trainees"), "number"),
]


class TrainingPage(RegisterActions, Page):
    key = "training"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Training")
        self.course = self._courses()
        self.session = self._sessions()
        self.person = self._people()
        self.listen(self.course, self.session, self.person)
        self.grid_model = AttendanceModel(self.book)
        self.grid = AttendanceGrid(self.grid_model)
        self.grid.failed.connect(lambda error: show_error(self, error))
        self.courses.model.modelReset.connect(self._course_changed)
        self.courses.view.selectionModel().currentRowChanged.connect(self._course_changed)
        self.courses_tab, self.people_tab = self._courses_tab(), self._people_tab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.courses_tab, _("Courses"))
        self.tabs.addTab(self.people_tab, _("People"))
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # The lists ------------------------------------------------------------------------------

    def _courses(self) -> Register[CourseRow]:
        training, records = self.book.training, self.book.records
        self.courses: RegisterPanel[CourseRow] = RegisterPanel(
            COURSE_COLUMNS,
            lambda **q: training.courses(**q),
            filters=self.post_filter(),
            placeholder=_("Search a course…"),
        )
        return Register(
            self.courses,
            self.new_course,
            lambda _row: self.edit_course(),
            noun=lambda row: _("the course “{title}”").format(title=row.title),
            delete=training.delete_course,
            restore=lambda course_id: records.restore("course", course_id),
        )

    def _sessions(self) -> Register[SessionRow]:
        training, records = self.book.training, self.book.records
        self.sessions: RegisterPanel[SessionRow] = RegisterPanel(
            LISTS["sessions"].columns,
            lambda **q: (
                training.sessions(course_id=self.course_id(), **q) if self.course_id() else []
            ),
            months=False,
            placeholder=_("Search a session…"),
        )
        return Register(
            self.sessions,
            self.new_session,
            lambda _row: self.edit_session(),
            noun=lambda row: _("the session of {date}").format(date=format_date(row.date)),
            delete=training.delete_session,
            restore=lambda session_id: records.restore("session", session_id),
        )

    def _people(self) -> Register[PersonRow]:
        training, records = self.book.training, self.book.records
        self.people: RegisterPanel[PersonRow] = RegisterPanel(
            LISTS["people"].columns,
            lambda **q: training.people(**q),
            months=False,
            filters=self.post_filter(),
            placeholder=_("Search a name, unit, ethnicity…"),
        )
        return Register(
            self.people,
            self.new_person,
            self.edit_person,
            noun=lambda row: _("the person “{name}”").format(name=row.full_name),
            delete=training.delete_person,
            restore=lambda person_id: records.restore("person", person_id),
        )

    # The tabs -------------------------------------------------------------------------------

    def _courses_tab(self) -> QWidget:
        """Courses on the left; the chosen course's attendance and sessions on the right."""
        self.course_title = QLabel()
        font = self.course_title.font()
        font.setBold(True)
        self.course_title.setFont(font)
        self.course_title.setWordWrap(True)
        self.sessions_tab = self._sessions_tab()
        self.details = QTabWidget()
        self.details.addTab(self._attendance_tab(), _("Attendance"))
        self.details.addTab(self.sessions_tab, _("Sessions"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.course_title)
        right_layout.addWidget(self.details, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(
            self.button_row(
                (_("New &course…"), self.new_course), (_("Edit course"), self.edit_course)
            )
        )
        left_layout.addWidget(self.courses)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 840])
        splitter.setChildrenCollapsible(False)
        return splitter

    def _attendance_tab(self) -> QWidget:
        grid_help = QLabel(keys_help())
        grid_help.setObjectName("grid_help")
        grid_help.setWordWrap(True)
        self.editing(grid_help)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(grid_help)
        layout.addLayout(
            self.button_row(
                (_("Add a &walk-in at this session…"), self.walk_in),
                (_("Put a &trainee on the course…"), self.add_trainee),
                (_("&Import a list (XLSX, CSV)…"), self.import_list),
                (_("Print the sign-in &sheet…"), self.print_signin, False),
            )
        )
        layout.addWidget(self.grid, 1)
        return tab

    def _sessions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(
            self.button_row(
                (_("New &session…"), self.new_session), (_("Edit session"), self.edit_session)
            )
        )
        layout.addWidget(self.sessions)
        return tab

    def _people_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(self.button_row((_("New &person…"), self.new_person)))
        layout.addWidget(self.people)
        return tab

    # Which list, which course -----------------------------------------------------------------

    def active(self) -> Register:
        if self.tabs.currentWidget() is self.people_tab:
            return self.person
        return self.session if self.sessions.view.hasFocus() else self.course

    def searched(self) -> Register:
        return self.person if self.tabs.currentWidget() is self.people_tab else self.course

    def new(self) -> None:
        """A new record of the list in use; on a course's Sessions tab, a session."""
        showing_sessions = self.details.currentWidget() is self.sessions_tab and self.course_id()
        register = self.active()
        (self.session if register is self.course and showing_sessions else register).new()

    def course_id(self) -> str:
        row = self.courses.current()
        return row.id if row is not None else ""

    def _course_changed(self, *_args) -> None:
        row = self.courses.current()
        self.course_title.setText(
            _("{title} — {start} to {end}, {place}").format(
                title=row.title,
                start=format_date(row.start_date),
                end=format_date(row.end_date),
                place=row.place,
            )
            if row
            else _("Choose a course on the left, or make a new one.")
        )
        self.sessions.reload()
        self.grid_model.load(self.course_id())

    def refresh(self) -> None:
        if self.tabs.currentWidget() is self.people_tab:
            self.people.reload()
        else:
            self._reload_course()

    def _reload_course(self, *_args) -> None:
        self.courses.reload()
        self._course_changed()

    # Records ----------------------------------------------------------------------------

    def edit_person(self, row: PersonRow) -> None:
        form = PersonForm(self, self.book, self.book.training.get_person(row.id))
        run_form(form, lambda _id: self.people.reload())

    def new_course(self) -> None:
        run_form(CourseForm(self, self.book), lambda _id: self._reload_course())

    def edit_course(self) -> None:
        if self.course_id():
            form = CourseForm(self, self.book, self.book.training.get_course(self.course_id()))
            run_form(form, self._reload_course)

    def new_session(self) -> None:
        if self._need_course():
            run_form(SessionForm(self, self.book, self.course_id()), self._reload_course)

    def edit_session(self) -> None:
        row = self.sessions.current()
        if row is not None:
            form = SessionForm(
                self, self.book, row.course_id, self.book.training.get_session(row.id)
            )
            run_form(form, self._reload_course)

    def new_person(self) -> None:
        run_form(PersonForm(self, self.book), lambda _id: self.people.reload())

    def add_trainee(self) -> None:
        if self._need_course():
            run_form(PersonForm(self, self.book, course_id=self.course_id()), self._reload_course)

    def walk_in(self) -> None:
        session = self.grid_model.session_at(self.grid.currentIndex().column())
        if session is None:
            self.window.statusBar().showMessage(
                _("Choose a session's column in the grid first."), 5000
            )
            return
        run_form(PersonForm(self, self.book, session_id=session.id), self._reload_course)

    def import_list(self) -> None:
        if not self._need_course():
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a list of trainees"),
            str(Path.home()),
            _("Spreadsheets and CSV (*.xlsx *.csv);;All files (*)"),
        )
        if not chosen:
            return
        path, book = Path(chosen), self.book
        Task(self, lambda progress: people_import.read_people(book, path, progress)).done(
            lambda rows: self._preview(path, rows)
        ).run(progress=_("Reading the list…"))

    def _preview(self, path: Path, rows: list) -> None:
        dialog = ImportDialog(self, self.book, self.course_id(), path, rows)
        if run_modal(dialog):
            created, enrolled = dialog.result_counts
            self.window.statusBar().showMessage(
                _("{enrolled} people put on the course ({created} new).").format(
                    enrolled=enrolled, created=created
                ),
                8000,
            )
            self._reload_course()

    def print_signin(self) -> None:
        """The reports page, ready to print the sign-in sheet of the chosen session."""
        if not self._need_course():
            return
        session = self.grid_model.session_at(max(self.grid.currentIndex().column(), 0))
        self.window.show_page("reports")
        self.window.current().choose(
            "signin", course=self.course_id(), session=session.id if session else ""
        )

    def _need_course(self) -> bool:
        if self.course_id():
            return True
        self.window.statusBar().showMessage(_("Choose a course first."), 5000)
        return False
