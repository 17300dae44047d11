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
from app.gui.dialogs import run_modal, show_error
from app.gui.forms import run_form
from app.gui.page import Page
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


class TrainingPage(Page):
    key = "training"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Training")
        book = self.book
        self.courses = RegisterPanel(
            COURSE_COLUMNS,
            lambda **q: book.training.courses(**q),
            filters=self.post_filter(),
            placeholder=_("Search a course…"),
        )
        self.courses.model.modelReset.connect(self._course_changed)
        self.courses.view.selectionModel().currentRowChanged.connect(self._course_changed)
        self.courses.view.activated_row.connect(lambda _row: self.edit_course())
        self.courses.view.delete_requested.connect(lambda _row: self.delete())

        self.sessions = RegisterPanel(
            LISTS["sessions"].columns,
            lambda **q: (
                book.training.sessions(course_id=self.course_id(), **q) if self.course_id() else []
            ),
            months=False,
            placeholder=_("Search a session…"),
        )
        self.sessions.view.activated_row.connect(lambda _row: self.edit_session())
        self.sessions.view.delete_requested.connect(lambda _row: self.delete())

        self.grid_model = AttendanceModel(book)
        self.grid = AttendanceGrid(self.grid_model)
        self.grid.failed.connect(lambda error: show_error(self, error))
        grid_help = QLabel(keys_help())
        grid_help.setObjectName("grid_help")
        grid_help.setWordWrap(True)
        self.editing(grid_help)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.addWidget(grid_help)
        grid_layout.addLayout(
            self.button_row(
                (_("Add a &walk-in at this session…"), self.walk_in),
                (_("Put a &trainee on the course…"), self.add_trainee),
                (_("&Import a list (XLSX, CSV)…"), self.import_list),
                (_("Print the sign-in &sheet…"), self.print_signin, False),
            )
        )
        grid_layout.addWidget(self.grid, 1)

        sessions_page = QWidget()
        sessions_layout = QVBoxLayout(sessions_page)
        sessions_layout.addLayout(
            self.button_row(
                (_("New &session…"), self.new_session), (_("Edit session"), self.edit_session)
            )
        )
        sessions_layout.addWidget(self.sessions)

        self.course_title = QLabel()
        font = self.course_title.font()
        font.setBold(True)
        self.course_title.setFont(font)
        self.course_title.setWordWrap(True)
        self.details = QTabWidget()
        self.details.addTab(grid_page, _("Attendance"))
        self.details.addTab(sessions_page, _("Sessions"))
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

        self.people = RegisterPanel(
            LISTS["people"].columns,
            lambda **q: book.training.people(**q),
            months=False,
            filters=self.post_filter(),
            placeholder=_("Search a name, unit, ethnicity…"),
        )
        self.people.view.activated_row.connect(lambda _row: self.edit())
        self.people.view.delete_requested.connect(lambda _row: self.delete())
        people_page = QWidget()
        people_layout = QVBoxLayout(people_page)
        people_layout.addLayout(self.button_row((_("New &person…"), self.new_person)))
        people_layout.addWidget(self.people)

        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, _("Courses"))
        self.tabs.addTab(people_page, _("People"))
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # Which course -----------------------------------------------------------------------

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
        if self.tabs.currentIndex() == 0:
            self.courses.reload()
            self._course_changed()
        else:
            self.people.reload()

    def focus_search(self) -> None:
        panel = self.courses if self.tabs.currentIndex() == 0 else self.people
        panel.search.setFocus()
        panel.search.selectAll()

    def _reload_course(self, *_args) -> None:
        self.courses.reload()
        self._course_changed()

    # Records ----------------------------------------------------------------------------

    def new(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.new_person()
        elif self.details.currentIndex() == 1 and self.course_id():
            self.new_session()
        else:
            self.new_course()

    def edit(self) -> None:
        if self.tabs.currentIndex() == 1:
            row = self.people.current()
            if row is not None:
                form = PersonForm(self, self.book, self.book.training.get_person(row.id))
                run_form(form, lambda _id: self.people.reload())
        elif self.sessions.view.hasFocus():
            self.edit_session()
        else:
            self.edit_course()

    def delete(self) -> None:
        training = self.book.training
        records = self.book.records
        if self.tabs.currentIndex() == 1:
            row = self.people.current()
            if row is not None:
                self.remove(
                    _("the person “{name}”").format(name=row.full_name),
                    lambda: training.delete_person(row.id),
                    lambda: records.restore("person", row.id),
                )
        elif self.sessions.view.hasFocus():
            row = self.sessions.current()
            if row is not None:
                self.remove(
                    _("the session of {date}").format(date=format_date(row.date)),
                    lambda: training.delete_session(row.id),
                    lambda: records.restore("session", row.id),
                )
        else:
            row = self.courses.current()
            if row is not None:
                self.remove(
                    _("the course “{title}”").format(title=row.title),
                    lambda: training.delete_course(row.id),
                    lambda: records.restore("course", row.id),
                )

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
