"""The outreach log page and the activity form."""

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout

from app.core.listing import LISTS, Column
from app.core.outreach import BROADCAST, Activity, ActivityRow
from app.core.validate import errors_of
from app.gui.forms import RecordForm, run_form
from app.gui.page import Page
from app.gui.table import RegisterPanel
from app.gui.widgets import CheckList, CountSpin, DateEdit, LookupCombo
from app.i18n import N_, _


def lookup_items(book, list_name: str) -> list[tuple[str, str]]:
    return [(item.label, item.id) for item in book.lookups.items(list_name)]


def station_items(book) -> list[tuple[str, str]]:
    """The post's loudspeaker stations, by name (with their village, to tell them apart)."""
    return [
        (f"{row.name} ({row.village})" if row.village else row.name, row.id)
        for row in book.stations.stations(limit=None)
    ]


class ActivityForm(RecordForm):
    def __init__(self, parent, book, activity: Activity | None = None):
        editing = activity is not None and bool(activity.id)
        super().__init__(parent, _("Edit activity") if editing else _("New activity"))
        self.book = book
        self.activity_id = activity.id if activity else ""
        self.date = self.field("date", _("&Date"), DateEdit())
        self.kind = self.field(
            "kind_id", _("&Kind"), LookupCombo(lookup_items(book, "activity_kind"), empty="")
        )
        self.station = self.field(
            "station_id",
            _("Lo&udspeaker station"),
            LookupCombo(station_items(book), empty=_("(none)")),
        )
        self.station.setToolTip(
            _("Only for a loudspeaker broadcast: the station it went out through.")
        )
        self.broadcasts = {
            item.id
            for item in book.lookups.items("activity_kind", deleted=True)
            if item.code == BROADCAST
        }
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind.lineEdit().editingFinished.connect(self._kind_changed)
        self.title_edit = self.field("title", _("C&ontent"), QLineEdit())
        self.commune = self.field("commune", _("Co&mmune"), QLineEdit())
        self.village = self.field("village", _("&Village"), QLineEdit())
        self.place = self.field("place", _("Border gate, marker, island"), QLineEdit())
        self.total = self.field("audience_total", _("&Audience"), CountSpin())
        self.women = self.field("audience_women", _("of whom &women"), CountSpin())
        self.ethnic = self.field("audience_ethnic", _("of whom ethnic m&inorities"), CountSpin())
        self.foreign = self.field("audience_foreign", _("of whom &foreigners"), CountSpin())
        self.topics = self.field("topic_ids", _("&Topics"), CheckList(lookup_items(book, "topic")))
        self.languages = self.field(
            "language_ids", _("&Languages"), CheckList(lookup_items(book, "language"))
        )
        self.languages.setMinimumHeight(80)
        self.plan = self.field(
            "plan_content_id",
            _("&Plan content"),
            LookupCombo(lookup_items(book, "plan_content"), empty=_("(none)")),
        )
        self.staff = self.field("staff", _("&Staff"), QLineEdit())
        self.partners = self.field("partners", _("Pa&rtner units"), QLineEdit())
        self.materials = self.field("materials", _("Materials &handed out"), QPlainTextEdit())
        self.notes = self.field("notes", _("&Notes"), QPlainTextEdit())
        for box in (self.materials, self.notes):
            box.setTabChangesFocus(True)
            box.setFixedHeight(64)
        if activity is not None:
            self._fill(activity)
        self._kind_changed()
        self.resize(720, 660)  # within a 1366×768 screen with its taskbar

    def _kind_changed(self, *_args) -> None:
        """The station is chosen only for a loudspeaker broadcast."""
        broadcast = self.kind.value() in self.broadcasts
        if not broadcast:
            self.station.set_value("")
        self.station.setEnabled(broadcast and not self.read_only)

    def _fill(self, activity: Activity) -> None:
        if activity.date:
            self.date.set_value(
                activity.date if isinstance(activity.date, str) else activity.date.isoformat()
            )
        self.kind.set_value(activity.kind_id)
        self.station.set_value(activity.station_id)
        self.title_edit.setText(activity.title)
        self.commune.setText(activity.commune)
        self.village.setText(activity.village)
        self.place.setText(activity.place)
        for spin, value in (
            (self.total, activity.audience_total),
            (self.women, activity.audience_women),
            (self.ethnic, activity.audience_ethnic),
            (self.foreign, activity.audience_foreign),
        ):
            spin.setValue(int(value or 0))
        self.topics.set_values(activity.topic_ids)
        self.languages.set_values(activity.language_ids)
        self.plan.set_value(activity.plan_content_id)
        self.staff.setText(activity.staff)
        self.partners.setText(activity.partners)
        self.materials.setPlainText(activity.materials)
        self.notes.setPlainText(activity.notes)

    def draft(self) -> Activity:
        return Activity(
            id=self.activity_id,
            date=self.date.value(),
            kind_id=self.kind.value(),
            title=self.title_edit.text(),
            commune=self.commune.text(),
            village=self.village.text(),
            place=self.place.text(),
            audience_total=self.total.value(),
            audience_women=self.women.value(),
            audience_ethnic=self.ethnic.value(),
            audience_foreign=self.foreign.value(),
            topic_ids=self.topics.values(),
            language_ids=self.languages.values(),
            plan_content_id=self.plan.value(),
            staff=self.staff.text(),
            partners=self.partners.text(),
            materials=self.materials.toPlainText(),
            notes=self.notes.toPlainText(),
            station_id=self.station.value() if self.kind.value() in self.broadcasts else "",
        )

    def check(self, draft: Activity) -> dict[str, str]:
        return errors_of(lambda: self.book.outreach.validate(draft))

    def store(self, draft: Activity) -> str:
        if draft.id:
            self.book.outreach.update(draft)
            return draft.id
        return self.book.outreach.add(draft)


