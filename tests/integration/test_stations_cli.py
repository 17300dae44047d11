"""`sodon station` and `sodon list stations` run as processes, as a clerk or a script would."""

import json

import pytest

from app.core.dates import format_date
from app.core.stations import STATES
from app.i18n import _


@pytest.fixture
def path(sodon, tmp_path):
    book = tmp_path / "sodon.sqlite"
    sodon("init", "--post-code", "LC01", "--post-name", "Đồn Biên phòng Lũng Cú", book=book,
          check=True)  # fmt: skip
    return book


def add(sodon, path, name: str, installed_on: str, *more: str) -> str:
    done = sodon("station", "add", "--name", name, "--installed-on", installed_on, *more,
                 book=path, check=True)  # fmt: skip
    listed = json.loads(sodon("list", "stations", "--format", "json", book=path).stdout)
    (found,) = [s for s in listed if s["name"] == name]
    assert found["id"][:8] in done.stdout
    return found["id"]


def test_a_station_is_added_given_states_and_its_history_printed(sodon, path):
    station_id = add(sodon, path, "Cụm loa thôn Thèn Ván", "12/03/2021", "--commune", "Lũng Cú",
                     "--village", "Thèn Ván", "--funded-by", "Sở TT&TT tỉnh Hà Giang")  # fmt: skip
    sodon("station", "state", station_id[:8], "--state", "broken", "--date", "10/06/2024",
          "--notes", "Sét đánh hỏng bộ khuếch đại", book=path, check=True)  # fmt: skip
    sodon("station", "state", "cum loa thon then van", "--state", "repaired", "--date",
          "02/09/2024", book=path, check=True)  # fmt: skip
    (row,) = json.loads(sodon("list", "stations", "--format", "json", book=path).stdout)
    assert (row["village"], row["installed_on"], row["state"], row["state_on"]) == (
        "Thèn Ván",
        "2021-03-12",
        "repaired",
        "2024-09-02",
    )
    history = sodon("station", "history", station_id[:8], book=path, check=True).stdout
    lines = history.splitlines()
    assert lines[0] == "Cụm loa thôn Thèn Ván (Thèn Ván, Lũng Cú)"
    assert [line.split()[0] for line in lines[1:]] == ["12/03/2021", "10/06/2024", "02/09/2024"]
    assert _(STATES["broken"]) in lines[2] and lines[2].endswith("Sét đánh hỏng bộ khuếch đại")
    table = sodon("list", "stations", book=path, check=True).stdout
    assert station_id[:8] in table and _(STATES["repaired"]) in table


def test_a_state_the_rules_refuse_exits_with_status_1_and_changes_nothing(sodon, path):
    station_id = add(sodon, path, "Cụm loa đồn", "01/01/2017")
    early = sodon("station", "state", station_id[:8], "--state", "broken", "--date", "01/01/2016",
                  book=path)  # fmt: skip
    assert early.returncode == 1
    assert early.stderr.startswith(_("Error: {message}").split("{")[0])
    assert format_date("2017-01-01") in early.stderr
    unknown = sodon("station", "state", "khong co", "--state", "broken", book=path)
    assert unknown.returncode == 1 and "khong co" in unknown.stderr
    history = sodon("station", "history", "cum loa don", book=path, check=True).stdout
    assert len(history.splitlines()) == 2  # the name, and the installation only


def test_a_station_without_an_installation_day_is_refused(sodon, path):
    done = sodon("station", "add", "--name", "Cụm loa", "--installed-on", "31/02/2021", book=path)
    assert done.returncode == 1
    assert json.loads(sodon("list", "stations", "--format", "json", book=path).stdout) == []
