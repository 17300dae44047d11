"""Whatever is typed or pasted into a search box, the search stays small enough for SQLite:
a page of text finds nothing rather than failing."""

import pytest

from app.core.listing import LISTS, Query

PASTED = " ".join(f"từ{n} nguyễn thị đồn biên phòng" for n in range(250))  # about 1,500 words


@pytest.mark.parametrize("register", ["activities", "movements", "courses", "sessions",
                                      "people", "stock", "loans", "cabinets", "titles",
                                      "attendance"])  # fmt: skip
def test_a_pasted_page_of_text_is_searched_without_failing(demo_book, register):
    assert LISTS[register].fetch(demo_book, Query(search=PASTED, limit=50)) == []


def test_the_first_words_still_find_what_they_name(demo_book):
    person = demo_book.training.people(limit=1)[0]
    found = demo_book.training.people(search=f"{person.full_name} {PASTED}"[:2000], limit=None)
    assert found == [] or person.id in {p.id for p in found}
    assert person.id in {p.id for p in demo_book.training.people(search=person.full_name)}
