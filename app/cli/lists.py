"""`sodon list`: a register as a table, CSV or JSON."""

import csv
import dataclasses
import json
import sys
from pathlib import Path

import click

from app.cli.options import described, format_option, month_option
from app.cli.root import cli
from app.i18n import _

# The registers `sodon list` knows (core/listing.py; imported only when a list is asked for).
LIST_NAMES = (
    "activities",
    "attendance",
    "cabinets",
    "courses",
    "deliveries",
    "loans",
    "movements",
    "people",
    "reviews",
    "commendations",
    "sessions",
    "stations",
    "stock",
    "targets",
    "titles",
)


@cli.command(
    "list",
    help=described(
        _(
            "List a register: activities, titles, stock, movements, loans, cabinets, courses, sessions, people, attendance, stations, reviews or commendations."
        ),
        'sodon list activities --month 2026-10 --search "ma túy"',
        "sodon list stock --month 2026-10",
        "sodon list people --format csv --limit 0 > hoc-vien.csv",
        "sodon list commendations --year 2026",
    ),
)
@click.argument("what", type=click.Choice(LIST_NAMES))
@click.option("--search", help=_("Words to look for (accents and case do not matter)."))
@month_option(_("Only this month, as YYYY-MM (stock: at the end of it)."))
@click.option(
    "--year",
    type=click.IntRange(1945, 2099),
    metavar="YYYY",
    help=_(
        "Only this year (reviews, commendations; targets: the year's plan, this year by default)."
    ),
)
@click.option("--post", help=_("At the provincial office: only this post's records (its code)."))
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(min=0), help=_("0 for all.")
)
@format_option("table", "csv", "json")
@click.pass_obj
def list_command(
    path: Path,
    what: str,
    search: str | None,
    month: str | None,
    year: int | None,
    post: str | None,
    limit: int,
    output: str,
) -> None:
    from app.core.book import Book
    from app.core.dates import month_bounds
    from app.core.listing import LISTS, Query

    spec = LISTS[what]
    if month and not spec.by_month:
        raise click.UsageError(_("--month does not apply to {what}.").format(what=what))
    if year and not spec.by_year:
        raise click.UsageError(_("--year does not apply to {what}.").format(what=what))
    if month:
        month_bounds(month)
    with Book.open(path, readonly=True) as book:
        rows = spec.fetch(
            book,
            Query(
                search=search,
                month=month,
                year=year,
                post=post.upper() if post else None,
                limit=limit + 1 if limit else None,
            ),
        )
    more = bool(limit) and len(rows) > limit
    rows = rows[:limit] if limit else rows
    if output == "json":
        click.echo(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=1))
    elif output == "csv":
        _write_csv(rows, spec.columns)
    else:
        _write_table(rows, spec.columns)
    if more:
        click.echo(
            _("Only the first {limit} rows are shown; add --limit 0 to see them all.").format(
                limit=limit
            ),
            err=True,
        )


def _write_csv(rows: list, columns: list) -> None:
    if not rows:
        return
    names = [f.name for f in dataclasses.fields(rows[0])]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(getattr(row, n) for n in names)


def _write_table(rows: list, columns: list) -> None:
    if not rows:
        click.echo(_("Nothing found."))
        return
    cells = [[_(c.header) for c in columns]]
    cells += [[c.text(row) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for index, line in enumerate(cells):
        click.echo(
            "  ".join(
                text.rjust(width) if column.numeric else text.ljust(width)
                for text, width, column in zip(line, widths, columns, strict=True)
            ).rstrip()
        )
        if index == 0:
            click.echo("  ".join("-" * w for w in widths))
