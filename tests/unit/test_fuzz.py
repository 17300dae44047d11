"""What a clerk (or a pasted spreadsheet) may type into any form, thrown at the core: very
long text, control characters, decomposed (NFD) letters, emoji, impossible dates, negative
and huge numbers. Each save ends in field messages or in a sound record, never a traceback."""

import json
import unicodedata
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.book import Book
from app.core.cabinets import Cabinet, Movement, Title
from app.core.errors import ValidationError
from app.core.loans import Loan
from app.core.outreach import Activity
from app.core.training import Course, Person, Session

VIETNAMESE = "Nguyễn Thị Thuỷ Đồn Biên phòng Lũng Cú ma túy"
ordinary = st.sampled_from([VIETNAMESE, "Tuyên truyền Luật Biên phòng", "Lò Văn Páo"])
odd_texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),  # control characters
    st.just(unicodedata.normalize("NFD", VIETNAMESE)),
    st.just("🇻🇳 Tuyên truyền 👍🏽 " * 3),
    st.just("x" * 20_000),
    st.just("=CMD|' /C calc'!A0"),
)
texts = st.one_of(ordinary, ordinary, odd_texts)  # about half of the saves go through
likely_days = st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 3, 31))
dates = st.one_of(
    likely_days.map(date.isoformat),
    likely_days.map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.sampled_from(["", "31/02/2026", "2026-13-01", "00/00/0000", "hôm qua", "9999-99-99"]),
    odd_texts,
)
numbers = st.one_of(
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40).map(str),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["", "-1", "1e9", "١٢", "12.5", "NaN"]),
    odd_texts,
)
years = st.one_of(st.integers(min_value=1940, max_value=2010), numbers)
phones = st.one_of(st.just(""), st.from_regex(r"0[0-9]{9}", fullmatch=True), odd_texts)


