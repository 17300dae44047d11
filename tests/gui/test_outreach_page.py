"""The outreach page driven as a clerk would: search, the activity form, delete and undo."""

from PySide6.QtCore import QDate, QEvent, Qt

from app.core.dates import format_date
from app.core.text import search_words
from app.gui.outreach import ActivityForm
from tests.gui.conftest import type_text, when_dialog_opens


def type_number(qtbot, spin, text: str) -> None:
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_the_search_box_filters_the_log_as_the_user_types(window, qtbot):
    window.show_page("outreach")
    page = window.current()
    type_text(page.panel.search, "lô lô chải")
    rows = page.panel.model.rows
    assert rows
    assert all({"lo", "chai"} <= set(search_words(r.village, r.title, r.commune)) for r in rows)
    expected = window.book.outreach.count(search="lo lo chai")
    assert len(rows) == min(expected, 200)
    qtbot.keyClick(page.panel.search, Qt.Key.Key_Escape)
    assert page.panel.search.text() == ""


def test_the_month_and_kind_filters_narrow_the_log(window):
    window.show_page("outreach")
    panel = window.current().panel
    panel.month.setCurrentIndex(2)  # two months ago
    month = panel.month.currentData()
    assert panel.model.rows and all(r.date.startswith(month) for r in panel.model.rows)
    kind = panel.filters["kind_id"]
    kind.setCurrentIndex(kind.findText("Phát thanh trên loa truyền thanh"))
    assert {r.kind for r in panel.model.rows} == {"Phát thanh trên loa truyền thanh"}


def test_a_new_activity_shows_messages_beside_fields_and_keeps_what_was_typed(window, qtbot):
    window.show_page("outreach")
    book = window.book
    before = {r.id for r in book.outreach.activities(limit=None)}
    seen = {}

    def fill(form: ActivityForm) -> None:
        type_text(form.title_edit, "Tuyên truyền Luật Biên phòng cho bà con thôn Thèn Ván")
        qtbot.keyClicks(form.kind.lineEdit(), "hoi nghi")
        type_number(qtbot, form.total, "30")
        type_number(qtbot, form.women, "45")
        qtbot.waitUntil(lambda: form.fields["audience_women"][1].isVisible())
        seen["live"] = form.fields["audience_women"][1].text()
        form.save_button.click()  # refused: the form stays, with what was typed
        seen["still_open"] = form.isVisible()
        seen["title"] = form.title_edit.text()
        type_number(qtbot, form.women, "12")
        form.topics.item(0).setCheckState(Qt.CheckState.Checked)
        form.save_button.click()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "không thể nhiều hơn tổng số người dự (30)" in seen["live"]
    assert seen["still_open"] and seen["title"].startswith("Tuyên truyền Luật Biên phòng")
    (saved,) = [r for r in book.outreach.activities(limit=None) if r.id not in before]
    assert (saved.kind, saved.audience_total, saved.audience_women) == (
        "Hội nghị tuyên truyền",
        30,
        12,
    )
    assert saved.id in {r.id for r in window.current().panel.model.rows}


def test_enter_opens_the_chosen_activity_and_a_change_is_saved(window, qtbot):
    window.show_page("outreach")
    panel = window.current().panel
    first = panel.model.rows[0]

    def change(form: ActivityForm) -> None:
        assert form.title_edit.text() == first.title
        form.notes.setPlainText("Đã kiểm tra lại số liệu")
        form.save_button.click()

    when_dialog_opens(qtbot, change)
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.book.outreach.get(first.id).notes == "Đã kiểm tra lại số liệu"


def test_delete_asks_then_can_be_undone(window, qtbot, yes_to_questions):
    window.show_page("outreach")
    panel = window.current().panel
    panel.view.setFocus()
    panel.view.selectRow(0)
    victim = panel.model.rows[0]
    count = window.book.outreach.count()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert yes_to_questions == [
        (
            f"Xóa hoạt động “{victim.title}” ngày {format_date(victim.date)}?\n"
            "Có thể hoàn tác bằng Ctrl+Z.",
            "Xóa",
        )
    ]
    assert window.book.outreach.count() == count - 1
    assert victim.id not in {r.id for r in panel.model.rows}
    assert window.undo_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.book.outreach.count() == count
    assert victim.id in {r.id for r in panel.model.rows}


