"""The yearly plan's documents: the progress of the year's plan at the provincial office
(posts × indicators, behind-schedule cells marked, a chart), the figures of a programme's
period (each content by year and post, for its mid-term and final reviews), and the section
of a post's monthly report that sets the year's cumulative figures beside its targets."""

from datetime import date

from app.core.dates import format_date
from app.core.plan import CONTENTS, INDICATORS, content_label, indicator_label, year_share
from app.core.plan_actuals import actuals_by_post
from app.i18n import N_, _
from app.reports.document import Chart, Column, Document, Table, Text

BEHIND = "*"  # the mark of a cell behind schedule (the embedded font draws it everywhere)


def _pair_order(pair: tuple[str, str]) -> tuple[int, int]:
    indicator, content = pair
    return list(INDICATORS).index(indicator), ("", *CONTENTS).index(content)


def _heading(indicator: str, content: str) -> str:
    label = indicator_label(indicator)
    return f"{label} ({content})" if content else label


def _posts(book, codes: set[str]) -> list[tuple[str, str]]:
    """The registered posts, and any other post that has targets, by code."""
    posts = book.plan.posts()
    known = {code for code, _name in posts}
    return posts + [(code, "") for code in sorted(codes - known)]


def _name(code: str, name: str) -> str:
    return f"{code} — {name}" if name else code


def plan_report(book, year: int) -> Document:
    """At the provincial office: posts × indicators, percent of the year's targets achieved,
    behind-schedule cells marked, with a chart."""
    today = date.today()
    day = min(today, date(year, 12, 31))
    share = year_share(year, today)
    progress = book.plan.progress(year, today=today)
    pairs = sorted({(p.indicator, p.content) for p in progress}, key=_pair_order)
    cells = {(p.to_post, p.indicator, p.content): p for p in progress}
    posts = _posts(book, {p.to_post for p in progress})
    subtitle = _("Year {year}, as of {day}").format(year=year, day=format_date(day))
    if not progress:
        return Document(
            _("Progress of the year's plan"),
            subtitle,
            [Text(_("No target is set for {year}.").format(year=year))],
            landscape=True,
            day=day,
        )

    def mark(found) -> str:
        if found is None:
            return ""
        return f"{found.percent:.0f}%" + (f" {BEHIND}" if found.behind else "")

    totals = [_("All posts")]
    for indicator, content in pairs:
        found = [p for p in progress if (p.indicator, p.content) == (indicator, content)]
        target, actual = sum(p.target for p in found), sum(p.actual for p in found)
        behind = actual < int(target * share)
        totals.append(f"{actual / target * 100:.0f}%" + (f" {BEHIND}" if behind else ""))
    grid = Table(
        [Column(_("Post"), 2.6)] + [Column(_heading(*pair), 1.1, "mark") for pair in pairs],
        [
            [_name(code, name)] + [mark(cells.get((code, *pair))) for pair in pairs]
            for code, name in posts
        ],
        caption=_("Percent of each target achieved"),
        sheet=_("Percent achieved"),
        totals=totals,
        font_size=9,
    )
    legend = Text(
        _(
            "{mark} behind schedule: less done than the share of the year elapsed ({share} "
            "of the target by {day}). Figures are cumulative since 1 January."
        ).format(mark=BEHIND, share=f"{share * 100:.0f}%", day=format_date(day)),
        "note",
    )
    averages = []
    for code in dict(posts):
        found = [p for p in progress if p.to_post == code]
        if found:
            averages.append((code, sum(min(p.percent, 100.0) for p in found) / len(found)))
    chart = Chart(
        _("Average percent achieved by post (each target counted up to 100%)"),
        [code for code, _average in averages],
        [round(average) for _code, average in averages],  # whole percents, as in the table
    )
    names = dict(posts)
    detail = Table(
        [
            Column(_("Post"), 2.4),
            Column(_("Indicator"), 2.4),
            Column(_("Plan content"), 1.0, "mark"),
            Column(_("Target"), 0.9, "number"),
            Column(_("Done so far"), 0.9, "number"),
            Column(_("Percent"), 0.8, "percent"),
            Column(_("Due by now"), 0.8, "percent"),
            Column(_("Behind"), 0.6, "mark"),
        ],
        [
            [
                _name(p.to_post, names.get(p.to_post, "")),
                indicator_label(p.indicator),
                content_label(p.content),
                p.target,
                p.actual,
                p.percent / 100,
                p.expected / 100,
                BEHIND if p.behind else "",
            ]
            for p in progress
        ],
        sheet=_("Targets and figures"),
        font_size=9,
    )
    return Document(
        _("Progress of the year's plan"),
        subtitle,
        [legend, grid, chart, Text(_("Targets and figures"), "heading"), detail],
        landscape=True,
        day=day,
    )


# A programme's period ------------------------------------------------------------------------

