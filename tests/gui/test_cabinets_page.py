"""The book-cabinet page: stock, a movement form, loans, a stocktake typed line by line."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from app.gui.cabinets.forms import LoanForm, MovementForm
from app.gui.cabinets.stocktake import COUNTED, StocktakeDialog
from tests.gui.conftest import type_text


def cabinets_page(window):
    window.show_page("cabinets")
    return window.current()


def test_stock_is_listed_per_cabinet_and_title_and_searched(window):
    page = cabinets_page(window)
    rows = page.stock.model.rows
    assert rows and {r.quantity for r in rows} != {0}
    type_text(page.stock.search, "báo dân tộc và phát triển")
    assert {r.title for r in page.stock.model.rows} == {"Báo Dân tộc và Phát triển"}


def test_handing_out_more_than_is_in_stock_is_refused_in_the_form(window, qtbot):
    page = cabinets_page(window)
    book = window.book
    row = next(r for r in page.stock.model.rows if r.quantity > 0)
    form = MovementForm(
        page, book, kind="handed_out", cabinet_id=row.cabinet_id, title_id=row.title_id
    )
    qtbot.addWidget(form)
    form.show()
    available = book.cabinets.available(row.cabinet_id, row.title_id, form.date.value())
    assert f": {available}" in form.in_stock.text()
    form.quantity.setValue(available + 1)
    type_text(form.counterparty, "Nhân dân thôn Lô Lô Chải")
    movements = len(book.cabinets.movements(limit=None))
    form.save_button.click()
    assert form.isVisible()
    assert f"chỉ còn {available} bản" in form.fields["quantity"][1].text()
    assert len(book.cabinets.movements(limit=None)) == movements
    form.quantity.setValue(available)
    form.save_button.click()
    assert not form.isVisible()
    assert book.cabinets.stock_of(row.cabinet_id, row.title_id) == row.quantity - available


def test_a_transfer_shows_the_target_cabinet_and_moves_copies(window, qtbot):
    page = cabinets_page(window)
    book = window.book
    row = next(r for r in page.stock.model.rows if r.quantity >= 2)
    other = next(c for c in book.cabinets.cabinets() if c.id != row.cabinet_id)
    form = MovementForm(
        page, book, kind="transfer", cabinet_id=row.cabinet_id, title_id=row.title_id
    )
    qtbot.addWidget(form)
    form.show()
    assert form.target.isVisibleTo(form)
    form.target.set_value(other.id)
    form.quantity.setValue(2)
    before = book.cabinets.stock_of(other.id, row.title_id)
    form.save_button.click()
    assert not form.isVisible()
    assert book.cabinets.stock_of(other.id, row.title_id) == before + 2
    form = MovementForm(page, book, kind="received")
    qtbot.addWidget(form)
    form.show()
    assert not form.target.isVisibleTo(form)


def test_overdue_loans_are_red_and_a_return_brings_copies_back(window, qtbot):
    page = cabinets_page(window)
    page.tabs.setCurrentWidget(page.loans)
    page.loans.filters["state"].setCurrentIndex(2)  # overdue
    late = page.loans.model.rows
    assert late and all(r.days_overdue > 0 for r in late)
    colour = page.loans.model.data(page.loans.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert colour.name() == "#b00020"
    book = window.book
    stock = {(r.cabinet, r.title): r.quantity for r in book.cabinets.stock(limit=None)}

    from tests.gui.conftest import click, when_dialog_opens

    when_dialog_opens(qtbot, lambda form: form.save_button.click())
    page.loans.view.selectRow(0)
    click(qtbot, page, "Trả sách")
    after = {(r.cabinet, r.title): r.quantity for r in book.cabinets.stock(limit=None)}
    key = (late[0].cabinet, late[0].title)
    assert after[key] == stock[key] + late[0].quantity
    assert late[0].id not in {r.id for r in page.loans.model.rows}


def test_lending_more_than_is_there_is_explained(window, qtbot):
    page = cabinets_page(window)
    book = window.book
    row = next(r for r in page.stock.model.rows if r.quantity > 0)
    form = LoanForm(page, book, cabinet_id=row.cabinet_id, title_id=row.title_id)
    qtbot.addWidget(form)
    form.show()
    type_text(form.borrower, "Giàng Mí Sính")
    form.quantity.setValue(row.quantity + 50)
    form.save_button.click()
    assert form.isVisible() and "chỉ còn" in form.fields["quantity"][1].text()


def test_a_stocktake_is_typed_line_by_line_and_confirmed(window, qtbot, yes_to_questions):
    book = window.book
    page = cabinets_page(window)
    cabinet = book.cabinets.cabinets()[0]
    stocktake_id = book.stocktakes.start(cabinet.id)
    dialog = StocktakeDialog(page, book, stocktake_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    lines = dialog.model.lines
    assert len(lines) >= 2
    first, second = lines[0], lines[1]
    view = dialog.view
    view.setFocus()
    view.setCurrentIndex(dialog.model.index(0, COUNTED))
    typed = str(first.expected - 2)
    qtbot.keyClick(view, typed[0])  # the first key opens the line's count for typing
    editor = view.findChild(QLineEdit)
    qtbot.keyClicks(editor, typed[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the count is saved (queued) and we move on
    qtbot.waitUntil(lambda: dialog.model.lines[0].counted is not None)
    assert dialog.model.lines[0].difference == -2
    assert "thiếu 2 bản" in dialog.summary.text()
    assert view.currentIndex().row() == 1  # Enter moved on to the next line
    summary = dialog.summary.text()
    dialog.findChild(QPushButton, "confirm").click()
    assert yes_to_questions == [
        (
            f"{summary}\n\nChốt kiểm kê? Tồn kho của mọi dòng đã đếm sẽ bằng số đếm được.",
            "Chốt",
        )
    ]
    assert not dialog.isVisible()
    assert book.cabinets.stock_of(cabinet.id, first.title_id) == first.expected - 2
    assert book.cabinets.stock_of(cabinet.id, second.title_id) == second.expected  # not counted
