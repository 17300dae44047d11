import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import RecordNotFound, ValidationError
from app.core.outreach import Activity


def lookup(book, list_name: str, code: str) -> str:
    return next(i.id for i in book.lookups.items(list_name) if i.code == code)


def activity(book, **values) -> Activity:
    fields = {
        "date": date(2026, 3, 12),
        "kind_id": lookup(book, "activity_kind", "HN"),
        "title": "Hội nghị tuyên truyền Luật Biên phòng Việt Nam",
        "commune": "Lũng Cú",
        "village": "Lô Lô Chải",
        "audience_total": 120,
        "audience_women": 45,
        "audience_ethnic": 110,
        "topic_ids": [lookup(book, "topic", "PL"), lookup(book, "topic", "CQ")],
        "language_ids": [lookup(book, "language", "vi"), lookup(book, "language", "hmn")],
        "plan_content_id": lookup(book, "plan_content", "ND2"),
        "staff": "Đại úy Đặng Minh Đức",
        "partners": "UBND xã Lũng Cú",
    }
    fields.update(values)
    return Activity(**fields)


def test_an_activity_is_saved_and_read_back_whole(book):
    activity_id = book.outreach.add(activity(book))
    saved = book.outreach.get(activity_id)
    assert saved.date == "2026-03-12" and saved.audience_total == 120
    assert sorted(saved.topic_ids) == sorted(activity(book).topic_ids)
    (row,) = book.outreach.activities()
    assert row.kind == "Hội nghị tuyên truyền" and row.plan_content == "ND2"
    assert row.topics == (
        "Chủ quyền lãnh thổ, biên giới quốc gia; "
        "Pháp luật về biên giới quốc gia, Luật Biên phòng Việt Nam"
    )
    assert row.languages == "Tiếng Việt; Tiếng H'Mông"


def test_dates_are_typed_dd_mm_yyyy(book):
    activity_id = book.outreach.add(activity(book, date="05/01/2026"))
    assert book.outreach.get(activity_id).date == "2026-01-05"


def test_every_wrong_field_gets_its_own_vietnamese_message_and_nothing_is_saved(book):
    wrong = activity(
        book, date="31/02/2026", kind_id="", title="  ", audience_total="nhiều", audience_women=-3
    )
    with pytest.raises(ValidationError) as refused:
        book.outreach.add(wrong)
    errors = refused.value.errors
    assert set(errors) == {"date", "kind_id", "title", "audience_total", "audience_women"}
    assert errors["date"].startswith("Ngày:") and "dd/mm/yyyy" in errors["date"]
    assert errors["kind_id"] == "Hình thức hoạt động: hãy chọn một mục trong danh sách."
    assert errors["title"] == "Nội dung: không được để trống."
    assert "số nguyên" in errors["audience_total"]
    assert "từ 0 trở lên" in errors["audience_women"]
    assert book.outreach.count() == 0
    assert (
        book.db.execute("SELECT count(*) FROM change WHERE table_name = 'activity'").fetchone()[0]
        == 0
    )


@pytest.mark.parametrize("part", ["audience_women", "audience_ethnic", "audience_foreign"])
def test_a_part_of_the_audience_cannot_exceed_the_whole(book, part):
    with pytest.raises(ValidationError) as refused:
        book.outreach.add(activity(book, audience_total=30, **{part: 31}))
    assert "không thể nhiều hơn tổng số người dự (30)" in refused.value.errors[part]


def test_counts_typed_with_thousand_separators_are_understood(book):
    activity_id = book.outreach.add(
        activity(book, audience_total="1.200", audience_women="600", audience_ethnic=0)
    )
    assert book.outreach.get(activity_id).audience_total == 1200


def test_a_refused_update_leaves_the_record_as_it_was(book):
    activity_id = book.outreach.add(activity(book))
    edited = book.outreach.get(activity_id)
    edited.title = "Tên mới"
    edited.audience_women = 500
    with pytest.raises(ValidationError):
        book.outreach.update(edited)
    assert book.outreach.get(activity_id).title == activity(book).title


def test_text_typed_in_nfd_is_stored_nfc_and_found(book):
    nfd = unicodedata.normalize("NFD", "Tuyên truyền tại thôn Thèn Ván, xã Lũng Cú")
    activity_id = book.outreach.add(activity(book, title=nfd))
    stored = book.outreach.get(activity_id).title
    assert stored == unicodedata.normalize("NFC", nfd) and stored != nfd
    assert book.outreach.count(search=unicodedata.normalize("NFD", "Thèn Ván")) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "lo lo chai",
        "LÔ LÔ CHẢI",
        "luật biên",
        "dang minh duc",
        "h'mong",
        "ĐẶNG",
        "nd2",
        "chu quyen",
    ],
)
def test_search_ignores_accents_case_and_dd_and_looks_at_every_field(book, typed):
    book.outreach.add(activity(book))
    book.outreach.add(
        activity(
            book,
            title="Phát thanh",
            village="Thèn Ván",
            staff="Lò Văn Sơn",
            topic_ids=[],
            language_ids=[],
            plan_content_id="",
        )
    )
    assert [r.village for r in book.outreach.activities(search=typed)] == ["Lô Lô Chải"]


