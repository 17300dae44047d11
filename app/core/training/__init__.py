"""Training attendance: courses, their sessions, trainees, enrolments and who attended.

`Training` (a book's `book.training`) is made of three parts, each in its own module:
courses.py (courses and sessions), people.py (trainees), attendance.py (enrolment, marks and
totals); model.py holds the records and rows, fields.py the rules they are checked by.
"""

from app.core.training.attendance import Attendance
from app.core.training.courses import CoursesAndSessions
from app.core.training.fields import (
    attendance_fields,
    course_fields,
    course_words,
    person_fields,
    person_words,
    session_fields,
    session_in_course,
    session_words,
)
from app.core.training.model import (
    GENDERS,
    STATUSES,
    AttendanceRow,
    Course,
    CourseRow,
    Person,
    PersonRow,
    Session,
    SessionRow,
    Totals,
    mark_letters,
)
from app.core.training.people import People


class Training(CoursesAndSessions, People, Attendance):
    """A book's courses, sessions, trainees and attendance."""

    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db


__all__ = [
    "GENDERS",
    "STATUSES",
    "AttendanceRow",
    "Course",
    "CourseRow",
    "Person",
    "PersonRow",
    "Session",
    "SessionRow",
    "Totals",
    "Training",
    "attendance_fields",
    "course_fields",
    "course_words",
    "mark_letters",
    "person_fields",
    "person_words",
    "session_fields",
    "session_in_course",
    "session_words",
]
