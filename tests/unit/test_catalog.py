"""Every message of the program has its Vietnamese translation, and the compiled catalog
the program loads says the same as the one translators edit."""

import gettext
import string
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
PO = ROOT / "resources" / "translations" / "vi" / "LC_MESSAGES" / "sodon.po"
MO = PO.with_suffix(".mo")


def messages_in_code() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "app"),
        method_map=[("**.py", "python")],
        keywords={**DEFAULT_KEYWORDS, "N_": None},
    )
    return {
        message for _file, _line, message, _comments, _context in found if isinstance(message, str)
    }


def catalog() -> dict[str, str]:
    with open(PO, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and "fuzzy" not in m.flags}


def fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_is_translated_to_vietnamese():
    translations = catalog()
    missing = sorted(m for m in messages_in_code() if not translations.get(m))
    assert missing == [], "run scripts/catalog.py and translate these"


def test_translations_keep_the_placeholders_of_their_message():
    for message, translation in catalog().items():
        assert fields(message) == fields(translation), message


def test_the_compiled_catalog_is_in_step_with_the_po_file():
    with open(MO, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message, translation in catalog().items():
        assert compiled.gettext(message) == translation, "run scripts/catalog.py to compile"
