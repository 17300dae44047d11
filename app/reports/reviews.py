"""Printed lists of reviews and commendations.

The year's reviews and the year's commendations, each as one table in the administrative
layout (the letterhead, the place and date, the title, signatures). At the provincial office
they hold the province's own records and the posts', with a column naming the post.
"""

from collections import Counter
from datetime import date

from app.core.dates import format_date
from app.core.reviews import FORMS, KINDS, LEVELS, RECIPIENT_KINDS
from app.i18n import _, ngettext
from app.reports.document import Column, Document, Table, Text


def _day(year: int) -> date:
    """The document's date: today, or the last day of a year already over."""
    return min(date(year, 12, 31), date.today())


def _label(labels: dict, key: str) -> str:
    return _(labels[key]) if key in labels else key


def review_list(book, year: int) -> Document:
    """The reviews held in `year`."""
    province = book.post.is_province
    rows = book.reviews.reviews(year=year, sort="date", limit=None)
    columns = [
        Column(_("No."), 0.5, "number"),
        *([Column(_("Post"), 1.1)] if province else []),
        Column(_("Date"), 0.95, "date"),
        Column(_("Kind"), 1.2),
        Column(_("Level"), 1.0),
        Column(_("Review"), 3.2),
        Column(_("From"), 0.95, "date"),
        Column(_("To"), 0.95, "date"),
        Column(_("Participants"), 0.9, "number"),
        Column(_("Chaired by"), 1.8),
        Column(_("Commendations"), 1.0, "number"),
    ]
    table = Table(
        columns,
        [
            [
                number,
                *([r.post_code] if province else []),
                date.fromisoformat(r.date),
                _label(KINDS, r.kind),
                _label(LEVELS, r.level),
                r.title,
                date.fromisoformat(r.period_from),
                date.fromisoformat(r.period_to),
                r.participants,
                r.chaired_by,
                r.commendations,
            ]
            for number, r in enumerate(rows, start=1)
        ],
        sheet=_("Reviews"),
        totals=[
            "",
            *([""] if province else []),
            "",
            "",
            "",
            _("Total"),
            "",
            "",
            sum(r.participants for r in rows),
            "",
            sum(r.commendations for r in rows),
        ]
        if rows
        else None,
        font_size=10,
    )
    kinds = Counter(r.kind for r in rows)
    summary = (
        ngettext(
            "{count} review held in {year}: {interim} interim, {final} final.",
            "{count} reviews held in {year}: {interim} interim, {final} final.",
            len(rows),
        ).format(count=len(rows), year=year, interim=kinds["interim"], final=kinds["final"])
        if rows
        else _("No review was recorded in {year}.").format(year=year)
    )
    return Document(
        _("Reviews of the year {year}").format(year=year),
        blocks=[Text(summary), table],
        landscape=True,
        day=_day(year),
    )


def commendation_list(book, year: int) -> Document:
    """The commendations decided in `year`, in the administrative layout."""
    province = book.post.is_province
    rows = book.reviews.commendations(year=year, sort="decision_date", limit=None)
    columns = [
        Column(_("No."), 0.5, "number"),
        *([Column(_("Post"), 1.1)] if province else []),
        Column(_("Commended"), 2.2),
        Column(_("Collective / individual"), 1.0),
        Column(_("Form"), 1.6),
        Column(_("Decision no."), 1.4),
        Column(_("Decided on"), 0.95, "date"),
        Column(_("Issued by"), 1.8),
        Column(_("Reason"), 2.6),
        Column(_("Review"), 1.8),
    ]
    table = Table(
        columns,
        [
            [
                number,
                *([r.post_code] if province else []),
                r.recipient,
                _label(RECIPIENT_KINDS, r.recipient_kind),
                _label(FORMS, r.form),
                r.decision_number,
                date.fromisoformat(r.decision_date),
                r.authority,
                r.reason,
                r.review or "",
            ]
            for number, r in enumerate(rows, start=1)
        ],
        sheet=_("Commendations"),
        font_size=10,
    )
    blocks: list = []
    if rows:
        recipients = Counter(r.recipient_kind for r in rows)
        forms = Counter(r.form for r in rows)
        blocks.append(
            Text(
                ngettext(
                    "{count} commendation decided in {year}: {collective} to collectives, "
                    "{individual} to individuals.",
                    "{count} commendations decided in {year}: {collective} to collectives, "
                    "{individual} to individuals.",
                    len(rows),
                ).format(
                    count=len(rows),
                    year=year,
                    collective=recipients["collective"],
                    individual=recipients["individual"],
                )
                + " "
                + "; ".join(
                    f"{_label(FORMS, form)}: {forms[form]}" for form in FORMS if forms[form]
                )
                + "."
            )
        )
    else:
        blocks.append(Text(_("No commendation was recorded in {year}.").format(year=year)))
    blocks.append(table)
    return Document(
        _("Commendations of the year {year}").format(year=year),
        _decided(rows[0].decision_date, rows[-1].decision_date) if rows else "",
        blocks,
        landscape=True,
        day=_day(year),
    )


def _decided(first: str, last: str) -> str:
    """The subtitle: the decisions' day, or the days between which they were made."""
    if first == last:
        return _("Decided on {day}").format(day=format_date(first))
    return _("Decisions from {first} to {last}").format(
        first=format_date(first), last=format_date(last)
    )
