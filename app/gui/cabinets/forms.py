"""Forms of the book-cabinet register: cabinet, title, a movement of copies, a loan, and the
receipt of a publication the provincial office sent."""

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from app.core.cabinets import (
    LOCATION_KINDS,
    MOVEMENT_KINDS,
    SIMPLE_KINDS,
    TITLE_KINDS,
    Cabinet,
    Movement,
    Title,
)
from app.core.dates import format_date
from app.core.errors import ValidationError
from app.core.loans import Loan
from app.core.shipments import ShipmentRow, receipt_fields
from app.core.validate import Fields, errors_of
from app.gui.forms import RecordForm
from app.gui.widgets import CountSpin, DateEdit, LookupCombo
from app.i18n import N_, _


def choice_combo(choices: dict) -> QComboBox:
    combo = QComboBox()
    for value, label in choices.items():
        combo.addItem(_(label[1] if isinstance(label, tuple) else label), value)
    return combo


def set_choice(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def cabinet_items(book) -> list[tuple[str, str]]:
    return [(row.name, row.id) for row in book.cabinets.cabinets(limit=None)]


def title_items(book) -> list[tuple[str, str]]:
    return [(row.name, row.id) for row in book.cabinets.titles(limit=None)]


def notes_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    return box


class CabinetForm(RecordForm):
    def __init__(self, parent, book, cabinet: Cabinet | None = None):
        super().__init__(parent, _("Edit cabinet") if cabinet else _("New book cabinet"))
        self.book = book
        self.cabinet_id = cabinet.id if cabinet else ""
        self.name = self.field("name", _("&Name"), QLineEdit())
        self.kind = self.field("location_kind", _("&Located at"), choice_combo(LOCATION_KINDS))
        self.place = self.field("place", _("&Place"), QLineEdit())
        self.keeper = self.field("keeper", _("&Keeper"), QLineEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if cabinet:
            self.name.setText(cabinet.name)
            set_choice(self.kind, cabinet.location_kind)
            self.place.setText(cabinet.place)
            self.keeper.setText(cabinet.keeper)
            self.notes.setPlainText(cabinet.notes)
        self.resize(560, 380)

    def draft(self) -> Cabinet:
        return Cabinet(
            name=self.name.text(),
            location_kind=self.kind.currentData(),
            place=self.place.text(),
            keeper=self.keeper.text(),
            notes=self.notes.toPlainText(),
            id=self.cabinet_id,
        )

    def check(self, draft: Cabinet) -> dict[str, str]:
        return errors_of(lambda: self.book.cabinets.validate_cabinet(draft))

    def store(self, draft: Cabinet) -> str:
        if draft.id:
            self.book.cabinets.update_cabinet(draft)
            return draft.id
        return self.book.cabinets.add_cabinet(draft)


class TitleForm(RecordForm):
    def __init__(self, parent, book, title: Title | None = None):
        super().__init__(parent, _("Edit title") if title else _("New title"))
        self.book = book
        self.title_id = title.id if title else ""
        self.name = self.field("name", _("&Title"), QLineEdit())
        self.kind = self.field("kind", _("&Kind"), choice_combo(TITLE_KINDS))
        self.author = self.field("author", _("&Author"), QLineEdit())
        self.publisher = self.field("publisher", _("&Publisher"), QLineEdit())
        self.year = self.field("year", _("&Year published"), QLineEdit())
        self.year.setMaxLength(4)
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if title:
            self.name.setText(title.name)
            set_choice(self.kind, title.kind)
            self.author.setText(title.author)
            self.publisher.setText(title.publisher)
            self.year.setText(str(title.year or ""))
            self.notes.setPlainText(title.notes)
        self.resize(560, 400)

    def draft(self) -> Title:
        return Title(
            name=self.name.text(),
            kind=self.kind.currentData(),
            author=self.author.text(),
            publisher=self.publisher.text(),
            year=self.year.text(),
            notes=self.notes.toPlainText(),
            id=self.title_id,
        )

    def check(self, draft: Title) -> dict[str, str]:
        return errors_of(lambda: self.book.cabinets.validate_title(draft))

    def store(self, draft: Title) -> str:
        if draft.id:
            self.book.cabinets.update_title(draft)
            return draft.id
        return self.book.cabinets.add_title(draft)


class MovementForm(RecordForm):
    """Copies received, handed out, transferred to another cabinet, lost, damaged or written
    off; the copies in the cabinet that day are shown as the user chooses."""

    def __init__(
        self, parent, book, *, kind: str = "received", cabinet_id: str = "", title_id: str = ""
    ):
        super().__init__(parent, _("Movement of copies"))
        self.book = book
        kinds = {k: MOVEMENT_KINDS[k] for k in ("received", "handed_out")}
        kinds["transfer"] = (0, _("Transfer to another cabinet"))
        kinds.update({k: MOVEMENT_KINDS[k] for k in SIMPLE_KINDS if k not in kinds})
        self.kind = self.field("kind", _("&What happened"), choice_combo(kinds))
        self.date = self.field("date", _("&Date"), DateEdit())
        cabinets = cabinet_items(book)
        self.cabinet = self.field("cabinet_id", _("&Cabinet"), LookupCombo(cabinets, empty=""))
        self.target = self.field("to_cabinet_id", _("&To cabinet"), LookupCombo(cabinets, empty=""))
        self.title_box = self.field(
            "title_id", _("T&itle"), LookupCombo(title_items(book), empty="")
        )
        self.quantity = self.field("quantity", _("&Number of copies"), CountSpin(1))
        self.counterparty = self.field("counterparty", _("&From / to whom"), QLineEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        self.in_stock = QLabel()
        self.in_stock.setObjectName("in_stock")
        self.form.addRow(self.in_stock)
        set_choice(self.kind, kind)
        self.cabinet.set_value(cabinet_id)
        self.title_box.set_value(title_id)
        for signal in (
            self.kind.currentIndexChanged,
            self.cabinet.currentIndexChanged,
            self.title_box.currentIndexChanged,
            self.date.dateChanged,
        ):
            signal.connect(self._update)
        self._update()
        self.resize(600, 520)

    def _update(self, *_args) -> None:
        transfer = self.kind.currentData() == "transfer"
        self.target.setEnabled(transfer)
        self.form.setRowVisible(self.target.parentWidget(), transfer)
        cabinet, title = self.cabinet.value(), self.title_box.value()
        if cabinet and title:
            copies = self.book.cabinets.available(cabinet, title, self.date.value())
            self.in_stock.setText(
                _("Copies that can leave this cabinet on that day: {copies}").format(copies=copies)
            )
        else:
            self.in_stock.setText("")

    def draft(self) -> Movement:
        return Movement(
            kind=self.kind.currentData(),
            date=self.date.value(),
            cabinet_id=self.cabinet.value(),
            title_id=self.title_box.value(),
            quantity=self.quantity.value(),
            to_cabinet_id=self.target.value(),
            counterparty=self.counterparty.text(),
            notes=self.notes.toPlainText(),
        )

    def check(self, draft: Movement) -> dict[str, str]:
        return errors_of(lambda: self.book.cabinets.validate_movement(draft))

    def store(self, draft: Movement) -> list[str]:
        return self.book.cabinets.record(draft)


class LoanForm(RecordForm):
    def __init__(self, parent, book, *, cabinet_id: str = "", title_id: str = ""):
        super().__init__(parent, _("Lend copies"))
        self.book = book
        self.cabinet = self.field(
            "cabinet_id", _("&Cabinet"), LookupCombo(cabinet_items(book), empty="")
        )
        self.title_box = self.field(
            "title_id", _("T&itle"), LookupCombo(title_items(book), empty="")
        )
        self.borrower = self.field("borrower", _("&Borrower"), QLineEdit())
        self.unit = self.field("borrower_unit", _("Borrower's &unit or village"), QLineEdit())
        self.quantity = self.field("quantity", _("&Number of copies"), CountSpin(1))
        self.lent_on = self.field("lent_on", _("&Lent on"), DateEdit())
        self.due_on = self.field(
            "due_on", _("&Due back on"), DateEdit(date.today() + timedelta(days=14))
        )
        self.notes = self.field("notes", _("N&otes"), notes_box())
        self.cabinet.set_value(cabinet_id)
        self.title_box.set_value(title_id)
        self.resize(600, 480)

    def draft(self) -> Loan:
        return Loan(
            cabinet_id=self.cabinet.value(),
            title_id=self.title_box.value(),
            borrower=self.borrower.text(),
            borrower_unit=self.unit.text(),
            quantity=self.quantity.value(),
            lent_on=self.lent_on.value(),
            due_on=self.due_on.value(),
            notes=self.notes.toPlainText(),
        )

    def check(self, draft: Loan) -> dict[str, str]:
        return errors_of(lambda: self.book.loans.validate(draft))

    def store(self, draft: Loan) -> str:
        return self.book.loans.lend(draft)


class ReturnForm(RecordForm):
    """The day a loan came back."""

    def __init__(self, parent, book, loan_row):
        super().__init__(parent, _("Copies returned"))
        self.book = book
        self.loan_id = loan_row.id
        self.form.addRow(
            QLabel(
                _("{borrower} returns {quantity} × “{title}”.").format(
                    borrower=loan_row.borrower, quantity=loan_row.quantity, title=loan_row.title
                )
            )
        )
        self.returned_on = self.field("returned_on", _("&Returned on"), DateEdit())
        self.resize(520, 200)

    def draft(self) -> date:
        return self.returned_on.value()

    def check(self, draft: date) -> dict[str, str]:
        return {}

    def store(self, draft: date) -> str:
        self.book.loans.return_loan(self.loan_id, on=draft)
        return self.loan_id


class ReceiveForm(RecordForm):
    """Copies of a publication the provincial office sent, counted into a cabinet: the title
    is found in the book (or added), the copies are received, and the count goes back to the
    province with the next monthly package."""

    def __init__(self, parent, book, shipment: ShipmentRow):
        super().__init__(parent, _("Receive a publication from the province"))
        self.book = book
        self.shipment = shipment
        sent = QLabel(
            _("“{title}”: {copies} copies sent by the provincial office on {date}.").format(
                title=shipment.title, copies=shipment.copies, date=format_date(shipment.sent_on)
            )
        )
        sent.setWordWrap(True)
        self.form.addRow(sent)
        if shipment.notes:
            note = QLabel(shipment.notes)
            note.setWordWrap(True)
            self.form.addRow(note)
        self.cabinet = self.field(
            "cabinet_id", _("&Into cabinet"), LookupCombo(cabinet_items(book), empty="")
        )
        self.copies = self.field("copies", _("Copies &counted"), CountSpin(shipment.copies))
        self.received_on = self.field("received_on", _("&Received on"), DateEdit())
        self.notes = self.field("notes", _("N&otes"), QLineEdit())
        self.notes.setPlaceholderText(_("e.g. 2 copies damaged in transport"))
        self.short = QLabel()
        self.short.setObjectName("short")
        self.short.setWordWrap(True)
        self.form.addRow(self.short)
        self.copies.valueChanged.connect(self._count)
        self._count()
        self.save_button.setText(_("Receive"))
        self.resize(600, 360)

    def _count(self, *_args) -> None:
        missing = self.shipment.copies - self.copies.value()
        self.short.setText(
            _(
                "{missing} of {sent} copies missing: the province is told with the next monthly "
                "package. Say why in the notes if you know."
            ).format(missing=missing, sent=self.shipment.copies)
            if 0 < missing <= self.shipment.copies
            else ""
        )

    def draft(self) -> dict:
        return {
            "cabinet_id": self.cabinet.value(),
            "copies": self.copies.value(),
            "on": self.received_on.value(),
            "notes": self.notes.text(),
        }

    def check(self, draft: dict) -> dict[str, str]:
        def receipt() -> None:
            f = Fields()
            f.existing("cabinet_id", draft["cabinet_id"], N_("Cabinet"), self.book.db, "cabinet")
            receipt_fields(f, draft["on"], draft["copies"], draft["notes"])
            f.done()

        return errors_of(receipt)

    def store(self, draft: dict) -> str:
        try:
            self.book.shipments.receive(
                self.shipment.id,
                draft["cabinet_id"],
                copies=draft["copies"],
                on=draft["on"],
                notes=draft["notes"],
            )
        except ValidationError as error:
            if "month" not in error.errors:
                raise
            # the day falls in an approved month: said beside the date
            raise ValidationError({"received_on": error.errors["month"]}) from error
        return self.shipment.id
