"""The book-cabinet page: stock, movements, loans, cabinets, titles and stocktakes in tabs; at a
post, the publications the provincial office sent, received into a cabinet."""

from dataclasses import replace
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTabWidget,
    QVBoxLayout,
)

from app.core.cabinets import (
    MOVEMENT_KINDS,
    TITLE_KINDS,
    CabinetRow,
    MovementRow,
    StockRow,
    TitleRow,
)
from app.core.dates import format_date, month_bounds
from app.core.listing import LISTS, Column
from app.core.loans import LoanRow
from app.core.shipments import ShipmentRow
from app.core.stocktakes import StocktakeRow
from app.gui.cabinets.forms import (
    CabinetForm,
    LoanForm,
    MovementForm,
    ReceiveForm,
    ReturnForm,
    TitleForm,
    cabinet_items,
)
from app.gui.cabinets.stocktake import StocktakeDialog
from app.gui.dialogs import run_modal, show_error
from app.gui.forms import run_form
from app.gui.page import Page
from app.gui.registers import Register, RegisterActions
from app.gui.table import RegisterPanel
from app.gui.widgets import DateEdit, LookupCombo
from app.i18n import N_, _

OVERDUE = QColor("#b00020")
EMPTY = QColor("#888888")
STOCKTAKE_COLUMNS = [
    Column("date", N_("Date"), "date"),
    Column("cabinet", N_("Cabinet"), width=44),
    Column(
        "state", N_("State"), "label", {"open": N_("being counted"), "confirmed": N_("confirmed")}
    ),
    Column("lines", N_("Lines"), "number"),
    Column("counted", N_("Counted"), "number"),
]
# The publications the provincial office sent to this post: what `sodon list deliveries`
# shows, without the post (this one), with room for whole titles.
SHIPMENT_COLUMNS = [
    replace(c, width=80) if c.name == "title" else c
    for c in LISTS["deliveries"].columns
    if c.name != "to_post"
]
WAITING = QColor("#1a4f8b")


