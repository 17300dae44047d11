"""The outreach log: one record per information or communication activity of the post."""

from dataclasses import dataclass, field
from datetime import date

from app.core.dates import month_bounds
from app.core.query import fts_query, order_by, paged, row_maker, rows_as
from app.core.records import key_range
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _

LINKS = ("activity_topic", "activity_language")
BROADCAST = "PT"  # the code of the kind "loudspeaker broadcast", the one that names a station


@dataclass
class Activity:
    """An activity as the form edits it; `id` is empty until it is saved."""

    date: date | str | None = None
    kind_id: str = ""
    title: str = ""
    commune: str = ""
    village: str = ""
    place: str = ""
    audience_total: int | str | None = 0
    audience_women: int | str | None = 0
    audience_ethnic: int | str | None = 0
    audience_foreign: int | str | None = 0
    topic_ids: list[str] = field(default_factory=list)
    language_ids: list[str] = field(default_factory=list)
    staff: str = ""
    partners: str = ""
    materials: str = ""
    plan_content_id: str = ""
    notes: str = ""
    station_id: str = ""  # the loudspeaker station a broadcast went out through
    id: str = ""


@dataclass(frozen=True)
class ActivityRow:
    """A line of the log as lists and reports show it."""

    id: str
    date: str
    kind: str
    title: str
    commune: str
    village: str
    place: str
    audience_total: int
    audience_women: int
    audience_ethnic: int
    audience_foreign: int
    topics: str
    languages: str
    plan_content: str
    staff: str
    partners: str
    materials: str
    notes: str
    post_code: str
    station: str = ""  # a broadcast's loudspeaker station


_COLUMNS = """
a.id, a.date, k.name AS kind, a.title, a.commune, a.village, a.place,
a.audience_total, a.audience_women, a.audience_ethnic, a.audience_foreign,
coalesce(p.code, '') AS plan_content, a.staff, a.partners, a.materials, a.notes, a.post_code,
coalesce(st.name, '') AS station
"""


@dataclass(frozen=True)
class Tally:
    """Activities and their audience, counted under one heading (a kind, topic, ...)."""

    label: str
    activities: int
    audience: int
    women: int
    ethnic: int
    foreign: int


def search_parts(lookups, values: dict, topic_ids: list[str], language_ids: list[str]) -> list:
    """Everything a user may type to find an activity: its texts and the names of its kind,
    plan content, topics and languages."""
    plan = lookups.get(values["plan_content_id"]) if values["plan_content_id"] else None
    return [
        lookups.get(values["kind_id"]).name,
        values["title"],
        values["commune"],
        values["village"],
        values["place"],
        values["staff"],
        values["partners"],
        values["materials"],
        values["notes"],
        plan.code if plan else "",
        *(lookups.get(t).name for t in topic_ids),
        *(lookups.get(t).name for t in language_ids),
    ]


