"""`sodon station add|state|history`: the post's public loudspeaker stations and their states
(`sodon list stations` lists them)."""

from datetime import date
from pathlib import Path

import click

from app.cli.options import described
from app.cli.root import cli
from app.i18n import _

STATE_CODES = ("working", "broken", "repaired", "removed")


@cli.group(
    "station",
    help=described(
        _("The post's public loudspeaker stations and the history of their states."),
        'sodon station add --name "Cụm loa thôn Thèn Ván" --installed-on 12/03/2021',
        "sodon station state 3a9c01d2 --state broken --date 05/11/2026",
        "sodon station history 3a9c01d2",
    ),
)
def station_group() -> None:
    pass


@station_group.command(
    "add",
    help=described(
        _("Record a station; it is working from the day it was installed."),
        'sodon station add --name "Cụm loa thôn Thèn Ván" --commune "Lũng Cú" '
        '--village "Thèn Ván" --installed-on 12/03/2021 --funded-by "Sở TT&TT"',
    ),
)
@click.option("--name", required=True, help=_("The station's name."))
@click.option("--commune", default="", help=_("The commune it stands in."))
@click.option("--village", default="", help=_("The village it stands in."))
@click.option("--installed-on", required=True, help=_("The day it was installed, dd/mm/yyyy."))
@click.option("--funded-by", default="", help=_("Who paid for it (a programme, a unit)."))
@click.option("--notes", default="", help=_("Notes."))
@click.pass_obj
def station_add(
    path: Path,
    name: str,
    commune: str,
    village: str,
    installed_on: str,
    funded_by: str,
    notes: str,
) -> None:
    from app.core.book import Book
    from app.core.records import short_ref
    from app.core.stations import Station

    with Book.open(path) as book:
        station_id = book.stations.add(
            Station(
                name=name,
                commune=commune,
                village=village,
                installed_on=installed_on,
                funded_by=funded_by,
                notes=notes,
            )
        )
        row = book.stations.get(station_id)
    click.echo(
        _("Station “{name}” recorded (reference {ref}).").format(
            name=row.name, ref=short_ref(station_id)
        )
    )


@station_group.command(
    "state",
    help=described(
        _("Record what happened to a station on a day: working, broken, repaired or removed."),
        "sodon list stations",
        'sodon station state 3a9c01d2 --state broken --date 05/11/2026 --notes "Hỏng bộ khuếch đại"',
        'sodon station state "Cụm loa thôn Thèn Ván" --state repaired',
    ),
)
@click.argument("ref", metavar=_("REF"))
@click.option(
    "--state",
    "what",
    required=True,
    type=click.Choice(STATE_CODES),
    help=_("What happened: working (checked), broken, repaired or removed (taken down)."),
)
@click.option("--date", "on", help=_("The day, dd/mm/yyyy (default: today)."))
@click.option("--notes", default="", help=_("Notes."))
@click.pass_obj
def station_state(path: Path, ref: str, what: str, on: str | None, notes: str) -> None:
    from app.core.book import Book
    from app.core.dates import format_date
    from app.core.stations import STATES, StationState

    with Book.open(path) as book:
        station_id = book.stations.find(ref)
        state_id = book.stations.add_state(
            StationState(station_id=station_id, date=on or date.today(), state=what, notes=notes)
        )
        row = book.stations.get(station_id)
        (added,) = [s for s in book.stations.history(station_id) if s.id == state_id]
    click.echo(
        _("“{name}”: {state} on {date}.").format(
            name=row.name, state=_(STATES[what]).lower(), date=format_date(added.date)
        )
    )


@station_group.command(
    "history",
    help=described(
        _("A station's states, oldest first."),
        "sodon station history 3a9c01d2",
    ),
)
@click.argument("ref", metavar=_("REF"))
@click.pass_obj
def station_history(path: Path, ref: str) -> None:
    from app.core.book import Book
    from app.core.dates import format_date
    from app.core.stations import STATES

    with Book.open(path, readonly=True) as book:
        station_id = book.stations.find(ref)
        row = book.stations.get(station_id)
        history = book.stations.history(station_id)
    place = ", ".join(p for p in (row.village, row.commune) if p)
    click.echo(f"{row.name} ({place})" if place else row.name)
    width = max(len(_(label)) for label in STATES.values())
    for state in history:
        line = f"{format_date(state.date)}  {_(STATES[state.state]).ljust(width)}  {state.notes}"
        click.echo(line.rstrip().replace("\n", " "))
