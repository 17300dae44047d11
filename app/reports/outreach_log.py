"""The outreach log of a month as a register, with its totals by kind, topic and plan
content."""

from datetime import date

from app.core.dates import month_bounds
from app.i18n import _, pgettext
from app.reports.document import Column, Document, Table, Text
from app.reports.pdf import number


def month_title(month: str) -> str:
    """The month inside a sentence ("tháng 10/2026")."""
    return _("Month {month}/{year}").format(month=month[5:7], year=month[:4])


def month_heading(month: str) -> str:
    """The month as a document's subtitle, or the start of one ("Tháng 10/2026")."""
    return pgettext("heading", "Month {month}/{year}").format(month=month[5:7], year=month[:4])


def tally_table(tallies, heading: str, sheet: str) -> Table:
    return Table(
        [
            Column(heading, 4.2),
            Column(_("Activities"), 1.0, "number"),
            Column(_("Audience"), 1.1, "number"),
            Column(_("Women"), 1.0, "number"),
            Column(_("Ethnic minorities"), 1.2, "number"),
            Column(_("Foreigners"), 1.1, "number"),
        ],
        [[t.label, t.activities, t.audience, t.women, t.ethnic, t.foreign] for t in tallies],
        caption=heading,
        sheet=sheet,
        font_size=10,
    )


def outreach_log(book, month: str) -> Document:
    first, last = month_bounds(month)
    outreach = book.outreach
    rows = []
    for place, a in enumerate(outreach.activities(month=month, limit=None, sort="date"), start=1):
        where = ", ".join(part for part in (a.place, a.village, a.commune) if part)
        rows.append(
            [
                place,
                date.fromisoformat(a.date),
                a.kind,
                a.title,
                where,
                a.audience_total,
                a.audience_women,
                a.audience_ethnic,
                a.audience_foreign,
                a.topics,
                a.plan_content,
                a.staff,
            ]
        )
    (total,) = outreach.totals(month=month, by="all")
    register = Table(
        [
            Column(_("No."), 0.55, "number"),
            Column(_("Date"), 0.95, "date"),
            Column(_("Kind"), 1.5),
            Column(_("Content"), 3.3),
            Column(_("Place"), 1.9),
            Column(_("Audience"), 0.8, "number"),
            Column(_("Women"), 0.7, "number"),
            Column(_("Minorities"), 0.75, "number"),
            Column(_("Foreigners"), 0.8, "number"),
            Column(_("Topics"), 2.0),
            Column(_("Plan"), 0.6),
            Column(_("Staff"), 1.6),
        ],
        rows,
        sheet=_("Outreach log"),
        font_size=9,
        totals=[
            "",
            None,
            _("Total"),
            f"{total.activities} " + _("activities"),
            "",
            total.audience,
            total.women,
            total.ethnic,
            total.foreign,
            "",
            "",
            "",
        ],
    )
    summary = Text(
        _(
            "In {month}: {activities} activities reaching {audience} people, of whom "
            "{women} women, {ethnic} people of ethnic minorities and {foreign} "
            "foreigners."
        ).format(
            month=month_title(month),
            activities=number(total.activities),
            audience=number(total.audience),
            women=number(total.women),
            ethnic=number(total.ethnic),
            foreign=number(total.foreign),
        )
    )
    return Document(
        _("Outreach log"),
        _("{month} (from {first} to {last})").format(
            month=month_heading(month),
            first=first[8:] + "/" + first[5:7],
            last=last[8:] + "/" + last[5:7],
        ),
        [
            summary,
            register,
            tally_table(
                outreach.totals(month=month, by="kind"), _("By kind of activity"), _("By kind")
            ),
            tally_table(outreach.totals(month=month, by="topic"), _("By topic"), _("By topic")),
            tally_table(
                outreach.totals(month=month, by="plan_content"),
                _("By plan content"),
                _("By plan content"),
            ),
        ],
        landscape=True,
    )
