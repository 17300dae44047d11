"""The fields of cabinets, titles and movements checked as the forms check them (the forms'
rule and the province's import), and the words each is found by."""

from datetime import date

from app.core.cabinets.model import (
    LOCATION_KINDS,
    TITLE_KINDS,
    location_label,
    movement_label,
)
from app.core.validate import MAX_COPIES, MAX_NOTES, Fields
from app.i18n import N_


def cabinet_fields(f: Fields, cabinet) -> dict:
    """A cabinet's fields checked as the form checks them (the form's and the import's rule)."""
    return {
        "name": f.text("name", cabinet.name, N_("Cabinet name"), required=True),
        "location_kind": f.choice(
            "location_kind", cabinet.location_kind, N_("Located at"), LOCATION_KINDS
        ),
        "place": f.text("place", cabinet.place, N_("Place")),
        "keeper": f.text("keeper", cabinet.keeper, N_("Keeper")),
        "notes": f.text("notes", cabinet.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def title_fields(f: Fields, title) -> dict:
    """A title's fields checked as the form checks them."""
    return {
        "name": f.text("name", title.name, N_("Title"), required=True),
        "kind": f.choice("kind", title.kind, N_("Kind"), TITLE_KINDS),
        "author": f.text("author", title.author, N_("Author")),
        "publisher": f.text("publisher", title.publisher, N_("Publisher")),
        "year": f.integer(
            "year",
            title.year,
            N_("Year published"),
            minimum=1900,
            maximum=date.today().year + 1,
            required=False,
        ),
        "notes": f.text("notes", title.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def movement_fields(f: Fields, movement) -> dict:
    """A movement's own fields (date, copies as a positive number, texts) checked as the form
    checks them; its cabinet and title are checked by the caller."""
    return {
        "date": f.date("date", movement.date, N_("Date")),
        "quantity": f.integer(
            "quantity", movement.quantity, N_("Number of copies"), minimum=1, maximum=MAX_COPIES
        ),
        "counterparty": f.text("counterparty", movement.counterparty, N_("From / to whom")),
        "notes": f.text("notes", movement.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }


def movement_words(values: dict, cabinet: str, title: str) -> list:
    """Everything a user may type to find a movement: its kind, cabinet, title and texts."""
    return [
        movement_label(values["kind"]),
        cabinet,
        title,
        values.get("counterparty", ""),
        values.get("notes", ""),
    ]


def cabinet_words(values: dict) -> list:
    return [
        values["name"],
        values["place"],
        values["keeper"],
        location_label(values["location_kind"]),
    ]


def title_words(values: dict) -> list:
    return [values["name"], values["author"], values["publisher"], values["year"] or ""]
