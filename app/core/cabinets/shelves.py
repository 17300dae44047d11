"""Cabinets and titles: adding, changing and removing them (never while copies remain), and
their lists."""

from typing import Unpack

from app.core.cabinets.fields import cabinet_fields, cabinet_words, title_fields, title_words
from app.core.cabinets.model import Cabinet, CabinetRow, Title, TitleRow
from app.core.errors import ValidationError
from app.core.query import Listing, Page
from app.core.validate import Fields
from app.i18n import _

CABINETS = Listing(
    CabinetRow,
    "SELECT c.id, c.name, c.location_kind, c.place, c.keeper, "
    "(SELECT count(*) FROM (SELECT title_id FROM movement WHERE cabinet_id = c.id "
    "AND deleted_at IS NULL GROUP BY title_id HAVING sum(quantity) <> 0)) AS titles, "
    "(SELECT coalesce(sum(quantity), 0) FROM movement WHERE cabinet_id = c.id "
    "AND deleted_at IS NULL) AS copies FROM cabinet c",
    alias="c",
    sorts={
        "name": "c.name",
        "location_kind": "c.location_kind",
        "place": "c.place",
        "titles": "titles",
        "copies": "copies",
    },
    order="c.name",
)
TITLES = Listing(
    TitleRow,
    "SELECT t.id, t.name, t.kind, t.author, t.publisher, t.year, "
    "(SELECT coalesce(sum(quantity), 0) FROM movement WHERE title_id = t.id "
    "AND deleted_at IS NULL) AS copies FROM title t",
    alias="t",
    sorts={
        "name": "t.name",
        "kind": "t.kind",
        "author": "t.author",
        "year": "t.year",
        "copies": "copies",
    },
    order="t.name",
)


class CabinetsAndTitles:
    """The cabinets and titles part of `Cabinets`."""

    def add_cabinet(self, cabinet: Cabinet) -> str:
        values = self.validate_cabinet(cabinet)
        return self.records.insert("cabinet", values, search=cabinet_words(values))

    def update_cabinet(self, cabinet: Cabinet) -> None:
        values = self.validate_cabinet(cabinet)
        with self.records.transaction():
            self.records.update("cabinet", cabinet.id, values, search=cabinet_words(values))
            self._reindex_movements("cabinet_id", cabinet.id)
            self.book.loans.reindex("cabinet_id", cabinet.id)

    def get_cabinet(self, cabinet_id: str) -> Cabinet:
        row = self.records.get("cabinet", cabinet_id)
        return Cabinet(**{k: row[k] for k in Cabinet.__dataclass_fields__})

    def delete_cabinet(self, cabinet_id: str) -> None:
        """Remove an empty cabinet; one that still holds copies is refused."""
        copies = sum(r.quantity for r in self.stock(cabinet_id=cabinet_id, limit=None))
        if copies:
            raise ValidationError(
                {
                    "cabinet_id": _(
                        "The cabinet still holds {copies} copies; transfer, hand out or write them off "
                        "before removing it."
                    ).format(copies=copies)
                }
            )
        self.records.delete("cabinet", cabinet_id)

    def add_title(self, title: Title) -> str:
        values = self.validate_title(title)
        return self.records.insert("title", values, search=title_words(values))

    def update_title(self, title: Title) -> None:
        values = self.validate_title(title)
        with self.records.transaction():
            self.records.update("title", title.id, values, search=title_words(values))
            self._reindex_movements("title_id", title.id)
            self.book.loans.reindex("title_id", title.id)

    def get_title(self, title_id: str) -> Title:
        row = self.records.get("title", title_id)
        return Title(**{k: row[k] for k in Title.__dataclass_fields__})

    def delete_title(self, title_id: str) -> None:
        copies = sum(r.quantity for r in self.stock(title_id=title_id, limit=None))
        if copies:
            raise ValidationError(
                {
                    "title_id": _(
                        "{copies} copies of this title are still in cabinets; hand them out or write "
                        "them off before removing the title."
                    ).format(copies=copies)
                }
            )
        self.records.delete("title", title_id)

    def validate_cabinet(self, cabinet: Cabinet) -> dict:
        f = Fields()
        values = cabinet_fields(f, cabinet)
        f.done()
        return values

    def validate_title(self, title: Title) -> dict:
        f = Fields()
        values = title_fields(f, title)
        f.done()
        return values

    def cabinets(self, **page: Unpack[Page]) -> list[CabinetRow]:
        return CABINETS.fetch(self.db, **page)

    def titles(
        self,
        *,
        kind: str | None = None,
        **page: Unpack[Page],
    ) -> list[TitleRow]:
        return TITLES.fetch(
            self.db,
            where=["t.kind = ?"] if kind else [],
            params=[kind] if kind else [],
            **page,
        )
