"""What every command shares: the error handling that turns the core's refusals into one line
on stderr and exit status 1, and placeholders and usage lines in the user's language."""

import os
import sqlite3
import sys
from pathlib import Path

import click

from app.core.errors import (
    BookDamaged,
    PartlyDone,
    SodonError,
    disk_message,
    explain_sqlite_error,
    is_storage_error,
)
from app.crash import write_crash_log
from app.i18n import _


class Refused(click.ClickException):
    """A user's mistake or a refusal of the core: one line on stderr, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), err=True)


def _name_values(params: list[click.Parameter]) -> None:
    """Give every option and argument a placeholder in the user's language (click would print
    TEXT or INTEGER)."""
    for param in params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        if "--month" in param.opts:
            param.metavar = "YYYY-MM"
        elif {"--session", "--course"} & set(param.opts):
            param.metavar = _("REF")
        elif isinstance(param.type, click.Path):
            folder = param.type.dir_okay and not param.type.file_okay
            param.metavar = _("FOLDER") if folder else _("FILE")
        elif isinstance(param.type, click.types.IntParamType):
            param.metavar = _("NUMBER")
        elif isinstance(param.type, click.types.StringParamType):
            param.metavar = _("VALUE")
        else:
            continue  # a choice shows its choices
        if isinstance(param, click.Argument) and param.nargs != 1:
            param.metavar += "..."


class Command(click.Command):
    """A command whose usage line and placeholders read in the user's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        super().__init__(*args, **kwargs)
        _name_values(self.params)


class Group(click.Group):
    """Turns the core's errors into a message on stderr and exit status 1, and an unexpected
    failure into a short message plus a crash log (no traceback for users)."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", _("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def main(self, args=None, prog_name=None, **extra):
        """Every refusal, a usage mistake included, ends with exit status 1 (click's own
        would be 2), as the README says."""
        try:
            result = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.ClickException as error:
            error.show()
            sys.exit(1)
        except click.Abort:  # Ctrl+C, or "no" to a question
            click.echo(_("Stopped; nothing was changed."), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PartlyDone as done:  # the work is on disk: say so, and what was not recorded
            click.echo(_("Warning: {message}").format(message=done), err=True)
            return None
        except BookDamaged:
            raise Refused(_damaged(ctx)) from None
        except sqlite3.DatabaseError as error:  # met outside a transaction of the core
            if not is_storage_error(error):
                raise _unexpected(error) from None
            explained = explain_sqlite_error(error)
            raise Refused(
                _damaged(ctx) if isinstance(explained, BookDamaged) else str(explained)
            ) from None
        except SodonError as error:
            raise Refused(str(error)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except OSError as error:  # the disk under a file the core did not expect to fail
            raise Refused(disk_message(error)) from None
        except Exception as error:  # a bug: keep the details for whoever fixes it
            raise _unexpected(error) from None


def _unexpected(error: Exception) -> Exception:
    """A bug: a short message and a crash log for whoever fixes it (the traceback itself with
    SODON_DEBUG=1)."""
    if os.environ.get("SODON_DEBUG"):
        return error
    log = write_crash_log(error)
    return Refused(
        _(
            "Something unexpected went wrong; nothing was saved half-way. The details "
            "are in {log}: please send that file to whoever supports the program."
        ).format(log=log)
    )


def _damaged(ctx: click.Context) -> str:
    from app.core.bookfile import damaged_message

    path = ctx.find_root().obj
    return damaged_message(path) if isinstance(path, Path) else _("The book file is damaged.")


def province_book(book):
    """The book, if it is the provincial office's."""
    if not book.post.is_province:
        raise Refused(_("This is a post's book; the report is made at the provincial office."))
    return book
