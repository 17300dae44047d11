"""The month close page: mark ready, approve with the commander's PIN, unlock with a reason,
and write the month's package for the provincial office."""

import json
import zipfile

from PySide6.QtCore import Qt

from app.core.outreach import Activity
from tests.gui.conftest import type_text, when_dialog_opens

THIS_MONTH = "2026-11"  # the demo's open month (tests run on the demo's "today")


def months_page(window, month: str):
    window.show_page("months")
    page = window.current()
    row = next(i for i, p in enumerate(page.periods) if p.month == month)
    page.table.selectRow(row)
    return page


def fill_pin_form(qtbot, pin: str, reason: str = "", *, close: bool = True):
    """Type into the PIN form once it is up and press Enter; returns what the form showed."""
    shown = {}

    def act(form):
        qtbot.keyClicks(form.pin, pin)
        if reason:
            type_text(form.reason, reason)
        form.accept()
        shown["pin_error"] = form.fields["pin"][1].text()
        shown["reason_error"] = form.fields.get("reason", (None, None))[1]
        shown["reason_error"] = shown["reason_error"].text() if shown["reason_error"] else ""
        if close and form.isVisible():
            form.reject()

    when_dialog_opens(qtbot, act)
    return shown


def test_the_clerk_marks_the_month_ready_and_the_commander_approves_it(window, qtbot):
    page = months_page(window, THIS_MONTH)
    assert page.ready_button.isEnabled() and not page.export_button.isEnabled()
    qtbot.mouseClick(page.ready_button, Qt.MouseButton.LeftButton)
    assert window.book.periods.get(THIS_MONTH).state == "ready"
    assert page.table.item(page.table.currentRow(), 1).text() == "Chờ duyệt"

    shown = fill_pin_form(qtbot, "9999")
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert "không đúng" in shown["pin_error"]
    assert window.book.periods.get(THIS_MONTH).state == "ready"

    fill_pin_form(qtbot, "0000")
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert window.book.periods.get(THIS_MONTH).state == "approved"
    assert page.table.item(page.table.currentRow(), 1).text() == "Đã duyệt"
    assert page.unlock_button.isEnabled() and page.export_button.isEnabled()
    activity = window.book.outreach.activities(month=THIS_MONTH, limit=1)[0]
    draft = window.book.outreach.get(activity.id)
    try:
        window.book.outreach.update(Activity(**{**draft.__dict__, "title": "Sửa sau khi duyệt"}))
    except Exception as refused:
        assert "đã được duyệt" in str(refused)
    else:
        raise AssertionError("an approved month's activity was changed")


def test_unlocking_needs_the_pin_and_a_reason_which_is_logged(window, qtbot):
    month = "2026-10"
    page = months_page(window, month)
    shown = fill_pin_form(qtbot, "0000")
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert shown["reason_error"]  # no reason given
    assert window.book.periods.get(month).state == "approved"

    fill_pin_form(qtbot, "0000", "Bổ sung hoạt động ngày 30/10 bị sót")
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert window.book.periods.get(month).state == "open"
    (after,) = window.book.db.execute(
        "SELECT after FROM change WHERE table_name = 'period' ORDER BY n DESC LIMIT 1"
    ).fetchone()
    assert json.loads(after)["unlock_reason"] == "Bổ sung hoạt động ngày 30/10 bị sót"


def test_the_package_of_an_approved_month_is_written_to_the_chosen_folder(
    window, qtbot, monkeypatch, tmp_path, messages
):
    month = "2026-10"
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(
        "app.gui.months.QFileDialog.getExistingDirectory", lambda *_args, **_kwargs: str(usb)
    )
    page = months_page(window, month)
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Ghi gói &báo cáo…
    qtbot.waitUntil(lambda: bool(list(usb.glob("*.sodon"))) and bool(messages), timeout=30000)
    (package,) = usb.glob("*.sodon")
    assert package.name == "LC01_2026-10_1.sodon"
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert {"data.sqlite", "manifest.json", "signature", "report.pdf", "report.xlsx"} <= names
    assert manifest["month"] == month and manifest["sequence"] == 1
    assert str(package) in messages[-1]
    assert window.book.periods.get(month).exported_sequence == 1
    assert page.table.item(page.table.currentRow(), 4).text().startswith("số 1")
    assert not list(usb.glob("*.partial"))


def test_an_open_month_cannot_be_exported_from_the_page(window):
    page = months_page(window, THIS_MONTH)
    assert not page.export_button.isEnabled()
    assert "đang mở" in page.hint.text().lower()
