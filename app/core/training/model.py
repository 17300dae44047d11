"""Training attendance's records and rows: courses, their sessions, trainees and the
statuses a trainee is marked with.

People are listed by given name (the last word), then family and middle name.
"""

from dataclasses import dataclass
from datetime import date

from app.core.records import short_ref
from app.i18n import N_, pgettext

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


# The SQL that counts a session's (or a person's) marks of each status, as columns named
# after the statuses; `a` is the attendance table.
STATUS_COUNTS = ", ".join(
    f"coalesce(sum(a.status = '{status}'), 0) AS {status}" for status in STATUSES
)
