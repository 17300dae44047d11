from datetime import date

import pytest

from app.core.cabinets import Cabinet, Movement, Title
from app.core.errors import ValidationError
from app.core.loans import Loan


@pytest.fixture
def shelf(book):
    """Two cabinets and two titles, 20 copies of the law received on 01/03/2026."""
    cabinets = book.cabinets
    post = cabinets.add_cabinet(Cabinet(name="Tủ sách Đồn Biên phòng Lũng Cú"))
    school = cabinets.add_cabinet(
        Cabinet(name="Tủ sách Trường PTDT bán trú Lũng Cú", location_kind="school")
    )
    law = cabinets.add_title(Title(name="Luật Biên phòng Việt Nam", kind="legal", year=2021))
    paper = cabinets.add_title(Title(name="Báo Biên phòng", kind="newspaper"))
    cabinets.record(
        Movement(
            kind="received",
            date="01/03/2026",
            cabinet_id=post,
            title_id=law,
            quantity=20,
            counterparty="Sở Thông tin và Truyền thông",
        )
    )
    return {"post": post, "school": school, "law": law, "paper": paper}


def out(shelf, kind="handed_out", quantity=5, day="10/03/2026", cabinet="post", **extra):
    return Movement(
        kind=kind,
        date=day,
        cabinet_id=shelf[cabinet],
        title_id=shelf["law"],
        quantity=quantity,
        **extra,
    )


def test_stock_is_the_sum_of_movements(book, shelf):
    book.cabinets.record(out(shelf, quantity=5))
    book.cabinets.record(out(shelf, kind="damaged", quantity=1, day="11/03/2026"))
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 14
    assert book.cabinets.stock_of(shelf["post"], shelf["law"], at="05/03/2026") == 20
    assert book.cabinets.stock_of(shelf["post"], shelf["law"], at="28/02/2026") == 0
    (row,) = book.cabinets.stock()
    assert (row.cabinet, row.title, row.quantity) == (
        "Tủ sách Đồn Biên phòng Lũng Cú",
        "Luật Biên phòng Việt Nam",
        14,
    )


def test_handing_out_more_copies_than_in_stock_is_refused(book, shelf):
    with pytest.raises(ValidationError) as refused:
        book.cabinets.record(out(shelf, quantity=21))
    message = refused.value.errors["quantity"]
    assert "chỉ còn 20 bản “Luật Biên phòng Việt Nam”" in message and "21" in message
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 20
    assert len(book.cabinets.movements()) == 1


def test_a_back_dated_hand_out_cannot_make_a_later_day_go_short(book, shelf):
    book.cabinets.record(out(shelf, quantity=15, day="20/03/2026"))
    # On 05/03 there were 20, but 15 leave on 20/03: only 5 may leave on 05/03.
    with pytest.raises(ValidationError, match="chỉ còn 5 bản"):
        book.cabinets.record(out(shelf, quantity=6, day="05/03/2026"))
    book.cabinets.record(out(shelf, quantity=5, day="05/03/2026"))
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 0


def test_nothing_leaves_before_it_arrived(book, shelf):
    with pytest.raises(ValidationError, match="chỉ còn 0 bản"):
        book.cabinets.record(out(shelf, quantity=1, day="28/02/2026"))


def test_a_transfer_moves_copies_between_cabinets_in_one_operation(book, shelf):
    out_id, in_id = book.cabinets.record(
        out(shelf, kind="transfer", quantity=8, to_cabinet_id=shelf["school"])
    )
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 12
    assert book.cabinets.stock_of(shelf["school"], shelf["law"]) == 8
    rows = {r.id: r for r in book.cabinets.movements()}
    assert rows[out_id].transfer_id == rows[in_id].transfer_id is not None
    assert (rows[out_id].kind, rows[out_id].quantity) == ("transfer_out", -8)
    assert (rows[in_id].kind, rows[in_id].quantity) == ("transfer_in", 8)


def test_a_transfer_beyond_stock_moves_nothing(book, shelf):
    with pytest.raises(ValidationError):
        book.cabinets.record(
            out(shelf, kind="transfer", quantity=30, to_cabinet_id=shelf["school"])
        )
    assert book.cabinets.stock_of(shelf["school"], shelf["law"]) == 0
    assert len(book.cabinets.movements()) == 1


def test_a_transfer_needs_a_different_cabinet(book, shelf):
    with pytest.raises(ValidationError, match="tủ khác"):
        book.cabinets.record(out(shelf, kind="transfer", to_cabinet_id=shelf["post"]))


def test_undoing_a_transfer_removes_both_halves(book, shelf):
    out_id, _in_id = book.cabinets.record(
        out(shelf, kind="transfer", quantity=8, to_cabinet_id=shelf["school"])
    )
    book.cabinets.delete_movement(out_id)
    assert book.cabinets.stock_of(shelf["school"], shelf["law"]) == 0
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 20


def test_undoing_a_receipt_whose_copies_were_handed_out_is_refused(book, shelf):
    receipt = book.cabinets.movements()[0].id
    book.cabinets.record(out(shelf, quantity=3))
    with pytest.raises(ValidationError, match="không bao giờ được âm"):
        book.cabinets.delete_movement(receipt)
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 17


