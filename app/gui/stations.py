"""The loudspeaker stations page: the post's stations with their state today, the chosen
station's history of states below, and the forms of a station and of a state."""

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from app.core.dates import format_date
from app.core.listing import LISTS, Column
from app.core.stations import STATES, Station, StationRow, StationState, StationStateRow
from app.core.validate import errors_of
from app.gui.forms import RecordForm, run_form
from app.gui.page import Page
from app.gui.registers import Register, RegisterActions
from app.gui.table import RegisterPanel
from app.gui.widgets import DateEdit, LookupCombo
from app.i18n import N_, _

BROKEN = QColor("#b00020")
REMOVED = QColor("#888888")
HISTORY_COLUMNS = [
    Column("date", N_("Date"), "date"),
    Column("state", N_("State"), "label", STATES, width=15),
    Column("notes", N_("Notes"), width=80),
]


def _colour(state: str | None) -> QColor | None:
    return BROKEN if state == "broken" else REMOVED if state == "removed" else None


def notes_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    return box


class StationForm(RecordForm):
    def __init__(self, parent, book, row: StationRow | None = None):
        super().__init__(parent, _("Edit station") if row else _("New loudspeaker station"))
        self.book = book
        self.station_id = row.id if row else ""
        self.name = self.field("name", _("&Name"), QLineEdit())
        self.commune = self.field("commune", _("Co&mmune"), QLineEdit())
        self.village = self.field("village", _("Vi&llage"), QLineEdit())
        self.installed_on = self.field("installed_on", _("&Installed on"), DateEdit())
        self.funded_by = self.field("funded_by", _("&Funded by"), QLineEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if row is not None:
            self.name.setText(row.name)
            self.commune.setText(row.commune)
            self.village.setText(row.village)
            self.installed_on.set_value(row.installed_on)
            self.funded_by.setText(row.funded_by)
            self.notes.setPlainText(row.notes)
        self.resize(560, 400)

    def draft(self) -> Station:
        return Station(
            name=self.name.text(),
            commune=self.commune.text(),
            village=self.village.text(),
            installed_on=self.installed_on.value(),
            funded_by=self.funded_by.text(),
            notes=self.notes.toPlainText(),
        )

    def check(self, draft: Station) -> dict[str, str]:
        return errors_of(lambda: self.book.stations.validate(draft))

    def store(self, draft: Station) -> str:
        if self.station_id:
            self.book.stations.update(self.station_id, draft)
            return self.station_id
        return self.book.stations.add(draft)


class StateForm(RecordForm):
    """What happened to a station on a day."""

    def __init__(self, parent, book, station_id: str = "", state: str = "broken"):
        super().__init__(parent, _("Record a state of a station"))
        self.book = book
        stations = [(row.name, row.id) for row in book.stations.stations(limit=None)]
        self.station = self.field(
            "station_id", _("Lo&udspeaker station"), LookupCombo(stations, empty="")
        )
        self.station.set_value(station_id)
        self.date = self.field("date", _("&Date"), DateEdit())
        self.state = self.field(
            "state", _("S&tate"), LookupCombo([(_(label), code) for code, label in STATES.items()])
        )
        self.state.set_value(state)
        self.notes = self.field("notes", _("N&otes"), notes_box())
        self.notes.setPlaceholderText(_("What broke, who repaired it, what it cost…"))
        self.resize(560, 340)

    def draft(self) -> StationState:
        return StationState(
            station_id=self.station.value(),
            date=self.date.value(),
            state=self.state.value(),
            notes=self.notes.toPlainText(),
        )

    def check(self, draft: StationState) -> dict[str, str]:
        return errors_of(lambda: self.book.stations.validate_state(draft))

    def store(self, draft: StationState) -> str:
        """Record the state; the form's result is the station, for the page to show."""
        self.book.stations.add_state(draft)
        return draft.station_id


class StationsPage(RegisterActions, Page):
    key = "stations"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Loudspeaker stations")
        self.station = self._stations()
        self.state = self._history()
        self.listen(self.station, self.state)
        self.using = self.station
        for register in (self.station, self.state):
            register.panel.view.installEventFilter(self)
        self.stations.view.selectionModel().currentRowChanged.connect(self._station_changed)
        self.stations.model.modelReset.connect(self._station_changed)
        buttons = self.button_row(
            (_("&New station…"), self.new_station, "Ctrl+N"),
            (_("&Open / edit…"), self.edit_station, "Enter"),
            (_("&Record a state…"), self.record_state),
            (_("&Delete"), self.delete, "Del"),
        )
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.caption)
        below_layout.addWidget(self.states, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stations)
        splitter.addWidget(below)
        splitter.setSizes([380, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    # The lists ------------------------------------------------------------------------------

    def _stations(self) -> Register[StationRow]:
        stations = self.book.stations
        # The short reference is for the command line; the window has the row itself.
        # "Hoạt động tốt" whole; the spare width goes to who funded it (a long name), not to
        # the station's (a short one).
        wider = {"state": 15, "funded_by": 60, "name": 28}
        columns = [
            replace(c, width=wider.get(c.name, c.width))
            for c in LISTS["stations"].columns
            if c.name != "ref"
        ]
        if self.read_only:  # the provincial office holds every post's stations
            columns = [Column("post_code", N_("Post"), width=10), *columns]
        self.stations: RegisterPanel[StationRow] = RegisterPanel(
            columns,
            lambda **q: stations.stations(**q),
            months=False,
            filters={
                "state": (
                    _("All states"),
                    [(_(label), code) for code, label in STATES.items()],
                ),
                **self.post_filter(),
            },
            colour=lambda row: _colour(row.state),
            placeholder=_("Search a station, commune, village, who funded it…"),
        )
        return Register(
            self.stations,
            self.new_station,
            lambda _row: self.edit_station(),
            noun=lambda row: _("the station “{name}”").format(name=row.name),
            delete=stations.delete,
            restore=stations.restore,
        )

    def _history(self) -> Register[StationStateRow]:
        stations = self.book.stations
        self.states: RegisterPanel[StationStateRow] = RegisterPanel(
            HISTORY_COLUMNS,
            lambda offset=0, **_q: (
                stations.history(self.station_id()) if self.station_id() and not offset else []
            ),
            months=False,
            colour=lambda row: _colour(row.state),
        )
        self.states.search.hide()
        self.states.count_label.hide()
        self.states.view.setSortingEnabled(False)
        self.states.view.horizontalHeader().setSectionsClickable(False)
        return Register(
            self.states,
            self.record_state,
            lambda _row: self.window.statusBar().showMessage(
                _("A state is not changed: delete it (Del) and record it again."), 6000
            ),
            noun=lambda row: _("the state “{state}” of {date}").format(
                state=_(STATES[row.state]).lower(), date=format_date(row.date)
            ),
            delete=stations.delete_state,
            restore=stations.restore_state,
        )

    def station_id(self) -> str:
        row = self.stations.current()
        return row.id if row is not None else ""

    def _station_changed(self, *_args) -> None:
        row = self.stations.current()
        if row is None:
            self.caption.setText(_("Choose a station to see its history."))
        else:
            self.caption.setText(_("History of “{name}”").format(name=row.name))
        self.states.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list last used is the one New, Edit and Delete act on."""
        if event.type() == QEvent.Type.FocusIn:
            self.using = self.state if watched is self.states.view else self.station
        return super().eventFilter(watched, event)

    def active(self) -> Register:
        return self.using

    def searched(self) -> Register:
        return self.station

    def refresh(self) -> None:
        self.stations.reload()
        self._station_changed()

    # Actions --------------------------------------------------------------------------------

    def new_station(self) -> None:
        run_form(StationForm(self, self.book), self._saved)

    def edit_station(self) -> None:
        row = self.stations.current()
        if row is not None:
            run_form(StationForm(self, self.book, self.book.stations.get(row.id)), self._saved)

    def record_state(self) -> None:
        row = self.stations.current()
        state = "repaired" if row is not None and row.state == "broken" else "broken"
        run_form(StateForm(self, self.book, self.station_id(), state), self._saved)

    def _saved(self, station_id) -> None:
        """After a save: the list read again, the station saved (or given a state) chosen."""
        self.stations.reload()
        self._select(station_id)

    def _select(self, station_id: str) -> None:
        for number, row in enumerate(self.stations.model.rows):
            if row.id == station_id:
                self.stations.view.selectRow(number)
                break
        self._station_changed()
