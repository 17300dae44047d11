"""The post's monthly report (báo cáo tháng): the month of the three registers measured
against the plan's contents, with charts, for the commander to sign."""

from datetime import date

from app.core.cabinets import MOVEMENT_KINDS
from app.core.dates import format_date, month_bounds
from app.core.overview import month_figures
from app.exchange import keys
from app.i18n import _
from app.reports.document import Chart, Column, Document, Table, Text
from app.reports.outreach_log import month_title, tally_table
from app.reports.pdf import number
from app.reports.plan import month_section


def monthly_report(book, month: str) -> Document:
    first, last = month_bounds(month)
    figures = month_figures(book, date.fromisoformat(first))
    outreach = book.outreach
    (total,) = outreach.totals(month=month, by="all")
    by_kind = outreach.totals(month=month, by="kind")
    by_plan = {t.label.split(" — ")[0]: t for t in outreach.totals(month=month, by="plan_content")}
    courses = book.training.courses(month=month, limit=None)
    blocks: list = [
        Text(_("I. Outreach"), "heading"),
        Text(
            _(
                "The post held {activities} activities reaching {audience} people, of whom {women} "
                "women, {ethnic} people of ethnic minorities and {foreign} foreigners."
            ).format(
                activities=number(total.activities),
                audience=number(total.audience),
                women=number(total.women),
                ethnic=number(total.ethnic),
                foreign=number(total.foreign),
            )
        ),
    ]
    plan_rows = []
    for item in book.lookups.items("plan_content"):
        tally = by_plan.get(item.code)
        plan_rows.append(
            [
                f"{item.code}. {item.label}",
                tally.activities if tally else 0,
                tally.audience if tally else 0,
                sum(1 for c in courses if c.plan_content == item.code),
            ]
        )
    blocks.append(
        Table(
            [
                Column(_("Plan content"), 5.2),
                Column(_("Activities"), 1.0, "number"),
                Column(_("Audience"), 1.1, "number"),
                Column(_("Courses"), 0.9, "number"),
            ],
            plan_rows,
            caption=_("Against the contents of the cooperation plan"),
            sheet=_("Plan contents"),
            font_size=10,
            totals=[_("Total"), total.activities, total.audience, len(courses)],
        )
    )
    if by_kind:
        blocks.append(
            Chart(
                _("Activities by kind"), [t.label for t in by_kind], [t.activities for t in by_kind]
            )
        )
    blocks.append(tally_table(by_kind, _("By kind of activity"), _("By kind")))

    moved = book.cabinets.movement_totals(month=month)
    stock = book.cabinets.stock(at=last, nonzero=True, limit=None)
    overdue = book.loans.overdue(on=min(date.fromisoformat(last), date.today()))
    blocks += [
        Text(_("II. Book cabinets"), "heading"),
        Text(
            _(
                "{received} copies were received and {handed} handed out; {lent} copies were lent and "
                "{returned} returned; {lost} lost, damaged or written off. At {date} the cabinets hold "
                "{stock} copies; {overdue} loans are overdue."
            ).format(
                received=number(moved.get("received", 0)),
                handed=number(-moved.get("handed_out", 0)),
                lent=number(-moved.get("lent", 0)),
                returned=number(moved.get("returned", 0)),
                lost=number(-sum(moved.get(k, 0) for k in ("lost", "damaged", "written_off"))),
                date=format_date(last),
                stock=number(sum(r.quantity for r in stock)),
                overdue=number(len(overdue)),
            )
        ),
    ]
    per_cabinet: dict[str, list[int]] = {}
    for row in stock:
        counts = per_cabinet.setdefault(row.cabinet, [0, 0])
        counts[0] += 1
        counts[1] += row.quantity
    blocks.append(
        Table(
            [
                Column(_("Cabinet"), 4.5),
                Column(_("Titles"), 1.0, "number"),
                Column(_("Copies"), 1.0, "number"),
            ],
            [[name, titles, copies] for name, (titles, copies) in per_cabinet.items()],
            caption=_("Stock at the end of the month"),
            sheet=_("Cabinets"),
            font_size=10,
        )
    )
    kinds = [k for k in MOVEMENT_KINDS if moved.get(k)]
    blocks.append(
        Table(
            [Column(_("Movement"), 3.0), Column(_("Copies"), 1.0, "number")],
            [[_(MOVEMENT_KINDS[k][1]), abs(moved[k])] for k in kinds],
            caption=_("Movements of copies in the month"),
            sheet=_("Movements"),
            font_size=10,
        )
    )

    blocks += [
        Text(_("III. Training"), "heading"),
        Text(
            _(
                "{courses} courses ran in the month with {sessions} sessions; {trainees} trainees "
                "attended."
            ).format(
                courses=number(figures.courses),
                sessions=number(figures.sessions),
                trainees=number(figures.trainees),
            )
        ),
    ]
    course_rows = []
    for course in courses:
        totals = book.training.person_totals(course_id=course.id)
        marked = sum(t.present + t.late + t.excused + t.absent for t in totals)
        course_rows.append(
            [
                course.title,
                date.fromisoformat(course.start_date),
                date.fromisoformat(course.end_date),
                course.sessions,
                course.trainees,
                sum(t.attended for t in totals) / marked if marked else None,
            ]
        )
    blocks.append(
        Table(
            [
                Column(_("Course"), 4.0),
                Column(_("From"), 1.0, "date"),
                Column(_("To"), 1.0, "date"),
                Column(_("Sessions"), 0.8, "number"),
                Column(_("Trainees"), 0.9, "number"),
                Column(_("Attendance"), 1.0, "percent"),
            ],
            course_rows,
            caption=_("Courses of the month"),
            sheet=_("Courses"),
            font_size=10,
        )
    )
    plan = month_section(book, date.fromisoformat(last))
    if plan:
        blocks += [Text(_("IV. The year's plan"), "heading"), *plan]
    blocks += [
        Text(
            _("V. Assessment and proposals") if plan else _("IV. Assessment and proposals"),
            "heading",
        )
    ]
    blocks += [Text("", "dots") for _line in range(4)]
    fingerprint = keys.existing_fingerprint(book.path)
    if fingerprint:
        blocks.append(
            Text(
                _("Fingerprint of the post's signing key, for the provincial office: {key}").format(
                    key=fingerprint
                ),
                "note",
            )
        )
    day = min(date.fromisoformat(last), date.today())
    return Document(
        _("Monthly report"),
        _("Information, communication and external information work — {month}").format(
            month=month_title(month)
        ),
        blocks,
        day=day,
    )
