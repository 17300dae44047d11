"""The `sodon` command line: a thin layer that parses options, calls the core, prints."""

import csv
import dataclasses
import json
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

import click

from app import __version__
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
from app.launch import default_book_path, has_screen

# The registers `sodon list` knows (core/listing.py; imported only when a list is asked for).
LIST_NAMES = (
    "activities",
    "attendance",
    "cabinets",
    "courses",
    "loans",
    "movements",
    "people",
    "sessions",
    "stock",
    "titles",
)


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


class _Command(click.Command):
    """A command whose usage line and placeholders read in the user's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        super().__init__(*args, **kwargs)
        _name_values(self.params)


class _Group(click.Group):
    """Turns the core's errors into a message on stderr and exit status 1, and an unexpected
    failure into a short message plus a crash log (no traceback for users)."""

    command_class = _Command
    group_class = type  # subgroups are _Groups too

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
    from app.core.book import damaged_message

    path = ctx.find_root().obj
    return damaged_message(path) if isinstance(path, Path) else _("The book file is damaged.")


@click.group(
    cls=_Group,
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


@cli.command(help=_("Open the window on the book (the default when no command is given)."))
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
            "outreach",
            "cabinets",
            "training",
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
    from app.core.book import schema_version

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


@cli.command(help=_("Create a new book for a post (or, with --province, the provincial office)."))
@click.option("--post-code", required=True, help=_("Short code of the post, e.g. LC01."))
@click.option(
    "--post-name", required=True, help=_("Name of the post, e.g. Đồn Biên phòng Lũng Cú.")
)
@click.option("--clerk", default="", help=_("Your name: the clerk who keeps the book."))
@click.option("--province", is_flag=True, help=_("A book for the provincial office."))
@click.pass_obj
def init(path: Path, post_code: str, post_name: str, clerk: str, province: bool) -> None:
    from app.core.book import Book

    with Book.create(
        path, post_code=post_code, post_name=post_name, province=province, clerk=clerk
    ) as book:
        click.echo(
            _("Created the book of {name} ({code}) at {path}.").format(
                name=book.post.name, code=book.post.code, path=path
            )
        )


@cli.command("demo", help=_("Fill the post's book with realistic demo records."))
@click.option("--months", default=12, show_default=True, help=_("How many months, up to today."))
@click.option("--scale", default=1, show_default=True, help=_("Multiply the volume by this."))
@click.pass_obj
def demo_command(path: Path, months: int, scale: int) -> None:
    from app.core import demo
    from app.core.book import Book

    with Book.open(path) as book:
        with click.progressbar(
            length=months, label=_("Making demo records"), file=sys.stderr
        ) as bar:
            counts = demo.fill(
                book, months=months, scale=scale, progress=lambda done, _total: bar.update(1)
            )
        click.echo(
            _(
                "Added {activities} activities, {movements} movements of copies, {loans} loans, "
                "{courses} courses with {sessions} sessions, {people} people and {attendance} "
                "attendance marks."
            ).format(**dataclasses.asdict(counts))
        )
        if counts.approved:
            click.echo(
                _(
                    "{approved} past months are approved (the demo commander's PIN is {pin})."
                ).format(approved=counts.approved, pin=demo.DEMO_PIN)
            )


@cli.command(
    "list",
    help=_(
        "List a register: activities, titles, stock, movements, loans, cabinets, courses, sessions, people or attendance."
    ),
)
@click.argument("what", type=click.Choice(LIST_NAMES))
@click.option("--search", help=_("Words to look for (accents and case do not matter)."))
@click.option("--month", help=_("Only this month, as YYYY-MM (stock: at the end of it)."))
@click.option("--post", help=_("At the provincial office: only this post's records (its code)."))
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(min=0), help=_("0 for all.")
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.pass_obj
def list_command(
    path: Path,
    what: str,
    search: str | None,
    month: str | None,
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
    if month:
        month_bounds(month)
    with Book.open(path, readonly=True) as book:
        rows = spec.fetch(
            book,
            Query(
                search=search,
                month=month,
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


@cli.command(help=_("Check the file and the book's rules; exit status 1 if anything is wrong."))
@click.pass_obj
def check(path: Path) -> None:
    from app.core import checks
    from app.core.book import Book

    with Book.open(path, readonly=True) as book:
        found = checks.problems(book)
    if found:
        click.echo(_("{count} problems found:").format(count=len(found)), err=True)
        for problem in found:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(_("The book is sound: the file passes its integrity check and every rule holds."))


@cli.command(help=_("Make a verified copy of the book."))
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("Write the backup to this file instead of the backups folder."),
)
@click.pass_obj
def backup(path: Path, target: Path | None) -> None:
    from app.core.book import Book

    with Book.open(path, readonly=True) as book:
        made = book.backup(to=target)
    click.echo(_("Backup written to {path}.").format(path=made))


@cli.command(
    help=_("Replace the book's content with a backup (the current content is kept as a backup).")
)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help=_("Do not ask for confirmation."))
@click.pass_obj
def restore(path: Path, source: Path, yes: bool) -> None:
    from app.core.book import Book

    if not path.exists():
        Book.restore_new(path, source).close()
        click.echo(
            _("The book {path} was made from the backup {source}.").format(path=path, source=source)
        )
        return
    if not yes and sys.stdin.isatty():
        click.confirm(
            _("Replace everything in {path} with the backup {source}?").format(
                path=path, source=source
            ),
            abort=True,
        )
    with Book.open(path, daily_backup=False) as book:
        kept = book.restore(source)
    click.echo(
        _("Restored from {source}. What the book held before is kept in {kept}.").format(
            source=source, kept=kept
        )
    )


@cli.group(
    "print",
    help=_("Print a course's papers: the sign-in sheet of a session, the attendance summary."),
)
def print_group() -> None:
    pass


def _write(document, path: Path, out: Path) -> None:
    from app.core.book import Book
    from app.reports import write

    with Book.open(path, readonly=True) as book:
        made = write(document(book), book.post, out)
    click.echo(_("Written to {path}.").format(path=made))


def _print(document, path: Path, out: Path | None, printer: str | None) -> None:
    """Write the document to `out`, or hand it to `printer` (a name, or "" for the default)."""
    if (out is None) == (printer is None):
        raise click.UsageError(
            _("Give one of --out (a PDF file to write) or --printer (a printer to print on).")
        )
    if out is not None:
        _write(document, path, out)
        return
    import tempfile

    from app.core.book import Book
    from app.reports import printing, write

    with tempfile.TemporaryDirectory(prefix="sodon-print-") as folder:
        with Book.open(path, readonly=True) as book:
            made = document(book)
            pdf = write(made, book.post, Path(folder) / "document.pdf")
        job = printing.send(pdf, printer or None, title=made.title)
    click.echo(_("Sent to the printer (print job {job}).").format(job=job))


def _output_options(command):
    """--out FILE or --printer NAME: where a printed paper goes."""
    command = click.option(
        "--printer",
        metavar=_("NAME"),
        help=_(
            'Print on this printer instead of writing a file ("" for the default printer; '
            "`sodon print printers` lists them)."
        ),
    )(command)
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("The PDF file to write."),
    )(command)


@print_group.command("printers", help=_("The printers this computer can print on."))
def print_printers() -> None:
    from app.reports import printing

    names = printing.printers()
    if not names:
        raise printing.no_printer()
    default = printing.default_printer()
    for name in names:
        click.echo(f"{name}  ({_('default')})" if name == default else name)


@print_group.command(
    "signin", help=_("The sign-in sheet of a session (people in given-name order).")
)
@click.option(
    "--session",
    "session_id",
    required=True,
    help=_("The session: its Ref. in `sodon list sessions`, or its id."),
)
@_output_options
@click.option(
    "--blank",
    default=5,
    show_default=True,
    type=click.IntRange(0, 200),
    help=_("Empty lines for walk-ins."),
)
@click.pass_obj
def print_signin(
    path: Path, session_id: str, out: Path | None, printer: str | None, blank: int
) -> None:
    from app.reports.training_sheets import signin_sheet

    _print(
        lambda book: signin_sheet(book, book.training.find("session", session_id), blank=blank),
        path,
        out,
        printer,
    )


@print_group.command(
    "attendance", help=_("A course's attendance: people × sessions, totals and rates.")
)
@click.option(
    "--course",
    "course_id",
    required=True,
    help=_("The course: its Ref. in `sodon list courses`, or its id."),
)
@_output_options
@click.pass_obj
def print_attendance(path: Path, course_id: str, out: Path | None, printer: str | None) -> None:
    from app.reports.training_sheets import attendance_summary

    _print(
        lambda book: attendance_summary(book, book.training.find("course", course_id)),
        path,
        out,
        printer,
    )


REPORTS = ("outreach", "inventory", "stocktake", "overdue", "month", "completeness", "consolidated")


@cli.command(
    help=_(
        "Reports: of a post's month (outreach, inventory, stocktake, overdue, month) and of the provincial office (completeness, consolidated)."
    )
)
@click.argument("which", type=click.Choice(REPORTS))
@click.option("--month", help=_("The month, as YYYY-MM (the reports of a post's month)."))
@click.option("--year", type=click.IntRange(1945, 2099), help=_("The year (province reports)."))
@click.option("--quarter", type=click.IntRange(1, 4), help=_("The quarter (consolidated)."))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("The file to write: .pdf, .xlsx or .csv."),
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help=_("completeness without --out."),
)
@click.pass_obj
def report(
    path: Path,
    which: str,
    month: str | None,
    year: int | None,
    quarter: int | None,
    out: Path | None,
    output: str,
) -> None:
    from app.reports import builders, consolidated

    if which in builders.MONTHLY:
        if not month or not out:
            raise click.UsageError(
                _("{which} needs --month YYYY-MM and --out FILE.").format(which=which)
            )
        _write(lambda book: builders.build(book, which, month), path, out)
        return
    if not year:
        raise click.UsageError(_("{which} needs --year YYYY.").format(which=which))
    if which == "consolidated":
        if not out:
            raise click.UsageError(_("consolidated needs --out FILE."))
        _write(lambda book: consolidated.consolidated(_province(book), year, quarter), path, out)
    elif out:
        _write(lambda book: consolidated.completeness(_province(book), year), path, out)
    else:
        _print_completeness(path, year, output)


def _province(book):
    if not book.post.is_province:
        raise Refused(_("This is a post's book; the report is made at the provincial office."))
    return book


def _print_completeness(path: Path, year: int, output: str) -> None:
    from app.core.book import Book
    from app.exchange import province

    with Book.open(path, readonly=True) as book:
        rows = province.completeness(_province(book), year)
    if output == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "post": r.code,
                        "name": r.name,
                        "months": {
                            c.month: {"status": c.status, "sequence": c.sequence} for c in r.cells
                        },
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    months = [f"{year}-{n:02d}" for n in range(1, 13)]
    if output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["post", *months])
        for row in rows:
            writer.writerow([row.code, *(c.status for c in row.cells)])
        return
    click.echo(f"{_('Post'):10}" + "".join(f"{m[5:]:>7}" for m in months))
    for row in rows:
        click.echo(
            f"{row.code:10}" + "".join(f"{province.mark(c.status) or '·':>7}" for c in row.cells)
        )


@cli.group(
    help=_("Month close: list the months, mark one ready, approve it (commander), unlock it.")
)
def month() -> None:
    pass


def _pin(prompt: str) -> str:
    return os.environ.get("SODON_PIN") or click.prompt(prompt, hide_input=True)


@month.command("list", help=_("Each month with its state and the sequence of its last export."))
@click.option(
    "--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def month_list(path: Path, output: str) -> None:
    from app.core.book import Book
    from app.core.periods import STATES

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
        click.echo(f"{period.month}  {_(STATES[period.state]):24} {exported}")


@month.command("close", help=_("Mark the month's records complete, for the commander to approve."))
@click.option("--month", "which", required=True, help=_("The month, as YYYY-MM."))
@click.pass_obj
def month_close(path: Path, which: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.close(which)
    click.echo(_("{month} is ready for the commander's approval.").format(month=which))


@month.command(
    "approve", help=_("The commander approves the month (asks the PIN; scripts may set SODON_PIN).")
)
@click.option("--month", "which", required=True, help=_("The month, as YYYY-MM."))
@click.pass_obj
def month_approve(path: Path, which: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.approve(which, _pin(_("Commander's PIN")))
    click.echo(_("{month} is approved; its records are now read-only.").format(month=which))


@month.command(
    "unlock",
    help=_("The commander opens an approved month again, with a reason (kept in the log)."),
)
@click.option("--month", "which", required=True, help=_("The month, as YYYY-MM."))
@click.option("--reason", required=True, help=_("Why the month is opened again."))
@click.pass_obj
def month_unlock(path: Path, which: str, reason: str) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        book.periods.unlock(which, _pin(_("Commander's PIN")), reason)
    click.echo(
        _("{month} is open again; export it once approved to send a correction.").format(
            month=which
        )
    )


@cli.command(
    help=_(
        "Set or change the commander's PIN (SODON_PIN: the current one; SODON_NEW_PIN: the new)."
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
    "export", help=_("Write the approved month's signed package for the provincial office.")
)
@click.option("--month", "which", required=True, help=_("The month, as YYYY-MM."))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=_("The folder (a USB stick) to write the package to."),
)
@click.pass_obj
def export_command(path: Path, which: str, out: Path) -> None:
    from app.core.book import Book
    from app.exchange.package import export_month

    with Book.open(path) as book:
        made = export_month(book, which, out)
    click.echo(_("Package written to {path}.").format(path=made))


@cli.command(
    "import",
    help=_(
        "Import posts' monthly packages into the provincial office's book: each file is imported or refused on its own, and every one is listed with what became of it."
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--accept-new-key", is_flag=True, help=_("Accept a post's new signing key."))
@click.pass_obj
def import_command(path: Path, files: tuple[Path, ...], accept_new_key: bool) -> None:
    from app.core.book import Book
    from app.exchange.importer import ImportFailed, PackageRefused, import_packages

    with Book.open(path) as book:
        results = import_packages(book, list(files), accept_new_key=accept_new_key)
    refused = 0
    for result in results:
        if isinstance(result, PackageRefused):
            refused += 1
            message = str(result)
            if isinstance(result, ImportFailed):
                message += " " + _("The details are in {log}.").format(
                    log=write_crash_log(result.error)
                )
            click.echo(_("Error: {message}").format(message=message), err=True)
        else:
            click.echo(result.message)
    click.echo(
        _("{imported} of {total} files imported or already in the book, {refused} refused.").format(
            imported=len(results) - refused, total=len(results), refused=refused
        ),
        err=bool(refused),
    )
    if refused:
        sys.exit(1)


@cli.group(help=_("At the provincial office: the register of posts that send packages."))
def post() -> None:
    pass


@post.command(
    "add",
    help=_(
        'Register a post (or change a registered post\'s name, area or fingerprint).\n\nExample: sodon post add --code LC01 --name "Đồn Biên phòng Lũng Cú" --fingerprint "ABCD EFGH IJKL MNOP QRST UVWX"'
    ),
)
@click.option("--code", required=True, help=_("The post's code, as on its packages."))
@click.option("--name", required=True, help=_("The post's name."))
@click.option("--area", default="", help=_("Its commune or district."))
@click.option(
    "--fingerprint",
    default="",
    help=_("The fingerprint of the post's key (from its Settings or its monthly report)."),
)
@click.pass_obj
def post_add(path: Path, code: str, name: str, area: str, fingerprint: str) -> None:
    from app.core.book import Book
    from app.exchange import registry

    with Book.open(path) as book:
        new = registry.register(book, code=code, name=name, area=area, fingerprint=fingerprint)
        code = code.strip().upper()
    click.echo(
        (_("Post {code} is registered.") if new else _("Post {code} is updated.")).format(code=code)
    )


@post.command(
    "list", help=_("The registered posts, their fingerprints and the last month received.")
)
@click.option(
    "--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def post_list(path: Path, output: str) -> None:
    from app.core.book import Book
    from app.exchange import registry

    with Book.open(path, readonly=True) as book:
        posts = registry.registered(_province(book))
    if output == "json":
        click.echo(json.dumps([dataclasses.asdict(p) for p in posts], ensure_ascii=False, indent=1))
        return
    if not posts:
        click.echo(_("No post is registered yet: sodon post add --code CODE --name NAME"))
        return
    for p in posts:
        click.echo(
            f"{p.code:10} {p.name[:40]:40} {p.fingerprint or _('(key not known yet)'):30} "
            f"{p.last_month}".rstrip()
        )


@cli.command(
    help=_("Print the fingerprint of this book's signing key (read it to the provincial office).")
)
@click.pass_obj
def fingerprint(path: Path) -> None:
    from app.core.book import Book
    from app.exchange import keys

    with Book.open(path, readonly=True) as book:
        click.echo(keys.book_fingerprint(book.path))