# The figures shown for each content, besides its activities and audience.
_CONTENT_FIGURES = {
    "ND3": ("copies_handed_out",),
    "ND4": ("courses", "trainees", "sessions"),
    "ND5": ("reviews", "commendations"),
    "HT": ("stations_working",),
}
_OTHER_LABELS = {"reviews": N_("Reviews"), "commendations": N_("Commendations")}


def period_report(book, first: int, last: int) -> Document:
    """At the provincial office: each content's figures by year and post across a
    programme's period."""
    today = date.today()
    years = list(range(first, last + 1))
    posts = _posts(book, set())
    codes = [code for code, _name_ in posts]
    by_year = {
        year: actuals_by_post(book, year, through=min(today, date(year, 12, 31)), posts=codes)
        for year in years
        if date(year, 1, 1) <= today
    }
    held = _held(book, first, last)
    blocks: list = [
        Text(
            _(
                "Figures of each plan content by year and post, from the posts' monthly "
                "packages. Loudspeaker stations: working at the end of each year (or today)."
            ),
            "note",
        )
    ]
    items = [i for i in book.lookups.items("plan_content") if i.code in CONTENTS]
    for item in items:
        blocks.append(Text(f"{item.code}. {item.label}", "heading"))
        shown = 0
        for figure in ("activities", "audience", *_CONTENT_FIGURES.get(item.code, ())):
            rows = []
            for code, name in posts:
                values = [_figure(by_year, held, year, code, figure, item.code) for year in years]
                rows.append([_name(code, name), *values, _total(figure, values)])
            if not any(any(v for v in row[1:] if v) for row in rows):
                continue
            shown += 1
            sums = [sum(row[1 + i] or 0 for row in rows) for i in range(len(years))]
            label = _(_OTHER_LABELS[figure]) if figure in _OTHER_LABELS else indicator_label(figure)
            # a heading, not a caption: it stays on the page of its table
            blocks.append(Text(f"{item.code} — {label}", "heading"))
            blocks.append(
                Table(
                    [Column(_("Post"), 2.6)]
                    + [Column(str(year), 0.9, "number") for year in years]
                    + [Column(_("Period"), 1.0, "number")],
                    rows,
                    sheet=f"{item.code} {label}"[:31],
                    totals=[_("All posts"), *sums, _total(figure, sums)],
                    font_size=9,
                )
            )
        if not shown:
            blocks.append(Text(_("Nothing was recorded for this content in the period.")))
    return Document(
        _("Figures of the programme's period"),
        _("From {first} to {last}").format(first=first, last=last),
        blocks,
        landscape=True,
        day=min(today, date(last, 12, 31)),
    )


def _figure(by_year, held, year: int, code: str, figure: str, content: str) -> int | None:
    if year not in by_year:
        return None  # a year not begun
    if figure in held:
        return held[figure].get((code, str(year)), 0)
    own = figure not in ("activities", "audience")
    return by_year[year].get(code, {}).get((figure, "" if own else content), 0)


def _total(figure: str, values: list) -> int | None:
    """The period's figure: a sum, except stations (those working at its end)."""
    if figure == "stations_working":
        known = [v for v in values if v is not None]
        return known[-1] if known else None
    return sum(v or 0 for v in values)


def _held(book, first: int, last: int) -> dict[str, dict[tuple[str, str], int]]:
    """Reviews held and commendations decided, by post and year."""
    span = [f"{first}-01-01", f"{last}-12-31"]
    return {
        figure: {
            (post, year): count
            for post, year, count in book.db.execute(
                f"SELECT post_code, substr({column}, 1, 4), count(*) FROM {table} "
                f"WHERE deleted_at IS NULL AND {column} BETWEEN ? AND ? GROUP BY 1, 2",
                span,
            )
        }
        for figure, table, column in (
            ("reviews", "review", "date"),
            ("commendations", "commendation", "decision_date"),
        )
    }


# The post's monthly report -------------------------------------------------------------------


def month_section(book, month_last: date) -> list:
    """The section of a post's monthly report on the year's plan: each target, the figure
    since 1 January to the month's end, the percent, and where the year should be by then;
    nothing when the post has no target for the year."""
    progress = book.plan.progress(month_last.year, today=month_last)
    if not progress:
        return []
    return [
        Table(
            [
                Column(_("Indicator"), 3.0),
                Column(_("Plan content"), 1.0, "mark"),
                Column(_("Target"), 0.9, "number"),
                Column(_("Since 1 January"), 1.1, "number"),
                Column(_("Percent"), 0.9, "percent"),
                Column(_("Due by then"), 0.9, "percent"),
            ],
            [
                [
                    indicator_label(p.indicator) + (f" {BEHIND}" if p.behind else ""),
                    content_label(p.content),
                    p.target,
                    p.actual,
                    p.percent / 100,
                    p.expected / 100,
                ]
                for p in progress
            ],
            sheet=_("Year's plan"),
            font_size=10,
        ),
        Text(
            _(
                "Cumulative since 1 January to {day}. {mark} behind schedule: less done than "
                "the share of the year elapsed."
            ).format(day=format_date(month_last), mark=BEHIND),
            "note",
        ),
    ]
