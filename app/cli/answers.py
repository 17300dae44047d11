"""The way back: `sodon answer`, `sodon month return` and `sodon delivery add|load|template`
at the provincial office; `sodon province set` and `sodon delivery receive` at a post."""

import sys
from pathlib import Path

import click

from app.cli.base import Refused
from app.cli.months import month_group
from app.cli.options import described, month_option, out_option
from app.cli.root import cli
from app.i18n import _


@cli.command(
    "answer",
    help=described(
        _(
            "Write the answer to a post (or to every post with --all): receipts of its packages, "
            "months returned for correction, publications sent."
        ),
        "sodon answer --post LC01 --out /media/usb",
        "sodon answer --all --out /media/usb",
    ),
)
@click.option("--post", "post_code", help=_("The post's code."))
@click.option("--all", "every", is_flag=True, help=_("An answer to every registered post."))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=_("The folder (a USB stick) to write the answers to."),
)
@click.pass_obj
def answer_command(path: Path, post_code: str | None, every: bool, out: Path) -> None:
    from app.core.book import Book
    from app.exchange import answers

    if bool(post_code) == every:
        raise click.UsageError(_("Give one of --post CODE or --all."))
    with Book.open(path) as book:
        made = (
            answers.answer_all(book, out) if every else [answers.make_answer(book, post_code, out)]
        )
    failed = 0
    for result in made:
        if isinstance(result, answers.AnswerMade):
            click.echo(
                _("{post}: nothing new since the last answer; no file written.").format(
                    post=result.post
                )
                if result.path is None
                else _("{post}: answer written to {path}.").format(
                    post=result.post, path=result.path
                )
            )
        else:
            failed += 1
            click.echo(_("Error: {message}").format(message=result), err=True)
    if failed:
        sys.exit(1)


@month_group.command(
    "return",
    help=described(
        _("At the provincial office: return a post's month for correction, with the reason."),
        'sodon month return --post LC01 --month 2026-10 --reason "Thiếu số liệu ngày 28/10"',
    ),
)
@click.option("--post", "post_code", required=True, help=_("The post's code."))
@month_option(required=True)
@click.option("--reason", required=True, help=_("What the post must correct."))
@click.pass_obj
def month_return(path: Path, post_code: str, month: str, reason: str) -> None:
    from app.core.book import Book
    from app.exchange import answers

    with Book.open(path) as book:
        answers.return_month(book, post_code, month, reason)
    click.echo(
        _("{month} of {post} is returned; the next answer to the post carries it.").format(
            month=month, post=post_code.upper()
        )
    )


@cli.group(
    "delivery",
    help=described(
        _("Publications the provincial office sends to its posts, and their receipt at a post."),
        'sodon delivery add --post LC01 --title "Luật Biên phòng Việt Nam" --copies 20',
        'sodon delivery receive 3a9c01d2 --cabinet "Tủ sách Đồn"',
    ),
)
def delivery_group() -> None:
    pass


@delivery_group.command(
    "add",
    help=described(
        _("At the provincial office: record copies of a publication sent to a post."),
        'sodon delivery add --post LC01 --title "Luật Biên phòng Việt Nam" --copies 20 '
        '--publisher "NXB Chính trị quốc gia" --year 2024',
    ),
)
@click.option("--post", "post_code", required=True, help=_("The post's code."))
@click.option("--title", required=True, help=_("The publication's title."))
@click.option("--copies", required=True, type=click.IntRange(1), help=_("How many copies."))
@click.option("--author", default="", help=_("Its author."))
@click.option("--publisher", default="", help=_("Its publisher."))
@click.option("--year", type=click.IntRange(1900, 2100), help=_("Year published."))
@click.option("--date", "sent_on", help=_("The day it is sent, dd/mm/yyyy (default: today)."))
@click.pass_obj
def delivery_add(
    path: Path,
    post_code: str,
    title: str,
    copies: int,
    author: str,
    publisher: str,
    year: int | None,
    sent_on: str | None,
) -> None:
    from datetime import date

    from app.core.book import Book
    from app.core.shipments import Shipment

    with Book.open(path) as book:
        book.shipments.add(
            Shipment(
                to_post=post_code,
                title=title,
                author=author,
                publisher=publisher,
                year=year,
                copies=copies,
                sent_on=sent_on or date.today(),
            )
        )
    click.echo(
        _("{copies} copies of “{title}” recorded for {post}; the next answer carries them.").format(
            copies=copies, title=title, post=post_code.upper()
        )
    )


