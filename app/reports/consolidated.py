"""The provincial office's papers: who has reported (posts × months), and the consolidated
report of all posts over a quarter or a year."""

from collections import defaultdict
from datetime import date

from app.exchange import province
from app.i18n import _
from app.reports.document import Chart, Column, Document, Table, Text


def completeness(book, year: int) -> Document:
    rows = province.completeness(book, year)
    columns = [Column(_("Post"), 2.6)] + [Column(f"{n:02d}", 0.75, "mark") for n in range(1, 13)]
    table = Table(
        columns,
        [[f"{r.code} — {r.name}"] + [province.mark(c.status) for c in r.cells] for r in rows],
        sheet=_("Reporting"),
        font_size=9,
    )
    legend = Text(
        _(
            "✓ sent on time (by the 5th of the next month) · late · corr. a correction "
            "was received · ✗ missing · — before the post began reporting."
        ),
        "note",
    )
    return Document(
        _("Monthly reporting of the posts"),
        _("Year {year}").format(year=year),
        [legend, table],
        landscape=True,
    )


def consolidated(book, year: int, quarter: int | None = None) -> Document:
    first, last = province.period_bounds(year, quarter)
    span = (
        _("quarter {quarter}/{year}").format(quarter=quarter, year=year)
        if quarter
        else _("year {year}").format(year=year)
    )
    figures = province.figures_by_post(book, first, last)
    per_post = Table(
        [
            Column(_("Post"), 3.0),
            Column(_("Activities"), 1.0, "number"),
            Column(_("Audience"), 1.1, "number"),
            Column(_("Women"), 1.0, "number"),
            Column(_("Ethnic minorities"), 1.1, "number"),
            Column(_("Foreigners"), 1.0, "number"),
            Column(_("Copies received"), 1.1, "number"),
            Column(_("Copies handed out"), 1.1, "number"),
            Column(_("Courses"), 0.9, "number"),
            Column(_("Trainees"), 0.9, "number"),
        ],
        [
            [
                f"{f.code} — {f.name}",
                f.activities,
                f.audience,
                f.women,
                f.ethnic,
                f.foreign,
                f.copies_in,
                f.copies_out,
                f.courses,
                f.trainees,
            ]
            for f in figures
        ],
        caption=_("By post"),
        sheet=_("By post"),
        font_size=9,
        totals=[_("Total")]
        + [
            sum(getattr(f, name) for f in figures)
            for name in (
                "activities",
                "audience",
                "women",
                "ethnic",
                "foreign",
                "copies_in",
                "copies_out",
                "courses",
                "trainees",
            )
        ],
    )
    blocks = [Text(_("I. Outreach, book cabinets and training by post"), "heading"), per_post]
    if figures:
        blocks.append(
            Chart(
                _("Activities by post"), [f.code for f in figures], [f.activities for f in figures]
            )
        )
    blocks.append(Text(_("II. Activities by plan content, kind and topic"), "heading"))
    codes = [f.code for f in figures]
    for by, heading, sheet in (
        ("plan_content", _("By plan content"), _("By plan content")),
        ("kind", _("By kind of activity"), _("By kind")),
        ("topic", _("By topic"), _("By topic")),
    ):
        cells: dict[str, dict[str, int]] = defaultdict(dict)
        for code, label, count, _audience in province.activities_by(book, first, last, by):
            cells[label][code] = count
        blocks.append(
            Table(
                [Column(heading, 3.6)]
                + [Column(code, 0.9, "number") for code in codes]
                + [Column(_("Total"), 1.0, "number")],
                [
                    [label, *(per.get(code, 0) for code in codes), sum(per.values())]
                    for label, per in cells.items()
                ],
                caption=heading,
                sheet=sheet,
                font_size=9,
            )
        )
    return Document(
        _("Consolidated report"),
        _(
            "Information, communication and external information in the border areas — {span}"
        ).format(span=span),
        blocks,
        landscape=True,
        day=min(last, date.today()),
    )


def deliveries(book, year: int) -> Document:
    """Publications sent to the posts in a year: per post and title, the copies sent, those
    each post counted in (from the receipts its packages carried back), and what is missing."""
    lines = book.shipments.deliveries(year)
    names = dict(province.posts(book))
    rows = [
        [
            f"{line.to_post} — {names.get(line.to_post, '')}".rstrip(" —"),
            line.title,
            date.fromisoformat(line.sent_on),
            line.copies,
            date.fromisoformat(line.received_on) if line.received_on else None,
            line.received,
            line.short if line.received is not None else None,
        ]
        for line in lines
    ]
    sent = sum(line.copies for line in lines)
    received = sum(line.received or 0 for line in lines)
    waiting = sum(1 for line in lines if line.received is None)
    table = Table(
        [
            Column(_("Post"), 2.4),
            Column(_("Title"), 3.2),
            Column(_("Sent on"), 1.0, "date"),
            Column(_("Copies sent"), 0.9, "number"),
            Column(_("Received on"), 1.0, "date"),
            Column(_("Copies received"), 1.0, "number"),
            Column(_("Missing"), 0.9, "number"),
        ],
        rows,
        sheet=_("Publications"),
        totals=[_("Total"), "", None, sent, None, received, sum(r[6] or 0 for r in rows)],
        font_size=9,
    )
    summary = Text(
        _(
            "{count} shipments, {sent} copies sent, {received} counted in at the posts; "
            "{waiting} not yet received."
        ).format(count=len(lines), sent=sent, received=received, waiting=waiting)
    )
    return Document(
        _("Publications sent to the posts"),
        _("Year {year}").format(year=year),
        [summary, table],
        landscape=True,
    )
