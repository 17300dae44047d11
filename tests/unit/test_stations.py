"""Loudspeaker stations: their dated states, the rules of a station's history, the link from a
broadcast of the outreach log, the overview's to-do item and the year's inventory."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.core.book import Book
from app.core.errors import RecordNotFound, ValidationError
from app.core.outreach import Activity
from app.core.overview import due
from app.core.stations import (
    STATES,
    Station,
    StationState,
    station_fields,
    station_state_fields,
)
from app.core.validate import Fields
from app.i18n import _
from app.reports import write
from app.reports.stations import station_inventory


def thenvan(book, installed_on="12/03/2021", **more) -> str:
    return book.stations.add(
        Station(
            name="Cụm loa thôn Thèn Ván",
            commune="Lũng Cú",
            village="Thèn Ván",
            installed_on=installed_on,
            funded_by="Sở TT&TT tỉnh Hà Giang",
            **more,
        )
    )


def state(book, station_id, day, what, notes="") -> str:
    return book.stations.add_state(StationState(station_id, day, what, notes))


def kind(book, code: str) -> str:
    return next(i.id for i in book.lookups.items("activity_kind") if i.code == code)


def refusal(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.errors


def test_a_new_station_is_working_from_the_day_it_was_installed(book):
    station_id = thenvan(book)
    (row,) = book.stations.stations()
    assert (row.id, row.name, row.state, row.state_on) == (
        station_id,
        "Cụm loa thôn Thèn Ván",
        "working",
        "2021-03-12",
    )
    assert [(s.date, s.state) for s in book.stations.history(station_id)] == [
        ("2021-03-12", "working")
    ]
    assert book.stations.get(station_id, on="2021-03-11").state is None  # not yet installed


def test_the_state_on_a_day_is_the_latest_recorded_up_to_that_day(book):
    station_id = thenvan(book)
    state(book, station_id, "10/06/2024", "broken", "Sét đánh hỏng bộ khuếch đại")
    state(book, station_id, "02/09/2024", "repaired")
    assert book.stations.get(station_id, on="2024-06-09").state == "working"
    assert book.stations.get(station_id, on="2024-06-10").state == "broken"
    assert book.stations.get(station_id, on="2024-12-31").state == "repaired"
    assert [r.id for r in book.stations.broken(on="2024-07-01")] == [station_id]
    assert book.stations.broken() == []


def test_working_count_counts_stations_installed_by_then_working_or_repaired(book):
    first = thenvan(book)
    second = book.stations.add(Station(name="Cụm loa thôn Séo Lủng", installed_on="02/02/2022"))
    third = book.stations.add(Station(name="Trạm truyền thanh xã Má Lé", installed_on="2019-01-01"))
    state(book, first, "2024-06-10", "broken")
    state(book, first, "2024-09-02", "repaired")
    state(book, third, "2023-05-01", "removed")
    assert book.stations.working_count(date(2020, 1, 1)) == 1  # Má Lé only
    assert book.stations.working_count(date(2022, 2, 2)) == 3
    assert book.stations.working_count(date(2024, 7, 1)) == 1  # Séo Lủng
    assert book.stations.working_count(date(2024, 9, 2)) == 2
    assert book.stations.working_count(date(2024, 9, 2), post="LC02") == 0
    assert second


def test_a_state_before_installation_or_after_removal_is_refused(book):
    station_id = thenvan(book)
    errors = refusal(lambda: state(book, station_id, "11/03/2021", "broken"))
    assert "12/03/2021" in errors["date"]
    state(book, station_id, "30/06/2025", "removed", "Tháo dỡ")
    errors = refusal(lambda: state(book, station_id, "01/07/2025", "repaired"))
    assert "30/06/2025" in errors["date"]
    assert "state" in refusal(lambda: state(book, station_id, "01/08/2025", "removed"))
    assert [s.state for s in book.stations.history(station_id)] == ["working", "removed"]


def test_a_removal_must_be_the_last_state_and_a_breakdown_is_not_recorded_twice(book):
    station_id = thenvan(book)
    state(book, station_id, "2024-06-10", "broken")
    errors = refusal(lambda: state(book, station_id, "2024-06-20", "broken"))
    assert "10/06/2024" in errors["state"]
    state(book, station_id, "2024-09-02", "repaired")
    errors = refusal(lambda: state(book, station_id, "2024-08-01", "removed"))
    assert "02/09/2024" in errors["date"]


def test_a_state_of_a_future_day_or_an_unknown_state_is_refused(book):
    station_id = thenvan(book)
    tomorrow = date.today() + timedelta(days=1)
    assert "date" in refusal(lambda: state(book, station_id, tomorrow, "broken"))
    assert "state" in refusal(lambda: state(book, station_id, "2024-01-01", "stolen"))
    assert "station_id" in refusal(lambda: state(book, "no-such-station", "2024-01-01", "broken"))


def test_a_state_in_an_approved_month_is_refused(book):
    station_id = thenvan(book)
    book.outreach.add(
        Activity(date="2026-03-10", kind_id=kind(book, "HN"), title="Hội nghị", audience_total=5)
    )
    book.periods.set_pin("2468")
    book.periods.close("2026-03")
    book.periods.approve("2026-03", "2468")
    assert "date" in refusal(lambda: state(book, station_id, "2026-03-15", "broken"))
    state(book, station_id, "2026-04-01", "broken")


def test_a_new_installation_day_moves_the_first_state_and_refuses_earlier_states(book):
    station_id = thenvan(book)
    state(book, station_id, "2024-06-10", "broken")
    book.stations.update(
        station_id, Station(name="Cụm loa Thèn Ván", village="Thèn Ván", installed_on="2021-01-05")
    )
    assert [(s.date, s.state) for s in book.stations.history(station_id)] == [
        ("2021-01-05", "working"),
        ("2024-06-10", "broken"),
    ]
    assert book.stations.get(station_id).name == "Cụm loa Thèn Ván"
    errors = refusal(
        lambda: book.stations.update(
            station_id, Station(name="Cụm loa Thèn Ván", installed_on="2024-07-01")
        )
    )
    assert "10/06/2024" in errors["installed_on"]


def test_the_installation_state_stays_and_other_states_can_be_deleted_and_restored(book):
    station_id = thenvan(book)
    broken = state(book, station_id, "2024-06-10", "broken")
    first = book.stations.history(station_id)[0].id
    assert "id" in refusal(lambda: book.stations.delete_state(first))
    book.stations.delete_state(broken)
    assert book.stations.get(station_id).state == "working"
    book.stations.restore_state(broken)
    assert book.stations.get(station_id).state == "broken"


def test_stations_are_found_by_short_reference_or_whole_name_and_searched(book):
    station_id = thenvan(book)
    book.stations.add(Station(name="Cụm loa thôn Séo Lủng", installed_on="02/02/2022"))
    assert book.stations.find(station_id[:8]) == station_id
    assert book.stations.find("cum loa thon then van") == station_id
    with pytest.raises(RecordNotFound):
        book.stations.find("cum loa")
    assert [r.name for r in book.stations.stations(search="seo lung")] == ["Cụm loa thôn Séo Lủng"]
    assert [r.name for r in book.stations.stations(search="so tt")] == ["Cụm loa thôn Thèn Ván"]


def test_stations_sort_by_name_in_vietnamese_order_and_filter_by_state(book):
    for name in ("Trạm xã Má Lé", "Cụm loa thôn Đồn", "Cụm loa thôn Dìn Phìn", "Ảnh loa"):
        book.stations.add(Station(name=name, installed_on="2020-01-01"))
    names = [r.name for r in book.stations.stations()]
    assert names == ["Ảnh loa", "Cụm loa thôn Dìn Phìn", "Cụm loa thôn Đồn", "Trạm xã Má Lé"]
    last = book.stations.stations()[-1]
    state(book, last.id, "2024-01-01", "broken")
    assert [r.name for r in book.stations.stations(state="broken")] == ["Trạm xã Má Lé"]
    assert [r.name for r in book.stations.stations(sort="-state")][-1] == "Trạm xã Má Lé"


def test_the_field_checks_work_on_a_received_row_as_the_package_import_gives_them():
    f = Fields()
    row = SimpleNamespace(
        id="x", name=" Cụm loa ", commune="", village="", installed_on="2021-03-12",
        funded_by="", notes="", sort_key="", search_text="",
    )  # fmt: skip
    assert station_fields(f, row)["name"] == "Cụm loa" and not f.errors
    f = Fields()
    station_state_fields(
        f, SimpleNamespace(station_id="x", date="2021-13-01", state="gone", notes="")
    )
    assert set(f.errors) == {"date", "state"}
    assert set(STATES) == {"working", "broken", "repaired", "removed"}


def test_a_station_in_use_by_a_broadcast_is_not_deleted(book):
    station_id = thenvan(book)
    book.outreach.add(
        Activity(
            date="2024-05-02",
            kind_id=kind(book, "PT"),
            title="Phát thanh Luật Biên phòng",
            station_id=station_id,
        )
    )
    assert "id" in refusal(lambda: book.stations.delete(station_id))
    other = book.stations.add(Station(name="Cụm loa sai", installed_on="2020-01-01"))
    book.stations.delete(other)
    assert [r.id for r in book.stations.stations()] == [station_id]
    book.stations.restore(other)
    assert len(book.stations.stations()) == 2


def test_a_broadcast_names_its_station_and_the_log_shows_it(book):
    station_id = thenvan(book)
    activity_id = book.outreach.add(
        Activity(
            date="2024-05-02",
            kind_id=kind(book, "PT"),
            title="Phát thanh Luật Biên phòng",
            station_id=station_id,
        )
    )
    assert book.outreach.get(activity_id).station_id == station_id
    (row,) = book.outreach.activities()
    assert row.station == "Cụm loa thôn Thèn Ván"


def test_a_station_is_refused_on_another_kind_before_installation_or_after_removal(book):
    station_id = thenvan(book)
    state(book, station_id, "2025-06-30", "removed")

    def add(day, code):
        return lambda: book.outreach.add(
            Activity(
                date=day, kind_id=kind(book, code), title="Tuyên truyền", station_id=station_id
            )
        )

    assert "station_id" in refusal(add("2024-05-02", "HN"))
    assert "12/03/2021" in refusal(add("2021-01-01", "PT"))["station_id"]
    assert "station_id" in refusal(add("2025-07-01", "PT"))
    book.outreach.add(
        Activity(date="2024-05-02", kind_id=kind(book, "PT"), title="x", station_id=station_id)
    )


def test_broken_stations_are_on_the_overview_s_to_do_list(book):
    station_id = thenvan(book)
    today = date(2026, 11, 23)
    assert not [d for d in due(book, today=today) if d.page == "stations"]
    state(book, station_id, "2026-11-13", "broken")
    (item,) = [d for d in due(book, today=today) if d.page == "stations"]
    assert item.urgent and "Cụm loa thôn Thèn Ván" in item.text and "10" in item.text


def test_the_overview_names_at_most_five_broken_stations(book):
    for number in range(7):
        station_id = book.stations.add(
            Station(name=f"Cụm loa số {number}", installed_on="2020-01-01")
        )
        state(book, station_id, f"2026-11-0{number + 1}", "broken")
    (item,) = [d for d in due(book, today=date(2026, 11, 23)) if d.page == "stations"]
    assert item.text.count("“") == 5 and "7" in item.text
    assert "Cụm loa số 0" in item.text and "Cụm loa số 6" not in item.text  # longest first


def test_the_year_s_inventory_lists_states_at_the_year_s_end_and_its_changes(book, tmp_path):
    station_id = thenvan(book)
    gone = book.stations.add(Station(name="Cụm loa đồn", installed_on="2017-01-01"))
    old = book.stations.add(Station(name="Cụm loa cũ", installed_on="2010-01-01"))
    state(book, old, "2023-01-01", "removed")
    state(book, station_id, "2024-06-10", "broken", "Sét đánh")
    state(book, gone, "2024-08-01", "removed")
    document = station_inventory(book, 2024)
    stations, changes = document.tables()
    assert [(r[1], r[6]) for r in stations.rows] == [
        ("Cụm loa đồn", _("Removed")),
        ("Cụm loa thôn Thèn Ván", _("Broken")),
    ]  # the one removed before 2024 is not listed
    assert [(r[0], r[1], r[2], r[3]) for r in changes.rows] == [
        (date(2024, 6, 10), "Cụm loa thôn Thèn Ván", _("Broken"), "Sét đánh"),
        (date(2024, 8, 1), "Cụm loa đồn", _("Removed"), ""),
    ]
    for suffix in (".pdf", ".xlsx", ".csv"):
        made = write(document, book.post, tmp_path / f"tram{suffix}")
        assert made.stat().st_size > 0


def test_at_the_provincial_office_stations_are_read_only(tmp_path):
    with Book.create(
        tmp_path / "tinh.sqlite", post_code="BCH-HG", post_name="Bộ Chỉ huy", province=True
    ) as province:
        assert refusal(lambda: thenvan(province))
        headers = [c.header for c in station_inventory(province, 2026).tables()[0].columns]
        assert _("Post") in headers
