"""Paper: `sodon print` (a course's papers, to a file or a printer) and `sodon report`."""

import csv
import json
import sys
from pathlib import Path

import click

from app.cli.base import province_book
from app.cli.options import described, format_option, month_option, out_option, paper_options
from app.cli.root import cli
from app.i18n import _


@cli.group(
    "print",
    help=described(
        _("Print a course's papers: the sign-in sheet of a session, the attendance summary."),
        "sodon print signin --session 5f1e2985 --out danh-sach.pdf",
    ),
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


@print_group.command(
    "printers",
    help=described(_("The printers this computer can print on."), "sodon print printers"),
)
def print_printers() -> None:
    from app.reports import printing

    names = printing.printers()
    if not names:
        raise printing.no_printer()
    default = printing.default_printer()
    for name in names:
        click.echo(f"{name}  ({_('default')})" if name == default else name)


@print_group.command(
    "signin",
    help=described(
        _("The sign-in sheet of a session (people in given-name order)."),
        "sodon list sessions --month 2026-10",
        "sodon print signin --session 5f1e2985 --out danh-sach.pdf",
        'sodon print signin --session 5f1e2985 --blank 10 --printer ""',
    ),
)
@click.option(
    "--session",
    "session_id",
    required=True,
    help=_("The session: its Ref. in `sodon list sessions`, or its id."),
)
@paper_options
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
    "attendance",
    help=described(
        _("A course's attendance: people × sessions, totals and rates."),
        "sodon print attendance --course 3a9c01d2 --out diem-danh.xlsx",
    ),
)
@click.option(
    "--course",
    "course_id",
    required=True,
    help=_("The course: its Ref. in `sodon list courses`, or its id."),
)
@paper_options
@click.pass_obj
def print_attendance(path: Path, course_id: str, out: Path | None, printer: str | None) -> None:
    from app.reports.training_sheets import attendance_summary

    _print(
        lambda book: attendance_summary(book, book.training.find("course", course_id)),
        path,
        out,
        printer,
    )


REPORTS = (
    "outreach",
    "inventory",
    "stocktake",
    "overdue",
    "month",
    "completeness",
    "consolidated",
    "deliveries",
    "stations",
    "reviews",
    "commendations",
    "plan",
    "period",
)


@cli.command(
    help=described(
        _(
            "Reports: of a post's month (outreach, inventory, stocktake, overdue, month), of a year (stations, reviews, commendations) and of the provincial office (completeness, consolidated, deliveries, plan; period: a programme's years)."
        ),
        "sodon report month --month 2026-10 --out bao-cao-thang-10.pdf",
        "sodon report outreach --month 2026-10 --out so-tuyen-truyen.xlsx",
        "sodon report completeness --year 2026",
        "sodon report consolidated --year 2026 --quarter 4 --out tong-hop-quy-4.pdf",
        "sodon report deliveries --year 2026 --out an-pham-2026.xlsx",
        "sodon report commendations --year 2026 --out khen-thuong-2026.pdf",
        "sodon report plan --year 2026 --out ke-hoach-2026.pdf",
        "sodon report period --from 2021 --to 2025 --out so-ket-2021-2025.xlsx",
    )
)
@click.argument("which", type=click.Choice(REPORTS))
@month_option(_("The month, as YYYY-MM (the reports of a post's month)."))
@click.option("--year", type=click.IntRange(1945, 2099), help=_("The year (province reports)."))
@click.option("--quarter", type=click.IntRange(1, 4), help=_("The quarter (consolidated)."))
@click.option(
    "--from",
    "first",
    type=click.IntRange(1945, 2099),
    metavar="YYYY",
    help=_("The first year of the period."),
)
@click.option(
    "--to", "last", type=click.IntRange(1945, 2099), metavar="YYYY", help=_("The last year.")
)
@out_option(_("The file to write: .pdf, .xlsx or .csv."))
@format_option("table", "csv", "json", help_text=_("completeness without --out."))
@click.pass_obj
def report(
    path: Path,
    which: str,
    month: str | None,
    year: int | None,
    quarter: int | None,
    first: int | None,
    last: int | None,
    out: Path | None,
    output: str,
) -> None:
    from app.reports import builders, consolidated
    from app.reports.plan import period_report

    if which in builders.MONTHLY:
        if not month or not out:
            raise click.UsageError(
                _("{which} needs --month YYYY-MM and --out FILE.").format(which=which)
            )
        _write(lambda book: builders.build(book, which, month), path, out)
        return
    if which == "period":
        if not first or not last or not out:
            raise click.UsageError(_("period needs --from YYYY, --to YYYY and --out FILE."))
        if last < first:
            raise click.UsageError(_("--to must not be before --from."))
        _write(lambda book: period_report(province_book(book), first, last), path, out)
        return
    if not year:
        raise click.UsageError(_("{which} needs --year YYYY.").format(which=which))
    if which in builders.YEARLY or which in builders.PROVINCE_YEARLY:
        if not out:
            raise click.UsageError(_("{which} needs --out FILE.").format(which=which))
        if which in builders.PROVINCE_YEARLY:
            _write(lambda book: builders.build_yearly(province_book(book), which, year), path, out)
        else:
            _write(lambda book: builders.build_yearly(book, which, year), path, out)
        return
    if which == "deliveries":
        if not out:
            raise click.UsageError(_("deliveries needs --out FILE."))
        _write(lambda book: consolidated.deliveries(province_book(book), year), path, out)
    elif which == "consolidated":
        if not out:
            raise click.UsageError(_("consolidated needs --out FILE."))
        _write(
            lambda book: consolidated.consolidated(province_book(book), year, quarter), path, out
        )
    elif out:
        _write(lambda book: consolidated.completeness(province_book(book), year), path, out)
    else:
        _print_completeness(path, year, output)


def _print_completeness(path: Path, year: int, output: str) -> None:
    from app.core.book import Book
    from app.exchange import province

    with Book.open(path, readonly=True) as book:
        rows = province.completeness(province_book(book), year)
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
