"""Public loudspeaker stations (trạm truyền thanh công cộng, cụm loa) in the villages, and the
dated history of their states: working (installed or checked), broken, repaired, removed. A
station's state on a day is the latest recorded up to that day; a loudspeaker broadcast of the
outreach log may name the station it went out through."""

from dataclasses import dataclass
from datetime import date
from typing import Unpack

from app.core.dates import format_date, parse_date
from app.core.errors import RecordNotFound, ValidationError
from app.core.query import Listing, Page, rows_as
from app.core.records import short_ref, starting_with, the_one
from app.core.text import _collation_parts, clean, fold
from app.core.validate import MAX_NOTES, Fields
from app.i18n import N_, _

STATES = {
    "working": N_("Working"),
    "broken": N_("Broken"),
    "repaired": N_("Repaired"),
    "removed": N_("Removed"),
}
IN_SERVICE = ("working", "repaired")  # the states a station broadcasts in


@dataclass
class Station:
    """A station as the form edits it."""

    name: str = ""
    commune: str = ""
    village: str = ""
    installed_on: date | str | None = None
    funded_by: str = ""
    notes: str = ""


@dataclass
class StationState:
    """What happened to a station on a day, as the form edits it."""

    station_id: str = ""
    date: date | str | None = None
    state: str = ""
    notes: str = ""


@dataclass(frozen=True)
class StationRow:
    """A station as lists show it, with its state on the list's day (today unless asked)."""

    id: str
    name: str
    commune: str
    village: str
    installed_on: str
    funded_by: str
    notes: str
    state: str | None  # None: nothing recorded up to that day (installed later)
    state_on: str | None  # the day of that state
    post_code: str = ""

    @property
    def ref(self) -> str:
        """A short reference a user can type (`sodon station state` takes it)."""
        return short_ref(self.id)


@dataclass(frozen=True)
class StationStateRow:
    id: str
    station_id: str
    date: str
    state: str
    notes: str


@dataclass(frozen=True)
class StationChange:
    """A state of a station as the year's inventory lists it, with the station's name."""

    id: str
    station_id: str
    station: str
    date: str
    state: str
    notes: str
    post_code: str


