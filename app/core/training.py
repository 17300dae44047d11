"""Training attendance: courses, their sessions, trainees, enrolments and who attended.

People are listed by given name (the last word), then family and middle name.
"""

from dataclasses import dataclass
from datetime import date

from app.core.dates import format_date, month_bounds
from app.core.errors import RecordNotFound, ValidationError
from app.core.query import Listing, rows_as
from app.core.text import name_sort_key
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _, pgettext

STATUSES = {
    "present": N_("Present"),
    "late": N_("Late"),
    "excused": N_("Excused"),
    "absent": N_("Absent"),
}
GENDERS = {"male": N_("Male"), "female": N_("Female")}


def mark_letters() -> dict[str, str]:
    """The letter of each status, on the attendance grid's keys and on paper alike: the
    initial of its name in the user's language ({status: letter})."""
    return {
        "present": pgettext("attendance key", "P"),
        "late": pgettext("attendance key", "L"),
        "excused": pgettext("attendance key", "E"),
        "absent": pgettext("attendance key", "A"),
    }


@dataclass
class Course:
    title: str = ""
    organiser: str = ""
    start_date: date | str | None = None
    end_date: date | str | None = None
    place: str = ""
    plan_content_id: str = ""
    notes: str = ""
    id: str = ""


@dataclass
class Session:
    course_id: str = ""
    date: date | str | None = None
    start_time: str = ""
    place: str = ""
    topic: str = ""
    notes: str = ""
    id: str = ""


@dataclass
class Person:
    full_name: str = ""
    birth_year: int | str | None = None
    gender: str = ""
    ethnicity: str = ""
    unit: str = ""
    position: str = ""
    phone: str = ""
    notes: str = ""
    id: str = ""


@dataclass(frozen=True)
class CourseRow:
    id: str
    title: str
    organiser: str
    start_date: str
    end_date: str
    place: str
    plan_content: str
    sessions: int
    trainees: int

    @property
    def ref(self) -> str:
        """A short reference a user can type (`sodon print` takes it, or the whole id)."""
        return short_ref(self.id)


@dataclass(frozen=True)
class SessionRow:
    id: str
    course_id: str
    course: str
    date: str
    start_time: str
    place: str
    topic: str
    present: int
    late: int
    excused: int
    absent: int

    @property
    def ref(self) -> str:
        """A short reference a user can type (`sodon print` takes it, or the whole id)."""
        return short_ref(self.id)


@dataclass(frozen=True)
class PersonRow:
    id: str
    full_name: str
    birth_year: int | None
    gender: str
    ethnicity: str
    unit: str
    position: str
    phone: str
    courses: int


@dataclass(frozen=True)
class AttendanceRow:
    session_id: str
    date: str
    course: str
    person_id: str
    full_name: str
    status: str
    notes: str


@dataclass(frozen=True)
class Totals:
    """Attendance counts of one person (over a course or all courses) or of one session."""

    id: str
    name: str
    present: int
    late: int
    excused: int
    absent: int
    unmarked: int

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def rate(self) -> float:
        """Share of sessions attended (present or late), 0 to 1."""
        total = self.present + self.late + self.excused + self.absent + self.unmarked
        return self.attended / total if total else 0.0


_COUNTS = ", ".join(f"coalesce(sum(a.status = '{status}'), 0) AS {status}" for status in STATUSES)

