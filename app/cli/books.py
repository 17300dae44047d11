"""The book file: create it, fill it with demo records, check it, back it up, restore it."""

import dataclasses
import sys
from pathlib import Path

import click

from app.cli.options import described
from app.cli.root import cli
from app.i18n import _


@cli.command(
    help=described(
        _("Create a new book for a post (or, with --province, the provincial office)."),
        'sodon init --post-code LC01 --post-name "Đồn Biên phòng Lũng Cú" --clerk "Nguyễn Văn An"',
        'sodon --db tinh.sqlite init --province --post-code BCH-HG --post-name "Bộ Chỉ huy BĐBP '
        'tỉnh Hà Giang"',
    )
)
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


@cli.command(
    "demo",
    help=described(
        _(
            "Fill the post's book with realistic demo records. On a new provincial office's "
            "book: make a few demo posts and let their months, the province's answers, the "
            "plan and publications travel between them the real way."
        ),
        "sodon demo --months 6",
    ),
)
@click.option("--months", default=12, show_default=True, help=_("How many months, up to today."))
@click.option("--scale", default=1, show_default=True, help=_("Multiply the volume by this."))
@click.pass_obj
def demo_command(path: Path, months: int, scale: int) -> None:
    from app.core import demo
    from app.core.book import Book

    with Book.open(path) as book:
        if book.post.is_province:
            _province_demo(book)
            return
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
    help=described(
        _("Check the file and the book's rules; exit status 1 if anything is wrong."),
        "sodon check",
    )
)
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


@cli.command(
    help=described(
        _("Make a verified copy of the book."),
        "sodon backup",
        "sodon backup --to /media/usb/so-don.sqlite",
    )
)
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
    help=described(
        _("Replace the book's content with a backup (the current content is kept as a backup)."),
        "sodon restore /media/usb/so-don.sqlite",
    )
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


def _province_demo(book) -> None:
    from app.exchange.demo import POSTS, fill_province, require_new_province

    require_new_province(book)
    with click.progressbar(
        length=POSTS * 3 + 3, label=_("Making the demo posts and their exchange"), file=sys.stderr
    ) as bar:
        made = fill_province(book, progress=lambda _done, _total: bar.update(1))
    click.echo(
        _(
            "Registered {posts} demo posts ({codes}) and imported {imported} of their monthly "
            "packages; sent them {targets} targets of the year's plan and {shipments} "
            "publications ({received} received so far). Month {month} of {returned} was "
            "returned for correction; {late} is late with its last two months."
        ).format(
            posts=len(made.posts),
            codes=", ".join(made.posts),
            imported=made.imported,
            targets=made.targets,
            shipments=made.shipments,
            received=made.received,
            returned=made.returned[0],
            month=made.returned[1],
            late=made.late,
        )
    )