def test_search_words_must_all_match_as_word_beginnings(book):
    book.outreach.add(activity(book))
    assert book.outreach.count(search="lũng chải") == 1
    assert book.outreach.count(search="lũng xyz") == 0
    assert book.outreach.count(search="ung") == 0  # not the middle of a word


def test_the_log_filters_by_month_and_kind_newest_first(book):
    for day in ("2026-02-27", "2026-03-01", "2026-03-31", "2026-04-01"):
        book.outreach.add(activity(book, date=day))
    book.outreach.add(
        activity(book, date="2026-03-15", kind_id=lookup(book, "activity_kind", "PT"))
    )
    march = book.outreach.activities(month="2026-03")
    assert [r.date for r in march] == ["2026-03-31", "2026-03-15", "2026-03-01"]
    broadcast = lookup(book, "activity_kind", "PT")
    assert [r.date for r in book.outreach.activities(month="2026-03", kind_id=broadcast)] == [
        "2026-03-15"
    ]
    assert book.outreach.count(month="2026-03") == 3


def test_a_wrong_month_is_a_field_message(book):
    with pytest.raises(ValidationError, match="YYYY-MM"):
        book.outreach.activities(month="03/2026")


def test_paging_returns_every_row_once(book):
    for day in range(1, 29):
        book.outreach.add(activity(book, date=f"2026-02-{day:02d}"))
    pages = [book.outreach.activities(limit=10, offset=offset) for offset in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 8]
    assert len({r.id for page in pages for r in page}) == 28


def test_a_deleted_activity_leaves_the_log_and_can_be_restored(book):
    activity_id = book.outreach.add(activity(book))
    book.outreach.delete(activity_id)
    assert book.outreach.count() == 0
    with pytest.raises(RecordNotFound):
        book.outreach.update(book.outreach.get(activity_id))
    book.outreach.restore(activity_id)
    assert book.outreach.count() == 1


def test_a_user_can_extend_a_list_and_an_item_in_use_cannot_be_removed(book):
    new_kind = book.lookups.add("activity_kind", "Chiếu phim lưu động")
    book.outreach.add(activity(book, kind_id=new_kind))
    with pytest.raises(ValidationError, match="đang được 1 bản ghi sử dụng"):
        book.lookups.delete(new_kind)
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        book.lookups.add("activity_kind", "chieu phim luu dong")
    unused = book.lookups.add("topic", "Phòng, chống dịch bệnh")
    book.lookups.delete(unused)
    assert unused not in [i.id for i in book.lookups.items("topic")]


def test_renaming_a_list_item_keeps_search_in_step(book):
    book.outreach.add(activity(book))
    topic = lookup(book, "topic", "PL")
    book.lookups.rename(topic, "Luật Biên phòng và Luật Biên giới")
    assert book.outreach.count(search="luat bien gioi") == 1
    assert book.outreach.count(search="phap luat ve bien gioi") == 0


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    title=st.text(max_size=600),
    total=st.one_of(st.integers(), st.text(max_size=12), st.none(), st.floats()),
    women=st.one_of(st.integers(min_value=-5, max_value=10**12), st.text(max_size=6)),
    day=st.one_of(st.dates(), st.text(max_size=12)),
)
def test_any_input_gives_a_sound_record_or_field_messages(book, title, total, women, day):
    before = book.outreach.count()
    try:
        activity_id = book.outreach.add(
            activity(book, title=title, audience_total=total, audience_women=women, date=day)
        )
    except ValidationError as refused:
        assert refused.errors and all(isinstance(m, str) and m for m in refused.errors.values())
        assert book.outreach.count() == before
    else:
        saved = book.outreach.get(activity_id)
        assert unicodedata.is_normalized("NFC", saved.title) and saved.title.strip()
        assert 0 <= int(saved.audience_women) <= int(saved.audience_total)


def test_changing_the_date_moves_an_activity_in_the_log(book):
    first = book.outreach.add(activity(book, date="2026-03-10", title="Một"))
    book.outreach.add(activity(book, date="2026-03-12", title="Hai"))
    book.outreach.add(activity(book, date="2026-03-12", title="Ba"))
    assert [r.title for r in book.outreach.activities()] == ["Ba", "Hai", "Một"]
    moved = book.outreach.get(first)
    moved.date = "2026-04-01"
    book.outreach.update(moved)
    assert [r.title for r in book.outreach.activities()] == ["Một", "Ba", "Hai"]
    assert [r.title for r in book.outreach.activities(month="2026-04", search="mot")] == ["Một"]
    assert book.outreach.activities(month="2026-03", search="mot") == []


def test_saving_without_changes_logs_nothing(book):
    activity_id = book.outreach.add(activity(book))
    book.outreach.update(book.outreach.get(activity_id))
    actions = book.db.execute("SELECT action FROM change WHERE record_id = ?", [activity_id])
    assert [a[0] for a in actions] == ["insert"]