def activity_fields(f: Fields, activity) -> dict:
    """An activity's own fields checked as the form checks them (its list items are checked
    against the book by `Outreach.validate`, against the package by the import)."""
    values = {
        "date": f.date("date", activity.date, N_("Date")),
        "title": f.text("title", activity.title, N_("Content"), required=True),
        "commune": f.text("commune", activity.commune, N_("Commune")),
        "village": f.text("village", activity.village, N_("Village")),
        "place": f.text("place", activity.place, N_("Place")),
        "staff": f.text("staff", activity.staff, N_("Staff")),
        "partners": f.text("partners", activity.partners, N_("Partner units")),
        "materials": f.text(
            "materials",
            activity.materials,
            N_("Materials handed out"),
            multiline=True,
            max_length=2000,
        ),
        "notes": f.text("notes", activity.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    total = f.integer("audience_total", activity.audience_total, N_("Audience"))
    values["audience_total"] = total
    for name, label, wording in (
        ("audience_women", N_("Women"), N_("women")),
        ("audience_ethnic", N_("Ethnic minorities"), N_("people of ethnic minorities")),
        ("audience_foreign", N_("Foreigners"), N_("foreigners")),
    ):
        part = f.integer(name, getattr(activity, name), label)
        values[name] = part
        if part is not None and total is not None and part > total:
            f.error(
                name,
                label,
                _(
                    "{part} {who} cannot be more than the whole audience ({total}); check both "
                    "numbers."
                ).format(part=part, who=_(wording), total=total),
            )
    return values


# What a list of activities can be sorted on (the key `n` is the date order).
_SORTABLE = {
    "date": "a.n",
    "kind": "k.name",
    "title": "a.title",
    "commune": "a.commune",
    "village": "a.village",
    "audience_total": "a.audience_total",
    "audience_women": "a.audience_women",
    "audience_ethnic": "a.audience_ethnic",
    "audience_foreign": "a.audience_foreign",
    "plan_content": "p.code",
    "station": "st.name",
}


class Outreach:
    def __init__(self, book):
        self.book = book

    # Writing ----------------------------------------------------------------------------

    def add(self, activity: Activity) -> str:
        """Save a new activity; ValidationError (nothing saved) if a field is wrong."""
        values, links, search = self.validate(activity)
        return self.book.records.insert("activity", values, search=search, links=links)

    def update(self, activity: Activity) -> None:
        values, links, search = self.validate(activity)
        self.book.records.update("activity", activity.id, values, search=search, links=links)

    def delete(self, activity_id: str) -> None:
        self.book.records.delete("activity", activity_id)

    def restore(self, activity_id: str) -> None:
        self.book.records.restore("activity", activity_id)

    def get(self, activity_id: str) -> Activity:
        return self._activity(self.book.records.get("activity", activity_id))

    def _activity(self, row: dict) -> Activity:
        links = {
            link: [
                r[0]
                for r in self.book.db.execute(
                    f"SELECT {column} FROM {link} WHERE activity_id = ?", [row["id"]]
                )
            ]
            for link, column in (
                ("activity_topic", "topic_id"),
                ("activity_language", "language_id"),
            )
        }
        fields = {k: row[k] for k in Activity.__dataclass_fields__ if k in row}
        fields["plan_content_id"] = row["plan_content_id"] or ""
        fields["station_id"] = row["station_id"] or ""
        return Activity(
            **fields, topic_ids=links["activity_topic"], language_ids=links["activity_language"]
        )

    def validate(self, activity: Activity) -> tuple[dict, dict, list]:
        f = Fields()
        values = activity_fields(f, activity)
        self.book.periods.flag_locked(f, "date", N_("Date"), values["date"])
        values["kind_id"] = self._lookup(
            f, "kind_id", activity.kind_id, "activity_kind", N_("Kind of activity"), required=True
        )
        values["plan_content_id"] = (
            self._lookup(
                f, "plan_content_id", activity.plan_content_id, "plan_content", N_("Plan content")
            )
            or None
        )
        values["station_id"] = self._station(f, activity.station_id, values) or None
        topics = [
            self._lookup(f, "topic_ids", t, "topic", N_("Topics")) for t in activity.topic_ids
        ]
        languages = [
            self._lookup(f, "language_ids", t, "language", N_("Languages"))
            for t in activity.language_ids
        ]
        f.done()
        links = {"activity_topic": topics, "activity_language": languages}
        lookups = self.book.lookups
        return values, links, search_parts(lookups, values, topics, languages)

    def reindex(self, lookup_id: str) -> None:
        """Refresh the search words of the activities that use a list item (after a rename)."""
        rows = self.book.db.execute(
            "SELECT id FROM activity WHERE kind_id = :id OR plan_content_id = :id UNION "
            "SELECT activity_id FROM activity_topic WHERE topic_id = :id UNION "
            "SELECT activity_id FROM activity_language WHERE language_id = :id",
            {"id": lookup_id},
        ).fetchall()
        texts = []
        for (activity_id,) in rows:
            activity = self._activity(self.book.records.get("activity", activity_id, deleted=True))
            values = {**vars(activity), "plan_content_id": activity.plan_content_id or None}
            parts = search_parts(
                self.book.lookups, values, activity.topic_ids, activity.language_ids
            )
            texts.append((activity_id, parts))
        self.book.records.reindex("activity", texts)

    def _station(self, f: Fields, station_id: str, values: dict) -> str:
        """A broadcast's station: only for a loudspeaker broadcast, in the book and standing
        on the activity's day."""
        if not station_id:
            return ""
        kind = self.book.lookups.get(values["kind_id"]) if values["kind_id"] else None
        if kind is not None and kind.code != BROADCAST:
            f.error(
                "station_id",
                N_("Station"),
                _(
                    "only a loudspeaker broadcast goes out through a station; choose that kind, "
                    "or no station."
                ),
            )
            return station_id
        self.book.stations.check_broadcast(f, station_id, values["date"])
        return station_id

    def _lookup(
        self,
        f: Fields,
        name: str,
        value: str,
        list_name: str,
        label: str,
        *,
        required: bool = False,
    ) -> str:
        if not value:
            if required:
                f.error(name, label, _("choose one from the list."))
            return ""
        item = self.book.lookups.get(value)
        if item is None or item.list != list_name or item.deleted:
            f.error(name, label, _("that choice is no longer in the list; choose another."))
        return value

    # Reading ----------------------------------------------------------------------------

    def activities(
        self,
        *,
        search: str | None = None,
        month: str | None = None,
        kind_id: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[ActivityRow]:
        """Activities, newest first, filtered in SQL and paged."""
        source, where, params, key = self._query(search, month, kind_id, post)
        order = order_by(sort, _SORTABLE, f"{key} DESC")
        sql = (
            f"SELECT {_COLUMNS} FROM {source} JOIN lookup k ON k.id = a.kind_id "
            f"LEFT JOIN lookup p ON p.id = a.plan_content_id "
            f"LEFT JOIN station st ON st.id = a.station_id WHERE {where} ORDER BY {order}"
        )
        cursor = paged(self.book.db, sql, params, limit, offset)
        rows = cursor.fetchall()
        topics = self._link_names("activity_topic", "topic_id", rows)
        languages = self._link_names("activity_language", "language_id", rows)
        make = row_maker(
            ActivityRow,
            cursor.description,
            topics=lambda row: topics[row["id"]],
            languages=lambda row: languages[row["id"]],
        )
        return [make(row) for row in rows]

    def _link_names(self, link: str, column: str, rows: list[tuple]) -> dict[str, str]:
        """Activity id → the names of its topics (or languages), in the list's order; `rows`
        start with the activity's id."""
        found: dict[str, list] = {activity_id: [] for activity_id, *_rest in rows}
        every = list(found)
        for start in range(0, len(every), 500):
            ids = every[start : start + 500]
            marks = ", ".join("?" for _ in ids)
            for activity_id, item_id in self.book.db.execute(
                f"SELECT activity_id, {column} FROM {link} WHERE activity_id IN ({marks})", ids
            ):
                found[activity_id].append(self.book.lookups.get(item_id))
        return {
            key: "; ".join(i.name for i in sorted(items, key=lambda i: i.sort_order))
            for key, items in found.items()
        }

    def count(
        self,
        *,
        search: str | None = None,
        month: str | None = None,
        kind_id: str | None = None,
        post: str | None = None,
    ) -> int:
        source, where, params, _key = self._query(search, month, kind_id, post)
        return self.book.db.execute(
            f"SELECT count(*) FROM {source} WHERE {where}", params
        ).fetchone()[0]

    def totals(self, *, month: str | None = None, by: str = "kind") -> list[Tally]:
        """Activities and audience grouped by kind, topic, plan content or language (in the
        list's order), or overall (`by="all"`, one Tally)."""
        where, params = "a.deleted_at IS NULL", []
        if month:
            where += " AND a.n BETWEEN ? AND ?"
            params += key_range(*month_bounds(month))
        sums = (
            "count(*) AS activities, coalesce(sum(a.audience_total), 0) AS audience, "
            "coalesce(sum(a.audience_women), 0) AS women, "
            "coalesce(sum(a.audience_ethnic), 0) AS ethnic, "
            'coalesce(sum(a.audience_foreign), 0) AS "foreign"'
        )
        if by == "all":
            return rows_as(
                Tally,
                self.book.db.execute(
                    f"SELECT '' AS label, {sums} FROM activity a WHERE {where}", params
                ),
            )
        joins = {
            "kind": ("JOIN lookup l ON l.id = a.kind_id", "l"),
            "plan_content": ("LEFT JOIN lookup l ON l.id = a.plan_content_id", "l"),
            "topic": (
                "JOIN activity_topic t ON t.activity_id = a.id JOIN lookup l ON l.id = t.topic_id",
                "l",
            ),
            "language": (
                "JOIN activity_language t ON t.activity_id = a.id "
                "JOIN lookup l ON l.id = t.language_id",
                "l",
            ),
        }
        join, alias = joins[by]
        label = (
            f"{alias}.code || ' — ' || {alias}.name" if by == "plan_content" else f"{alias}.name"
        )
        rows = self.book.db.execute(
            f"SELECT coalesce({label}, '') AS label, {sums} FROM activity a {join} WHERE {where} "
            f"GROUP BY {alias}.id ORDER BY {alias}.sort_order IS NULL, {alias}.sort_order",
            params,
        )
        return rows_as(Tally, rows)

    @staticmethod
    def _query(search, month, kind_id, post=None) -> tuple[str, str, list, str]:
        """FROM, WHERE, parameters and the key to walk backwards: the date-ordered `n`, through
        the search index when there is something to look for."""
        query = fts_query(search)
        key = "f.rowid" if query else "a.n"
        conditions, params = ["a.deleted_at IS NULL"], []
        if query:
            conditions.insert(0, "activity_fts MATCH ?")
            params.append(query)
        if month:
            conditions.append(f"{key} BETWEEN ? AND ?")
            params += key_range(*month_bounds(month))
        if kind_id:
            conditions.append("a.kind_id = ?")
            params.append(kind_id)
        if post:
            conditions.append("a.post_code = ?")
            params.append(post)
        source = "activity_fts f JOIN activity a ON a.n = f.rowid" if query else "activity a"
        return source, " AND ".join(conditions), params, key