def station_fields(f: Fields, station) -> dict:
    """A station's own fields, checked as the form checks them (the province's import calls
    this with a received row too)."""
    values = {
        "name": f.text("name", station.name, N_("Name"), required=True, max_length=200),
        "commune": f.text("commune", station.commune, N_("Commune")),
        "village": f.text("village", station.village, N_("Village")),
        "installed_on": f.date("installed_on", station.installed_on, N_("Installed on")),
        "funded_by": f.text("funded_by", station.funded_by, N_("Funded by")),
        "notes": f.text("notes", station.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    _not_future(f, "installed_on", N_("Installed on"), values["installed_on"])
    return values


def station_state_fields(f: Fields, state) -> dict:
    """A state's own fields (its station, and the rules of the station's history, are checked
    by `Stations.validate_state`; the province's import checks the station is in the
    package)."""
    values = {
        "date": f.date("date", state.date, N_("Date")),
        "state": f.choice("state", state.state, N_("State"), STATES),
        "notes": f.text("notes", state.notes, N_("Notes"), multiline=True, max_length=MAX_NOTES),
    }
    _not_future(f, "date", N_("Date"), values["date"])
    return values


def _not_future(f: Fields, name: str, label: str, day: str | None) -> None:
    if day and day > date.today().isoformat():
        f.error(name, label, _("must not be after today."))


def station_sort_key(name: str) -> str:
    """The key that lists stations by name in Vietnamese alphabetical order (a < ă < â,
    d < đ, tones breaking ties)."""
    parts = [_collation_parts(word) for word in clean(name).split(" ")]
    letters = " ".join(p[0] for p in parts)
    tones = " ".join(p[1] for p in parts)
    return f"{letters}\x01{tones}\x01{fold(name)}"


def station_words(values: dict) -> list:
    return [
        values["name"],
        values["commune"],
        values["village"],
        values["funded_by"],
        values["notes"],
    ]


def _latest(column: str) -> str:
    """The `column` of a station's latest state up to the day given as a parameter."""
    return (
        f"(SELECT x.{column} FROM station_state x WHERE x.station_id = s.id "
        "AND x.deleted_at IS NULL AND x.date <= ? "
        "ORDER BY x.date DESC, x.created_at DESC, x.id DESC LIMIT 1)"
    )


STATIONS = Listing(
    StationRow,
    "SELECT s.id, s.name, s.commune, s.village, s.installed_on, s.funded_by, s.notes, "
    f"{_latest('state')} AS state, {_latest('date')} AS state_on, s.post_code FROM station s",
    alias="s",
    sorts={
        "name": "s.sort_key",
        "commune": "s.commune",
        "village": "s.village",
        "installed_on": "s.installed_on",
        "funded_by": "s.funded_by",
        "state": "state",
        "state_on": "state_on",
    },
    order="s.sort_key, s.id",
)
_HISTORY = (
    "SELECT id, station_id, date, state, notes FROM station_state "
    "WHERE station_id = ? AND deleted_at IS NULL ORDER BY date, created_at, id"
)


class Stations:
    def __init__(self, book):
        self.book = book
        self.records = book.records
        self.db = book.db

    # Stations ----------------------------------------------------------------------------

    def add(self, station: Station) -> str:
        """Record a station, and its first state: working from the day it was installed."""
        values = self.validate(station)
        with self.records.transaction():
            station_id = self.records.insert("station", values, search=station_words(values))
            self.records.insert(
                "station_state",
                {
                    "station_id": station_id,
                    "date": values["installed_on"],
                    "state": "working",
                    "notes": "",
                },
                search=[values["name"]],
            )
        return station_id

    def validate(self, station: Station) -> dict:
        """The station's values as they would be stored, or ValidationError."""
        f = Fields()
        values = station_fields(f, station)
        f.done()
        values["sort_key"] = station_sort_key(values["name"])
        return values

    def update(self, station_id: str, station: Station) -> None:
        """Change a station. A new installation day moves the state recorded at installation
        with it; a state recorded before the new day is refused."""
        values = self.validate(station)
        before = self.records.get("station", station_id)
        with self.records.transaction():
            if values["installed_on"] != before["installed_on"]:
                history = self.history(station_id)
                first = history[0] if history else None
                moved = (
                    first
                    if first and first.state == "working" and first.date == before["installed_on"]
                    else None
                )
                earlier = [s for s in history if s is not moved and s.date < values["installed_on"]]
                if earlier:
                    raise ValidationError(
                        {
                            "installed_on": _(
                                "{label}: a state is recorded on {date}, before that day; "
                                "delete it or choose an earlier day."
                            ).format(label=_("Installed on"), date=format_date(earlier[0].date))
                        }
                    )
                if moved is not None:
                    self.records.update("station_state", moved.id, {"date": values["installed_on"]})
            self.records.update("station", station_id, values, search=station_words(values))
            if values["name"] != before["name"]:
                self.records.reindex(
                    "station_state",
                    [(s.id, [values["name"], s.notes]) for s in self.history(station_id)],
                )

    def delete(self, station_id: str) -> None:
        """Remove a station recorded by mistake (one taken down is recorded as removed). One
        that broadcasts of the log name is refused."""
        used = self.db.execute(
            "SELECT count(*) FROM activity WHERE station_id = ? AND deleted_at IS NULL",
            [station_id],
        ).fetchone()[0]
        if used:
            raise ValidationError(
                {
                    "id": _(
                        "{count} broadcasts of the outreach log name this station; record it as "
                        "removed instead (Record a state…), or change those broadcasts first."
                    ).format(count=used)
                }
            )
        self.records.delete("station", station_id)

    def restore(self, station_id: str) -> None:
        self.records.restore("station", station_id)

    # States ------------------------------------------------------------------------------

    def add_state(self, state: StationState) -> str:
        """Record what happened to a station on a day."""
        values = self.validate_state(state)
        name = self.records.get("station", values["station_id"])["name"]
        return self.records.insert("station_state", values, search=[name, values["notes"]])

    def validate_state(self, state: StationState) -> dict:
        """The state's values as they would be stored, or ValidationError: not before the
        station was installed, nothing after its removal, a removal last, a breakdown not
        recorded twice, the month not approved."""
        f = Fields()
        station_id = f.existing("station_id", state.station_id, N_("Station"), self.db, "station")
        values = {"station_id": station_id, **station_state_fields(f, state)}
        day, what = values["date"], values["state"]
        self.book.periods.flag_locked(f, "date", N_("Date"), day)
        if station_id and day and not f.errors.get("station_id"):
            station = self.records.get("station", station_id)
            history = self.history(station_id)
            removed = next((s for s in history if s.state == "removed"), None)
            later = [s for s in history if s.date > day]
            current = next((s for s in reversed(history) if s.date <= day), None)
            if day < station["installed_on"]:
                f.error(
                    "date",
                    N_("Date"),
                    _("must be on or after the day the station was installed ({date}).").format(
                        date=format_date(station["installed_on"])
                    ),
                )
            elif removed is not None and (day > removed.date or what == "removed"):
                f.error(
                    "date" if what != "removed" else "state",
                    N_("Date") if what != "removed" else N_("State"),
                    _("the station was removed on {date}; nothing is recorded after that.").format(
                        date=format_date(removed.date)
                    ),
                )
            elif what == "removed" and later:
                f.error(
                    "date",
                    N_("Date"),
                    _(
                        "a later state is recorded on {date}; the removal must be the station's "
                        "last state."
                    ).format(date=format_date(later[-1].date)),
                )
            elif what == "broken" and current is not None and current.state == "broken":
                f.error(
                    "state",
                    N_("State"),
                    _("the station is already recorded as broken on {date}.").format(
                        date=format_date(current.date)
                    ),
                )
        f.done()
        return values

    def delete_state(self, state_id: str) -> None:
        """Remove a state recorded by mistake; the one recorded at installation stays."""
        row = self.records.get("station_state", state_id)
        history = self.history(row["station_id"])
        if history and history[0].id == state_id:
            raise ValidationError(
                {
                    "id": _(
                        "This is the state recorded when the station was installed; change the "
                        "station's installation day instead."
                    )
                }
            )
        self.records.delete("station_state", state_id)

    def restore_state(self, state_id: str) -> None:
        self.records.restore("station_state", state_id)

    # Reading -----------------------------------------------------------------------------

    def stations(
        self,
        *,
        state: str | None = None,
        on: date | str | None = None,
        **page: Unpack[Page],
    ) -> list[StationRow]:
        """The stations by name, each with its state on `on` (today if not given); `state`
        keeps those in that state then."""
        day = _day(on)
        where, params = [], []
        if state:
            where.append("state = ?")
            params.append(state)
        return STATIONS.fetch(self.db, where=where, params=params, select_params=[day, day], **page)

    def get(self, station_id: str, *, on: date | str | None = None) -> StationRow:
        day = _day(on)
        found = STATIONS.fetch(
            self.db, where=["s.id = ?"], params=[station_id], select_params=[day, day]
        )
        if not found:
            raise RecordNotFound(_("The record was not found; it may have been removed."))
        return found[0]

    def history(self, station_id: str) -> list[StationStateRow]:
        """The station's states, oldest first."""
        return rows_as(StationStateRow, self.db.execute(_HISTORY, [station_id]))

    def changes(self, first: date | str, last: date | str) -> list[StationChange]:
        """Every state recorded from `first` to `last` (both included) of the stations in the
        book, by date."""
        return rows_as(
            StationChange,
            self.db.execute(
                "SELECT x.id, x.station_id, s.name AS station, x.date, x.state, x.notes, "
                "x.post_code FROM station_state x JOIN station s ON s.id = x.station_id "
                "WHERE x.deleted_at IS NULL AND s.deleted_at IS NULL AND x.date BETWEEN ? AND ? "
                "ORDER BY x.date, s.sort_key, x.created_at, x.id",
                [_day(first), _day(last)],
            ),
        )

    def state_on(self, station_id: str, on: date | str) -> str | None:
        """The station's state on a day (None before it was installed)."""
        day = _day(on)
        states = [s for s in self.history(station_id) if s.date <= day]
        return states[-1].state if states else None

    def find(self, typed: str) -> str:
        """The id of a station named by its short reference (the Ref. column of `sodon list
        stations`) or by its whole name (accents and case ignored)."""
        found = starting_with(self.db, "station", typed)
        if not found and (typed or "").strip():
            name = fold(typed)
            found = [r.id for r in self.stations(search=typed, limit=None) if fold(r.name) == name]
        return the_one(
            found,
            typed,
            _(
                "There is no station with the reference or name “{typed}”. See the Ref. "
                "column of `sodon list stations`."
            ).format(typed=(typed or "")[:40]),
        )

    def working_count(self, on: date | str, *, post: str | None = None) -> int:
        """Stations installed by `on` whose state that day is working or repaired (the plan's
        indicator `stations_working`); `post` counts one post's (at the provincial office)."""
        day = _day(on)
        sql = (
            f"SELECT count(*) FROM station s WHERE s.deleted_at IS NULL AND s.installed_on <= ? "
            f"AND {_latest('state')} IN ('working', 'repaired')"
        )
        params = [day, day]
        if post:
            sql += " AND s.post_code = ?"
            params.append(post)
        return self.db.execute(sql, params).fetchone()[0]

    def broken(self, on: date | str | None = None) -> list[StationRow]:
        """The stations broken on `on` (today if not given), the longest broken first."""
        rows = self.stations(state="broken", on=on, limit=None)
        return sorted(rows, key=lambda r: (r.state_on or "", r.name))

    def check_broadcast(self, f: Fields, station_id: str, day: str | None) -> None:
        """A station named by a broadcast on `day`: in the book, installed by then and not
        removed (the outreach form's check)."""
        if not station_id:
            return
        label = N_("Station")
        f.existing("station_id", station_id, label, self.db, "station")
        if f.errors.get("station_id") or not day:
            return
        station = self.records.get("station", station_id)
        if day < station["installed_on"]:
            f.error(
                "station_id",
                label,
                _("it was installed on {date}, after this activity.").format(
                    date=format_date(station["installed_on"])
                ),
            )
        elif self.state_on(station_id, day) == "removed":
            f.error(
                "station_id",
                label,
                _("it had been removed by that day; choose another station."),
            )


def _day(on: date | str | None) -> str:
    return parse_date(on).isoformat() if on else date.today().isoformat()
