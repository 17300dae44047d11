"""The book-cabinet page: stock, movements, loans, cabinets, titles and stocktakes in tabs."""

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTabWidget,
    QVBoxLayout,
)

from app.core.cabinets import MOVEMENT_KINDS, TITLE_KINDS
from app.core.dates import format_date, month_bounds
from app.core.listing import LISTS, Column
from app.gui.cabinets.forms import (
    CabinetForm,
    LoanForm,
    MovementForm,
    ReturnForm,
    TitleForm,
    cabinet_items,
)
from app.gui.cabinets.stocktake import StocktakeDialog
from app.gui.dialogs import run_modal, show_error
from app.gui.forms import run_form
from app.gui.page import Page
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


class CabinetsPage(Page):
    key = "cabinets"
    has_records = True

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Book cabinets")
        book = self.book
        self.stock = RegisterPanel(
            LISTS["stock"].columns,
            lambda month=None, **q: book.cabinets.stock(
                at=month_bounds(month)[1] if month else None, **q
            ),
            colour=lambda row: EMPTY if row.quantity == 0 else None,
            filters=self.post_filter(),
            placeholder=_("Search a title or a cabinet…"),
        )
        self.movements = RegisterPanel(
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
        self.loans = RegisterPanel(
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
        self.cabinet_list = RegisterPanel(
            LISTS["cabinets"].columns,
            lambda **q: book.cabinets.cabinets(**q),
            months=False,
            filters=self.post_filter(),
        )
        self.titles = RegisterPanel(
            LISTS["titles"].columns,
            lambda **q: book.cabinets.titles(**q),
            months=False,
            filters={
                "kind": (_("All kinds"), [(_(label), kind) for kind, label in TITLE_KINDS.items()]),
                **self.post_filter(),
            },
        )
        self.stocktakes = RegisterPanel(
            STOCKTAKE_COLUMNS,
            lambda search=None, sort=None, **q: book.stocktakes.stocktakes(**q),
            months=False,
            filters=self.post_filter(),
        )
        self.stocktakes.search.hide()
        self.tabs = QTabWidget()
        for panel, label in (
            (self.stock, _("Stock")),
            (self.movements, _("Movements")),
            (self.loans, _("Loans")),
            (self.cabinet_list, _("Cabinets")),
            (self.titles, _("Titles")),
            (self.stocktakes, _("Stocktakes")),
        ):
            self.tabs.addTab(panel, label)
            panel.view.activated_row.connect(lambda _row: self.edit())
            panel.view.delete_requested.connect(lambda _row: self.delete())
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        buttons = self.button_row(
            (_("&Receive / hand out…"), self.new_movement),
            (_("&Lend…"), self.new_loan),
            (_("Re&turn"), self.return_loan),
            (_("New &cabinet…"), lambda: self._form(CabinetForm(self, book))),
            (_("New t&itle…"), lambda: self._form(TitleForm(self, book))),
            (_("&Stocktake…"), self.new_stocktake),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs)

    def panel(self) -> RegisterPanel:
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        self.panel().reload()

    def focus_search(self) -> None:
        self.panel().search.setFocus()
        self.panel().search.selectAll()

    def _form(self, form) -> None:
        run_form(form, lambda _result: self.refresh())

    # Actions by tab ---------------------------------------------------------------------

    def new(self) -> None:
        panel = self.panel()
        if panel is self.loans:
            self.new_loan()
        elif panel is self.cabinet_list:
            self._form(CabinetForm(self, self.book))
        elif panel is self.titles:
            self._form(TitleForm(self, self.book))
        elif panel is self.stocktakes:
            self.new_stocktake()
        else:
            self.new_movement()

    def edit(self) -> None:
        panel = self.panel()
        row = panel.current()
        if row is None:
            return
        if panel is self.cabinet_list:
            self._form(CabinetForm(self, self.book, self.book.cabinets.get_cabinet(row.id)))
        elif panel is self.titles:
            self._form(TitleForm(self, self.book, self.book.cabinets.get_title(row.id)))
        elif panel is self.stocktakes:
            run_modal(StocktakeDialog(self, self.book, row.id))
            self.refresh()
        elif panel is self.loans:
            self.return_loan()
        elif panel is self.stock:
            self._form(
                MovementForm(
                    self,
                    self.book,
                    kind="handed_out",
                    cabinet_id=row.cabinet_id,
                    title_id=row.title_id,
                )
            )
        else:
            self.window.statusBar().showMessage(
                _("A movement is not changed: delete it (Del) and record it again."), 6000
            )

    def delete(self) -> None:
        panel = self.panel()
        row = panel.current()
        if row is None:
            return
        cabinets = self.book.cabinets
        if panel is self.movements:
            what = _("the movement of {date}: {copies} × “{title}”").format(
                date=format_date(row.date), copies=abs(row.quantity), title=row.title
            )
            self.remove(
                what,
                lambda: cabinets.delete_movement(row.id),
                lambda: cabinets.restore_movement(row.id),
            )
        elif panel is self.cabinet_list:
            self.remove(
                _("the cabinet “{name}”").format(name=row.name),
                lambda: cabinets.delete_cabinet(row.id),
                lambda: self.book.records.restore("cabinet", row.id),
            )
        elif panel is self.titles:
            self.remove(
                _("the title “{name}”").format(name=row.name),
                lambda: cabinets.delete_title(row.id),
                lambda: self.book.records.restore("title", row.id),
            )
        elif panel is self.stocktakes and row.state == "open":
            self.remove(
                _("the stocktake of {date}").format(date=format_date(row.date)),
                lambda: self.book.stocktakes.delete(row.id),
                lambda: self.book.records.restore("stocktake", row.id),
            )

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
