"""Trainees: adding, changing and removing them, finding a person already in the book, and
their list (by given name)."""

from typing import Unpack

from app.core.query import Listing, Page
from app.core.text import name_sort_key
from app.core.training.fields import person_fields, person_words
from app.core.training.model import Person, PersonRow
from app.core.validate import Fields

PEOPLE = Listing(
    PersonRow,
    "SELECT p.id, p.full_name, p.birth_year, p.gender, p.ethnicity, p.unit, p.position, "
    "p.phone, (SELECT count(*) FROM enrolment WHERE person_id = p.id AND deleted_at IS NULL) "
    "AS courses FROM person p",
    alias="p",
    sorts={
        "full_name": "p.sort_key",
        "birth_year": "p.birth_year",
        "gender": "p.gender",
        "ethnicity": "p.ethnicity",
        "unit": "p.unit",
        "position": "p.position",
    },
    order="p.sort_key",
)


class People:
    """The trainees part of `Training`."""

    def add_person(self, person: Person) -> str:
        values = self.validate_person(person)
        return self.records.insert("person", values, search=person_words(values))

    def update_person(self, person: Person) -> None:
        values = self.validate_person(person)
        self.records.update("person", person.id, values, search=person_words(values))

    def get_person(self, person_id: str) -> Person:
        row = self.records.get("person", person_id)
        return Person(**{k: row[k] for k in Person.__dataclass_fields__})

    def delete_person(self, person_id: str) -> None:
        self.records.delete("person", person_id)

    def find_people(self, full_name: str, birth_year: int | None = None) -> list[PersonRow]:
        """People already in the book with this name (and birth year, if given): to avoid
        entering the same trainee twice."""
        key = name_sort_key(full_name).split("\x01")[2]
        rows = self.people(limit=None, search=full_name)
        return [
            r
            for r in rows
            if name_sort_key(r.full_name).split("\x01")[2] == key
            and (birth_year is None or r.birth_year in (None, birth_year))
        ]

    def validate_person(self, person: Person) -> dict:
        f = Fields()
        values = person_fields(f, person)
        f.done()
        values["sort_key"] = name_sort_key(values["full_name"])
        return values

    def people(
        self,
        *,
        course_id: str | None = None,
        **page: Unpack[Page],
    ) -> list[PersonRow]:
        """People by given name, then family and middle name."""
        where, params = [], []
        if course_id:
            where.append(
                "p.id IN (SELECT person_id FROM enrolment WHERE course_id = ? "
                "AND deleted_at IS NULL)"
            )
            params.append(course_id)
        return PEOPLE.fetch(
            self.db,
            where=where,
            params=params,
            **page,
        )