COURSES = Listing(
    CourseRow,
    "SELECT c.id, c.title, c.organiser, c.start_date, c.end_date, c.place, "
    "coalesce((SELECT code FROM lookup WHERE id = c.plan_content_id), '') AS plan_content, "
    "(SELECT count(*) FROM session WHERE course_id = c.id AND deleted_at IS NULL) AS sessions, "
    "(SELECT count(*) FROM enrolment WHERE course_id = c.id AND deleted_at IS NULL) AS trainees "
    "FROM course c",
    alias="c",
    sorts={
        "title": "c.title",
        "start_date": "c.start_date",
        "end_date": "c.end_date",
        "place": "c.place",
        "sessions": "sessions",
        "trainees": "trainees",
    },
    order="c.start_date DESC, c.title",
)
SESSIONS = Listing(
    SessionRow,
    f"SELECT s.id, s.course_id, c.title AS course, s.date, s.start_time, s.place, s.topic, "
    f"{_COUNTS} FROM session s JOIN course c ON c.id = s.course_id "
    "LEFT JOIN attendance a ON a.session_id = s.id AND a.deleted_at IS NULL",
    alias="s",
    sorts={"date": "s.date", "start_time": "s.start_time", "course": "c.title", "topic": "s.topic"},
    order="s.date, s.start_time",
    group_by="s.id",
)
PEOPLE = Listing(
    PersonRow,
    "SELECT p.id, p.full_name, p.birth_year, p.gender, p.ethnicity, p.unit, p.position, "
    "p.phone, (SELECT count(*) FROM enrolment WHERE person_id = p.id AND deleted_at IS NULL) "
    "AS courses FROM person p",
    alias="p",
    sorts={
        "full_name": "p.sort_key",
        "birth_year": "p.birth_year",
        "gender": "p.gender",
        "ethnicity": "p.ethnicity",
        "unit": "p.unit",
        "position": "p.position",
    },
    order="p.sort_key",
)
ATTENDANCE = Listing(
    AttendanceRow,
    "SELECT a.session_id, s.date, c.title AS course, p.id AS person_id, p.full_name, a.status, "
    "a.notes FROM attendance a JOIN session s ON s.id = a.session_id "
    "JOIN course c ON c.id = s.course_id JOIN person p ON p.id = a.person_id",
    alias="a",
    sorts={"date": "s.date", "course": "c.title", "full_name": "p.sort_key", "status": "a.status"},
    order="s.date, s.start_time, p.sort_key",
    searched="p.search_text",
)


