"""Every register as a list: how to fetch it and its columns, declared once as data for the
command line's tables and the window's table models alike."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.core.cabinets import LOCATION_KINDS, MOVEMENT_KINDS, TITLE_KINDS
from app.core.dates import format_date, month_bounds
from app.core.plan import ALL_CONTENTS
from app.core.plan import INDICATORS as PLAN_INDICATORS
from app.core.reviews import FORMS, KINDS, LEVELS, RECIPIENT_KINDS
from app.core.stations import STATES
from app.core.training import GENDERS, STATUSES
from app.i18n import N_, _


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: str = "text"  # text, date, number, percent (0–100) or label
    labels: Mapping[str, str] | None = None
    width: int = 40

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent")

    def text(self, row: object) -> str:
        """The cell as a user reads it: dates dd/mm/yyyy, codes as words, long text cut."""
        value = getattr(row, self.name)
        if value is None:
            return ""
        if self.kind == "date":
            return format_date(value)
        if self.kind == "percent":
            return f"{value:.0f}%"
        if self.kind == "label" and self.labels is not None:
            label = self.labels.get(value, value)
            return _(label[1] if isinstance(label, tuple) else label)
        text = str(value).replace("\n", " ")
        return text if len(text) <= self.width else text[: self.width - 1] + "…"


@dataclass(frozen=True)
class Query:
    """What a list is asked for: filters, a page, and the column it is sorted on."""

    search: str | None = None
    month: str | None = None
    limit: int | None = 100
    offset: int = 0
    sort: str | None = None
    post: str | None = None  # at the provincial office: one post's records
    year: int | None = None  # the registers of a year's records (reviews, commendations)


@dataclass(frozen=True)
class RegisterList:
    fetch: Callable[..., list]
    columns: list[Column]
    by_month: bool = True
    by_year: bool = False


def _month_end(month: str | None) -> str | None:
    return month_bounds(month)[1] if month else None


def _targets(book, q: Query) -> list:
    """At a post: its targets of the year and how far it has come (the plan's progress)."""
    from datetime import date

    from app.core.errors import ValidationError

    if book.post.is_province:
        raise ValidationError(
            {
                "post": _(
                    "The targets are listed at a post; at the provincial office see `sodon plan "
                    "show --year YYYY` or `sodon report plan`."
                )
            }
        )
    today = date.today()
    return book.plan.progress(q.year or today.year, today=today)


LISTS: dict[str, RegisterList] = {
    "targets": RegisterList(
        _targets,
        [
            Column("indicator", N_("Indicator"), "label", PLAN_INDICATORS),
            Column("content", N_("Plan content"), "label", {"": ALL_CONTENTS}),
            Column("target", N_("Target"), "number"),
            Column("actual", N_("Done so far"), "number"),
            Column("percent", N_("Percent"), "percent"),
            Column("expected", N_("Due by today"), "percent"),
            Column("behind", N_("Behind"), "label", {True: N_("behind"), False: N_("on track")}),
        ],
        by_month=False,
        by_year=True,
    ),
    "deliveries": RegisterList(
        lambda book, q: book.shipments.shipments(
            search=q.search, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("to_post", N_("Post"), width=10),
            Column("title", N_("Title"), width=36),
            Column("copies", N_("Copies"), "number"),
            Column("sent_on", N_("Sent on"), "date"),
            Column("received_on", N_("Received on"), "date"),
            Column("received", N_("Copies received"), "number"),
        ],
        by_month=False,
    ),
    "stations": RegisterList(
        lambda book, q: book.stations.stations(
            search=q.search, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("name", N_("Station"), width=32),
            Column("commune", N_("Commune"), width=14),
            Column("village", N_("Village"), width=16),
            Column("installed_on", N_("Installed on"), "date"),
            Column("funded_by", N_("Funded by"), width=22),
            Column("state", N_("State"), "label", STATES, width=10),
            Column("state_on", N_("Since"), "date"),
        ],
        by_month=False,
    ),
    "activities": RegisterList(
        lambda book, q: book.outreach.activities(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("date", N_("Date"), "date"),
            Column("kind", N_("Kind"), width=24),
            Column("title", N_("Content"), width=48),
            Column("commune", N_("Commune"), width=16),
            Column("village", N_("Village"), width=18),
            Column("audience_total", N_("Audience"), "number"),
            Column("audience_women", N_("Women"), "number"),
            Column("audience_ethnic", N_("Minorities"), "number"),
            Column("station", N_("Station"), width=20),
            Column("plan_content", N_("Plan"), width=6),
        ],
    ),
    "titles": RegisterList(
        lambda book, q: book.cabinets.titles(
            search=q.search, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("name", N_("Title"), width=48),
            Column("kind", N_("Kind"), "label", TITLE_KINDS),
            Column("author", N_("Author"), width=24),
            Column("year", N_("Year"), "number"),
            Column("copies", N_("Copies"), "number"),
        ],
        by_month=False,
    ),
    "stock": RegisterList(
        lambda book, q: book.cabinets.stock(
            search=q.search,
            at=_month_end(q.month),
            limit=q.limit,
            offset=q.offset,
            sort=q.sort,
            post=q.post,
        ),
        [
            Column("cabinet", N_("Cabinet"), width=40),
            Column("title", N_("Title"), width=48),
            Column("quantity", N_("Copies"), "number"),
        ],
    ),
    "movements": RegisterList(
        lambda book, q: book.cabinets.movements(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("date", N_("Date"), "date"),
            Column("kind", N_("Movement"), "label", MOVEMENT_KINDS),
            Column("cabinet", N_("Cabinet"), width=32),
            Column("title", N_("Title"), width=40),
            Column("quantity", N_("Copies"), "number"),
            Column("counterparty", N_("From / to"), width=28),
        ],
    ),
    "loans": RegisterList(
        lambda book, q: book.loans.loans(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("borrower", N_("Borrower"), width=24),
            Column("title", N_("Title"), width=36),
            Column("cabinet", N_("Cabinet"), width=28),
            Column("lent_on", N_("Lent on"), "date"),
            Column("due_on", N_("Due"), "date"),
            Column("returned_on", N_("Returned"), "date"),
            Column("days_overdue", N_("Days late"), "number"),
        ],
    ),
    "cabinets": RegisterList(
        lambda book, q: book.cabinets.cabinets(
            search=q.search, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("name", N_("Cabinet"), width=44),
            Column("location_kind", N_("Located at"), "label", LOCATION_KINDS),
            Column("place", N_("Place"), width=28),
            Column("titles", N_("Titles"), "number"),
            Column("copies", N_("Copies"), "number"),
        ],
        by_month=False,
    ),
    "courses": RegisterList(
        lambda book, q: book.training.courses(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("title", N_("Course"), width=56),
            Column("start_date", N_("From"), "date"),
            Column("end_date", N_("To"), "date"),
            Column("place", N_("Place"), width=28),
            Column("sessions", N_("Sessions"), "number"),
            Column("trainees", N_("Trainees"), "number"),
        ],
    ),
    "sessions": RegisterList(
        lambda book, q: book.training.sessions(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("date", N_("Date"), "date"),
            Column("start_time", N_("Time"), width=6),
            Column("course", N_("Course"), width=44),
            Column("topic", N_("Topic"), width=32),
            Column("present", N_("Present"), "number"),
            Column("late", N_("Late"), "number"),
            Column("excused", N_("Excused"), "number"),
            Column("absent", N_("Absent"), "number"),
        ],
    ),
    "people": RegisterList(
        lambda book, q: book.training.people(
            search=q.search, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("full_name", N_("Full name"), width=28),
            Column("birth_year", N_("Born"), "number"),
            Column("gender", N_("Gender"), "label", GENDERS),
            Column("ethnicity", N_("Ethnicity"), width=12),
            Column("unit", N_("Unit"), width=32),
            Column("position", N_("Position"), width=22),
        ],
        by_month=False,
    ),
    "attendance": RegisterList(
        lambda book, q: book.training.attendance(
            search=q.search, month=q.month, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("date", N_("Date"), "date"),
            Column("course", N_("Course"), width=40),
            Column("full_name", N_("Full name"), width=28),
            Column("status", N_("Attendance"), "label", STATUSES),
            Column("notes", N_("Notes"), width=24),
        ],
    ),
    "reviews": RegisterList(
        lambda book, q: book.reviews.reviews(
            search=q.search, year=q.year, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("date", N_("Date"), "date"),
            Column("kind", N_("Kind"), "label", KINDS, width=14),
            Column("level", N_("Level"), "label", LEVELS, width=12),
            Column("title", N_("Review"), width=44),
            Column("period_from", N_("From"), "date"),
            Column("period_to", N_("To"), "date"),
            Column("participants", N_("Participants"), "number"),
            Column("commendations", N_("Commendations"), "number"),
        ],
        by_month=False,
        by_year=True,
    ),
    "commendations": RegisterList(
        lambda book, q: book.reviews.commendations(
            search=q.search, year=q.year, limit=q.limit, offset=q.offset, sort=q.sort, post=q.post
        ),
        [
            Column("ref", N_("Ref."), width=8),
            Column("decision_date", N_("Decided on"), "date"),
            Column("decision_number", N_("Decision no."), width=16),
            Column("recipient", N_("Commended"), width=32),
            Column(
                "recipient_kind", N_("Collective / individual"), "label", RECIPIENT_KINDS, width=10
            ),
            Column("form", N_("Form"), "label", FORMS, width=20),
            Column("authority", N_("Issued by"), width=24),
            Column("reason", N_("Reason"), width=36),
        ],
        by_month=False,
        by_year=True,
    ),
}