def test_clicking_a_heading_sorts_in_sql(window, qtbot):
    window.show_page("outreach")
    panel = window.current().panel
    column = [c.name for c in panel.model.columns].index("audience_total")
    panel.view.horizontalHeader().sectionClicked.emit(column)
    totals = [r.audience_total for r in panel.model.rows]
    assert totals == sorted(totals)
    panel.view.horizontalHeader().sectionClicked.emit(column)
    assert panel.model.rows[0].audience_total == max(
        r.audience_total for r in window.book.outreach.activities(limit=None)
    )


def test_closed_forms_do_not_stay_behind_in_a_long_session(window, qtbot):
    from PySide6.QtWidgets import QApplication, QDialog

    window.show_page("outreach")
    page = window.current()
    page.panel.view.setFocus()
    closed = []

    def close(form) -> None:
        closed.append(form.windowTitle())
        qtbot.keyClick(form, Qt.Key.Key_Escape)

    for _round in range(12):
        when_dialog_opens(qtbot, close)
        window.new_action.trigger()  # what Ctrl+N does (offscreen, the closed form's window
        # is not made active again, so its shortcut would not reach the main window)
    assert len(closed) == 12, closed
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    assert page.findChildren(QDialog) == []


def test_a_pasted_page_of_text_in_the_search_box_finds_nothing_and_breaks_nothing(
    window, qtbot, messages
):
    window.show_page("training")
    page = window.current()
    box = page.people.search
    box.setText(" ".join(f"nguyễn văn từ{n}" for n in range(400)))
    qtbot.wait(400)  # the search waits for typing to pause
    assert messages == []
    box.clear()
    qtbot.wait(400)
    assert messages == []


def test_a_negative_audience_and_a_date_in_an_approved_month_are_refused_as_typed(window, qtbot):
    window.show_page("outreach")
    book = window.book
    approved = next(p.month for p in book.periods.months() if p.state == "approved")
    count = book.outreach.count()
    seen = {}

    def fill(form: ActivityForm) -> None:
        type_text(form.title_edit, "Họp dân thôn Séo Lủng")
        qtbot.keyClicks(form.kind.lineEdit(), "hoi nghi")
        type_number(qtbot, form.total, "-25")
        form.date.setDate(QDate.fromString(f"{approved}-15", "yyyy-MM-dd"))
        qtbot.waitUntil(lambda: form.fields["audience_total"][1].isVisible())
        qtbot.waitUntil(lambda: form.fields["date"][1].isVisible())
        seen["total"] = form.total.value()
        seen["audience"] = form.fields["audience_total"][1].text()
        seen["date"] = form.fields["date"][1].text()
        form.save_button.click()
        seen["open"] = form.isVisible()
        form.reject()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen["total"] == -25 and "0 trở lên" in seen["audience"]
    assert "đã được duyệt" in seen["date"] and seen["open"]
    assert book.outreach.count() == count


def test_the_log_shows_its_exact_number_of_rows(window, qtbot):
    window.show_page("outreach")
    panel = window.current().panel
    total = window.book.outreach.count()
    assert total > 200  # more than the first page the table holds
    qtbot.waitUntil(lambda: panel.count_label.text() == f"{total:,} dòng".replace(",", "."))
    type_text(panel.search, "lô lô")
    found = window.book.outreach.count(search="lô lô")
    expected = f"{found} dòng"
    qtbot.waitUntil(lambda: panel.count_label.text() == expected)


def test_the_content_column_gets_the_spare_width_and_numbers_stay_compact(window, qtbot):
    window.resize(1280, 700)
    window.show_page("outreach")
    view = window.current().panel.view
    qtbot.waitUntil(lambda: view.viewport().width() > 800)
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    headers = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(len(widths))]
    content = widths[headers.index("Nội dung")]
    assert content == max(widths)
    assert widths[-1] < 120  # the last column (the plan's code) is not stretched
    assert sum(widths) <= view.viewport().width() + 2
