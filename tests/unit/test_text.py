import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.core.text import clean, fold, name_sort_key, search_text, search_words


def test_folding_removes_accents_and_case_and_dd():
    assert fold("Nguyễn Thị Thuỷ") == "nguyen thi thuy"
    assert fold("ĐỒNG VĂN") == "dong van"
    assert fold("Đặng Đức") == "dang duc"


def test_both_spellings_of_thuy_fold_alike():
    assert fold("Thúy") == fold("Thuý") == fold("Thuỷ") == "thuy"


def test_nfd_input_folds_like_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Đình Đồng")
    assert fold(nfd) == fold("Nguyễn Đình Đồng")


def test_clean_stores_nfc_without_control_characters():
    typed = unicodedata.normalize("NFD", "  Lũng\u0007 Cú \t  xã\n")
    assert clean(typed) == "Lũng Cú xã"
    assert unicodedata.is_normalized("NFC", clean(typed))


def test_clean_keeps_line_breaks_of_notes():
    assert clean("dòng 1\r\n  dòng 2  \n", multiline=True) == "dòng 1\ndòng 2"


def test_search_words_split_on_punctuation():
    assert search_words("H'Mông, Lô Lô-Chải") == ["h", "mong", "lo", "lo", "chai"]
    assert search_text("Cột mốc 428", None, "") == "cot moc 428"


def test_people_sort_by_given_name_first():
    names = ["Nguyễn Thị Bình", "Trần Văn An", "Đặng Văn Anh", "Lê An"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == ["Lê An", "Trần Văn An", "Đặng Văn Anh", "Nguyễn Thị Bình"]


def test_vietnamese_letters_sort_after_their_base_letter():
    # d < đ, a < ă < â, o < ô < ơ, u < ư: Vietnamese dictionary order, not code points
    assert sorted(["Lê Văn Đức", "Lê Văn Dũng"], key=name_sort_key) == ["Lê Văn Dũng", "Lê Văn Đức"]
    assert sorted(["A Ân", "A Ăn", "A An"], key=name_sort_key) == ["A An", "A Ăn", "A Ân"]
    assert sorted(["A Ưng", "A Ung", "A Vinh"], key=name_sort_key) == ["A Ung", "A Ưng", "A Vinh"]


def test_tones_break_ties_in_dictionary_order():
    names = ["Lê Ma", "Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Ma",
        "Lê Mà",
        "Lê Mả",
        "Lê Mã",
        "Lê Má",
        "Lê Mạ",
    ]


def test_same_name_in_nfd_sorts_the_same():
    name = "Hoàng Thị Thuỷ"
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


@given(st.text())
def test_fold_is_idempotent_and_never_fails(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_clean_output_is_nfc_and_stable(text):
    once = clean(text)
    assert unicodedata.is_normalized("NFC", once)
    assert clean(once) == once


_WORD = st.text(alphabet="abcdeghiklmnopqrstuvxy", min_size=1, max_size=6)


@given(st.lists(st.lists(_WORD, min_size=1, max_size=4).map(" ".join), min_size=2, max_size=8))
def test_plain_names_sort_by_given_then_family_then_middle(names):
    def expected(name):
        words = name.split(" ")
        return [words[-1], *words[:-1]]

    assert [expected(n) for n in sorted(names, key=name_sort_key)] == sorted(map(expected, names))
