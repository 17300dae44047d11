"""Options more than one command takes, declared once (as sqlite-utils' cli.py declares its
output options), and the Examples block at the end of a command's help."""

from pathlib import Path

import click

from app.i18n import _


def described(text: str, *examples: str) -> str:
    """A command's help: what it does, then command lines to copy (kept as typed)."""
    heading = _("Examples:")
    lines = "\n".join(f"  {example}" for example in examples)
    return f"{text}\n\n{heading}\n\n\b\n{lines}"


def month_option(help_text: str | None = None, *, required: bool = False):
    """--month YYYY-MM."""
    return click.option("--month", required=required, help=help_text or _("The month, as YYYY-MM."))


def out_option(help_text: str, *, required: bool = False):
    """--out FILE: the file to write."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        required=required,
        help=help_text,
    )


def format_option(*choices: str, help_text: str | None = None):
    """--format, the first choice by default (the command's parameter is `output`)."""
    return click.option(
        "--format",
        "output",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def paper_options(command):
    """--out FILE or --printer NAME: where a printed paper goes."""
    command = click.option(
        "--printer",
        metavar=_("NAME"),
        help=_(
            'Print on this printer instead of writing a file ("" for the default printer; '
            "`sodon print printers` lists them)."
        ),
    )(command)
    return out_option(_("The PDF file to write."))(command)
