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


def messages_in_code() -> set[tuple[str | None, str]]:
    found = extract_from_dir(
        str(ROOT / "app"),
        method_map=[("**.py", "python")],
        keywords={**DEFAULT_KEYWORDS, "N_": None},
    )
    return {
        (context, message if isinstance(message, str) else message[0])
        for _file, _line, message, _comments, context in found
    }


def catalog() -> dict[tuple[str | None, str], str]:
    with open(PO, "rb") as handle:
        return {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]): (
                m.string if isinstance(m.string, str) else " ".join(m.string).strip()
            )
            for m in read_po(handle)
            if m.id and "fuzzy" not in m.flags
        }


def fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_is_translated_to_vietnamese():
    translations = catalog()
    missing = sorted(m for (_c, m) in (k for k in messages_in_code() if not translations.get(k)))
    assert missing == [], "run scripts/catalog.py and translate these"


def test_translations_keep_the_placeholders_of_their_message():
    for (_context, message), translation in catalog().items():
        assert fields(message) == fields(translation), message


def test_the_compiled_catalog_is_in_step_with_the_po_file():
    with open(MO, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    with open(PO, "rb") as handle:
        for message in read_po(handle):
            if isinstance(message.id, tuple):
                singular, plural = message.id
                assert compiled.ngettext(singular, plural, 1) == message.string[0]
            elif message.context:
                assert compiled.pgettext(message.context, message.id) == message.string
            elif message.id:
                assert compiled.gettext(message.id) == message.string, "run scripts/catalog.py"