class OutreachPage(Page):
    key = "outreach"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Outreach")
        book = self.book
        kinds = lookup_items(book, "activity_kind")
        # A broadcast's station is in its form: the log's columns already fill 1280 pixels.
        columns = [c for c in LISTS["activities"].columns if c.name != "station"]
        if self.read_only:  # the provincial office's list holds every post's activities
            columns = [Column("post_code", N_("Post"), width=10), *columns]
        self.panel: RegisterPanel[ActivityRow] = RegisterPanel(
            columns,
            lambda **query: book.outreach.activities(**query),
            filters={"kind_id": (_("All kinds"), kinds), **self.post_filter()},
            placeholder=_("Search the log: place, topic, staff, content…"),
            count=lambda reader, **query: reader.outreach.count(**query),
            book_path=book.path,
        )
        self.panel.view.activated_row.connect(lambda _row: self.edit())
        self.panel.view.delete_requested.connect(lambda _row: self.delete())
        buttons = self.button_row(
            (_("&New activity"), self.new, "Ctrl+N"),
            (_("&Open / edit…"), self.edit, "Enter"),
            (_("&Delete"), self.delete, "Del"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.panel)

    def refresh(self) -> None:
        self.panel.reload()

    def focus_search(self) -> None:
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    def new(self) -> None:
        run_form(ActivityForm(self, self.book), lambda _id: self.refresh())

    def edit(self) -> None:
        row = self.panel.current()
        if row is not None:
            form = ActivityForm(self, self.book, self.book.outreach.get(row.id))
            run_form(form, lambda _id: self.refresh())

    def delete(self) -> None:
        row = self.panel.current()
        if row is None:
            return
        what = _("the activity “{title}” of {date}").format(
            title=row.title, date=LISTS["activities"].columns[0].text(row)
        )
        self.remove(
            what,
            lambda: self.book.outreach.delete(row.id),
            lambda: self.book.outreach.restore(row.id),
        )
