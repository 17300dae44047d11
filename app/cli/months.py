"""Month close and the package: `sodon month`, `sodon pin`, `sodon export`."""

import dataclasses
import json
import os
from pathlib import Path

import click

from app.cli.options import described, format_option, month_option
from app.cli.root import cli
from app.i18n import _


@cli.group(
    "month",
    help=described(
        _("Month close: list the months, mark one ready, approve it (commander), unlock it."),
        "sodon month list",
        "sodon month close --month 2026-10",
        "sodon month approve --month 2026-10",
        'sodon month unlock --month 2026-10 --reason "Bổ sung hoạt động ngày 28/10"',
    ),
)
def month_group() -> None:
    pass


def _pin(prompt: str) -> str:
    return os.environ.get("SODON_PIN") or click.prompt(prompt, hide_input=True)


@month_group.command(
    "list",
    help=described(
        _("Each month with its state and the sequence of its last export."),
        "sodon month list --format json",
    ),
)
@format_option("table", "json")
@click.pass_obj
def month_list(path: Path, output: str) -> None:
    from app.core.book import Book
    from app.core.dates import format_date
    from app.core.periods import STATES, STATUSES

    with Book.open(path, readonly=True) as book:
        periods = book.periods.months()
    if output == "json":
        click.echo(
            json.dumps([dataclasses.asdict(p) for p in periods], ensure_ascii=False, indent=1)
        )
        return
    for period in periods:
        exported = (
            _("exported as {sequence}").format(sequence=period.exported_sequence)
            if period.exported_sequence
            else ""
        )
        answered = ""
        if period.status in ("received", "refused", "returned"):
            answered = f"{_(STATUSES[period.status])} ({format_date(period.province_at[:10])})"
            if period.province_reason:
                answered += f": {period.province_reason}"
        line = f"{period.month}  {_(STATES[period.state]):24} {exported:16} {answered}"
        click.echo(line.rstrip())


@month_group.command(
    "close",
    help=described(
        _("Mark the month's records complete, for the commander to approve."),
        "sodon month close --month 2026-10",
    ),
)
@month_option(required=True)
@click.pass_obj
def month_close(path: Path, month: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.close(month)
    click.echo(_("{month} is ready for the commander's approval.").format(month=month))


@month_group.command(
    "approve",
    help=described(
        _("The commander approves the month (asks the PIN; scripts may set SODON_PIN)."),
        "sodon month approve --month 2026-10",
    ),
)
@month_option(required=True)
@click.pass_obj
def month_approve(path: Path, month: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.approve(month, _pin(_("Commander's PIN")))
    click.echo(_("{month} is approved; its records are now read-only.").format(month=month))


@month_group.command(
    "unlock",
    help=described(
        _("The commander opens an approved month again, with a reason (kept in the log)."),
        'sodon month unlock --month 2026-10 --reason "Bổ sung hoạt động ngày 28/10"',
    ),
)
@month_option(required=True)
@click.option("--reason", required=True, help=_("Why the month is opened again."))
@click.pass_obj
def month_unlock(path: Path, month: str, reason: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.unlock(month, _pin(_("Commander's PIN")), reason)
    click.echo(
        _("{month} is open again; export it once approved to send a correction.").format(
            month=month
        )
    )


@cli.command(
    help=described(
        _(
            "Set or change the commander's PIN (SODON_PIN: the current one; SODON_NEW_PIN: the new)."
        ),
        "sodon pin",
    )
)
@click.pass_obj
def pin(path: Path) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        current = _pin(_("Current PIN")) if book.periods.has_pin else ""
        new = os.environ.get("SODON_NEW_PIN") or click.prompt(
            _("New PIN (4 to 12 digits)"), hide_input=True, confirmation_prompt=True
        )
        book.periods.set_pin(new, current=current)
    click.echo(_("The commander's PIN is set."))


@cli.command(
    "export",
    help=described(
        _("Write the approved month's signed package for the provincial office."),
        "sodon export --month 2026-10 --out /media/usb",
    ),
)
@month_option(required=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=_("The folder (a USB stick) to write the package to."),
)
@click.pass_obj
def export_command(path: Path, month: str, out: Path) -> None:
    from app.core.book import Book
    from app.exchange.package import export_month

    with Book.open(path) as book:
        made = export_month(book, month, out)
    click.echo(_("Package written to {path}.").format(path=made))
