"""The loudspeaker stations' inventory of a year: every station standing during the year with
its state at the year's end (today, in the current year), and the year's changes of state."""

from datetime import date

from app.core.dates import format_date
from app.core.stations import STATES
from app.i18n import _
from app.reports.document import Column, Document, Table, Text
from app.reports.pdf import number


def station_inventory(book, year: int) -> Document:
    """The inventory of the post's loudspeaker stations: each with its state at the end of `year` (or today) and the changes of state during the year."""
    first = date(year, 1, 1)
    at = min(date(year, 12, 31), date.today())
    province = book.post.is_province
    changes = book.stations.changes(first, at) if at >= first else []
    changed = {c.station_id for c in changes}
    # Those installed by then and not removed before the year began.
    stations = [
        s
        for s in book.stations.stations(on=at, limit=None)
        if s.state is not None and (s.state != "removed" or s.id in changed)
    ]
    if province:
        stations.sort(key=lambda s: s.post_code)  # stable: by name within each post
    post = [Column(_("Post"), 0.8)] if province else []
    table = Table(
        [
            Column(_("No."), 0.5, "number"),
            *post,
            Column(_("Station"), 2.6),
            Column(_("Commune"), 1.4),
            Column(_("Village"), 1.4),
            Column(_("Installed on"), 1.0, "date"),
            Column(_("Funded by"), 2.0),
            Column(_("State on {date}").format(date=format_date(at)), 1.1),
            Column(_("Since"), 1.0, "date"),
        ],
        [
            [
                n,
                *([s.post_code] if province else []),
                s.name,
                s.commune,
                s.village,
                date.fromisoformat(s.installed_on),
                s.funded_by,
                _(STATES[s.state]),
                date.fromisoformat(s.state_on),
            ]
            for n, s in enumerate(stations, start=1)
        ],
        caption=_("Stations and their state on {date}").format(date=format_date(at)),
        sheet=_("Stations"),
        font_size=10,
    )
    history = Table(
        [
            Column(_("Date"), 1.0, "date"),
            *post,
            Column(_("Station"), 2.8),
            Column(_("State"), 1.1),
            Column(_("Notes"), 4.0),
        ],
        [
            [
                date.fromisoformat(c.date),
                *([c.post_code] if province else []),
                c.station,
                _(STATES[c.state]),
                c.notes,
            ]
            for c in changes
        ],
        caption=_("Changes of state in {year}").format(year=year),
        sheet=_("Changes"),
        font_size=10,
    )
    counts = {code: sum(1 for s in stations if s.state == code) for code in STATES}
    summary = Text(
        _(
            "{count} stations on {date}: {working} working, {repaired} repaired, {broken} "
            "broken; {removed} removed during the year."
        ).format(
            count=number(len(stations)),
            date=format_date(at),
            working=number(counts["working"]),
            repaired=number(counts["repaired"]),
            broken=number(counts["broken"]),
            removed=number(counts["removed"]),
        )
    )
    blocks: list = [summary, table]
    if changes:
        blocks.append(history)
    else:
        blocks.append(
            Text(_("No change of state was recorded in {year}.").format(year=year), "note")
        )
    return Document(
        _("Inventory of public loudspeaker stations"),
        _("Year {year}").format(year=year),
        blocks,
        landscape=True,
        day=at,
    )
