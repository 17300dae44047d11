"""Papers of a course: the sign-in sheet of a session, and the attendance summary."""

from datetime import date

from app.core.dates import format_date
from app.core.training import mark_letters
from app.i18n import _, pgettext
from app.reports.document import Column, Document, Table, Text


def signin_sheet(book, session_id: str, *, blank: int = 5) -> Document:
    """Who must sign at a session, in given-name order, with empty lines for walk-ins."""
    training = book.training
    session = training.get_session(session_id)
    course = training.get_course(session.course_id)
    people = training.people(course_id=course.id, limit=None)
    rows = [
        [number, p.full_name, p.birth_year, p.unit, p.position, ""]
        for number, p in enumerate(people, start=1)
    ]
    rows += [[len(people) + extra, "", None, "", "", ""] for extra in range(1, blank + 1)]
    when = " ".join(part for part in (session.start_time, format_date(session.date)) if part)
    details = _("Session: {when}; place: {place}; topic: {topic}.").format(
        when=when, place=session.place or course.place or "…", topic=session.topic or "…"
    )
    table = Table(
        [
            Column(_("No."), 0.75, "number"),
            Column(_("Full name"), 2.9),
            Column(_("Born"), 0.9, "year"),
            Column(_("Unit"), 3.0),
            Column(_("Position"), 1.9),
            Column(_("Signature"), 2.1),
        ],
        rows,
        sheet=_("Sign-in sheet"),
        row_height=32,
        font_size=12,
    )
    return Document(
        _("Sign-in sheet"),
        course.title,
        [Text(details), table],
        day=date.fromisoformat(session.date),
    )


def attendance_summary(book, course_id: str) -> Document:
    """People × sessions with their marks, each person's totals and rate, each session's
    counts."""
    training = book.training
    course = training.get_course(course_id)
    sessions, people, marks = training.grid(course_id)
    letters = mark_letters()
    totals = {t.id: t for t in training.person_totals(course_id=course_id)}
    many = len(sessions) > 6
    columns = [Column(_("No."), 0.55, "number"), Column(_("Full name"), 2.6)]
    columns += [
        Column(f"{format_date(s.date)[:5]} {s.start_time}".strip(), 0.62, "mark") for s in sessions
    ]
    columns += [
        Column(pgettext("grid total", "Present"), 0.62, "number"),
        Column(pgettext("grid total", "Late"), 0.62, "number"),
        Column(pgettext("grid total", "Excused"), 0.62, "number"),
        Column(pgettext("grid total", "Absent"), 0.62, "number"),
        Column(pgettext("grid total", "Rate"), 0.62, "percent"),
    ]
    rows = []
    for number, person in enumerate(people, start=1):
        counted = totals.get(person.id)
        rows.append(
            [number, person.full_name]
            + [letters.get(marks.get((person.id, s.id)), "") for s in sessions]
            + (
                [counted.present, counted.late, counted.excused, counted.absent, counted.rate]
                if counted
                else [0, 0, 0, 0, 0.0]
            )
        )
    attended = [
        sum(marks.get((p.id, s.id)) in ("present", "late") for p in people) for s in sessions
    ]
    grand = [sum(r[-5 + i] for r in rows) for i in range(4)]
    possible = sum(grand) + sum(t.unmarked for t in totals.values())
    summary_row = [
        "",
        _("Attended"),
        *attended,
        *grand,
        (grand[0] + grand[1]) / possible if possible else 0.0,
    ]
    grid = Table(
        columns, rows, sheet=_("Attendance"), totals=summary_row, font_size=9 if many else 10
    )
    per_session = Table(
        [
            Column(_("Session"), 1.4),
            Column(_("Topic"), 3.4),
            Column(pgettext("grid total", "Present"), 0.8, "number"),
            Column(pgettext("grid total", "Late"), 0.8, "number"),
            Column(pgettext("grid total", "Excused"), 0.8, "number"),
            Column(pgettext("grid total", "Absent"), 0.8, "number"),
            Column(_("Not marked"), 0.9, "number"),
        ],
        [
            [
                f"{t.name} {s.start_time}".strip(),
                s.topic,
                t.present,
                t.late,
                t.excused,
                t.absent,
                t.unmarked,
            ]
            for s, t in zip(sessions, training.session_totals(course_id), strict=True)
        ],
        caption=_("Per session"),
        sheet=_("Per session"),
        font_size=10,
    )
    legend = Text(
        _(
            "Marks: {present} present · {late} late · {excused} excused · {absent} absent; the "
            "rate counts present and late among the sessions of the course."
        ).format(**letters),
        "note",
    )
    subtitle = _("{title} — from {start} to {end}").format(
        title=course.title, start=format_date(course.start_date), end=format_date(course.end_date)
    )
    return Document(
        _("Attendance summary"),
        subtitle,
        [grid, legend, per_session],
        landscape=len(sessions) > 3,
        day=min(date.fromisoformat(course.end_date), date.today()),
    )
