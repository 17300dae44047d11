"""Who is on a course's list and who came: enrolment, marks, walk-ins, the attendance sheet
of a course and the totals per person and per session."""

from typing import Unpack

from app.core.dates import format_date, month_bounds
from app.core.errors import ValidationError
from app.core.query import Listing, Page, rows_as
from app.core.training.fields import attendance_fields
from app.core.training.model import (
    STATUS_COUNTS,
    AttendanceRow,
    Person,
    PersonRow,
    SessionRow,
    Totals,
)
from app.core.validate import Fields
from app.i18n import N_, _

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


class Attendance:
    """The enrolment and attendance part of `Training`."""

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

    def attendance(
        self,
        *,
        course_id: str | None = None,
        session_id: str | None = None,
        month: str | None = None,
        **page: Unpack[Page],
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
            **page,
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
            f"SELECT p.id, p.full_name AS name, {STATUS_COUNTS}, "
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
