"""At the provincial office: the year's plan, `sodon plan template|load|set|show` (at a post,
`sodon list targets` shows its targets and how far it has come)."""

import dataclasses
import json
from pathlib import Path

import click

from app.cli.base import Refused
from app.cli.options import described, format_option, out_option
from app.cli.root import cli
from app.i18n import _

# The indicators' names (app/core/plan.py INDICATORS; not imported before a command runs).
NAMES = (
    "activities, audience, women, ethnic, copies_handed_out, courses, trainees, sessions, "
    "stations_working"
)
YEAR = click.IntRange(2000, 2100)


def _province(book):
    if not book.post.is_province:
        raise Refused(
            _(
                "This is a post's book: the year's plan is set at the provincial office. See "
                "this post's targets with `sodon list targets --year YYYY`."
            )
        )
    return book


@cli.group(
    "plan",
    help=described(
        _(
            "At the provincial office: the year's plan, each post's targets per indicator "
            "(and plan content). The next answer to each post carries its targets."
        ),
        "sodon plan template --year 2027 --out ke-hoach-2027.xlsx",
        "sodon plan load ke-hoach-2027.xlsx",
        "sodon plan set --year 2027 --post LC01 --indicator activities --target 120",
        "sodon plan show --year 2027",
    ),
)
def plan_group() -> None:
    pass


@plan_group.command(
    "template",
    help=described(
        _(
            "A spreadsheet of the year's plan to fill in with Excel: one row per registered "
            "post, one column per indicator, the targets already set filled in."
        ),
        "sodon plan template --year 2027 --out ke-hoach-2027.xlsx",
    ),
)
@click.option("--year", required=True, type=YEAR, metavar="YYYY", help=_("The plan's year."))
@out_option(_("The .xlsx file to write."), required=True)
@click.pass_obj
def plan_template(path: Path, year: int, out: Path) -> None:
    from app.core.book import Book

    with Book.open(path, readonly=True) as book:
        made = _province(book).plan.write_template(year, out)
    click.echo(_("Written to {path}.").format(path=made))


@plan_group.command(
    "load",
    help=described(
        _(
            "Set the targets of a filled-in plan spreadsheet. Every cell is checked first: "
            "a wrong cell is named and nothing is loaded. An empty cell changes nothing."
        ),
        "sodon plan load ke-hoach-2027.xlsx",
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def plan_load(path: Path, file: Path) -> None:
    from app.core.book import Book

    with Book.open(path) as book:
        plan = _province(book).plan
        targets = plan.read_sheet(file)
        if not targets:
            raise Refused(_("{name} holds no target: its cells are empty.").format(name=file.name))
        plan.set_many(targets)
    posts = len({t.to_post for t in targets})
    click.echo(
        _("{count} targets of {year} set for {posts} posts; the next answers carry them.").format(
            count=len(targets), year=targets[0].year, posts=posts
        )
    )


@plan_group.command(
    "set",
    help=described(
        _(
            "Set one target of a post (--target 0 removes it). Indicators: {names}. A target "
            "may be for one plan content (ND1 … ND5, HT, CK) or, without --content, for all."
        ).format(names=NAMES),
        "sodon plan set --year 2027 --post LC01 --indicator activities --target 120",
        "sodon plan set --year 2027 --post LC01 --indicator women --content ND1 --target 300",
        "sodon plan set --year 2027 --post LC01 --indicator courses --target 0",
    ),
)
@click.option("--year", required=True, type=YEAR, metavar="YYYY", help=_("The plan's year."))
@click.option("--post", "post_code", required=True, metavar=_("REF"), help=_("The post's code."))
@click.option("--indicator", required=True, help=_("The indicator's name (see above)."))
@click.option(
    "--target",
    required=True,
    type=click.IntRange(0),
    help=_("The target, a whole number; 0 removes the target."),
)
@click.option(
    "--content",
    default="",
    metavar=_("REF"),
    help=_("The plan content (ND1 … ND5, HT, CK); none for all contents."),
)
@click.option("--notes", default="", help=_("A note for the post."))
@click.pass_obj
def plan_set(
    path: Path, year: int, post_code: str, indicator: str, target: int, content: str, notes: str
) -> None:
    from app.core.book import Book
    from app.core.plan import Target, content_label, indicator_label

    code, indicator, content = post_code.strip().upper(), indicator.strip().lower(), content.upper()
    with Book.open(path) as book:
        plan = _province(book).plan
        if target == 0:
            plan.remove(code, year, indicator, content)
            message = _("The target of {indicator} ({content}) for {post} in {year} is removed.")
        else:
            plan.set(Target(code, year, indicator, content, target, notes))
            message = _("Target of {indicator} ({content}) for {post} in {year}: {target}.")
    click.echo(
        message.format(
            indicator=indicator_label(indicator),
            content=content_label(content),
            post=code,
            year=year,
            target=target,
        )
        + " "
        + _("The next answer to the post carries it.")
    )


@plan_group.command(
    "show",
    help=described(
        _("The year's targets: one row per post, one column per indicator."),
        "sodon plan show --year 2027",
        "sodon plan show --year 2027 --format json",
    ),
)
@click.option("--year", required=True, type=YEAR, metavar="YYYY", help=_("The plan's year."))
@format_option("table", "json")
@click.pass_obj
def plan_show(path: Path, year: int, output: str) -> None:
    from app.core.book import Book
    from app.core.plan import CONTENTS, INDICATORS
    from app.core.plan_sheet import column_key
    from app.core.text import thousands

    with Book.open(path, readonly=True) as book:
        plan = _province(book).plan
        rows = plan.targets(year)
        posts = plan.posts()
    if output == "json":
        click.echo(
            json.dumps(
                [
                    {k: v for k, v in dataclasses.asdict(r).items() if k != "deleted_at"}
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if not rows:
        click.echo(
            _(
                "No target is set for {year}: sodon plan set --year {year} --post CODE "
                "--indicator NAME --target N"
            ).format(year=year)
        )
        return
    pairs = sorted(
        {(r.indicator, r.content) for r in rows},
        key=lambda pair: (list(INDICATORS).index(pair[0]), (("", *CONTENTS)).index(pair[1])),
    )
    columns = [column_key(*pair) for pair in pairs]
    cells = {(r.to_post, column_key(r.indicator, r.content)): r.target for r in rows}
    codes = [code for code, _name in posts] + sorted({r.to_post for r in rows} - dict(posts).keys())
    table = [[_("Post"), *columns]] + [
        [
            code,
            *(thousands(cells[(code, c)]) if (code, c) in cells else "" for c in columns),
        ]
        for code in codes
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for index, line in enumerate(table):
        click.echo(
            "  ".join(
                text.ljust(width) if column == 0 else text.rjust(width)
                for column, (text, width) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if index == 0:
            click.echo("  ".join("-" * w for w in widths))
