"""The yearly plan: targets per post, indicator and content, and the progress towards them.

The provincial office sets each post's targets for a year (one at a time, or from a
spreadsheet); the next answer to the post carries them, where they arrive as `plan_target`
rows of the province. Progress is counted from the monthly summaries the book keeps
(migration 0004), so that a province book of a million activities answers at once; the days
of a month not yet ended are counted from the registers themselves.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.core.dates import month_end, now_utc
from app.core.errors import RecordNotFound, ValidationError
from app.core.post import post_code_field
from app.core.query import rows_as
from app.core.records import key_range
from app.core.validate import MAX_COUNT, MAX_NOTES, Fields
from app.i18n import N_, _

# The indicators of a plan (their names are used in files and on the command line).
INDICATORS: dict[str, str] = {
    "activities": N_("Activities"),
    "audience": N_("People reached"),
    "women": N_("Women reached"),
    "ethnic": N_("Ethnic-minority people reached"),
    "copies_handed_out": N_("Copies handed out"),
    "courses": N_("Training courses"),
    "trainees": N_("Trainees (different people)"),
    "sessions": N_("Training sessions"),
    "stations_working": N_("Loudspeaker stations working"),
}
# The plan contents a target may be for (codes of the lookup list `plan_content`).
CONTENTS = ("ND1", "ND2", "ND3", "ND4", "ND5", "HT", "CK")
ALL_CONTENTS = N_("All contents")  # the label of content ''
# Indicators that belong to one content: they accept only '' or that content.
NATURAL_CONTENT = {
    "copies_handed_out": "ND3",
    "courses": "ND4",
    "trainees": "ND4",
    "sessions": "ND4",
    "stations_working": "HT",
}
# Counted from activities, by the plan content each activity serves.
ACTIVITY_INDICATORS = ("activities", "audience", "women", "ethnic")
MAX_TARGET = MAX_COUNT
_NAMESPACE = uuid.UUID("5d0c6a3e-7a51-4c2b-9a0e-2f1e3b6c8d70")  # of plan_target ids


@dataclass
class Target:
    to_post: str = ""
    year: int | str | None = None
    indicator: str = ""
    content: str = ""
    target: int | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class TargetRow:
    id: str
    to_post: str
    year: int
    indicator: str
    content: str
    target: int
    notes: str
    updated_at: str
    deleted_at: str | None = None  # set only in `unsent`: a removal the answer carries


@dataclass(frozen=True)
class Progress:
    to_post: str
    indicator: str
    content: str
    target: int
    actual: int
    percent: float  # actual / target × 100
    expected: float  # where the year should be by now, in percent of the target
    behind: bool  # actual < target × share of the year elapsed (rounded down)


def target_id(to_post: str, year: int, indicator: str, content: str = "") -> str:
    """The id of a target: the same at the province and at the post, and again when it is
    removed and set once more."""
    return str(uuid.uuid5(_NAMESPACE, f"{to_post}|{int(year)}|{indicator}|{content}"))


def indicator_label(indicator: str) -> str:
    return _(INDICATORS[indicator]) if indicator in INDICATORS else indicator


def content_label(content: str) -> str:
    return content or _(ALL_CONTENTS)


def target_fields(f: Fields, target) -> dict:
    """A target's fields, checked: a post code, a year 2000–2100, a known indicator and a
    content it may be for, a whole number 1 … 1,000,000 (whether the post is registered is
    the caller's check)."""
    indicator = f.text("indicator", target.indicator, N_("Indicator"), required=True).lower()
    if indicator and indicator not in INDICATORS:
        f.error(
            "indicator",
            N_("Indicator"),
            _("“{name}” is not an indicator; use one of: {names}.").format(
                name=indicator[:40], names=", ".join(INDICATORS)
            ),
        )
    content = f.text("content", target.content or "", N_("Plan content")).upper()
    if content and content not in CONTENTS:
        f.error(
            "content",
            N_("Plan content"),
            _("“{code}” is not a plan content; use one of: {codes} (or none for all).").format(
                code=content[:20], codes=", ".join(CONTENTS)
            ),
        )
    elif content and content != NATURAL_CONTENT.get(indicator, content):
        f.error(
            "content",
            N_("Plan content"),
            _(
                "{indicator} belong to {code} only; leave the content empty or choose {code}."
            ).format(indicator=indicator_label(indicator), code=NATURAL_CONTENT[indicator]),
        )
    return {
        "to_post": post_code_field(f, target.to_post, "to_post"),
        "year": f.integer("year", target.year, N_("Year"), minimum=2000, maximum=2100),
        "indicator": indicator,
        "content": content,
        "target": f.integer("target", target.target, N_("Target"), minimum=1, maximum=MAX_TARGET),
        "notes": f.text(
            "notes", target.notes or "", N_("Notes"), multiline=True, max_length=MAX_NOTES
        ),
    }


def year_share(year: int, today: date) -> float:
    """The share of the year elapsed on `today` (today included): 1 for a past year, 0 for a
    year not begun."""
    if year < today.year:
        return 1.0
    if year > today.year:
        return 0.0
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return today.timetuple().tm_yday / days


def progress_of(row: TargetRow, actual: int, share: float) -> Progress:
    return Progress(
        to_post=row.to_post,
        indicator=row.indicator,
        content=row.content,
        target=row.target,
        actual=actual,
        percent=actual / row.target * 100,
        expected=share * 100,
        behind=actual < int(row.target * share),
    )


def _order(row) -> tuple:
    return (
        row.to_post,
        list(INDICATORS).index(row.indicator) if row.indicator in INDICATORS else 99,
        CONTENTS.index(row.content) + 1 if row.content in CONTENTS else 0,
    )


_COLUMNS = "id, to_post, year, indicator, content, target, notes, updated_at"


class Plan:
    def __init__(self, book):
        self.book = book
        self.db = book.db
        self.records = book.records

    # At the province: the targets ----------------------------------------------------------

    def validate(self, target: Target) -> dict:
        """The target's fields as `set` would write them, or ValidationError by field."""
        self._province_only()
        f = Fields()
        values = target_fields(f, target)
        if (
            values["to_post"]
            and "to_post" not in f.errors
            and not self._registered(values["to_post"])
        ):
            f.error(
                "to_post",
                N_("Post"),
                _("{code} is not a registered post (see `sodon post list`).").format(
                    code=values["to_post"][:20]
                ),
            )
        f.done()
        return values

    def set(self, target: Target) -> str:
        """Set a post's target (a new one, a change, or one removed before set again); the
        next answer to the post carries it. Returns its id."""
        return self._write(self.validate(target))

    def set_many(self, targets: list[Target]) -> list[str]:
        """Set every target, or none: a refusal names every wrong one."""
        checked, errors = [], {}
        for number, target in enumerate(targets, start=1):
            try:
                checked.append(self.validate(target))
            except ValidationError as error:
                where = _("Target {number} ({post}, {indicator}, {content})").format(
                    number=number,
                    post=str(target.to_post or "")[:20],
                    indicator=str(target.indicator or "")[:30],
                    content=content_label(str(target.content or "")[:10]),
                )
                for rule in error.errors.values():
                    errors[f"{number}:{len(errors)}"] = f"{where}: {rule}"
        if errors:
            raise ValidationError(errors)
        seen: dict[str, int] = {}
        for number, values in enumerate(checked, start=1):
            key = target_id(
                values["to_post"], values["year"], values["indicator"], values["content"]
            )
            if key in seen:
                errors[f"twice:{number}"] = _(
                    "Targets {first} and {second} are for the same post, year, indicator and "
                    "content; keep one."
                ).format(first=seen[key], second=number)
            seen[key] = number
        if errors:
            raise ValidationError(errors)
        with self.records.transaction():
            return [self._write(values) for values in checked]

    def remove(self, to_post: str, year: int, indicator: str, content: str = "") -> None:
        """Remove a target; the next answer to the post removes it there too."""
        self._province_only()
        record_id = target_id(to_post.strip().upper(), year, indicator, (content or "").upper())
        found = self.db.execute(
            "SELECT 1 FROM plan_target WHERE id = ? AND deleted_at IS NULL", [record_id]
        ).fetchone()
        if not found:
            raise RecordNotFound(
                _("{post} has no target of {indicator} ({content}) in {year}.").format(
                    post=to_post.strip().upper()[:20],
                    indicator=indicator_label(indicator),
                    content=content_label(content),
                    year=year,
                )
            )
        with self.records.transaction():
            self.records.delete("plan_target", record_id)
            self.db.execute("UPDATE plan_target SET sent_at = NULL WHERE id = ?", [record_id])

    def _write(self, values: dict) -> str:
        record_id = target_id(
            values["to_post"], values["year"], values["indicator"], values["content"]
        )
        words = [values["to_post"], values["indicator"], values["content"], values["notes"]]
        with self.records.transaction():
            before = self.db.execute(
                "SELECT target, notes, deleted_at FROM plan_target WHERE id = ?", [record_id]
            ).fetchone()
            if before is None:
                self.records.insert(
                    "plan_target", {"id": record_id, **values, "sent_at": None}, search=words
                )
                return record_id
            target, notes, deleted_at = before
            if deleted_at is None and (target, notes) == (values["target"], values["notes"]):
                return record_id  # nothing changed: nothing to send again
            if deleted_at is not None:
                self.records.restore("plan_target", record_id)
            self.records.update(
                "plan_target",
                record_id,
                {"target": values["target"], "notes": values["notes"]},
                search=words,
            )
            # which answer carried it is bookkeeping, not a user's change: not logged
            self.db.execute("UPDATE plan_target SET sent_at = NULL WHERE id = ?", [record_id])
        return record_id

    def _registered(self, code: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM post WHERE code = ? AND is_self = 0 AND kind = 'post' "
                "AND deleted_at IS NULL",
                [code],
            ).fetchone()
            is not None
        )

    def posts(self) -> list[tuple[str, str]]:
        """(code, name) of the registered posts, by code."""
        return [
            (code, name)
            for code, name in self.db.execute(
                "SELECT code, name FROM post WHERE is_self = 0 AND kind = 'post' "
                "AND deleted_at IS NULL ORDER BY code"
            )
        ]

    def _province_only(self) -> None:
        if not self.book.post.is_province:
            raise ValidationError(
                {
                    "to_post": _(
                        "The year's plan is set at the provincial office; a post receives its "
                        "targets in the province's answers."
                    )
                }
            )

    # Reading the targets -------------------------------------------------------------------

    def targets(self, year: int, *, post: str | None = None) -> list[TargetRow]:
        """The year's targets (at a post: its own), by post, indicator and content."""
        if not self.book.post.is_province:
            post = self.book.post.code
        where, params = ["year = ?", "deleted_at IS NULL"], [int(year)]
        if post:
            where.append("to_post = ?")
            params.append(post.strip().upper())
        rows = rows_as(
            TargetRow,
            self.db.execute(
                f"SELECT {_COLUMNS} FROM plan_target WHERE {' AND '.join(where)}", params
            ),
        )
        return sorted(rows, key=_order)

    def grid(self, year: int) -> dict[tuple[str, str, str], int]:
        """(post, indicator, content) → target, for the year."""
        return {(r.to_post, r.indicator, r.content): r.target for r in self.targets(year)}

    def years(self) -> list[int]:
        """The years that have targets, latest first."""
        return [
            year
            for (year,) in self.db.execute(
                "SELECT DISTINCT year FROM plan_target WHERE deleted_at IS NULL ORDER BY year DESC"
            )
        ]

    # The answers' side ---------------------------------------------------------------------

    def unsent(self, post: str) -> list[TargetRow]:
        """At the province: the post's targets no answer has carried since they last changed,
        removed ones included."""
        return sorted(
            rows_as(
                TargetRow,
                self.db.execute(
                    f"SELECT {_COLUMNS}, deleted_at FROM plan_target "
                    "WHERE to_post = ? AND sent_at IS NULL AND post_code = ?",
                    [post, self.book.post.code],
                ),
            ),
            key=_order,
        )

    def mark_sent(self, ids: list[str]) -> None:
        """The targets an answer carried (bookkeeping, not a user's change: not logged)."""
        sent = now_utc()
        self.db.conn.executemany(
            "UPDATE plan_target SET sent_at = ? WHERE id = ?", [(sent, i) for i in ids]
        )

    # Progress ------------------------------------------------------------------------------

    def actuals(self, year: int, *, through: date, post: str) -> dict[tuple[str, str], int]:
        """(indicator, content) → the post's figure from 1 January to `through`; content ''
        is every content."""
        return self.actuals_by_post(year, through=through, posts=[post]).get(post, {})

    def actuals_by_post(
        self, year: int, *, through: date, posts: list[str]
    ) -> dict[str, dict[tuple[str, str], int]]:
        """`actuals` of several posts at once (one pass over the summaries)."""
        from app.core.plan_actuals import actuals_by_post

        return actuals_by_post(self.book, year, through=through, posts=posts)

    def progress(self, year: int, *, today: date, post: str | None = None) -> list[Progress]:
        """Each target of the year with the figure reached by `today`, its percent and where
        the year should be by now. At a post: its own targets; at the province: `post`'s, or
        every post's."""
        rows = self.targets(year, post=post)
        share = year_share(year, today)
        through = min(today, date(year, 12, 31))
        if through < date(year, 1, 1):
            found: dict[str, dict[tuple[str, str], int]] = {}
        else:
            found = self.actuals_by_post(
                year, through=through, posts=sorted({r.to_post for r in rows})
            )
        return [
            progress_of(r, found.get(r.to_post, {}).get((r.indicator, r.content), 0), share)
            for r in rows
        ]

    # The spreadsheet -----------------------------------------------------------------------

    def write_template(self, year: int, path: Path) -> Path:
        """The year's plan as a spreadsheet to fill in: posts × indicators, with the targets
        already set."""
        from app.core.plan_sheet import write_template

        self._province_only()
        return write_template(self, int(year), Path(path))

    def read_sheet(self, path: Path) -> list[Target]:
        """The targets of a spreadsheet made by `write_template`, every cell checked: a
        refusal names each wrong cell."""
        from app.core.plan_sheet import read_sheet

        self._province_only()
        return read_sheet(self, Path(path))


def month_ends(year: int, through: date) -> tuple[str | None, date | None]:
    """The last whole month (YYYY-MM) of the year up to `through`, and the first day of the
    part of a month after it (None when `through` ends a month)."""
    if through >= date(year, 12, 31):
        return f"{year}-12", None
    if month_end(through) == through:
        return through.isoformat()[:7], None
    first = through.replace(day=1)
    whole = first - timedelta(days=1)
    return (whole.isoformat()[:7] if whole.year == year else None), first


def partial_keys(first: date, through: date) -> tuple[int, int]:
    """The date-ordered keys `n` of the days from `first` to `through`."""
    return key_range(first.isoformat(), through.isoformat())
