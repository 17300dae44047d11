import pytest

from app.core.errors import ValidationError
from app.core.training import Course, Person, Session


@pytest.fixture
def course(book):
    """A three-day course with two sessions and three trainees on the list."""
    training = book.training
    course_id = training.add_course(
        Course(
            title="Tập huấn nghiệp vụ thông tin đối ngoại",
            organiser="Đồn Biên phòng Lũng Cú",
            start_date="10/03/2026",
            end_date="12/03/2026",
            place="Hội trường Đồn",
        )
    )
    sessions = [
        training.add_session(
            Session(course_id=course_id, date="10/03/2026", start_time="07:30", topic="Khai mạc")
        ),
        training.add_session(
            Session(
                course_id=course_id,
                date="11/03/2026",
                start_time="07:30",
                topic="Kỹ năng tuyên truyền",
            )
        ),
    ]
    people = {}
    for name, year in (("Nguyễn Thị Bình", 1990), ("Trần Văn An", 1985), ("Đặng Thị Thuỷ", 1995)):
        people[name] = training.add_person(
            Person(full_name=name, birth_year=year, gender="female", ethnicity="Kinh")
        )
        training.enrol(course_id, people[name])
    return {"id": course_id, "sessions": sessions, "people": people}


def test_people_are_listed_by_given_name(book, course):
    names = [p.full_name for p in book.training.people()]
    assert names == ["Trần Văn An", "Nguyễn Thị Bình", "Đặng Thị Thuỷ"]


def test_people_are_found_without_accents_in_either_spelling(book, course):
    assert [p.full_name for p in book.training.people(search="thuy")] == ["Đặng Thị Thuỷ"]
    assert [p.full_name for p in book.training.people(search="Thúy")] == ["Đặng Thị Thuỷ"]
    assert [p.full_name for p in book.training.people(search="dang")] == ["Đặng Thị Thuỷ"]


def test_a_session_must_fall_within_its_course(book, course):
    with pytest.raises(ValidationError) as refused:
        book.training.add_session(Session(course_id=course["id"], date="13/03/2026"))
    assert "10/03/2026" in refused.value.errors["date"]
    assert "12/03/2026" in refused.value.errors["date"]


def test_a_course_cannot_end_before_it_starts(book):
    with pytest.raises(ValidationError) as refused:
        book.training.add_course(
            Course(title="Lớp", start_date="10/03/2026", end_date="09/03/2026")
        )
    assert set(refused.value.errors) == {"end_date"}


def test_moving_a_course_away_from_its_sessions_is_refused(book, course):
    moved = book.training.get_course(course["id"])
    moved.start_date, moved.end_date = "2026-04-01", "2026-04-02"
    with pytest.raises(ValidationError, match="buổi học nằm ngoài"):
        book.training.update_course(moved)


def test_attendance_is_marked_and_counted_per_person_and_per_session(book, course):
    training = book.training
    first, second = course["sessions"]
    people = course["people"]
    training.set_attendance(first, people["Trần Văn An"], "present")
    training.set_attendance(second, people["Trần Văn An"], "late")
    training.set_attendance(first, people["Nguyễn Thị Bình"], "excused", "Ốm")
    training.set_attendance(second, people["Nguyễn Thị Bình"], "absent")
    training.set_attendance(first, people["Đặng Thị Thuỷ"], "present")
    totals = {t.name: t for t in training.person_totals(course_id=course["id"])}
    an = totals["Trần Văn An"]
    assert (an.present, an.late, an.excused, an.absent, an.unmarked) == (1, 1, 0, 0, 0)
    assert an.rate == 1.0
    assert totals["Nguyễn Thị Bình"].rate == 0.0
    assert totals["Đặng Thị Thuỷ"].unmarked == 1 and totals["Đặng Thị Thuỷ"].rate == 0.5
    per_session = training.session_totals(course["id"])
    assert [(s.present, s.late, s.excused, s.absent, s.unmarked) for s in per_session] == [
        (2, 0, 1, 0, 0),
        (0, 1, 0, 1, 1),
    ]


def test_changing_a_mark_updates_it_instead_of_adding_one(book, course):
    first = course["sessions"][0]
    person = course["people"]["Trần Văn An"]
    book.training.set_attendance(first, person, "absent")
    book.training.set_attendance(first, person, "late")
    (row,) = book.training.attendance(session_id=first)
    assert row.status == "late"


def test_someone_not_on_the_list_cannot_be_marked(book, course):
    stranger = book.training.add_person(Person(full_name="Lò Văn Sơn"))
    with pytest.raises(ValidationError, match="chưa có trong danh sách lớp"):
        book.training.set_attendance(course["sessions"][0], stranger, "present")


def test_a_walk_in_is_added_to_the_course_and_marked_present(book, course):
    first = course["sessions"][0]
    person_id = book.training.add_walk_in(
        first, Person(full_name="Giàng Mí Sính", birth_year=1980, gender="male", ethnicity="H'Mông")
    )
    (row,) = book.training.attendance(session_id=first, search="giang mi")
    assert (row.full_name, row.status) == ("Giàng Mí Sính", "present")
    assert person_id in {p.id for p in book.training.people(course_id=course["id"])}
    walk_in = book.db.execute("SELECT walk_in FROM enrolment WHERE person_id = ?", [person_id])
    assert walk_in.fetchone()[0] == 1


def test_a_walk_in_with_a_bad_name_adds_nothing(book, course):
    with pytest.raises(ValidationError):
        book.training.add_walk_in(course["sessions"][0], Person(full_name=" ", birth_year=1800))
    assert len(book.training.people(limit=None)) == 3


def test_a_known_person_is_found_before_typing_them_again(book, course):
    found = book.training.find_people("dang thi thuy")
    assert [p.full_name for p in found] == ["Đặng Thị Thuỷ"]
    assert book.training.find_people("Đặng Thị Thuỷ", 1995)
    assert not book.training.find_people("Đặng Thị Thuỷ", 1996)


def test_the_attendance_grid_shows_people_by_sessions(book, course):
    book.training.set_attendance(course["sessions"][1], course["people"]["Trần Văn An"], "late")
    sessions, people, marks = book.training.grid(course["id"])
    assert [s.date for s in sessions] == ["2026-03-10", "2026-03-11"]
    assert people[0].full_name == "Trần Văn An"
    assert marks == {(course["people"]["Trần Văn An"], course["sessions"][1]): "late"}


def test_a_birth_year_in_the_future_is_refused(book):
    with pytest.raises(ValidationError) as refused:
        book.training.add_person(Person(full_name="Lò Thị Mai", birth_year=2999, gender="x"))
    assert set(refused.value.errors) == {"birth_year", "gender"}


def test_courses_running_in_a_month_are_listed(book, course):
    assert [c.title for c in book.training.courses(month="2026-03")] == [
        "Tập huấn nghiệp vụ thông tin đối ngoại"
    ]
    assert book.training.courses(month="2026-04") == []
    (row,) = book.training.courses()
    assert (row.sessions, row.trainees) == (2, 3)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sqlite", ".txt"])
def test_a_file_that_is_not_a_list_of_people_is_refused_in_vietnamese(book, tmp_path, suffix):
    from app.core.people_import import read_people

    backup = book.backup(to=tmp_path / "backup.sqlite")  # a backup chosen by mistake
    chosen = tmp_path / f"danh-sach{suffix}"
    chosen.write_bytes(backup.read_bytes())
    with pytest.raises(ValidationError) as refused:
        read_people(book, chosen)
    assert "không phải là danh sách người" in str(refused.value)
