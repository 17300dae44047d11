"""The training page: attendance set with the keyboard, walk-ins, lists imported from files."""

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.core import people_import
from app.core.text import name_sort_key
from app.gui.training.forms import CourseForm, PersonForm
from app.gui.training.import_dialog import ImportDialog
from tests.conftest import TODAY
from tests.gui.conftest import click, type_text, when_dialog_opens


def training_page(window, *, past_course: bool = True):
    window.show_page("training")
    page = window.current()
    rows = page.courses.model.rows
    wanted = next(
        i for i, r in enumerate(rows) if (r.start_date < TODAY.isoformat()) == past_course
    )
    page.courses.view.selectRow(wanted)
    return page


def test_people_are_listed_by_given_name(window):
    window.show_page("training")
    page = window.current()
    page.tabs.setCurrentIndex(1)
    names = [r.full_name for r in page.people.model.rows]
    assert names == sorted(names, key=name_sort_key)
    type_text(page.people.search, "thuỷ")
    assert page.people.model.rows
    assert all("thuy" in name_sort_key(r.full_name) for r in page.people.model.rows)


def test_attendance_is_set_with_the_keys_and_saved_at_once(window, qtbot):
    page = training_page(window, past_course=False)  # the past months are approved
    grid, model = page.grid, page.grid_model
    assert model.sessions and model.people
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, 0))
    # The Vietnamese keys: C có mặt, M đi muộn, P vắng có phép, K vắng không phép
    assert "K vắng không phép" in page.findChild(QLabel, "grid_help").text()
    qtbot.keyClick(grid, Qt.Key.Key_K)
    qtbot.keyClick(grid, Qt.Key.Key_M)  # a mark moves down: the second person is late
    session = model.sessions[0]
    marks = {
        r.person_id: r.status
        for r in window.book.training.attendance(session_id=session.id, limit=None)
    }
    assert marks[model.people[0].id] == "absent"
    assert marks[model.people[1].id] == "late"
    assert model.data(model.index(0, 0)) == "vắng"
    grid.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    marks = {
        r.person_id for r in window.book.training.attendance(session_id=session.id, limit=None)
    }
    assert model.people[0].id not in marks
    rate_column = len(model.sessions) + 4
    assert model.data(model.index(1, rate_column)).endswith("%")


def test_a_mark_in_an_approved_month_is_refused_with_a_message(window, qtbot, messages):
    page = training_page(window, past_course=True)
    grid, model = page.grid, page.grid_model
    before = model.data(model.index(0, 0))
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, 0))
    mark = model.marks.get((model.people[0].id, model.sessions[0].id))
    qtbot.keyClick(grid, Qt.Key.Key_P if mark != "excused" else Qt.Key.Key_K)
    assert messages and "đã được duyệt" in messages[-1]
    assert model.data(model.index(0, 0)) == before


def test_a_walk_in_is_added_at_the_session_and_marked_present(window, qtbot):
    page = training_page(window, past_course=False)
    grid, model = page.grid, page.grid_model
    session = model.sessions[0]
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, 0))  # the session's column
    seen = {}

    def fill(form: PersonForm) -> None:
        seen["form"] = type(form)
        type_text(form.full_name, "Sùng Mí Chứ")
        qtbot.keyClicks(form.birth_year, "1979")
        type_text(form.unit, "Thôn Lô Lô Chải")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, fill)
    click(qtbot, page, "Thêm người dự bổ sung ở buổi này…")
    assert seen["form"] is PersonForm and QApplication.activeModalWidget() is None  # saved
    (row,) = window.book.training.attendance(session_id=session.id, search="sung mi chu")
    assert row.status == "present"
    assert "Sùng Mí Chứ" in [p.full_name for p in page.grid_model.people]


def test_a_course_that_ends_before_it_starts_is_refused_beside_the_field(window, qtbot):
    window.show_page("training")
    form = CourseForm(window.current(), window.book)
    qtbot.addWidget(form)
    form.show()
    type_text(form.title_edit, "Tập huấn kỹ năng tuyên truyền trên mạng xã hội")
    form.start.set_value("2026-12-10")
    form.end.set_value("2026-12-08")
    form.save_button.click()
    assert form.isVisible()
    assert "kết thúc trước ngày bắt đầu" in form.fields["end_date"][1].text()
    form.end.set_value("2026-12-12")
    form.save_button.click()
    assert not form.isVisible()
    assert window.book.training.courses(search="mang xa hoi", month="2026-12")


def test_a_trainee_list_is_previewed_then_added_to_the_course(window, qtbot, tmp_path):
    page = training_page(window, past_course=False)
    known = window.book.training.people(limit=1)[0]
    sheet = Workbook()
    rows = sheet.active
    rows.append(["DANH SÁCH HỌC VIÊN"])
    rows.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Đơn vị", "Chức vụ"])
    rows.append([1, "Thào Mí Páo", 1988, "Nam", "H'Mông", "Thôn Sủng Trái", "Trưởng thôn"])
    rows.append([2, known.full_name, known.birth_year, "", known.ethnicity, known.unit, ""])
    rows.append([3, "Lò Thị Dính", 1800, "Nữ", "Lô Lô", "Thôn Lô Lô Chải", ""])
    path = tmp_path / "danh sach.xlsx"
    sheet.save(path)
    enrolled = {p.id for p in window.book.training.people(course_id=page.course_id(), limit=None)}
    rows = people_import.read_people(window.book, path)
    dialog = ImportDialog(page, window.book, page.course_id(), path, rows)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [r.status for r in dialog.rows] == ["new", "existing", "error"]
    shown = [dialog.table.item(row, 1).text() for row in range(3)]
    assert shown == ["sẽ thêm mới", "đã có trong sổ", "sẽ bỏ qua"]
    assert "Năm sinh" in dialog.table.item(2, 5).text()
    assert dialog.add_button.text() == "Thêm 2 người vào lớp"
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.result_counts != (0, 0), timeout=10000)
    assert dialog.result_counts == (1, 2)
    now = {p.id: p for p in window.book.training.people(course_id=page.course_id(), limit=None)}
    assert known.id in now
    assert "Thào Mí Páo" in {p.full_name for p in now.values()}
    assert len(now) == len(enrolled | {known.id}) + 1


def test_the_attendance_rate_stays_in_view_however_many_sessions(window, qtbot):
    window.resize(1280, 700)
    page = training_page(window, past_course=False)
    qtbot.waitUntil(lambda: page.grid.viewport().width() > 400)
    grid, model = page.grid, page.grid_model
    rate = len(model.sessions) + 4
    header = grid.horizontalHeader()
    assert header.visualIndex(rate) < header.visualIndex(0)  # before the first session
    assert 0 <= grid.columnViewportPosition(rate) < grid.viewport().width()
    assert model.headerData(rate, Qt.Orientation.Horizontal) == "Tỷ lệ"
