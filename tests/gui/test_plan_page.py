"""The provincial office's Year's plan page: targets typed in the posts × indicators grid and
saved in one go, a wrong cell refused with the core's message, removals asked first and
undone, the grid as a spreadsheet written and loaded (all of it or, with a wrong cell,
nothing), and each post's progress."""

import sqlite3
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.core.book import Book
from app.core.plan import INDICATORS, Target
from app.exchange import registry
from app.i18n import _
from tests.gui.conftest import activate, click, window_on

YEAR = date.today().year
POSTS = (("LC01", "Đồn Biên phòng Lũng Cú"), ("LS02", "Đồn Biên phòng Lý Sơn"))
COLUMN = {name: number for number, name in enumerate(INDICATORS)}


@pytest.fixture
def office_path(tmp_path):
    path = tmp_path / "province.sqlite"
    with Book.create(
        path, post_code="BCH-HG", post_name="Bộ Chỉ huy BĐBP tỉnh Hà Giang", province=True
    ) as made:
        for code, name in POSTS:
            registry.register(made, code=code, name=name)
        made.plan.set(Target("LS02", YEAR, "courses", "", 4, notes="two in spring"))
    return path


@pytest.fixture
def office(qtbot, office_path, settings):
    with window_on(qtbot, office_path, settings) as made:
        made.show_page("plan")
        activate(qtbot, made)
        yield made


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Questions the page asks, answered yes."""
    questions: list[str] = []

    def answer(_parent, question: str, *, yes: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr("app.gui.plan.confirm", answer)
    return questions


def on_disk(path) -> dict[tuple[str, int, str, str], int]:
    """The targets in the book file, read as another program would."""
    with sqlite3.connect(path) as db:
        return {
            (post, year, indicator, content): target
            for post, year, indicator, content, target in db.execute(
                "SELECT to_post, year, indicator, content, target FROM plan_target "
                "WHERE deleted_at IS NULL"
            )
        }


def type_in_cell(qtbot, page, row: int, indicator: str, text: str, *, enter=True) -> None:
    """Go to a cell with the keyboard's focus, type as a user does, and press Enter."""
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.grid.index(row, COLUMN[indicator]))
    qtbot.keyClicks(view, text[0])  # typing starts editing the cell
    editor = QApplication.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text[1:])
    if not enter:
        return
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def save(qtbot, page) -> None:
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_the_page_is_the_provinces_only(qtbot, office, demo_path, settings):
    assert "plan" in [p[0] for p in office.pages]
    page = office.current()
    assert page.key == "plan"
    assert [page.grid.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == [
        f"{code} — {name}" for code, name in POSTS
    ]
    with window_on(qtbot, demo_path, settings) as post:
        assert "plan" not in [p[0] for p in post.pages]


def test_targets_typed_in_the_grid_are_saved_together_with_ctrl_s(qtbot, office, office_path):
    page = office.current()
    type_in_cell(qtbot, page, 0, "activities", "120")
    # Enter took the value and went down to the next post
    assert page.view.currentIndex().row() == 1
    type_in_cell(qtbot, page, 1, "audience", "1.500")
    type_in_cell(qtbot, page, 1, "courses", "6", enter=False)  # Ctrl+S takes it as typed
    assert on_disk(office_path) == {("LS02", YEAR, "courses", ""): 4}
    save(qtbot, page)
    assert on_disk(office_path) == {
        ("LC01", YEAR, "activities", ""): 120,
        ("LS02", YEAR, "audience", ""): 1500,
        ("LS02", YEAR, "courses", ""): 6,
    }
    assert not page.grid.typed
    assert page.grid.index(1, COLUMN["audience"]).data() == "1.500"
    # a changed number keeps the target's notes
    assert office.book.plan.targets(YEAR, post="LS02")[-1].notes == "two in spring"


def test_a_target_for_one_content_goes_to_that_content(qtbot, office, office_path):
    page = office.current()
    page.content.setCurrentIndex(page.content.findData("ND1"))
    assert not page.grid.flags(page.grid.index(0, COLUMN["courses"])) & Qt.ItemFlag.ItemIsEditable
    type_in_cell(qtbot, page, 0, "activities", "30")
    click(qtbot, page, _("S&ave").replace("&", ""))
    assert on_disk(office_path)[("LC01", YEAR, "activities", "ND1")] == 30
    page.content.setCurrentIndex(0)  # all contents: that cell stays empty
    assert page.grid.index(0, COLUMN["activities"]).data() == ""


def test_a_wrong_number_is_refused_at_its_cell_and_nothing_is_saved(
    qtbot, office, office_path, messages
):
    page = office.current()
    type_in_cell(qtbot, page, 0, "activities", "50")
    type_in_cell(qtbot, page, 1, "women", "-5")
    page.view.setCurrentIndex(page.grid.index(1, COLUMN["women"]))
    rule = _("must be {minimum} or more.").format(minimum=1)
    assert rule in page.message.text()
    assert rule in page.grid.index(1, COLUMN["women"]).data(Qt.ItemDataRole.ToolTipRole)
    save(qtbot, page)
    assert rule in messages[-1]
    assert on_disk(office_path) == {("LS02", YEAR, "courses", ""): 4}  # not even the 50
    # what was typed is still there to correct
    assert page.grid.index(1, COLUMN["women"]).data() == "-5"
    type_in_cell(qtbot, page, 1, "women", "abc")
    assert _("type a whole number, e.g. 25.") in page.message.text()
    type_in_cell(qtbot, page, 1, "women", "40")
    assert rule not in page.message.text()
    save(qtbot, page)
    assert on_disk(office_path)[("LS02", YEAR, "women", "")] == 40
    assert on_disk(office_path)[("LC01", YEAR, "activities", "")] == 50


def test_emptying_a_cell_removes_the_target_after_asking_and_can_be_undone(
    qtbot, office, office_path, asked
):
    page = office.current()
    page.view.setFocus()
    page.view.setCurrentIndex(page.grid.index(1, COLUMN["courses"]))
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    save(qtbot, page)
    assert len(asked) == 1 and "LS02" in asked[0]
    assert on_disk(office_path) == {}
    click(qtbot, office, _("Undo"))
    assert on_disk(office_path) == {("LS02", YEAR, "courses", ""): 4}
    assert page.grid.index(1, COLUMN["courses"]).data() == "4"


def test_the_template_is_the_grid_and_a_sheet_with_a_wrong_cell_loads_nothing(
    qtbot, office, office_path, monkeypatch, tmp_path, messages
):
    page = office.current()
    sheet_path = tmp_path / "plan.xlsx"
    monkeypatch.setattr(
        "app.gui.plan.QFileDialog.getSaveFileName", lambda *_a, **_k: (str(sheet_path), "")
    )
    click(qtbot, page, _("Tem&plate…").replace("&", ""))
    assert sheet_path.exists()
    workbook = openpyxl.load_workbook(sheet_path)
    sheet = workbook.active
    assert sheet["B1"].value == YEAR
    keys = [cell.value for cell in sheet[3]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    assert set(rows) == {"LC01", "LS02"}
    assert rows["LS02"][keys.index("courses")].value == 4

    rows["LC01"][keys.index("activities")].value = 200
    rows["LS02"][keys.index("trainees")].value = "many"
    workbook.save(sheet_path)
    monkeypatch.setattr(
        "app.gui.plan.QFileDialog.getOpenFileName", lambda *_a, **_k: (str(sheet_path), "")
    )
    click(qtbot, page, _("&Load…").replace("&", ""))
    wrong = rows["LS02"][keys.index("trainees")].coordinate  # the cell is named
    assert wrong in messages[-1] and "LS02" in messages[-1]
    assert _("type a whole number, e.g. 25.") in messages[-1]
    assert _("Nothing was loaded; correct the spreadsheet and load it again.") in messages[-1]
    assert on_disk(office_path) == {("LS02", YEAR, "courses", ""): 4}

    rows["LS02"][keys.index("trainees")].value = 80
    workbook.save(sheet_path)
    click(qtbot, page, _("&Load…").replace("&", ""))
    assert on_disk(office_path) == {
        ("LC01", YEAR, "activities", ""): 200,
        ("LS02", YEAR, "trainees", ""): 80,
        ("LS02", YEAR, "courses", ""): 4,
    }
    assert page.grid.index(0, COLUMN["activities"]).data() == "200"


def test_the_progress_tab_marks_the_posts_behind_schedule(qtbot, office):
    page = office.current()
    type_in_cell(qtbot, page, 0, "activities", "10")
    save(qtbot, page)
    page.tabs.setCurrentIndex(1)
    cell = page.progress_table.item(0, COLUMN["activities"])
    # nothing came from LC01 this year: 0 of 10, behind unless the year has just begun
    behind = int(10 * date.today().timetuple().tm_yday / 365) > 0
    assert cell.text().endswith("0%")
    assert _("{actual} of {target} done.").format(actual=0, target=10) in cell.toolTip()
    assert cell.text().startswith("⚠") == behind
    courses = page.progress_table.item(1, COLUMN["courses"])
    assert _("{actual} of {target} done.").format(actual=0, target=4) in courses.toolTip()
    assert page.progress_table.item(0, COLUMN["courses"]) is None  # no target there


def test_the_page_fits_a_laptop_screen_with_a_dozen_posts(qtbot, tmp_path, settings):
    path = tmp_path / "twelve.sqlite"
    with Book.create(
        path, post_code="BCH-HG", post_name="Bộ Chỉ huy BĐBP tỉnh Hà Giang", province=True
    ) as made:
        for number in range(1, 13):
            registry.register(made, code=f"P{number:02d}", name=f"Đồn Biên phòng số {number}")
    with window_on(qtbot, path, settings) as window:
        window.resize(1366, 728 - 40)
        window.show_page("plan")
        page = window.current()
        view = page.view
        last = page.grid.index(11, len(INDICATORS) - 1)
        assert view.viewport().rect().contains(view.visualRect(last))
        assert page.minimumSizeHint().width() <= window.centralWidget().width()
