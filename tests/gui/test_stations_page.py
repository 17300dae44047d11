"""The loudspeaker stations page driven as a clerk would: a new station, a breakdown recorded,
the history below the list, a state deleted and undone; a broadcast's station in the activity
form; the year's inventory on the Reports page; the provincial office's read-only view."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.book import Book
from app.core.stations import Station, StationState, station_sort_key
from app.gui.outreach import ActivityForm
from app.i18n import _
from tests.gui.conftest import button, click, type_text, when_dialog_opens, window_on


@pytest.fixture
def stations_path(demo_path: Path) -> Path:
    """The demo book with two more stations (besides the demo's own three), one of them
    broken since 20/11/2026."""
    with Book.open(demo_path, daily_backup=False) as book:
        book.stations.add(
            Station(name="Cụm loa thôn Lô Lô Chải", village="Lô Lô Chải", installed_on="2019-08-05")
        )
        broken = book.stations.add(
            Station(name="Trạm truyền thanh xã Má Lé", village="Má Lé", installed_on="2018-11-20")
        )
        book.stations.add_state(StationState(broken, "2026-11-20", "broken", "Đứt dây"))
    return demo_path


@pytest.fixture
def window(qtbot, stations_path, settings):
    with window_on(qtbot, stations_path, settings) as made:
        yield made


def stations_page(window):
    window.show_page("stations")
    return window.current()


def choose(page, name: str) -> None:
    rows = page.stations.model.rows
    page.stations.view.selectRow(next(i for i, r in enumerate(rows) if r.name == name))


def test_the_page_lists_the_stations_with_today_s_state_and_the_chosen_one_s_history(window):
    page = stations_page(window)
    book = window.book
    listed = [(r.name, r.state) for r in page.stations.model.rows]
    assert listed == [(r.name, r.state) for r in book.stations.stations(limit=None)]
    assert ("Cụm loa thôn Lô Lô Chải", "working") in listed
    assert ("Trạm truyền thanh xã Má Lé", "broken") in listed
    assert [name for name, _state in listed] == sorted(
        (name for name, _state in listed), key=station_sort_key
    )
    choose(page, "Trạm truyền thanh xã Má Lé")
    assert [(s.date, s.state, s.notes) for s in page.states.model.rows] == [
        ("2018-11-20", "working", ""),
        ("2026-11-20", "broken", "Đứt dây"),
    ]
    assert "Trạm truyền thanh xã Má Lé" in page.caption.text()
    state = page.stations.filters["state"]
    state.setCurrentIndex(state.findData("broken"))
    broken = [r.name for r in page.stations.model.rows]
    assert broken == [r.name for r in book.stations.stations(state="broken", limit=None)]
    assert "Trạm truyền thanh xã Má Lé" in broken and "Cụm loa thôn Lô Lô Chải" not in broken
    assert {name for name, state in listed if state == "broken"} == set(broken)


def test_a_new_station_is_typed_in_and_is_working_from_its_installation(window, qtbot):
    page = stations_page(window)
    seen = {}

    def fill(form) -> None:
        form.save_button.click()  # no name: refused, the form stays
        seen["refused"] = form.isVisible() and form.fields["name"][1].isVisible()
        type_text(form.name, "Cụm loa thôn Séo Lủng")
        type_text(form.village, "Séo Lủng")
        form.installed_on.set_value("2022-02-02")
        type_text(form.funded_by, "Sở TT&TT tỉnh Hà Giang")
        form.save_button.click()

    when_dialog_opens(qtbot, fill)
    click(qtbot, page, _("&New station…").replace("&", ""))
    assert seen["refused"]
    (row,) = [
        r
        for r in window.book.stations.stations(search="seo lung", limit=None)
        if r.name == "Cụm loa thôn Séo Lủng"
    ]
    assert (row.village, row.installed_on, row.funded_by, row.state) == (
        "Séo Lủng",
        "2022-02-02",
        "Sở TT&TT tỉnh Hà Giang",
        "working",
    )
    assert page.stations.current().id == row.id  # chosen, its history below
    assert [s.state for s in page.states.model.rows] == ["working"]


def test_a_breakdown_is_recorded_and_a_date_before_installation_is_refused(window, qtbot):
    page = stations_page(window)
    choose(page, "Cụm loa thôn Lô Lô Chải")
    seen = {}

    def fill(form) -> None:
        seen["state"] = form.state.value()  # a working station: "broken" is offered
        form.date.set_value("2019-01-01")
        form.touched.add("date")
        seen["message"] = form.check_now().get("date", "")
        form.date.set_value("2026-11-21")
        type_text(form.notes, "Hỏng bộ khuếch đại")
        form.save_button.click()

    when_dialog_opens(qtbot, fill)
    click(qtbot, page, _("&Record a state…").replace("&", ""))
    assert seen["state"] == "broken" and "05/08/2019" in seen["message"]
    row = page.stations.current()
    assert (row.name, row.state, row.state_on) == (
        "Cụm loa thôn Lô Lô Chải",
        "broken",
        "2026-11-21",
    )
    assert [s.notes for s in page.states.model.rows] == ["", "Hỏng bộ khuếch đại"]


def test_a_state_deleted_from_the_history_can_be_undone(window, qtbot, yes_to_questions):
    page = stations_page(window)
    choose(page, "Trạm truyền thanh xã Má Lé")
    view = page.states.view
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(yes_to_questions) == 1
    assert [s.state for s in page.states.model.rows] == ["working"]
    assert page.stations.current().state == "working"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.state for s in page.states.model.rows] == ["working", "broken"]


def test_the_activity_form_offers_a_station_only_for_a_loudspeaker_broadcast(window, qtbot):
    book = window.book
    kinds = {i.code: i.id for i in book.lookups.items("activity_kind")}
    before = {a.id for a in book.outreach.activities(month="2026-11", limit=None)}
    form = ActivityForm(window, book)
    qtbot.addWidget(form)
    form.kind.set_value(kinds["HN"])
    assert not form.station.isEnabled()
    form.kind.set_value(kinds["PT"])
    assert form.station.isEnabled()
    form.station.setCurrentIndex(form.station.findText("Cụm loa thôn Lô Lô Chải (Lô Lô Chải)"))
    type_text(form.title_edit, "Phát thanh Luật Biên phòng")
    form.date.set_value("2026-11-22")
    form.save_button.click()
    (saved,) = [
        a for a in book.outreach.activities(month="2026-11", limit=None) if a.id not in before
    ]
    assert saved.station == "Cụm loa thôn Lô Lô Chải"
    form = ActivityForm(window, book, book.outreach.get(saved.id))
    qtbot.addWidget(form)
    assert form.station.currentText() == "Cụm loa thôn Lô Lô Chải (Lô Lô Chải)"
    form.kind.set_value(kinds["HN"])  # no longer a broadcast: the station goes
    assert not form.station.isEnabled() and form.draft().station_id == ""


def test_the_reports_page_saves_the_year_s_station_inventory(window, qtbot, tmp_path, monkeypatch):
    window.show_page("reports")
    page = window.current()
    page.choose("stations", year=2026)
    assert page.year.isVisibleTo(page) and not page.month.isVisibleTo(page)
    target = tmp_path / "tram-loa.pdf"
    monkeypatch.setattr(
        "app.gui.reports.QFileDialog.getSaveFileName", lambda *_args, **_kwargs: (str(target), "")
    )
    page.save_buttons[".pdf"].click()
    qtbot.waitUntil(target.exists, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")


def test_at_the_provincial_office_the_page_only_shows(qtbot, tmp_path, settings):
    path = tmp_path / "tinh.sqlite"
    Book.create(path, post_code="BCH-HG", post_name="Bộ Chỉ huy", province=True).close()
    with window_on(qtbot, path, settings) as made:
        page = stations_page(made)
        for label in (
            _("&New station…").replace("&", ""),
            _("&Record a state…").replace("&", ""),
            _("Delete"),
        ):
            assert not button(page, label).isVisibleTo(page)
        assert "post" in page.stations.filters
