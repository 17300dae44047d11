"""The reviews and commendations page: two tabs, each a list with its form. At the provincial
office the province records its own; those that came from the posts open read-only."""

from dataclasses import replace
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTabWidget, QVBoxLayout

from app.core.dates import format_date
from app.core.listing import LISTS, Column
from app.core.reviews import (
    FORMS,
    KINDS,
    LEVELS,
    RECIPIENT_KINDS,
    Commendation,
    CommendationRow,
    Review,
    ReviewRow,
)
from app.core.validate import errors_of
from app.gui.dialogs import run_modal
from app.gui.forms import RecordForm
from app.gui.page import Page
from app.gui.registers import Register, RegisterActions
from app.gui.table import RegisterPanel
from app.gui.widgets import CountSpin, DateEdit, LookupCombo
from app.i18n import N_, _

FROM_A_POST = QColor("#555555")  # at the provincial office: a post's record, read-only


def _combo(choices: dict, value: str) -> QComboBox:
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(_(label), key)
    combo.setCurrentIndex(max(combo.findData(value), 0))
    return combo


def _notes(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ReviewForm(RecordForm):
    def __init__(self, parent, book, review: Review | None = None):
        super().__init__(parent, _("Edit review") if review else _("New review"))
        self.book = book
        today = date.today()
        review = review or Review(date=today, period_from=date(today.year, 1, 1), period_to=today)
        self.review_id = review.id
        self.title_box = self.field("title", _("Review &title"), QLineEdit(review.title))
        self.title_box.setPlaceholderText(_("e.g. Interim review of the first six months"))
        self.kind = self.field("kind", _("&Kind of review"), _combo(KINDS, review.kind))
        self.level = self.field("level", _("&Level"), _combo(LEVELS, review.level))
        self.held_on = self.field("date", _("&Held on"), DateEdit(review.date))
        self.period_from = self.field(
            "period_from", _("Period &from"), DateEdit(review.period_from)
        )
        self.period_to = self.field("period_to", _("Period t&o"), DateEdit(review.period_to))
        self.participants = self.field(
            "participants", _("&Participants"), CountSpin(int(review.participants or 0))
        )
        self.chaired_by = self.field("chaired_by", _("C&haired by"), QLineEdit(review.chaired_by))
        self.notes = self.field("notes", _("N&otes"), _notes(80))
        self.notes.setPlainText(review.notes)
        self.resize(600, 440)

    def draft(self) -> Review:
        return Review(
            date=self.held_on.value(),
            kind=self.kind.currentData(),
            level=self.level.currentData(),
            title=self.title_box.text(),
            period_from=self.period_from.value(),
            period_to=self.period_to.value(),
            participants=self.participants.value(),
            chaired_by=self.chaired_by.text(),
            notes=self.notes.toPlainText(),
            id=self.review_id,
        )

    def check(self, draft: Review) -> dict[str, str]:
        return errors_of(lambda: self.book.reviews.validate_review(draft))

    def store(self, draft: Review) -> str:
        if draft.id:
            self.book.reviews.update_review(draft)
            return draft.id
        return self.book.reviews.add_review(draft)


class CommendationForm(RecordForm):
    """A commendation; choosing a person of the book names them as the recipient."""

    def __init__(
        self, parent, book, commendation: Commendation | None = None, *, review_id: str = ""
    ):
        super().__init__(parent, _("Edit commendation") if commendation else _("New commendation"))
        self.book = book
        commendation = commendation or Commendation(decision_date=date.today(), review_id=review_id)
        self.commendation_id = commendation.id
        self.kind = self.field(
            "recipient_kind", _("&Commended"), _combo(RECIPIENT_KINDS, commendation.recipient_kind)
        )
        people = [
            (f"{p.full_name} ({p.birth_year or '?'}, {p.unit})" if p.unit else p.full_name, p.id)
            for p in book.training.people(limit=None)
        ]
        self.person = self.field(
            "person_id",
            _("Person of the &book"),
            LookupCombo(people, empty=_("(not a person of the book)")),
        )
        self.person.set_value(commendation.person_id)
        self.recipient = self.field(
            "recipient", _("&Unit or person commended"), QLineEdit(commendation.recipient)
        )
        self.form_box = self.field("form", _("&Form"), _combo(FORMS, commendation.form))
        self.authority = self.field(
            "authority", _("&Issuing authority"), QLineEdit(commendation.authority)
        )
        self.authority.setPlaceholderText(_("e.g. Border Guard Command of the province"))
        self.number = self.field(
            "decision_number", _("Decision &number"), QLineEdit(commendation.decision_number)
        )
        self.decided_on = self.field(
            "decision_date", _("Decision &date"), DateEdit(commendation.decision_date)
        )
        self.reason = self.field("reason", _("&Reason"), _notes(52))
        self.reason.setPlainText(commendation.reason)
        reviews = [
            (f"{r.title} ({format_date(r.date)})", r.id)
            for r in book.reviews.reviews(limit=None)
            if book.reviews.editable(r.post_code)
        ]
        self.review = self.field(
            "review_id", _("From the re&view"), LookupCombo(reviews, empty=_("(none)"))
        )
        self.review.set_value(commendation.review_id)
        self.notes = self.field("notes", _("N&otes"), _notes(52))
        self.notes.setPlainText(commendation.notes)
        self.person.currentIndexChanged.connect(self._person_chosen)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self.resize(640, 540)

    def _person_chosen(self) -> None:
        """The person's name becomes the recipient (what was typed for another is replaced)."""
        person_id = self.person.value()
        if person_id:
            self.recipient.setText(self.book.training.get_person(person_id).full_name)
            self.touched.add("recipient")

    def _kind_chosen(self) -> None:
        individual = self.kind.currentData() == "individual"
        if not individual:
            self.person.set_value("")
        self.person.setEnabled(individual and not self.read_only)

    def draft(self) -> Commendation:
        return Commendation(
            recipient_kind=self.kind.currentData(),
            recipient=self.recipient.text(),
            person_id=self.person.value(),
            form=self.form_box.currentData(),
            authority=self.authority.text(),
            decision_number=self.number.text(),
            decision_date=self.decided_on.value(),
            reason=self.reason.toPlainText(),
            review_id=self.review.value(),
            notes=self.notes.toPlainText(),
            id=self.commendation_id,
        )

    def check(self, draft: Commendation) -> dict[str, str]:
        return errors_of(lambda: self.book.reviews.validate_commendation(draft))

    def store(self, draft: Commendation) -> str:
        if draft.id:
            self.book.reviews.update_commendation(draft)
            return draft.id
        return self.book.reviews.add_commendation(draft)


class ReviewsPage(RegisterActions, Page):
    key = "reviews"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Reviews and commendations")
        # The provincial office holds reviews and commendations of its own: the page changes
        # them; the posts' ones (from their packages) are refused row by row.
        self.province = self.read_only
        self.read_only = False
        self.review = self._reviews()
        self.commendation = self._commendations()
        self.listen(self.review, self.commendation)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.review.panel, _("Reviews"))
        self.tabs.addTab(self.commendation.panel, _("Commendations"))
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        buttons = self.button_row(
            (_("&New review…"), self.new_review),
            (_("New co&mmendation…"), self.new_commendation),
            (_("Print the &list…"), self.print_list, False),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs)

    # The lists ------------------------------------------------------------------------------

    def _filters(self) -> dict:
        years = [(str(year), year) for year in self.book.reviews.years()]
        filters = {"year": (_("All years"), years)}
        if self.province:
            from app.exchange import province

            posts = [(f"{code} — {name}", code) for code, name in province.posts(self.book)]
            own = (f"{self.book.post.code} — {self.book.post.name}", self.book.post.code)
            filters["post"] = (_("All posts"), [own, *posts])
        return filters

    def _columns(self, name: str, wider: dict[str, int]) -> list[Column]:
        """The list's columns for the window: the short reference is for the command line;
        at the provincial office, the post a row came from first."""
        columns = [
            replace(c, width=wider.get(c.name, c.width))
            for c in LISTS[name].columns
            if c.name != "ref"
        ]
        if self.province:
            columns.insert(0, Column("post_code", N_("Post"), width=10))
        return columns

    def _colour(self, row) -> QColor | None:
        return None if self.book.reviews.editable(row.post_code) else FROM_A_POST

    def _reviews(self) -> Register[ReviewRow]:
        reviews = self.book.reviews
        self.reviews: RegisterPanel[ReviewRow] = RegisterPanel(
            self._columns("reviews", {"title": 60}),
            lambda **q: reviews.reviews(**q),
            months=False,
            filters=self._filters(),
            colour=self._colour,
            placeholder=_("Search a review…"),
        )
        return Register(
            self.reviews,
            self.new_review,
            lambda row: self._open(ReviewForm(self, self.book, reviews.get_review(row.id)), row),
            noun=lambda row: _("the review “{title}”").format(title=row.title),
            delete=reviews.delete_review,
            restore=reviews.restore_review,
            deletable=self._deletable,
        )

    def _commendations(self) -> Register[CommendationRow]:
        reviews = self.book.reviews
        self.commendations: RegisterPanel[CommendationRow] = RegisterPanel(
            self._columns("commendations", {"recipient_kind": 17}),
            lambda **q: reviews.commendations(**q),
            months=False,
            filters=self._filters(),
            colour=self._colour,
            placeholder=_("Search a name, decision, authority…"),
        )
        return Register(
            self.commendations,
            self.new_commendation,
            lambda row: self._open(
                CommendationForm(self, self.book, reviews.get_commendation(row.id)), row
            ),
            noun=lambda row: _("the commendation of {recipient} ({number})").format(
                recipient=row.recipient, number=row.decision_number
            ),
            delete=reviews.delete_commendation,
            restore=reviews.restore_commendation,
            deletable=self._deletable,
        )

    def active(self) -> Register:
        return self.review if self.tabs.currentWidget() is self.reviews else self.commendation

    def refresh(self) -> None:
        self.active().panel.reload()

    # Actions --------------------------------------------------------------------------------

    def _deletable(self, row) -> bool:
        if self.book.reviews.editable(row.post_code):
            return True
        self._from_a_post(row)
        return False

    def _from_a_post(self, row) -> None:
        self.window.statusBar().showMessage(
            _(
                "This record came from post {post} with its monthly package: it is read-only here."
            ).format(post=row.post_code),
            8000,
        )

    def _open(self, form: RecordForm, row=None) -> None:
        """Show a form; a post's record (at the provincial office) only to read."""
        if row is not None and not self.book.reviews.editable(row.post_code):
            form.view_only()
            self._from_a_post(row)
        if run_modal(form):
            self.refresh()

    def new_review(self) -> None:
        self.tabs.setCurrentWidget(self.reviews)
        self._open(ReviewForm(self, self.book))

    def new_commendation(self) -> None:
        """A commendation, from the review chosen on the Reviews tab if one is."""
        row = self.reviews.current() if self.tabs.currentWidget() is self.reviews else None
        review_id = row.id if row and self.book.reviews.editable(row.post_code) else ""
        self.tabs.setCurrentWidget(self.commendations)
        self._open(CommendationForm(self, self.book, review_id=review_id))

    def print_list(self) -> None:
        """The reports page, ready to print this tab's list of the chosen year."""
        on_reviews = self.tabs.currentWidget() is self.reviews
        year = self.active().panel.filters["year"].currentData() or date.today().year
        self.window.show_page("reports")
        self.window.current().choose("reviews" if on_reviews else "commendations", year=year)