@delivery_group.command(
    "load",
    help=described(
        _("At the provincial office: record the shipments of a spreadsheet (all or none)."),
        "sodon delivery template --out an-pham.xlsx",
        "sodon delivery load an-pham.xlsx",
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def delivery_load(path: Path, file: Path) -> None:
    from app.core.book import Book
    from app.core.shipments import read_sheet

    shipments = read_sheet(file)
    if not shipments:
        raise Refused(_("{name} holds no shipment below its heading row.").format(name=file.name))
    with Book.open(path) as book:
        made = book.shipments.add_many(shipments)
    click.echo(_("{count} shipments recorded.").format(count=len(made)))


@delivery_group.command(
    "template",
    help=described(
        _("An empty spreadsheet of shipments to fill in, with one example row."),
        "sodon delivery template --out an-pham.xlsx",
    ),
)
@out_option(_("The .xlsx file to write."), required=True)
def delivery_template(out: Path) -> None:
    from app.core.shipments import write_template

    made = write_template(out)
    click.echo(_("Written to {path}.").format(path=made))


@delivery_group.command(
    "receive",
    help=described(
        _(
            "At a post: count a publication the province sent into a cabinet (a short count is "
            "noted and goes back to the province)."
        ),
        "sodon list deliveries",
        'sodon delivery receive 3a9c01d2 --cabinet "Tủ sách Đồn" --copies 18',
    ),
)
@click.argument("ref", metavar=_("REF"))
@click.option("--cabinet", required=True, help=_("The cabinet's name."))
@click.option("--copies", type=click.IntRange(0), help=_("Copies counted (default: as sent)."))
@click.option("--date", "on", help=_("The day they were counted, dd/mm/yyyy (default: today)."))
@click.pass_obj
def delivery_receive(
    path: Path, ref: str, cabinet: str, copies: int | None, on: str | None
) -> None:
    from app.core.book import Book
    from app.core.text import fold

    with Book.open(path) as book:
        shipment_id = book.shipments.find(ref)
        wanted = fold(cabinet)
        found = [c for c in book.cabinets.cabinets(limit=None) if fold(c.name) == wanted]
        if len(found) != 1:
            names = ", ".join(c.name for c in book.cabinets.cabinets(limit=None))
            raise Refused(
                _("There is no cabinet named “{name}”. Cabinets: {names}.").format(
                    name=cabinet, names=names
                )
            )
        book.shipments.receive(shipment_id, found[0].id, copies=copies, on=on)
        row = book.shipments.get(shipment_id)
    click.echo(
        _("{copies} copies of “{title}” received into {cabinet}.").format(
            copies=row.received, title=row.title, cabinet=found[0].name
        )
        + (" " + _("{short} copies missing.").format(short=row.short) if row.short else "")
    )


@cli.group(
    "province",
    help=described(
        _("At a post: its provincial office, whose answers it imports."),
        'sodon province set --code BCH-HG --name "Bộ Chỉ huy BĐBP tỉnh Hà Giang" '
        '--fingerprint "ABCD EFGH IJKL MNOP QRST UVWX"',
    ),
)
def province_group() -> None:
    pass


@province_group.command(
    "set",
    help=described(
        _(
            "Register the provincial office and the fingerprint of its key (read from its "
            "paper or Settings)."
        ),
        'sodon province set --code BCH-HG --name "Bộ Chỉ huy BĐBP tỉnh Hà Giang" '
        '--fingerprint "ABCD EFGH IJKL MNOP QRST UVWX"',
    ),
)
@click.option("--code", required=True, help=_("The provincial office's code."))
@click.option("--name", required=True, help=_("Its name."))
@click.option("--fingerprint", required=True, help=_("The fingerprint of its key."))
@click.pass_obj
def province_set(path: Path, code: str, name: str, fingerprint: str) -> None:
    from app.core.book import Book
    from app.exchange import answer_reader

    with Book.open(path) as book:
        new = answer_reader.set_province(book, code=code, name=name, fingerprint=fingerprint)
    click.echo(
        (_("The provincial office {code} is registered.") if new else _("The provincial office {code} is updated.")).format(
            code=code.upper()
        )
    )  # fmt: skip
