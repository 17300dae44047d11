"""At the provincial office: `sodon import`, the register of posts, a post's fingerprint."""

import dataclasses
import json
import sys
from pathlib import Path

import click

from app.cli.base import province_book
from app.cli.options import described, format_option
from app.cli.root import cli
from app.crash import write_crash_log
from app.i18n import _


@cli.command(
    "import",
    help=described(
        _(
            "Import packages: at the provincial office the posts' monthly packages, at a post its province's answers. Each file is imported or refused on its own, and every one is listed with what became of it."
        ),
        "sodon import /media/usb/*.sodon",
        "sodon import --accept-new-key /media/usb/BCH-HG_tra-loi_LC01_1.sodon",
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--accept-new-key",
    is_flag=True,
    help=_("Accept a new signing key (a post's, or at a post its province's first)."),
)
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


@cli.group(
    help=described(
        _("At the provincial office: the register of posts that send packages."),
        "sodon post list",
    )
)
def post() -> None:
    pass


@post.command(
    "add",
    help=described(
        _("Register a post (or change a registered post's name, area or fingerprint)."),
        'sodon post add --code LC01 --name "Đồn Biên phòng Lũng Cú" '
        '--fingerprint "ABCD EFGH IJKL MNOP QRST UVWX"',
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
    "list",
    help=described(
        _("The registered posts, their fingerprints and the last month received."),
        "sodon post list --format json",
    ),
)
@format_option("table", "json")
@click.pass_obj
def post_list(path: Path, output: str) -> None:
    from app.core.book import Book
    from app.exchange import registry

    with Book.open(path, readonly=True) as book:
        posts = registry.registered(province_book(book))
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
    help=described(
        _("Print the fingerprint of this book's signing key (read it to the provincial office)."),
        "sodon fingerprint",
    )
)
@click.pass_obj
def fingerprint(path: Path) -> None:
    from app.core.book import Book
    from app.exchange import keys

    with Book.open(path, readonly=True) as book:
        click.echo(keys.book_fingerprint(book.path))