def test_lending_and_returning_moves_copies_out_and_back(book, shelf):
    loan_id = book.loans.lend(
        Loan(
            cabinet_id=shelf["post"],
            title_id=shelf["law"],
            borrower="Giàng Mí Sính",
            borrower_unit="Thôn Lô Lô Chải",
            quantity=2,
            lent_on="01/04/2026",
            due_on="15/04/2026",
        )
    )
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 18
    assert [r.id for r in book.loans.overdue(on=date(2026, 4, 16))] == [loan_id]
    assert book.loans.overdue(on=date(2026, 4, 16))[0].days_overdue == 1
    assert book.loans.overdue(on=date(2026, 4, 15)) == []
    book.loans.return_loan(loan_id, on="20/04/2026")
    assert book.cabinets.stock_of(shelf["post"], shelf["law"]) == 20
    assert book.loans.overdue(on=date(2026, 5, 1)) == []
    with pytest.raises(ValidationError, match="đã trả ngày 20/04/2026"):
        book.loans.return_loan(loan_id, on="21/04/2026")


def test_a_loan_due_before_it_was_lent_is_refused(book, shelf):
    with pytest.raises(ValidationError) as refused:
        book.loans.lend(
            Loan(
                cabinet_id=shelf["post"],
                title_id=shelf["law"],
                borrower="A",
                lent_on="10/04/2026",
                due_on="01/04/2026",
            )
        )
    assert set(refused.value.errors) == {"due_on"}


def test_loans_are_found_by_borrower_title_or_cabinet_without_accents(book, shelf):
    book.loans.lend(
        Loan(
            cabinet_id=shelf["post"],
            title_id=shelf["law"],
            borrower="Đỗ Thị Thuỷ",
            lent_on="01/04/2026",
            due_on="15/04/2026",
        )
    )
    assert len(book.loans.loans(search="do thi thuy")) == 1
    assert len(book.loans.loans(search="luat bien phong")) == 1
    assert len(book.loans.loans(search="truong")) == 0


def test_a_stocktake_adjusts_only_the_counted_lines(book, shelf):
    cabinets = book.cabinets
    cabinets.record(
        Movement(
            kind="received",
            date="01/03/2026",
            cabinet_id=shelf["post"],
            title_id=shelf["paper"],
            quantity=30,
        )
    )
    stocktakes = book.stocktakes
    stocktake_id = stocktakes.start(shelf["post"], on="31/03/2026")
    lines = {line.title: line for line in stocktakes.lines(stocktake_id)}
    assert {t: line.expected for t, line in lines.items()} == {
        "Báo Biên phòng": 30,
        "Luật Biên phòng Việt Nam": 20,
    }
    stocktakes.set_count(stocktake_id, shelf["law"], 17)  # 3 missing; the paper is not counted
    lines = {line.title: line for line in stocktakes.lines(stocktake_id)}
    assert lines["Luật Biên phòng Việt Nam"].difference == -3
    assert lines["Báo Biên phòng"].difference is None
    assert stocktakes.confirm(stocktake_id) == 1
    assert cabinets.stock_of(shelf["post"], shelf["law"]) == 17
    assert cabinets.stock_of(shelf["post"], shelf["paper"]) == 30
    assert cabinets.movements(kind="stocktake")[0].quantity == -3
    with pytest.raises(ValidationError, match="đã chốt"):
        stocktakes.set_count(stocktake_id, shelf["law"], 20)
    assert stocktakes.last_confirmed(shelf["post"]) == "2026-03-31"


def test_a_title_found_during_a_stocktake_is_added_to_the_sheet(book, shelf):
    stocktakes = book.stocktakes
    stocktake_id = stocktakes.start(shelf["school"], on="31/03/2026")
    assert stocktakes.lines(stocktake_id) == []
    stocktakes.set_count(stocktake_id, shelf["paper"], 4)
    stocktakes.confirm(stocktake_id)
    assert book.cabinets.stock_of(shelf["school"], shelf["paper"]) == 4


def test_a_cabinet_that_still_holds_copies_cannot_be_removed(book, shelf):
    with pytest.raises(ValidationError, match="vẫn còn 20 bản"):
        book.cabinets.delete_cabinet(shelf["post"])
    book.cabinets.delete_cabinet(shelf["school"])
    assert [c.name for c in book.cabinets.cabinets()] == ["Tủ sách Đồn Biên phòng Lũng Cú"]


def test_cabinets_and_titles_list_their_copies(book, shelf):
    book.cabinets.record(out(shelf, kind="transfer", quantity=8, to_cabinet_id=shelf["school"]))
    counts = {c.name: (c.titles, c.copies) for c in book.cabinets.cabinets()}
    assert counts == {
        "Tủ sách Đồn Biên phòng Lũng Cú": (1, 12),
        "Tủ sách Trường PTDT bán trú Lũng Cú": (1, 8),
    }
    titles = {t.name: t.copies for t in book.cabinets.titles()}
    assert titles == {"Báo Biên phòng": 0, "Luật Biên phòng Việt Nam": 20}


def test_renaming_a_title_keeps_movement_search_in_step(book, shelf):
    title = book.cabinets.get_title(shelf["law"])
    title.name = "Luật Biên phòng Việt Nam năm 2020"
    book.cabinets.update_title(title)
    assert len(book.cabinets.movements(search="nam 2020")) == 1


def test_wrong_movement_fields_are_each_explained(book, shelf):
    with pytest.raises(ValidationError) as refused:
        book.cabinets.record(
            Movement(kind="handed_out", date="", cabinet_id="", title_id="nope", quantity=0)
        )
    assert set(refused.value.errors) == {"date", "cabinet_id", "title_id", "quantity"}
    assert refused.value.errors["quantity"] == "Số bản: phải từ 1 trở lên."
