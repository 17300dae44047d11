"""Translation of every user-visible string, core and GUI alike (gettext catalogs by Babel).

Source strings are English; Vietnamese is the default language. `_` translates at call
time, so a message is shown in the language chosen when it is raised, not when imported.
"""

import gettext
import os

from app.paths import resource

DOMAIN = "sodon"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_translation: gettext.NullTranslations | None = None
_language = DEFAULT_LANGUAGE


def set_language(code: str) -> None:
    """Use `code` ("vi" or "en") for every message from now on."""
    global _translation, _language
    _language = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _translation = gettext.translation(
        DOMAIN, localedir=str(resource("translations")), languages=[_language], fallback=True
    )


def translate_click() -> None:
    """Click's own messages (usage errors, `--help`, "Aborted!") in the chosen language: click
    asks the standard `gettext` functions, which read the process's default domain and the
    LANGUAGE variable, so both are pointed at our catalog of click's messages."""
    code = language()
    os.environ["LANGUAGE"] = code
    gettext.bindtextdomain("click", str(resource("translations")))
    gettext.textdomain("click")


def language() -> str:
    _current()
    return _language


def _current() -> gettext.NullTranslations:
    if _translation is None:
        set_language(os.environ.get("SODON_LANG", DEFAULT_LANGUAGE))
    return _translation


def _(message: str) -> str:
    return _current().gettext(message)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is shown (e.g. a short heading)."""
    return _current().pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it yet (translate it with `_` later)."""
    return message
