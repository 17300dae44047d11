"""The lists users pick from and may extend: activity kinds, topics, plan contents, languages.
Seeded rows have the same ids in every book; an item in use can be renamed, never removed."""

from dataclasses import dataclass

from app.core.errors import ValidationError
from app.core.query import rows_as
from app.core.text import fold
from app.core.validate import Fields
from app.i18n import N_, _, language

LISTS = {
    "activity_kind": N_("Kind of activity"),
    "topic": N_("Topic"),
    "plan_content": N_("Plan content"),
    "language": N_("Language"),
}
# Where each list is used: (table, column) or a link table.
_USES = {
    "activity_kind": [("activity", "kind_id")],
    "topic": [("activity_topic", "topic_id")],
    "plan_content": [("activity", "plan_content_id"), ("course", "plan_content_id")],
    "language": [("activity_language", "language_id")],
}


@dataclass(frozen=True)
class LookupItem:
    id: str
    list: str
    code: str
    name: str
    name_en: str
    sort_order: int
    deleted: bool = False

    @property
    def label(self) -> str:
        """The name in the language of the user interface."""
        return self.name_en if language() == "en" and self.name_en else self.name


class Lookups:
    def __init__(self, book):
        self.book = book
        self._cache: dict[str, LookupItem] | None = None

    def items(self, list_name: str, *, deleted: bool = False) -> list[LookupItem]:
        """The list's items in their display order."""
        return [
            i for i in self._all().values() if i.list == list_name and (deleted or not i.deleted)
        ]

    def get(self, item_id: str) -> LookupItem | None:
        return self._all().get(item_id)

    def find(self, list_name: str, text: str) -> LookupItem | None:
        """The item whose code or name is `text` (accents and case ignored)."""
        wanted = fold(text.strip())
        for item in self.items(list_name):
            if wanted in (fold(item.code), fold(item.name), fold(item.name_en)):
                return item
        return None

    def add(self, list_name: str, name: str, *, code: str = "", name_en: str = "") -> str:
        fields = Fields()
        name = item_name(fields, list_name, name)
        fields.done()
        if self.find(list_name, name):
            raise ValidationError({"name": _("“{name}” is already in the list.").format(name=name)})
        order = max((i.sort_order for i in self.items(list_name, deleted=True)), default=0) + 10
        new_id = self.book.records.insert(
            "lookup",
            {
                "list": list_name,
                "code": code,
                "name": name,
                "name_en": name_en,
                "sort_order": order,
            },
        )
        self._cache = None
        return new_id

    def rename(self, item_id: str, name: str) -> None:
        item = self._require(item_id)
        fields = Fields()
        name = item_name(fields, item.list, name)
        fields.done()
        other = self.find(item.list, name)
        if other and other.id != item_id:
            raise ValidationError({"name": _("“{name}” is already in the list.").format(name=name)})
        with self.book.records.transaction():
            self.book.records.update("lookup", item_id, {"name": name})
            self._cache = None
            self.book.outreach.reindex(item_id)

    def uses(self, item_id: str) -> int:
        item = self._require(item_id)
        total = 0
        for table, column in _USES[item.list]:
            deleted = "" if table.startswith("activity_") else " AND deleted_at IS NULL"
            total += self.book.db.execute(
                f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?{deleted}", [item_id]
            ).fetchone()[0]
        return total

    def delete(self, item_id: str) -> None:
        """Remove an unused item; an item still in use is refused (rename it instead)."""
        used = self.uses(item_id)
        if used:
            raise ValidationError(
                {
                    "name": _(
                        "“{name}” is used by {count} records, so it cannot be removed; rename it instead."
                    ).format(name=self._require(item_id).name, count=used)
                }
            )
        self.book.records.delete("lookup", item_id)
        self._cache = None

    def _require(self, item_id: str) -> LookupItem:
        item = self.get(item_id)
        if item is None:
            raise ValidationError({"id": _("That list item does not exist.")})
        return item

    def _all(self) -> dict[str, LookupItem]:
        if self._cache is None:
            rows = self.book.db.execute(
                "SELECT id, list, code, name, name_en, sort_order, "
                "deleted_at IS NOT NULL AS deleted FROM lookup ORDER BY list, sort_order, name"
            )
            items = rows_as(LookupItem, rows, deleted=lambda row: bool(row["deleted"]))
            self._cache = {item.id: item for item in items}
        return self._cache


def item_name(f: Fields, list_name: str, name: object) -> str:
    """A list item's name checked as the form checks it."""
    return f.text("name", name, LISTS[list_name], required=True, max_length=200)
