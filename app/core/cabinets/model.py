"""Book cabinets' records and rows: cabinets, titles, movements of copies and their kinds."""

from dataclasses import dataclass
from datetime import date

from app.i18n import N_, _

LOCATION_KINDS = {
    "post": N_("At the post"),
    "commune": N_("Commune office"),
    "school": N_("School"),
    "community_house": N_("Community house"),
    "border_gate": N_("Border gate"),
    "other": N_("Other place"),
}
TITLE_KINDS = {
    "book": N_("Book"),
    "legal": N_("Legal booklet"),
    "newspaper": N_("Newspaper"),
    "magazine": N_("Magazine"),
    "leaflet": N_("Leaflet"),
    "other": N_("Other"),
}
# Every kind of movement, with the sign its quantity carries.
MOVEMENT_KINDS = {
    "received": (1, N_("Received")),
    "handed_out": (-1, N_("Handed out")),
    "transfer_out": (-1, N_("Transferred out")),
    "transfer_in": (1, N_("Transferred in")),
    "lent": (-1, N_("Lent")),
    "returned": (1, N_("Returned")),
    "lost": (-1, N_("Lost")),
    "damaged": (-1, N_("Damaged")),
    "written_off": (-1, N_("Written off")),
    "stocktake": (0, N_("Stocktake adjustment")),
}
# What a user records directly with `record`; the others come from transfers, loans, stocktakes.
SIMPLE_KINDS = ("received", "handed_out", "lost", "damaged", "written_off")


@dataclass
class Cabinet:
    name: str = ""
    location_kind: str = "post"
    place: str = ""
    keeper: str = ""
    notes: str = ""
    id: str = ""


@dataclass
class Title:
    name: str = ""
    kind: str = "book"
    author: str = ""
    publisher: str = ""
    year: int | str | None = None
    notes: str = ""
    id: str = ""


@dataclass
class Movement:
    """Copies moving: `quantity` is the number of copies as typed (always positive)."""

    kind: str = "received"
    date: date | str | None = None
    cabinet_id: str = ""
    title_id: str = ""
    quantity: int | str | None = None
    to_cabinet_id: str = ""
    counterparty: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CabinetRow:
    id: str
    name: str
    location_kind: str
    place: str
    keeper: str
    titles: int
    copies: int


@dataclass(frozen=True)
class TitleRow:
    id: str
    name: str
    kind: str
    author: str
    publisher: str
    year: int | None
    copies: int


@dataclass(frozen=True)
class StockRow:
    cabinet_id: str
    cabinet: str
    title_id: str
    title: str
    quantity: int


@dataclass(frozen=True)
class MovementRow:
    id: str
    date: str
    kind: str
    cabinet: str
    title: str
    quantity: int
    counterparty: str
    notes: str
    transfer_id: str | None
    loan_id: str | None


def movement_label(kind: str) -> str:
    return _(MOVEMENT_KINDS[kind][1])


def location_label(kind: str) -> str:
    return _(LOCATION_KINDS[kind])
