"""Vietnamese text: what is stored (NFC, no control characters), what search compares
(folded: no accents, đ→d, case-insensitive) and how people's names sort (given name first).
"""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_NOT_WORD = re.compile(r"[\W_]+")


def clean(value: object, *, multiline: bool = False) -> str:
    """The text as it is stored: NFC, no control characters, trimmed, single spaces.

    Multi-line fields (notes) keep their line breaks; other fields become one line.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return "\n".join(lines).strip("\n")
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


class _FoldTable(dict):
    """Character → its folded form, worked out once per character (str.translate table)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = folded.replace("đ", "d").replace("Đ", "D").casefold()
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def thousands(value: float) -> str:
    """A whole number as Vietnamese writes it, thousands apart with dots: 4.355."""
    return f"{int(value):,}".replace(",", ".")


def fold(text: str) -> str:
    """Text reduced for comparison: "Nguyễn Thị Thuỷ" → "nguyen thi thuy", "Đồng" → "dong"."""
    return text.translate(_FOLD)


def search_words(*parts: object) -> list[str]:
    """The folded words of some text: what search compares, word by word."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(w for w in _NOT_WORD.split(fold(str(part))) if w)
    return words


def search_text(*parts: object) -> str:
    """The folded words of every searchable field, one space apart (stored in `search_text`)."""
    return " ".join(search_words(*parts))


# Vietnamese alphabetical order; f, j, w, z for foreign and ethnic-minority names.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: chr(0x30 + i) for i, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}  # breve, circumflex, horn
_WITH_MARK = {
    ("a", "ă"): "ă",
    ("a", "^"): "â",
    ("e", "^"): "ê",
    ("o", "^"): "ô",
    ("o", "+"): "ơ",
    ("u", "+"): "ư",
}
# Tones in dictionary order: level, grave, hook above, tilde, acute, dot below.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _collation_parts(word: str) -> tuple[str, str]:
    """(letters, tones) of one word, each mapped so that plain string order is Vietnamese order."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if char in _TONES:
            tones[-1:] = [_TONES[char]]
        elif char in _LETTER_MARKS and letters:
            base = letters[-1]
            letters[-1] = _WITH_MARK.get((base, _LETTER_MARKS[char]), base)
        elif unicodedata.combining(char):
            continue
        else:
            letters.append(char)
            tones.append("0")
    ranked = "".join(_RANK.get(c, chr(0x80 + min(ord(c), 0xFFFF))) for c in letters)
    return ranked, "".join(tones)


def name_sort_key(full_name: str) -> str:
    """Key that lists people the Vietnamese way: given name, then family name, then middle.

    "Trần Văn An" sorts before "Nguyễn Thị Bình"; "An" before "Anh"; "Đức" after "Dũng".
    """
    words = clean(full_name).split(" ")
    ordered = [words[-1], *words[:-1]] if words else []
    parts = [_collation_parts(w) for w in ordered]
    letters = " ".join(p[0] for p in parts)
    tones = " ".join(p[1] for p in parts)
    return f"{letters}\x01{tones}\x01{fold(full_name)}"
