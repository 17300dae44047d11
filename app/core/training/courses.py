"""Courses and their sessions: adding, changing and removing them, finding one by its short
reference, and their lists."""

from typing import Unpack

from app.core.dates import format_date, month_bounds
from app.core.errors import ValidationError
from app.core.query import Listing, Page
from app.core.records import starting_with, the_one
from app.core.training.fields import (
    course_fields,
    course_words,
    session_fields,
    session_in_course,
    session_words,
)
from app.core.training.model import STATUS_COUNTS, Course, CourseRow, Session, SessionRow
from app.core.validate import Fields
from app.i18n import N_, _

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
    f"{STATUS_COUNTS} FROM session s JOIN course c ON c.id = s.course_id "
    "LEFT JOIN attendance a ON a.session_id = s.id AND a.deleted_at IS NULL",
    alias="s",
    sorts={"date": "s.date", "start_time": "s.start_time", "course": "c.title", "topic": "s.topic"},
    order="s.date, s.start_time",
    group_by="s.id",
)


class CoursesAndSessions:
    """The courses and sessions part of `Training`."""

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
        noun, listing = {
            "course": (_("course"), "courses"),
            "session": (_("session"), "sessions"),
        }[table]
        return the_one(
            starting_with(self.db, table, typed),
            typed,
            _(
                "There is no {noun} with the reference “{typed}”. See the references in the "
                "Ref. column of `sodon list {listing}`."
            ).format(noun=noun, typed=(typed or "")[:40], listing=listing),
        )

    def courses(
        self,
        *,
        month: str | None = None,
        **page: Unpack[Page],
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
            **page,
        )

    def sessions(
        self,
        *,
        course_id: str | None = None,
        month: str | None = None,
        **page: Unpack[Page],
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
            **page,
        )
