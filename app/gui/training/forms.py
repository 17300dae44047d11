"""Forms of the training register: course, session, person, and a walk-in at a session."""

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.core.training import GENDERS, Course, Person, Session
from app.core.validate import errors_of
from app.gui.forms import RecordForm
from app.gui.outreach import lookup_items
from app.gui.widgets import DateEdit, LookupCombo
from app.i18n import _

ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "H'Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cờ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
]


def notes_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(60)
    return box


class CourseForm(RecordForm):
    def __init__(self, parent, book, course: Course | None = None):
        super().__init__(parent, _("Edit course") if course else _("New course"))
        self.book = book
        self.course_id = course.id if course else ""
        self.title_edit = self.field("title", _("Course &title"), QLineEdit())
        self.organiser = self.field("organiser", _("&Organiser"), QLineEdit())
        self.start = self.field("start_date", _("&From"), DateEdit())
        self.end = self.field("end_date", _("&To"), DateEdit())
        self.place = self.field("place", _("&Place"), QLineEdit())
        self.plan = self.field(
            "plan_content_id",
            _("Plan &content"),
            LookupCombo(lookup_items(book, "plan_content"), empty=_("(none)")),
        )
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if course:
            self.title_edit.setText(course.title)
            self.organiser.setText(course.organiser)
            self.start.set_value(course.start_date)
            self.end.set_value(course.end_date)
            self.place.setText(course.place)
            self.plan.set_value(course.plan_content_id)
            self.notes.setPlainText(course.notes)
        self.resize(620, 440)

    def draft(self) -> Course:
        return Course(
            title=self.title_edit.text(),
            organiser=self.organiser.text(),
            start_date=self.start.value(),
            end_date=self.end.value(),
            place=self.place.text(),
            plan_content_id=self.plan.value(),
            notes=self.notes.toPlainText(),
            id=self.course_id,
        )

    def check(self, draft: Course) -> dict[str, str]:
        return errors_of(lambda: self.book.training.validate_course(draft))

    def store(self, draft: Course) -> str:
        if draft.id:
            self.book.training.update_course(draft)
            return draft.id
        return self.book.training.add_course(draft)


class SessionForm(RecordForm):
    def __init__(self, parent, book, course_id: str, session: Session | None = None):
        super().__init__(parent, _("Edit session") if session else _("New session"))
        self.book = book
        self.course_id = course_id
        self.session_id = session.id if session else ""
        course = book.training.get_course(course_id)
        self.date = self.field("date", _("&Date"), DateEdit(course.start_date))
        self.time = self.field("start_time", _("T&ime"), QLineEdit())
        self.time.setPlaceholderText("07:30")
        self.place = self.field("place", _("&Place"), QLineEdit(course.place))
        self.topic = self.field("topic", _("&Topic of the session"), QLineEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if session:
            self.date.set_value(session.date)
            self.time.setText(session.start_time)
            self.place.setText(session.place)
            self.topic.setText(session.topic)
            self.notes.setPlainText(session.notes)
        self.resize(560, 360)

    def draft(self) -> Session:
        return Session(
            course_id=self.course_id,
            date=self.date.value(),
            start_time=self.time.text(),
            place=self.place.text(),
            topic=self.topic.text(),
            notes=self.notes.toPlainText(),
            id=self.session_id,
        )

    def check(self, draft: Session) -> dict[str, str]:
        return errors_of(lambda: self.book.training.validate_session(draft))

    def store(self, draft: Session) -> str:
        if draft.id:
            self.book.training.update_session(draft)
            return draft.id
        return self.book.training.add_session(draft)


class PersonForm(RecordForm):
    """A trainee. With `course_id` the new person is also put on that course's list; with
    `session_id` they are a walk-in at that session (on the list, and marked present). An
    existing person can be picked instead of typing them again."""

    def __init__(
        self,
        parent,
        book,
        person: Person | None = None,
        *,
        course_id: str = "",
        session_id: str = "",
    ):
        title = (
            _("Walk-in at the session")
            if session_id
            else _("Add a trainee to the course")
            if course_id
            else _("Edit person")
            if person
            else _("New person")
        )
        super().__init__(parent, title)
        self.book = book
        self.person_id = person.id if person else ""
        self.course_id = course_id
        self.session_id = session_id
        self.existing: LookupCombo | None = None
        if course_id or session_id:
            known = [
                (f"{p.full_name} ({p.birth_year or '?'}, {p.unit})", p.id)
                for p in book.training.people(limit=None)
            ]
            self.existing = self.field(
                "existing", _("Already in the &book"), LookupCombo(known, empty=_("(a new person)"))
            )
            self.existing.currentIndexChanged.connect(self._existing_changed)
        self.full_name = self.field("full_name", _("&Full name"), QLineEdit())
        self.birth_year = self.field("birth_year", _("&Year of birth"), QLineEdit())
        self.birth_year.setMaxLength(4)
        self.gender = self.field("gender", _("&Gender"), QComboBox())
        self.gender.addItem("—", "")
        for value, label in GENDERS.items():
            self.gender.addItem(_(label), value)
        self.ethnicity = self.field(
            "ethnicity", _("&Ethnicity"), LookupCombo([(e, e) for e in ETHNICITIES], empty="")
        )
        self.unit = self.field("unit", _("&Unit"), QLineEdit())
        self.position = self.field("position", _("&Position"), QLineEdit())
        self.phone = self.field("phone", _("P&hone"), QLineEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if person:
            self.full_name.setText(person.full_name)
            self.birth_year.setText(str(person.birth_year or ""))
            self.gender.setCurrentIndex(max(self.gender.findData(person.gender), 0))
            self.ethnicity.setEditText(person.ethnicity)
            self.unit.setText(person.unit)
            self.position.setText(person.position)
            self.phone.setText(person.phone)
            self.notes.setPlainText(person.notes)
        self.resize(600, 520)

    def _existing_changed(self) -> None:
        new = not self.existing.value()
        for name in (
            "full_name",
            "birth_year",
            "gender",
            "ethnicity",
            "unit",
            "position",
            "phone",
            "notes",
        ):
            self.fields[name][0].setEnabled(new)

    def draft(self) -> Person | str:
        if self.existing is not None and self.existing.value():
            return self.existing.value()
        return Person(
            full_name=self.full_name.text(),
            birth_year=self.birth_year.text(),
            gender=self.gender.currentData(),
            ethnicity=self.ethnicity.currentText(),
            unit=self.unit.text(),
            position=self.position.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
            id=self.person_id,
        )

    def check(self, draft: Person | str) -> dict[str, str]:
        if isinstance(draft, str):
            return {}
        return errors_of(lambda: self.book.training.validate_person(draft))

    def store(self, draft: Person | str) -> str:
        training = self.book.training
        if self.session_id:
            return training.add_walk_in(self.session_id, draft)
        if self.course_id:
            with self.book.records.transaction():
                person_id = draft if isinstance(draft, str) else training.add_person(draft)
                training.enrol(self.course_id, person_id)
            return person_id
        if draft.id:
            training.update_person(draft)
            return draft.id
        return training.add_person(draft)
