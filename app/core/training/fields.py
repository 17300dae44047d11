"""The fields of each training record checked as the forms check them (the forms' rule and
the province's import), and the words a record is found by."""

from datetime import date

from app.core.dates import format_date
from app.core.training.model import GENDERS, STATUSES
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _


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
