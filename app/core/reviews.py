"""Reviews (sơ kết, tổng kết) and commendations (khen thưởng): the plans' fifth content.

A review covers a period and is held at a level (the post, the district, the province); a
commendation goes to a collective or an individual (a person of the book when there is one),
by decision of an authority, often after a review. At the provincial office the province keeps
its own; those that came with the posts' packages are read-only there.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Unpack

from app.core.dates import format_date
from app.core.errors import RecordNotFound, ValidationError
from app.core.query import Listing, Page
from app.core.records import short_ref, starting_with, the_one
from app.core.text import fold, name_sort_key
from app.core.validate import MAX_COUNT, MAX_NOTES, Fields
from app.i18n import N_, _, ngettext

KINDS = {"interim": N_("Interim review"), "final": N_("Final review")}
LEVELS = {
    "post": N_("Post level"),
    "district": N_("District level"),
    "province": N_("Province level"),
}
FORMS = {
    "giay_khen": N_("Certificate of merit"),
    "bang_khen": N_("Certificate of merit of a higher authority"),
    "co_thi_dua": N_("Emulation flag"),
    "danh_hieu": N_("Emulation title"),
    "khac": N_("Other"),
}
RECIPIENT_KINDS = {"collective": N_("Collective"), "individual": N_("Individual")}
MAX_DECISION = 60  # "1234/QĐ-BCH-CT" and the like
MAX_REASON = 1000


@dataclass
class Review:
    date: date | str | None = None
    kind: str = "interim"
    level: str = "post"
    title: str = ""
    period_from: date | str | None = None
    period_to: date | str | None = None
    participants: int | str | None = 0
    chaired_by: str = ""
    notes: str = ""
    id: str = ""


@dataclass
class Commendation:
    recipient_kind: str = "individual"
    recipient: str = ""
    person_id: str = ""
    form: str = "giay_khen"
    authority: str = ""
    decision_number: str = ""
    decision_date: date | str | None = None
    reason: str = ""
    review_id: str = ""
    notes: str = ""
    id: str = ""


@dataclass(frozen=True)
class ReviewRow:
    id: str
    post_code: str
    date: str
    kind: str
    level: str
    title: str
    period_from: str
    period_to: str
    participants: int
    chaired_by: str
    notes: str
    commendations: int

    @property
    def ref(self) -> str:
        """A short reference a user can type (`sodon commendation add --review` takes it)."""
        return short_ref(self.id)


@dataclass(frozen=True)
class CommendationRow:
    id: str
    post_code: str
    recipient_kind: str
    recipient: str
    person_id: str | None
    person: str | None  # the linked person's full name
    form: str
    authority: str
    decision_number: str
    decision_date: str
    reason: str
    review_id: str | None
    review: str | None  # the review's title
    notes: str

    @property
    def ref(self) -> str:
        return short_ref(self.id)


# The checks ----------------------------------------------------------------------------------


def review_fields(f: Fields, review) -> dict:
    """A review's fields as the form (and the province's import of a package) checks them."""
    values = {
        "date": f.date("date", review.date, N_("Date")),
        "kind": f.choice("kind", review.kind, N_("Kind of review"), KINDS),
        "level": f.choice("level", review.level, N_("Level"), LEVELS),
        "title": f.text("title", review.title, N_("Review title"), required=True),
        "period_from": f.date("period_from", review.period_from, N_("Period from")),
        "period_to": f.date("period_to", review.period_to, N_("Period to")),
        "participants": f.integer(
            "participants",
            review.participants,
            N_("Participants"),
            maximum=MAX_COUNT,
            required=False,
        )
        or 0,
        "chaired_by": f.text("chaired_by", review.chaired_by, N_("Chaired by")),
        "notes": f.text("notes", review.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    first, last, held = values["period_from"], values["period_to"], values["date"]
    if first and last and last < first:
        f.error(
            "period_to",
            N_("Period to"),
            _("must be on or after the start of the period ({date}).").format(
                date=format_date(first)
            ),
        )
    if first and held and held < first:
        f.error(
            "date",
            N_("Date"),
            _("a review is held after the start of the period it covers ({date}).").format(
                date=format_date(first)
            ),
        )
    return values


def commendation_fields(f: Fields, commendation) -> dict:
    """A commendation's own fields; that its person and review exist is checked by the
    caller (which also names the linked person as the recipient when none is typed)."""
    kind = f.choice("recipient_kind", commendation.recipient_kind, N_("Commended"), RECIPIENT_KINDS)
    person_id = str(commendation.person_id or "") or None
    if person_id and kind == "collective":
        f.error(
            "person_id",
            N_("Person of the book"),
            _("a person is linked only to a commendation of an individual."),
        )
    values = {
        "recipient_kind": kind,
        "recipient": f.text(
            "recipient", commendation.recipient, N_("Commended unit or person"), required=True
        ),
        "person_id": person_id,
        "form": f.choice("form", commendation.form, N_("Form"), FORMS),
        "authority": f.text(
            "authority", commendation.authority, N_("Issuing authority"), required=True
        ),
        "decision_number": f.text(
            "decision_number",
            commendation.decision_number,
            N_("Decision number"),
            required=True,
            max_length=MAX_DECISION,
        ),
        "decision_date": f.date("decision_date", commendation.decision_date, N_("Decision date")),
        "reason": f.text("reason", commendation.reason, N_("Reason"), max_length=MAX_REASON),
        "review_id": str(commendation.review_id or "") or None,
        "notes": f.text(
            "notes", commendation.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES
        ),
    }
    return values


def commendation_sort_key(recipient_kind: str, recipient: str) -> str:
    """People by given name (the Vietnamese way); collectives by their name as written."""
    return name_sort_key(recipient) if recipient_kind == "individual" else fold(recipient)


def _labels(labels: dict, key: str) -> list[str]:
    """A code's label in English and in the user's language, so either can be searched."""
    label = labels.get(key)
    return [label, _(label)] if label else []


def review_words(values: dict) -> list:
    return [
        values["title"],
        values["chaired_by"],
        values["notes"],
        *_labels(KINDS, values["kind"]),
        *_labels(LEVELS, values["level"]),
    ]


def commendation_words(values: dict, review_title: str) -> list:
    return [
        values["recipient"],
        values["authority"],
        values["decision_number"],
        values["reason"],
        values["notes"],
        review_title,
        values["form"],  # giay_khen, bang_khen, ...: found by the Vietnamese words too
        *_labels(FORMS, values["form"]),
    ]


# The lists ----------------------------------------------------------------------------------

REVIEWS = Listing(
    ReviewRow,
    "SELECT r.id, r.post_code, r.date, r.kind, r.level, r.title, r.period_from, r.period_to, "
    "r.participants, r.chaired_by, r.notes, (SELECT count(*) FROM commendation "
    "WHERE review_id = r.id AND deleted_at IS NULL) AS commendations FROM review r",
    alias="r",
    sorts={
        "date": "r.date",
        "kind": "r.kind",
        "level": "r.level",
        "title": "r.title",
        "period_from": "r.period_from",
        "period_to": "r.period_to",
        "participants": "r.participants",
        "commendations": "commendations",
        "post_code": "r.post_code",
    },
    order="r.date DESC, r.title",
)
COMMENDATIONS = Listing(
    CommendationRow,
    "SELECT c.id, c.post_code, c.recipient_kind, c.recipient, c.person_id, "
    "p.full_name AS person, c.form, c.authority, c.decision_number, c.decision_date, c.reason, "
    "c.review_id, v.title AS review, c.notes FROM commendation c "
    "LEFT JOIN person p ON p.id = c.person_id LEFT JOIN review v ON v.id = c.review_id",
    alias="c",
    sorts={
        "recipient": "c.sort_key",
        "recipient_kind": "c.recipient_kind",
        "form": "c.form",
        "authority": "c.authority",
        "decision_number": "c.decision_number",
        "decision_date": "c.decision_date",
        "review": "v.title",
        "post_code": "c.post_code",
    },
    order="c.decision_date DESC, c.decision_number, c.recipient_kind, c.sort_key",
)


class Reviews:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    # Reviews -------------------------------------------------------------------------------

    def add_review(self, review: Review) -> str:
        values = self.validate_review(review)
        return self.records.insert("review", values, search=review_words(values))

    def update_review(self, review: Review) -> None:
        self._own("review", review.id)
        values = self.validate_review(review)
        with self.records.transaction():
            self.records.update("review", review.id, values, search=review_words(values))
            self._reindex_commendations(review.id)

    def delete_review(self, review_id: str) -> None:
        """Remove a review no live commendation names."""
        self._own("review", review_id)
        named = self.db.execute(
            "SELECT decision_number, recipient FROM commendation WHERE review_id = ? "
            "AND deleted_at IS NULL ORDER BY decision_date, sort_key",
            [review_id],
        ).fetchall()
        if named:
            which = "; ".join(
                _("decision {number} ({recipient})").format(number=number, recipient=recipient)
                for number, recipient in named[:3]
            )
            if len(named) > 3:
                which += "; …"
            raise ValidationError(
                {
                    "review": ngettext(
                        "{count} commendation came from this review ({which}). Make it name "
                        "another review, or delete it, first.",
                        "{count} commendations came from this review ({which}). Make them name "
                        "another review, or delete them, first.",
                        len(named),
                    ).format(count=len(named), which=which)
                }
            )
        self.records.delete("review", review_id)

    def restore_review(self, review_id: str) -> None:
        self._own("review", review_id)
        self.records.restore("review", review_id)

    def get_review(self, review_id: str) -> Review:
        row = self.records.get("review", review_id)
        return Review(**{k: row[k] for k in Review.__dataclass_fields__})

    def validate_review(self, review: Review) -> dict:
        """The review's values as they would be stored, or ValidationError."""
        f = Fields()
        values = review_fields(f, review)
        self.book.periods.flag_locked(f, "date", N_("Date"), values["date"])
        f.done()
        return values

    def reviews(self, *, year: int | None = None, **page: Unpack[Page]) -> list[ReviewRow]:
        """Reviews, latest first; `year` keeps those held in it."""
        where, params = [], []
        if year:
            where.append("r.date BETWEEN ? AND ?")
            params += [f"{year}-01-01", f"{year}-12-31"]
        return REVIEWS.fetch(self.db, where=where, params=params, **page)

    def review_row(self, review_id: str) -> ReviewRow:
        found = REVIEWS.fetch(self.db, where=["r.id = ?"], params=[review_id], limit=None)
        if not found:
            raise RecordNotFound(_("The record was not found; it may have been removed."))
        return found[0]

    # Commendations -------------------------------------------------------------------------

    def add_commendation(self, commendation: Commendation) -> str:
        values = self.validate_commendation(commendation)
        return self.records.insert("commendation", values, search=self._commendation_words(values))

    def update_commendation(self, commendation: Commendation) -> None:
        self._own("commendation", commendation.id)
        values = self.validate_commendation(commendation)
        self.records.update(
            "commendation",
            commendation.id,
            values,
            search=self._commendation_words(values),
        )

    def delete_commendation(self, commendation_id: str) -> None:
        self._own("commendation", commendation_id)
        self.records.delete("commendation", commendation_id)

    def restore_commendation(self, commendation_id: str) -> None:
        """Undo a deletion; its review, if it had one, must still be there."""
        self._own("commendation", commendation_id)
        row = self.records.get("commendation", commendation_id, deleted=True)
        if row["review_id"] and self._deleted("review", row["review_id"]):
            raise ValidationError(
                {"review_id": _("Its review was deleted since; restore the review first.")}
            )
        self.records.restore("commendation", commendation_id)

    def get_commendation(self, commendation_id: str) -> Commendation:
        row = self.records.get("commendation", commendation_id)
        values = {k: row[k] for k in Commendation.__dataclass_fields__}
        values["person_id"] = values["person_id"] or ""
        values["review_id"] = values["review_id"] or ""
        return Commendation(**values)

    def validate_commendation(self, commendation: Commendation) -> dict:
        """The commendation's values as they would be stored, or ValidationError. With a
        person of the book and no recipient typed, the recipient is that person."""
        f = Fields()
        if commendation.person_id and not str(commendation.recipient or "").strip():
            named = self.db.execute(
                "SELECT full_name FROM person WHERE id = ?", [commendation.person_id]
            ).fetchone()
            if named:
                commendation = replace(commendation, recipient=named[0])
        values = commendation_fields(f, commendation)
        if values["person_id"]:
            f.existing(
                "person_id", values["person_id"], N_("Person of the book"), self.db, "person"
            )
        if values["review_id"]:
            f.existing("review_id", values["review_id"], N_("Review"), self.db, "review")
            if not f.errors.get("review_id") and not self._mine("review", values["review_id"]):
                f.error(
                    "review_id",
                    N_("Review"),
                    _("choose one of this book's own reviews."),
                )
        self.book.periods.flag_locked(
            f, "decision_date", N_("Decision date"), values["decision_date"]
        )
        f.done()
        values["sort_key"] = commendation_sort_key(values["recipient_kind"], values["recipient"])
        return values

    def commendations(
        self,
        *,
        year: int | None = None,
        review: str | None = None,
        **page: Unpack[Page],
    ) -> list[CommendationRow]:
        """Commendations, latest decision first; `year` keeps those decided in it, `review`
        those that came from one review (its id)."""
        where, params = [], []
        if year:
            where.append("c.decision_date BETWEEN ? AND ?")
            params += [f"{year}-01-01", f"{year}-12-31"]
        if review:
            where.append("c.review_id = ?")
            params.append(review)
        return COMMENDATIONS.fetch(self.db, where=where, params=params, **page)

    def commendation_row(self, commendation_id: str) -> CommendationRow:
        found = COMMENDATIONS.fetch(
            self.db, where=["c.id = ?"], params=[commendation_id], limit=None
        )
        if not found:
            raise RecordNotFound(_("The record was not found; it may have been removed."))
        return found[0]

    def _commendation_words(self, values: dict) -> list:
        title = ""
        if values["review_id"]:
            found = self.db.execute(
                "SELECT title FROM review WHERE id = ?", [values["review_id"]]
            ).fetchone()
            title = found[0] if found else ""
        return commendation_words(values, title)

    def _reindex_commendations(self, review_id: str) -> None:
        """Refresh the search words of the commendations of a review renamed."""
        keys = ("recipient", "authority", "decision_number", "reason", "notes", "form", "review_id")
        rows = self.db.execute(
            f"SELECT id, {', '.join(keys)} FROM commendation WHERE review_id = ?", [review_id]
        ).fetchall()
        self.records.reindex(
            "commendation",
            [
                (row_id, self._commendation_words(dict(zip(keys, values, strict=True))))
                for row_id, *values in rows
            ],
        )

    def years(self) -> list[int]:
        """The years that hold a review or a commendation, and this year; latest first."""
        found = {
            int(year)
            for (year,) in self.db.execute(
                "SELECT DISTINCT substr(date, 1, 4) FROM review WHERE deleted_at IS NULL UNION "
                "SELECT DISTINCT substr(decision_date, 1, 4) FROM commendation "
                "WHERE deleted_at IS NULL"
            )
        }
        return sorted(found | {date.today().year}, reverse=True)

    # Finding one by its reference -----------------------------------------------------------

    def find(self, kind: str, typed: str) -> str:
        """The id of the review or commendation a user named by its short reference (the Ref.
        column of `sodon list reviews|commendations`) or its whole id."""
        noun, listing = {
            "review": (_("review"), "reviews"),
            "commendation": (_("commendation"), "commendations"),
        }[kind]
        return the_one(
            starting_with(self.db, kind, typed),
            typed,
            _(
                "There is no {noun} with the reference “{typed}”. See the references in the "
                "Ref. column of `sodon list {listing}`."
            ).format(noun=noun, typed=(typed or "")[:40], listing=listing),
        )

    def find_person(self, typed: str) -> str:
        """The id of a person of the book named by their full name (accents and case do not
        matter) or the start of their id."""
        found = starting_with(self.db, "person", typed)
        if not found and (typed or "").strip():
            found = [p.id for p in self.book.training.find_people(typed)]
        if not found:
            raise RecordNotFound(
                _(
                    "There is no person “{typed}” in the book. Type the full name as `sodon "
                    "list people` shows it."
                ).format(typed=typed[:40])
            )
        if len(found) > 1:
            raise ValidationError(
                {
                    "person_id": _(
                        "Several people are named “{typed}”; type the start of the id of the "
                        "right one instead (`sodon list people --format json` shows the ids)."
                    ).format(typed=typed[:40])
                }
            )
        return found[0]

    # Whose records these are ---------------------------------------------------------------

    def editable(self, post_code: str) -> bool:
        """Whether this book may change a record of `post_code` (at the provincial office,
        the posts' reviews and commendations came with their packages)."""
        return post_code == self.book.post.code

    def _own(self, table: str, record_id: str) -> None:
        row = self.records.get(table, record_id, deleted=True)
        if not self.editable(row["post_code"]):
            raise ValidationError(
                {
                    "post": _(
                        "This record came from post {post} with its monthly package: it is "
                        "read-only here. Ask the post to correct it and send the month again."
                    ).format(post=row["post_code"])
                }
            )

    def _mine(self, table: str, record_id: str) -> bool:
        found = self.db.execute(
            f"SELECT post_code FROM [{table}] WHERE id = ?", [record_id]
        ).fetchone()
        return bool(found) and self.editable(found[0])

    def _deleted(self, table: str, record_id: str) -> bool:
        found = self.db.execute(
            f"SELECT deleted_at FROM [{table}] WHERE id = ?", [record_id]
        ).fetchone()
        return not found or found[0] is not None