class Training:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    # Courses and sessions --------------------------------------------------------------

    def add_course(self, course: Course) -> str:
        values = self.validate_course(course)
        return self.records.insert("course", values, search=course_words(values))

    def update_course(self, course: Course) -> None:
        values = self.validate_course(course)
        outside = self.db.execute(
            "SELECT min(date), max(date) FROM session WHERE course_id = ? AND deleted_at IS NULL "
            "AND (date < ? OR date > ?)",
            [course.id, values["start_date"], values["end_date"]],
        ).fetchone()
        if outside[0]:
            raise ValidationError(
                {
                    "start_date": _(
                        "Some sessions fall outside these dates (from {first} to {last}); move or remove "
                        "those sessions first."
                    ).format(first=format_date(outside[0]), last=format_date(outside[1]))
                }
            )
        with self.records.transaction():
            self.records.update("course", course.id, values, search=course_words(values))
            sessions = self.db.execute(
                "SELECT id, topic, place FROM session WHERE course_id = ?", [course.id]
            ).fetchall()
            self.records.reindex(
                "session",
                [
                    (
                        session_id,
                        self._session_words(
                            {"course_id": course.id, "topic": topic, "place": place}
                        ),
                    )
                    for session_id, topic, place in sessions
                ],
            )

    def get_course(self, course_id: str) -> Course:
        row = self.records.get("course", course_id)
        fields = {k: row[k] for k in Course.__dataclass_fields__}
        fields["plan_content_id"] = fields["plan_content_id"] or ""
        return Course(**fields)

    def delete_course(self, course_id: str) -> None:
        self.records.delete("course", course_id)

    def add_session(self, session: Session) -> str:
        values = self.validate_session(session)
        return self.records.insert("session", values, search=self._session_words(values))

    def update_session(self, session: Session) -> None:
        values = self.validate_session(session)
        self.records.update("session", session.id, values, search=self._session_words(values))

    def get_session(self, session_id: str) -> Session:
        row = self.records.get("session", session_id)
        return Session(**{k: row[k] for k in Session.__dataclass_fields__})

    def delete_session(self, session_id: str) -> None:
        self.records.delete("session", session_id)

    def validate_course(self, course: Course) -> dict:
        f = Fields()
        values = course_fields(f, course)
        if course.plan_content_id:
            item = self.book.lookups.get(course.plan_content_id)
            if item is None or item.list != "plan_content" or item.deleted:
                f.error(
                    "plan_content_id",
                    N_("Plan content"),
                    _("that choice is no longer in the list; choose another."),
                )
            values["plan_content_id"] = course.plan_content_id
        f.done()
        return values

    def validate_session(self, session: Session) -> dict:
        f = Fields()
        values = {
            "course_id": f.existing(
                "course_id", session.course_id, N_("Course"), self.db, "course"
            ),
            **session_fields(f, session),
        }
        f.done()
        start, end = self.db.execute(
            "SELECT start_date, end_date FROM course WHERE id = ?", [values["course_id"]]
        ).fetchone()
        session_in_course(f, values["date"], start, end)
        f.done()
        return values

    def _session_words(self, values: dict) -> list:
        course = self.db.execute(
            "SELECT title FROM course WHERE id = ?", [values["course_id"]]
        ).fetchone()[0]
        return session_words(values, course)

    def find(self, table: str, typed: str) -> str:
        """The id of the course or session a user named by its short reference (the Ref.
        column of `sodon list courses|sessions`) or by its whole id."""
        wanted = (typed or "").strip().lower()
        noun, listing = {
            "course": (_("course"), "courses"),
            "session": (_("session"), "sessions"),
        }[table]
        found = []
        if len(wanted) >= 4 and all(c in "0123456789abcdef-" for c in wanted):
            found = [
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM [{table}] WHERE deleted_at IS NULL AND id >= ? AND id < ? "
                    "LIMIT 2",
                    [wanted, wanted + "~"],
                )
            ]
        if not found:
            raise RecordNotFound(
                _(
                    "There is no {noun} with the reference “{typed}”. See the references in the "
                    "Ref. column of `sodon list {listing}`."
                ).format(noun=noun, typed=typed[:40], listing=listing)
            )
        if len(found) > 1:
            raise ValidationError(
                {
                    table: _(
                        "Several records begin with “{typed}”; type more of the reference."
                    ).format(typed=typed[:40])
                }
            )
        return found[0]

    # People ----------------------------------------------------------------------------

    def add_person(self, person: Person) -> str:
        values = self.validate_person(person)
        return self.records.insert("person", values, search=person_words(values))

    def update_person(self, person: Person) -> None:
        values = self.validate_person(person)
        self.records.update("person", person.id, values, search=person_words(values))

    def get_person(self, person_id: str) -> Person:
        row = self.records.get("person", person_id)
        return Person(**{k: row[k] for k in Person.__dataclass_fields__})

    def delete_person(self, person_id: str) -> None:
        self.records.delete("person", person_id)

    def find_people(self, full_name: str, birth_year: int | None = None) -> list[PersonRow]:
        """People already in the book with this name (and birth year, if given): to avoid
        entering the same trainee twice."""
        key = name_sort_key(full_name).split("\x01")[2]
        rows = self.people(limit=None, search=full_name)
        return [
            r
            for r in rows
            if name_sort_key(r.full_name).split("\x01")[2] == key
            and (birth_year is None or r.birth_year in (None, birth_year))
        ]

    def validate_person(self, person: Person) -> dict:
        f = Fields()
        values = person_fields(f, person)
        f.done()
        values["sort_key"] = name_sort_key(values["full_name"])
        return values

    # Enrolment and attendance ------------------------------------------------------------

    def enrol(self, course_id: str, person_id: str, *, walk_in: bool = False) -> str:
        """Put a person on a course's list (again, if they had been taken off)."""
        f = Fields()
        f.existing("course_id", course_id, N_("Course"), self.db, "course")
        f.existing("person_id", person_id, N_("Trainee"), self.db, "person")
        f.done()
        row = self.db.execute(
            "SELECT id, deleted_at FROM enrolment WHERE course_id = ? AND person_id = ?",
            [course_id, person_id],
        ).fetchone()
        if row is None:
            return self.records.insert(
                "enrolment",
                {"course_id": course_id, "person_id": person_id, "walk_in": int(walk_in)},
            )
        enrolment_id, deleted_at = row
        if deleted_at:
            self.records.restore("enrolment", enrolment_id)
        return enrolment_id

    def unenrol(self, course_id: str, person_id: str) -> None:
        """Take a person off a course's list; their marked attendance stays on record."""
        row = self.db.execute(
            "SELECT id FROM enrolment WHERE course_id = ? AND person_id = ? AND deleted_at IS NULL",
            [course_id, person_id],
        ).fetchone()
        if row:
            (enrolment_id,) = row
            self.records.delete("enrolment", enrolment_id)

    def set_attendance(self, session_id: str, person_id: str, status: str, notes: str = "") -> None:
        """Mark a trainee present, late, excused or absent at a session."""
        f = Fields()
        f.existing("session_id", session_id, N_("Session"), self.db, "session")
        notes = attendance_fields(f, status, notes)["notes"]
        f.done()
        course_id = self.db.execute(
            "SELECT course_id FROM session WHERE id = ?", [session_id]
        ).fetchone()[0]
        enrolled = self.db.execute(
            "SELECT 1 FROM enrolment WHERE course_id = ? AND person_id = ? AND deleted_at IS NULL",
            [course_id, person_id],
        ).fetchone()
        if not enrolled:
            raise ValidationError(
                {
                    "person_id": _(
                        "This person is not on the course's list; add them to the course (or as a "
                        "walk-in) first."
                    )
                }
            )
        row = self.db.execute(
            "SELECT id, status, notes, deleted_at FROM attendance WHERE session_id = ? "
            "AND person_id = ?",
            [session_id, person_id],
        ).fetchone()
        with self.records.transaction():
            if row is None:
                self.records.insert(
                    "attendance",
                    {
                        "session_id": session_id,
                        "person_id": person_id,
                        "status": status,
                        "notes": notes,
                    },
                )
                return
            mark_id, marked, noted, deleted_at = row
            if deleted_at:
                self.records.restore("attendance", mark_id)
            if (marked, noted) != (status, notes):
                self.records.update("attendance", mark_id, {"status": status, "notes": notes})

    def clear_attendance(self, session_id: str, person_id: str) -> None:
        row = self.db.execute(
            "SELECT id FROM attendance WHERE session_id = ? AND person_id = ? "
            "AND deleted_at IS NULL",
            [session_id, person_id],
        ).fetchone()
        if row:
            (mark_id,) = row
            self.records.delete("attendance", mark_id)

    def add_walk_in(self, session_id: str, person: Person | str) -> str:
        """Someone not on the list came to a session: add them (new or already known) to the
        course as a walk-in and mark them present. Returns the person's id."""
        with self.records.transaction():
            person_id = person if isinstance(person, str) else self.add_person(person)
            session = self.records.get("session", session_id)
            self.enrol(session["course_id"], person_id, walk_in=True)
            self.set_attendance(session_id, person_id, "present")
        return person_id

    # Reading ---------------------------------------------------------------------------

    def courses(
        self,
        *,
        search: str | None = None,
        month: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[CourseRow]:
        """Courses, latest first; a month keeps the courses running during it."""
        where, params = [], []
        if month:
            first, last = month_bounds(month)
            where.append("c.start_date <= ? AND c.end_date >= ?")
            params += [last, first]
        return COURSES.fetch(
            self.db,
            where=where,
            params=params,
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def sessions(
        self,
        *,
        course_id: str | None = None,
        search: str | None = None,
        month: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[SessionRow]:
        """Sessions in date order, with their attendance counts."""
        where, params = [], []
        if course_id:
            where.append("s.course_id = ?")
            params.append(course_id)
        if month:
            where.append("s.date BETWEEN ? AND ?")
            params += month_bounds(month)
        return SESSIONS.fetch(
            self.db,
            where=where,
            params=params,
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def people(
        self,
        *,
        search: str | None = None,
        course_id: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[PersonRow]:
        """People by given name, then family and middle name."""
        where, params = [], []
        if course_id:
            where.append(
                "p.id IN (SELECT person_id FROM enrolment WHERE course_id = ? "
                "AND deleted_at IS NULL)"
            )
            params.append(course_id)
        return PEOPLE.fetch(
            self.db,
            where=where,
            params=params,
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def attendance(
        self,
        *,
        course_id: str | None = None,
        session_id: str | None = None,
        month: str | None = None,
        search: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[AttendanceRow]:
        """Marked attendance, by session date then given name."""
        where, params = ["s.deleted_at IS NULL"], []
        if course_id:
            where.append("s.course_id = ?")
            params.append(course_id)
        if session_id:
            where.append("a.session_id = ?")
            params.append(session_id)
        if month:
            where.append("s.date BETWEEN ? AND ?")
            params += month_bounds(month)
        return ATTENDANCE.fetch(
            self.db,
            where=where,
            params=params,
            search=search,
            post=post,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def grid(self, course_id: str) -> tuple[list[SessionRow], list[PersonRow], dict]:
        """A course's attendance sheet: sessions, people on the list, and the status of each
        (person id, session id) that was marked."""
        sessions = self.sessions(course_id=course_id, limit=None)
        people = self.people(course_id=course_id, limit=None)
        marks = {
            (r.person_id, r.session_id): r.status
            for r in self.attendance(course_id=course_id, limit=None)
        }
        return sessions, people, marks

    def person_totals(self, *, course_id: str | None = None) -> list[Totals]:
        """Per person: sessions present, late, excused, absent and not marked, over one
        course or every course they are on."""
        course_filter = "AND e.course_id = ?" if course_id else ""
        params = [course_id] if course_id else []
        sql = (
            f"SELECT p.id, p.full_name AS name, {_COUNTS}, "
            "count(s.id) - count(a.id) AS unmarked "
            "FROM enrolment e JOIN person p ON p.id = e.person_id "
            "JOIN session s ON s.course_id = e.course_id AND s.deleted_at IS NULL "
            "LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = p.id "
            "AND a.deleted_at IS NULL "
            f"WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL {course_filter} "
            "GROUP BY p.id ORDER BY p.sort_key"
        )
        return rows_as(Totals, self.db.execute(sql, params))

    def session_totals(self, course_id: str) -> list[Totals]:
        """Per session of a course: how many were present, late, excused, absent, unmarked."""
        enrolled = self._enrolled(course_id)
        return [
            Totals(
                s.id,
                format_date(s.date),
                s.present,
                s.late,
                s.excused,
                s.absent,
                max(0, enrolled - (s.present + s.late + s.excused + s.absent)),
            )
            for s in self.sessions(course_id=course_id, limit=None)
        ]

    def _enrolled(self, course_id: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM enrolment WHERE course_id = ? AND deleted_at IS NULL", [course_id]
        ).fetchone()[0]


def course_words(values: dict) -> list:
    return [values["title"], values["organiser"], values["place"], values["notes"]]


def person_words(values: dict) -> list:
    return [
        values["full_name"],
        values["ethnicity"],
        values["unit"],
        values["position"],
        values["phone"],
        values["birth_year"] or "",
    ]


def session_words(values: dict, course_title: str) -> list:
    return [course_title, values["topic"], values["place"]]


# The fields of each record checked as the forms check them: the forms' rule and the import's.


def course_fields(f: Fields, course) -> dict:
    """A course's own fields (its plan content is checked by the caller)."""
    values = {
        "title": f.text("title", course.title, N_("Course title"), required=True),
        "organiser": f.text("organiser", course.organiser, N_("Organiser")),
        "start_date": f.date("start_date", course.start_date, N_("From")),
        "end_date": f.date("end_date", course.end_date, N_("To")),
        "place": f.text("place", course.place, N_("Place")),
        "plan_content_id": None,
        "notes": f.text("notes", course.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        f.error(
            "end_date",
            N_("To"),
            _("the course cannot end before it starts ({date}).").format(date=format_date(start)),
        )
    return values


def session_fields(f: Fields, session) -> dict:
    """A session's own fields (its course is checked by the caller)."""
    return {
        "date": f.date("date", session.date, N_("Date")),
        "start_time": f.text("start_time", session.start_time, N_("Time"), max_length=20),
        "place": f.text("place", session.place, N_("Place")),
        "topic": f.text("topic", session.topic, N_("Topic of the session")),
        "notes": f.text("notes", session.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def session_in_course(f: Fields, day: str | None, start: str, end: str) -> None:
    """A session is held on a day of its course."""
    if day and not start <= day <= end:
        f.error(
            "date",
            N_("Date"),
            _(
                "the course runs from {start} to {end}; choose a day within it, or change the "
                "course's dates first."
            ).format(start=format_date(start), end=format_date(end)),
        )


def person_fields(f: Fields, person) -> dict:
    return {
        "full_name": f.text(
            "full_name", person.full_name, N_("Full name"), required=True, max_length=120
        ),
        "birth_year": f.integer(
            "birth_year",
            person.birth_year,
            N_("Year of birth"),
            minimum=1900,
            maximum=date.today().year,
            required=False,
        ),
        "gender": f.choice("gender", person.gender, N_("Gender"), GENDERS, required=False),
        "ethnicity": f.text("ethnicity", person.ethnicity, N_("Ethnicity"), max_length=60),
        "unit": f.text("unit", person.unit, N_("Unit")),
        "position": f.text("position", person.position, N_("Position")),
        "phone": f.text("phone", person.phone, N_("Phone"), max_length=40),
        "notes": f.text("notes", person.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def attendance_fields(f: Fields, status: str, notes: str) -> dict:
    return {
        "status": f.choice("status", status, N_("Attendance"), STATUSES),
        "notes": f.text("notes", notes, N_("Notes"), max_length=500),
    }


REF_LENGTH = 8


def short_ref(record_id: str) -> str:
    return record_id[:REF_LENGTH]
