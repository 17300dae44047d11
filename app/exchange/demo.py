"""A provincial office at work, for a newcomer to look at: `sodon demo` on a province's book.

A handful of demo posts of the province's area are made in a folder of their own, each with
months of demo records approved by its commander; the province registers them, gives them
the year's plan and sends them publications, and everything then travels the real way: the
posts export their approved months and the province imports the packages, answers every post
(receipts, the plan, the publications), the posts import the answers and count most of the
publications into a cabinet (one short, one not yet), and export their last month, receipts
included; one post is late with it. The province returns one month for correction. The posts'
books are deleted at the end: only the province's book keeps what it received.
"""

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.core import demo as post_demo
from app.core.book import Book
from app.core.dates import month_bounds
from app.core.errors import ValidationError
from app.core.plan import INDICATORS, Target
from app.core.shipments import Shipment
from app.core.text import fold
from app.exchange import answers, keys, registry
from app.exchange.answer_reader import set_province
from app.exchange.envelope import PackageRefused
from app.exchange.importer import import_packages
from app.exchange.package import export_month
from app.i18n import _

POSTS = 4  # demo posts of the province
MONTHS = 4  # months of records each (the last of them is this month, still open)
PUBLICATIONS = (
    ("Luật Biên phòng Việt Nam", "Quốc hội", "NXB Chính trị quốc gia Sự thật", 20),
    ("Sổ tay tuyên truyền về chủ quyền biên giới", "", "NXB Quân đội nhân dân", 12),
)
# The year's plan of each post: a target per indicator for the whole year (scaled a little
# per post, so that the posts' progress differs).
TARGETS = {
    "activities": 220,
    "audience": 16000,
    "women": 6000,
    "ethnic": 11000,
    "copies_handed_out": 150,
    "courses": 4,
    "trainees": 60,
    "sessions": 12,
    "stations_working": 3,
}


@dataclass
class ProvinceDemo:
    """What the demo made, for the command's message and the tests."""

    posts: list[str] = field(default_factory=list)
    imported: int = 0
    returned: tuple[str, str] = ("", "")  # the post and the month returned for correction
    late: str = ""  # the post whose last two months are missing
    shipments: int = 0
    received: int = 0
    targets: int = 0


def fill_province(
    book,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ProvinceDemo:
    """Make the demo posts and run a few months of exchange with them (see the module)."""
    require_new_province(book)
    today = today or date.today()
    work = Path(tempfile.mkdtemp(prefix="sodon-demo-"))
    steps, done = POSTS * 3 + 3, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, steps)

    made, posts = ProvinceDemo(), {}
    try:
        _make_posts(book, posts, work, today, step)
        made.posts = sorted(posts)
        months = sorted(
            {m for m in _approved(posts) if m[:4] == str(today.year)} or set(_approved(posts))
        )
        last = months[-1]
        made.late = made.posts[-1]
        made.targets = _plan(book, made.posts, today.year)
        made.shipments = _publications(book, made.posts, month_bounds(last)[0])
        # Every approved month but the last travels up now (the late post's before last
        # stays behind too); the last after the answers.
        late = {made.late: months[-2:]}
        made.imported += _send_up(book, posts, work / "up", skip={last}, late=late)
        _arrived_in_time(book)
        step()
        made.returned = (made.posts[1], months[0])
        answers.return_month(
            book,
            made.posts[1],
            months[0],
            _("The activities of the last week are missing; add them and send the month again."),
        )
        made.received = _answer_and_receive(book, posts, work / "down")
        step()
        on_time = {code: post for code, post in posts.items() if code != made.late}
        made.imported += _send_up(book, on_time, work / "last", only=last)
        _arrived_in_time(book)
        step()
    finally:
        for post in posts.values():
            post.close()
        shutil.rmtree(work, ignore_errors=True)
    return made


def require_new_province(book) -> None:
    """ValidationError unless the book is a provincial office's without registered posts."""
    if not book.post.is_province:
        raise ValidationError({"book": _("This is a post's book: use `sodon demo` for a post.")})
    if registry.registered(book):
        raise ValidationError(
            {
                "book": _(
                    "The provincial office already has registered posts; the demo is made only "
                    "in a new, empty provincial book."
                )
            }
        )


