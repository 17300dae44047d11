"""`sodon review add` and `sodon commendation add`: the plans' fifth content from the command
line (their lists are `sodon list reviews|commendations`, their papers `sodon report`)."""

from pathlib import Path

import click

from app.cli.options import described
from app.cli.root import cli
from app.i18n import _

# The codes a user types; their labels are in app/core/reviews.py.
KIND_CODES = ("interim", "final")
LEVEL_CODES = ("post", "district", "province")
FORM_CODES = ("giay_khen", "bang_khen", "co_thi_dua", "danh_hieu", "khac")
RECIPIENT_CODES = ("individual", "collective")


@cli.group(
    "review",
    help=described(
        _("Reviews of the plan's work (interim or final), held at the post or above."),
        'sodon review add --title "Sơ kết 6 tháng đầu năm 2026" --date 05/07/2026 '
        "--period-from 01/01/2026 --period-to 30/06/2026 --participants 45",
        "sodon list reviews --year 2026",
    ),
)
def review_group() -> None:
    pass


@review_group.command(
    "add",
    help=described(
        _("Record a review: when it was held, the period it covers, its level and who took part."),
        'sodon review add --title "Sơ kết 6 tháng đầu năm 2026" --date 05/07/2026 '
        "--period-from 01/01/2026 --period-to 30/06/2026 --participants 45",
        'sodon review add --kind final --level province --title "Tổng kết chương trình '
        '2021-2025" --date 20/12/2025 --period-from 01/01/2021 --period-to 31/12/2025',
    ),
)
@click.option("--title", required=True, help=_("What the review is called."))
@click.option("--date", "held_on", help=_("The day it was held, dd/mm/yyyy (default: today)."))
@click.option(
    "--kind",
    type=click.Choice(KIND_CODES),
    default="interim",
    show_default=True,
    help=_("interim: a review during the period; final: the review at its end."),
)
@click.option(
    "--level",
    type=click.Choice(LEVEL_CODES),
    default="post",
    show_default=True,
    help=_("Where it was held: at the post, the district or the province."),
)
@click.option(
    "--period-from", required=True, help=_("The first day of the period it covers, dd/mm/yyyy.")
)
@click.option(
    "--period-to", required=True, help=_("The last day of the period it covers, dd/mm/yyyy.")
)
@click.option("--participants", default=0, type=int, help=_("How many people took part."))
@click.option("--chaired-by", default="", help=_("Who chaired it."))
@click.option("--notes", default="", help=_("Notes."))
@click.pass_obj
def review_add(
    path: Path,
    title: str,
    held_on: str | None,
    kind: str,
    level: str,
    period_from: str,
    period_to: str,
    participants: int,
    chaired_by: str,
    notes: str,
) -> None:
    from datetime import date

    from app.core.book import Book
    from app.core.records import short_ref
    from app.core.reviews import Review

    with Book.open(path) as book:
        review_id = book.reviews.add_review(
            Review(
                date=held_on or date.today(),
                kind=kind,
                level=level,
                title=title,
                period_from=period_from,
                period_to=period_to,
                participants=participants,
                chaired_by=chaired_by,
                notes=notes,
            )
        )
    click.echo(
        _("Review “{title}” recorded (reference {ref}).").format(
            title=title, ref=short_ref(review_id)
        )
    )


@cli.group(
    "commendation",
    help=described(
        _("Commendations to a collective or an individual, by decision of an authority."),
        'sodon commendation add --recipient "Nguyễn Thị Thuỷ" --authority "Bộ Chỉ huy BĐBP '
        'tỉnh" --decision-number 125/QĐ-BCH --decision-date 05/07/2026',
        "sodon list commendations --year 2026",
    ),
)
def commendation_group() -> None:
    pass


@commendation_group.command(
    "add",
    help=described(
        _(
            "Record a commendation. --person links a person of the book (by full name), whose "
            "name is then the recipient; --review names the review it came from (its "
            "reference in `sodon list reviews`)."
        ),
        'sodon commendation add --person "Nguyễn Thị Thuỷ" --authority "Bộ Chỉ huy BĐBP tỉnh" '
        "--decision-number 125/QĐ-BCH --decision-date 05/07/2026 --review 3a9c01d2",
        'sodon commendation add --recipient-kind collective --recipient "Đồn Biên phòng Lũng '
        'Cú" --form bang_khen --authority "UBND tỉnh" --decision-number 2031/QĐ-UBND '
        '--decision-date 20/12/2026 --reason "Thành tích xuất sắc năm 2026"',
    ),
)
@click.option(
    "--recipient-kind",
    type=click.Choice(RECIPIENT_CODES),
    default="individual",
    show_default=True,
    help=_("A collective or an individual."),
)
@click.option("--recipient", default="", help=_("The unit or person commended."))
@click.option(
    "--person", metavar=_("NAME"), help=_("A person of the book: their full name, as listed.")
)
@click.option(
    "--form",
    type=click.Choice(FORM_CODES),
    default="giay_khen",
    show_default=True,
    help=_(
        "giay_khen (certificate of merit), bang_khen (of a higher authority), co_thi_dua "
        "(emulation flag), danh_hieu (emulation title) or khac (other)."
    ),
)
@click.option("--authority", required=True, help=_("Who issued the decision."))
@click.option("--decision-number", required=True, help=_("The decision's number."))
@click.option("--decision-date", help=_("The decision's date, dd/mm/yyyy (default: today)."))
@click.option("--reason", default="", help=_("What it was given for."))
@click.option("--review", metavar=_("REF"), help=_("The review it came from (its reference)."))
@click.option("--notes", default="", help=_("Notes."))
@click.pass_obj
def commendation_add(
    path: Path,
    recipient_kind: str,
    recipient: str,
    person: str | None,
    form: str,
    authority: str,
    decision_number: str,
    decision_date: str | None,
    reason: str,
    review: str | None,
    notes: str,
) -> None:
    from datetime import date

    from app.core.book import Book
    from app.core.records import short_ref
    from app.core.reviews import Commendation

    with Book.open(path) as book:
        reviews = book.reviews
        commendation = Commendation(
            recipient_kind=recipient_kind,
            recipient=recipient,
            person_id=reviews.find_person(person) if person else "",
            form=form,
            authority=authority,
            decision_number=decision_number,
            decision_date=decision_date or date.today(),
            reason=reason,
            review_id=reviews.find("review", review) if review else "",
            notes=notes,
        )
        commendation_id = reviews.add_commendation(commendation)
        row = reviews.commendation_row(commendation_id)
    click.echo(
        _("Commendation of {recipient} recorded (decision {number}, reference {ref}).").format(
            recipient=row.recipient, number=row.decision_number, ref=short_ref(commendation_id)
        )
    )
