"""The `sodon` group itself (--db, --version), the window, and what the book holds when there
is no screen to open the window on."""

import os
import sys
from datetime import date
from pathlib import Path

import click

from app import __version__
from app.cli.base import Group, Refused
from app.cli.options import described
from app.i18n import _
from app.launch import default_book_path, has_screen


@click.group(
    cls=Group,
    invoke_without_command=True,
    help=_("Sổ Đồn: the border post's record book (outreach, book cabinets, training)."),
)
@click.option(
    "--db",
    "book_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SODON_DB",
    help=_("The book file (default: SODON_DB, or the user data folder)."),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx) if value else None,
    help=_("Show the version and exit."),
)
@click.pass_context
def cli(ctx: click.Context, book_path: Path | None) -> None:
    ctx.obj = book_path or default_book_path()
    if ctx.invoked_subcommand is None:
        if has_screen():
            ctx.invoke(gui)
        else:
            _print_summary(ctx.obj)
            click.echo(_("\n(No screen here, so the window was not opened.)"), err=True)


@cli.command(
    help=described(
        _("Open the window on the book (the default when no command is given)."),
        "sodon gui --page training",
        "sodon --db /media/usb/so-don.sqlite gui",
    )
)
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("Save a picture of the window to this PNG file, then close."),
)
@click.option(
    "--page",
    type=click.Choice(
        [
            "overview",
            "posts",
            "import",
            "plan",
            "outreach",
            "cabinets",
            "training",
            "stations",
            "reviews",
            "reports",
            "months",
            "settings",
        ]
    ),
    help=_("The page to show first."),
)
@click.option("--quit-when-shown", is_flag=True, hidden=True)  # for the start-up benchmark
@click.pass_obj
def gui(path: Path, screenshot: Path | None, page: str | None, quit_when_shown: bool) -> None:
    if not has_screen():
        if screenshot is None:
            raise Refused(
                _(
                    "There is no screen here to open the window on: start Sổ Đồn from the "
                    "desktop, or use its commands (sodon --help)."
                )
            )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture of the window needs no screen
    from app.gui.app import run

    sys.exit(run(path, screenshot=screenshot, page=page, quit_when_shown=quit_when_shown))


def _print_version(ctx: click.Context) -> None:
    from app.core.bookfile import schema_version

    click.echo(
        _("sodon {version} (book format {format})").format(
            version=__version__, format=schema_version()
        )
    )
    ctx.exit()


def _print_summary(path: Path) -> None:
    from app.core.book import Book

    if not path.exists():
        click.echo(
            _(
                "No book yet at {path}.\n\n"
                "Create one for your post:\n"
                '  sodon init --post-code LC01 --post-name "Đồn Biên phòng Lũng Cú"\n'
                "Then add demo records to try the program:\n"
                "  sodon demo\n"
                "Or use another book file: sodon --db FILE ..."
            ).format(path=path)
        )
        return
    from app.core import overview

    with Book.open(path, readonly=True) as book:
        numbers = overview.summary(book)
        post = book.post
        last = numbers.last_backup.strftime("%d/%m/%Y %H:%M") if numbers.last_backup else "—"
        click.echo(f"{post.name} ({post.code})  —  {path}")
        click.echo(
            _(
                "Outreach: {activities} activities, {month} this month ({audience} people reached)\n"
                "Book cabinets: {cabinets} cabinets, {titles} titles, {copies} copies; "
                "{loans} on loan ({overdue} overdue)\n"
                "Training: {courses} courses, {people} trainees, {sessions} sessions this month\n"
                "Last backup: {last}"
            ).format(
                activities=numbers.activities,
                month=numbers.activities_this_month,
                audience=numbers.audience_this_month,
                cabinets=numbers.cabinets,
                titles=numbers.titles,
                copies=numbers.copies,
                loans=numbers.open_loans,
                overdue=numbers.overdue_loans,
                courses=numbers.courses,
                people=numbers.people,
                sessions=numbers.sessions_this_month,
                last=last,
            )
        )
        click.echo(
            _(
                "\nNext: sodon list activities --month {month}   sodon list loans   "
                "sodon check   sodon backup   (sodon --help lists every command)"
            ).format(month=date.today().strftime("%Y-%m"))
        )