def _make_posts(book, posts: dict[str, Book], work: Path, today: date, step) -> None:
    """The demo posts, open in `posts`, registered both ways (each knows the other's key)."""
    area = post_demo.area_named(book.post.province or book.post.name)
    province_fingerprint = keys.book_fingerprint(book.path)
    for commune in area["communes"][:POSTS]:
        code = "".join(word[0] for word in fold(commune).upper().split())[:3] + "01"
        name = f"Đồn Biên phòng {commune}"  # the post's name, as its own book has it
        post = Book.create(work / code / "so.sqlite", post_code=code, post_name=name)
        posts[code] = post
        post.update_post(province=book.post.province or area["province"], place=commune)
        post_demo.fill(post, months=MONTHS, today=today)
        step()
        registry.register(
            book,
            code=code,
            name=name,
            area=commune,
            fingerprint=keys.book_fingerprint(post.path),
        )
        set_province(
            post, code=book.post.code, name=book.post.name, fingerprint=province_fingerprint
        )
        step()


def _approved(posts: dict[str, Book]) -> list[str]:
    return [
        period.month
        for post in posts.values()
        for period in post.periods.months()
        if period.state == "approved"
    ]


def _plan(book, codes: list[str], year: int) -> int:
    targets = [
        Target(
            to_post=code,
            year=year,
            indicator=indicator,
            target=max(1, value * (10 + number) // 10),
        )
        for number, code in enumerate(codes)
        for indicator, value in TARGETS.items()
        if indicator in INDICATORS
    ]
    book.plan.set_many(targets)
    return len(targets)


def _publications(book, codes: list[str], sent_on: str) -> int:
    count = 0
    for code in codes:
        for title, author, publisher, copies in PUBLICATIONS:
            book.shipments.add(
                Shipment(
                    to_post=code,
                    title=title,
                    author=author,
                    publisher=publisher,
                    copies=copies,
                    sent_on=sent_on,
                )
            )
            count += 1
    return count


def _send_up(
    book, posts, folder: Path, *, skip=frozenset(), only: str = "", late: dict | None = None
) -> int:
    """The posts export their approved months (all but `skip` and a late post's `late`
    months, or only `only`), and the province imports the packages; the number imported."""
    files = []
    for code, post in posts.items():
        for period in post.periods.months():
            held_back = skip | set((late or {}).get(code, ()))
            wanted = period.month == only if only else period.month not in held_back
            if period.state == "approved" and wanted:
                files.append(export_month(post, period.month, folder))
    results = import_packages(book, files)
    refused = [r for r in results if isinstance(r, PackageRefused)]
    if refused:  # a bug of the demo, not something a user did
        raise RuntimeError(str(refused[0]))
    return len(results)


def _arrived_in_time(book) -> None:
    """As if each package had been sent on the 3rd of the month after its own and reached the
    province on the 5th (the demo sends them all today, which would make every month late)."""
    with book.records.transaction():
        book.db.execute(
            "UPDATE delivery SET "
            "exported_at = date(month || '-01', '+1 month', '+2 days') || 'T02:00:00.000Z', "
            "received_at = date(month || '-01', '+1 month', '+4 days') || 'T02:00:00.000Z' "
            "WHERE date(month || '-01', '+1 month', '+4 days') < date('now')"
        )


def _answer_and_receive(book, posts: dict[str, Book], folder: Path) -> int:
    """The province answers every post; each post imports its answer and counts the
    publications into its first cabinet: all of them at the first post, one short at the
    second, none yet at the others. The number of publications received."""
    received = 0
    for made in answers.answer_all(book, folder):
        if not isinstance(made, answers.AnswerMade) or made.path is None:
            raise RuntimeError(str(made))
        post = posts[made.post]
        import_packages(post, [made.path])
        number = sorted(posts).index(made.post)
        if number > 1:
            continue
        cabinet = post.cabinets.cabinets(limit=1)[0].id
        for count, shipment in enumerate(post.shipments.to_receive()):
            short = number == 1 and count == 0
            post.shipments.receive(
                shipment.id, cabinet, copies=shipment.copies - 2 if short else shipment.copies
            )
            received += 1
    return received