class CabinetsPage(RegisterActions, Page):
    key = "cabinets"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Book cabinets")
        self.registers = [
            (self._stock(), _("Stock")),
            (self._movements(), _("Movements")),
            (self._loans(), _("Loans")),
            (self._cabinets(), _("Cabinets")),
            (self._titles(), _("Titles")),
            (self._stocktakes(), _("Stocktakes")),
        ]
        if not self.read_only:  # at a post: what its provincial office sent
            self.registers.append((self._from_province(), _("From the province")))
        self.tabs = QTabWidget()
        for register, label in self.registers:
            self.tabs.addTab(register.panel, label)
            self.listen(register)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        buttons = self.button_row(
            (_("&Receive / hand out…"), self.new_movement),
            (_("&Lend…"), self.new_loan),
            (_("Re&turn"), self.return_loan),
            (_("New &cabinet…"), self.new_cabinet),
            (_("New t&itle…"), self.new_title),
            (_("&Stocktake…"), self.new_stocktake),
            (_("Receive from the &province…"), self.receive_shipment),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs)

    # The lists ------------------------------------------------------------------------------

    def _stock(self) -> Register[StockRow]:
        book = self.book
        self.stock: RegisterPanel[StockRow] = RegisterPanel(
            LISTS["stock"].columns,
            lambda month=None, **q: book.cabinets.stock(
                at=month_bounds(month)[1] if month else None, **q
            ),
            colour=lambda row: EMPTY if row.quantity == 0 else None,
            filters=self.post_filter(),
            placeholder=_("Search a title or a cabinet…"),
        )
        return Register(self.stock, self.new_movement, self.hand_out)

    def _movements(self) -> Register[MovementRow]:
        book = self.book
        self.movements: RegisterPanel[MovementRow] = RegisterPanel(
            LISTS["movements"].columns,
            lambda **q: book.cabinets.movements(**q),
            filters={
                "kind": (
                    _("All movements"),
                    [(_(label), kind) for kind, (_sign, label) in MOVEMENT_KINDS.items()],
                ),
                **self.post_filter(),
            },
            placeholder=_("Search a title, cabinet or person…"),
        )
        return Register(
            self.movements,
            self.new_movement,
            lambda _row: self.window.statusBar().showMessage(
                _("A movement is not changed: delete it (Del) and record it again."), 6000
            ),
            noun=lambda row: _("the movement of {date}: {copies} × “{title}”").format(
                date=format_date(row.date), copies=abs(row.quantity), title=row.title
            ),
            delete=book.cabinets.delete_movement,
            restore=book.cabinets.restore_movement,
        )

    def _loans(self) -> Register[LoanRow]:
        book = self.book
        self.loans: RegisterPanel[LoanRow] = RegisterPanel(
            LISTS["loans"].columns,
            lambda state=None, **q: book.loans.loans(
                open_only=state == "open", overdue_on=date.today() if state == "late" else None, **q
            ),
            filters={
                "state": (_("All loans"), [(_("Still out"), "open"), (_("Overdue"), "late")]),
                **self.post_filter(),
            },
            colour=lambda row: OVERDUE if row.days_overdue > 0 else None,
            placeholder=_("Search a borrower, title or cabinet…"),
        )
        return Register(self.loans, self.new_loan, lambda _row: self.return_loan())

    def _cabinets(self) -> Register[CabinetRow]:
        book = self.book
        self.cabinet_list: RegisterPanel[CabinetRow] = RegisterPanel(
            LISTS["cabinets"].columns,
            lambda **q: book.cabinets.cabinets(**q),
            months=False,
            filters=self.post_filter(),
        )
        return Register(
            self.cabinet_list,
            self.new_cabinet,
            lambda row: self._form(CabinetForm(self, book, book.cabinets.get_cabinet(row.id))),
            noun=lambda row: _("the cabinet “{name}”").format(name=row.name),
            delete=book.cabinets.delete_cabinet,
            restore=lambda cabinet_id: book.records.restore("cabinet", cabinet_id),
        )

    def _titles(self) -> Register[TitleRow]:
        book = self.book
        self.titles: RegisterPanel[TitleRow] = RegisterPanel(
            LISTS["titles"].columns,
            lambda **q: book.cabinets.titles(**q),
            months=False,
            filters={
                "kind": (_("All kinds"), [(_(label), kind) for kind, label in TITLE_KINDS.items()]),
                **self.post_filter(),
            },
        )
        return Register(
            self.titles,
            self.new_title,
            lambda row: self._form(TitleForm(self, book, book.cabinets.get_title(row.id))),
            noun=lambda row: _("the title “{name}”").format(name=row.name),
            delete=book.cabinets.delete_title,
            restore=lambda title_id: book.records.restore("title", title_id),
        )

    def _stocktakes(self) -> Register[StocktakeRow]:
        book = self.book
        self.stocktakes: RegisterPanel[StocktakeRow] = RegisterPanel(
            STOCKTAKE_COLUMNS,
            lambda search=None, sort=None, **q: book.stocktakes.stocktakes(**q),
            months=False,
            filters=self.post_filter(),
        )
        self.stocktakes.search.hide()
        return Register(
            self.stocktakes,
            self.new_stocktake,
            self.count,
            noun=lambda row: _("the stocktake of {date}").format(date=format_date(row.date)),
            delete=book.stocktakes.delete,
            restore=lambda stocktake_id: book.records.restore("stocktake", stocktake_id),
            deletable=lambda row: row.state == "open",
        )

    def _from_province(self) -> Register[ShipmentRow]:
        book = self.book
        self.from_province: RegisterPanel[ShipmentRow] = RegisterPanel(
            SHIPMENT_COLUMNS,
            lambda **q: book.shipments.shipments(to_post=book.post.code, **q),
            months=False,
            filters={"waiting": (_("All publications"), [(_("Not received yet"), True)])},
            colour=lambda row: (
                WAITING if row.received_on is None else OVERDUE if row.short else None
            ),
            placeholder=_("Search a title…"),
        )
        return Register(self.from_province, self.receive_shipment, self.receive)

    def active(self) -> Register:
        return next(r for r, _label in self.registers if r.panel is self.tabs.currentWidget())

    def panel(self) -> RegisterPanel:
        return self.active().panel

    def refresh(self) -> None:
        self.panel().reload()

    def _form(self, form) -> None:
        run_form(form, lambda _result: self.refresh())

    # Actions --------------------------------------------------------------------------------

    def new_cabinet(self) -> None:
        self._form(CabinetForm(self, self.book))

    def new_title(self) -> None:
        self._form(TitleForm(self, self.book))

    def hand_out(self, row: StockRow) -> None:
        self._form(
            MovementForm(
                self, self.book, kind="handed_out", cabinet_id=row.cabinet_id, title_id=row.title_id
            )
        )

    def count(self, row: StocktakeRow) -> None:
        run_modal(StocktakeDialog(self, self.book, row.id))
        self.refresh()

    def new_movement(self) -> None:
        row = self.stock.current() if self.panel() is self.stock else None
        self._form(
            MovementForm(
                self,
                self.book,
                cabinet_id=getattr(row, "cabinet_id", ""),
                title_id=getattr(row, "title_id", ""),
            )
        )

    def new_loan(self) -> None:
        row = self.stock.current() if self.panel() is self.stock else None
        self._form(
            LoanForm(
                self,
                self.book,
                cabinet_id=getattr(row, "cabinet_id", ""),
                title_id=getattr(row, "title_id", ""),
            )
        )

    def return_loan(self) -> None:
        row = self.loans.current() if self.panel() is self.loans else None
        if row is None or row.returned_on:
            self.tabs.setCurrentWidget(self.loans)
            self.window.statusBar().showMessage(_("Choose a loan still out, then Return."), 5000)
            return
        self._form(ReturnForm(self, self.book, row))

    def receive_shipment(self) -> None:
        """Receive the chosen publication, or the first one still waiting."""
        self.tabs.setCurrentWidget(self.from_province)
        row = self.from_province.current()
        if row is None or row.received_on is not None:
            waiting = self.book.shipments.to_receive()
            if not waiting:
                self.window.statusBar().showMessage(
                    _(
                        "Nothing from the province waits to be received. Its publications "
                        "arrive with its answers (Month close page)."
                    ),
                    8000,
                )
                return
            row = waiting[-1]  # the oldest
        self.receive(row)

    def receive(self, row: ShipmentRow) -> None:
        if row.received_on is not None:
            self.window.statusBar().showMessage(
                _("“{title}” was received on {date}: {copies} copies.").format(
                    title=row.title, date=format_date(row.received_on), copies=row.received
                ),
                8000,
            )
            return
        form = ReceiveForm(self, self.book, row)

        def received(_result) -> None:
            self.refresh()
            done = self.book.shipments.get(row.id)
            message = _("{copies} copies of “{title}” received into {cabinet}.").format(
                copies=done.received, title=done.title, cabinet=form.cabinet.currentText()
            )
            if done.short:
                message += " " + _("{short} copies missing.").format(short=done.short)
            self.window.statusBar().showMessage(message, 10000)

        run_form(form, received)

    def new_stocktake(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(_("New stocktake"))
        cabinet = LookupCombo(cabinet_items(self.book), empty="")
        cabinet.setAccessibleName(_("Cabinet"))
        day = DateEdit()
        form = QFormLayout(dialog)
        form.addRow(_("&Cabinet"), cabinet)
        form.addRow(_("&Date"), day)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if not run_modal(dialog):
            return
        try:
            stocktake_id = self.book.stocktakes.start(cabinet.value(), on=day.value())
        except Exception as error:
            show_error(self, error)
            return
        self.tabs.setCurrentWidget(self.stocktakes)
        run_modal(StocktakeDialog(self, self.book, stocktake_id))
        self.refresh()
