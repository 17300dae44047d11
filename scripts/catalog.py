"""Keep the translation catalogs in step with the code.

    python scripts/catalog.py          extract messages, update vi/sodon.po, compile .mo files,
                                       and list the messages still without a translation.

Translations are typed into resources/translations/vi/LC_MESSAGES/sodon.po.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "resources" / "translations"


def main() -> int:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    run = lambda *args: subprocess.run([*pybabel, *args], cwd=ROOT, check=True)  # noqa: E731
    run(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "N_",
        "-k",
        "pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(CATALOGS / "sodon.pot"),
        "app",
    )
    run(
        "update",
        "-i",
        str(CATALOGS / "sodon.pot"),
        "-d",
        str(CATALOGS),
        "-D",
        "sodon",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    run("compile", "-d", str(CATALOGS), "-D", "sodon", "--statistics")
    # click's own messages (usage errors, --help): translated by hand in click.po
    run("compile", "-d", str(CATALOGS), "-D", "click", "--statistics")
    with open(CATALOGS / "vi" / "LC_MESSAGES" / "sodon.po", "rb") as handle:
        missing = [
            m.id
            for m in read_po(handle)
            if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]
    for message in missing:
        print(f"untranslated: {message!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