@contextmanager
def fuzz_book(path: Path):
    """A book with a cabinet holding copies of a title, and a course: what the forms refer to."""
    with Book.create(path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú") as book:
        cabinet = book.cabinets.add_cabinet(Cabinet(name="Tủ sách Đồn"))
        title = book.cabinets.add_title(Title(name="Luật Biên phòng Việt Nam"))
        book.cabinets.record(
            Movement(
                kind="received", date="2026-01-02", cabinet_id=cabinet, title_id=title, quantity=50
            )
        )
        course = book.training.add_course(
            Course(title="Tập huấn", start_date="2026-03-01", end_date="2026-03-31")
        )
        yield {"book": book, "cabinet": cabinet, "title": title, "course": course}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One book for the whole module (hypothesis runs each test many times)."""
    with fuzz_book(tmp_path_factory.mktemp("fuzz") / "sodon.sqlite") as made:
        yield made


# Search and sort keys hold folded text (accents taken apart and dropped, so a Hangul syllable
# is left as its letters), compared with folded words and never shown: not checked for NFC.
FOLDED_KEYS = {"search_text", "sort_key"}


def saved_or_explained(book, save) -> None:
    """The save either stores a sound record or says, field by field, what is wrong (and
    writes nothing). Only what this save logged is read: the book is shared by the module."""
    last = book.db.execute("SELECT coalesce(max(n), 0) FROM change").fetchone()[0]
    try:
        made = save()
    except ValidationError as refused:
        assert refused.errors and all(isinstance(m, str) and m for m in refused.errors.values())
        assert book.db.execute("SELECT count(*) FROM change WHERE n > ?", [last]).fetchone()[0] == 0
        return
    logged = book.db.execute(
        "SELECT table_name, record_id, before, after FROM change WHERE n > ?", [last]
    ).fetchall()
    made_ids = {made} if isinstance(made, str) else set(made or ())
    assert made_ids <= {record_id for _table, record_id, *_values in logged}
    for table, record_id, *changes in logged:
        cursor = book.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id])
        stored = cursor.fetchone()
        assert stored is not None
        fields = [dict(zip([c[0] for c in cursor.description], stored, strict=True))]
        fields += [json.loads(change) for change in changes if change]  # before, after
        for values in fields:
            for name, value in values.items():
                if isinstance(value, str) and name not in FOLDED_KEYS:
                    assert unicodedata.is_normalized("NFC", value), (name, value)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(
    day=dates,
    title=texts,
    commune=texts,
    total=numbers,
    women=numbers,
    notes=texts,
)
def test_an_activity_form(shared, day, title, commune, total, women, notes):
    book = shared["book"]
    kind = book.lookups.items("activity_kind")[0].id
    saved_or_explained(
        book,
        lambda: book.outreach.add(
            Activity(
                date=day,
                kind_id=kind,
                title=title,
                commune=commune,
                audience_total=total,
                audience_women=women,
                notes=notes,
            )
        ),
    )


@FUZZ
@given(name=texts, author=texts, year=years, keeper=texts)
@example(name=VIETNAMESE, author="가", year=1940, keeper=VIETNAMESE)  # folded search words
def test_the_cabinet_and_title_forms(shared, name, author, year, keeper):
    book = shared["book"]
    saved_or_explained(
        book, lambda: book.cabinets.add_title(Title(name=name, author=author, year=year))
    )
    saved_or_explained(book, lambda: book.cabinets.add_cabinet(Cabinet(name=name, keeper=keeper)))


@FUZZ
@given(day=dates, quantity=numbers, counterparty=texts, due=dates, borrower=texts)
def test_the_movement_and_loan_forms(shared, day, quantity, counterparty, due, borrower):
    book = shared["book"]
    where = {"cabinet_id": shared["cabinet"], "title_id": shared["title"]}
    saved_or_explained(
        book,
        lambda: book.cabinets.record(
            Movement(
                kind="handed_out", date=day, quantity=quantity, counterparty=counterparty, **where
            )
        ),
    )
    saved_or_explained(
        book,
        lambda: book.loans.lend(
            Loan(borrower=borrower, quantity=quantity, lent_on=day, due_on=due, **where)
        ),
    )
    assert (
        book.db.execute(
            "SELECT coalesce(sum(quantity), 0) FROM movement WHERE deleted_at IS NULL"
        ).fetchone()[0]
        >= 0
    )  # never fewer than no copies


@FUZZ
@given(start=dates, end=dates, day=dates, time=texts, name=texts, born=years, phone=phones)
@example(  # a name whose sort key (letters folded apart) is not NFC
    start="2026-03-02",
    end="2026-03-03",
    day="2026-03-02",
    time="",
    name="가 나",
    born=1970,
    phone="",
)
def test_the_training_forms(shared, start, end, day, time, name, born, phone):
    book = shared["book"]
    training = book.training
    saved_or_explained(
        book, lambda: training.add_course(Course(title=name, start_date=start, end_date=end))
    )
    saved_or_explained(
        book,
        lambda: training.add_session(
            Session(course_id=shared["course"], date=day, start_time=time, topic=name)
        ),
    )
    saved_or_explained(
        book, lambda: training.add_person(Person(full_name=name, birth_year=born, phone=phone))
    )


@FUZZ
@given(name=texts, commander=texts)
def test_the_posts_details(shared, name, commander):
    book = shared["book"]
    saved_or_explained(book, lambda: book.update_post(name=name, commander=commander))


def test_the_book_is_sound_after_all_of_it(tmp_path):
    """Every form above fuzzed in turn on a book of its own, then the whole file checked."""
    with fuzz_book(tmp_path / "sodon.sqlite") as own:
        for fuzz in (
            test_an_activity_form,
            test_the_cabinet_and_title_forms,
            test_the_movement_and_loan_forms,
            test_the_training_forms,
            test_the_posts_details,
        ):
            fuzz(own)
        book = own["book"]
        assert book.outreach.count() > 0 and book.training.people(limit=None)  # saves went in
        assert book.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert book.db.execute("PRAGMA foreign_key_check").fetchall() == []
