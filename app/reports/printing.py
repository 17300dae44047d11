"""Printing a finished PDF through the computer's print service (CUPS, with its `lp` and
`lpstat` commands).

The PDF itself goes to the print service, which accepts PDF and prepares it for the printer
page by page: the program never holds a picture of a page, so a long document prints in the
memory of a short one. The window and the command line both print through `send`.
"""

import os
import shutil
import subprocess
from pathlib import Path

from app.core.errors import SodonError
from app.i18n import _

# How long the print service may take to answer; it is on this computer.
_TIMEOUT = 60


class PrintFailed(SodonError):
    """The document could not be handed to the print service; nothing was printed."""


def available() -> bool:
    """Whether this computer has a print service the program can hand PDFs to."""
    return shutil.which("lp") is not None and shutil.which("lpstat") is not None


def printers() -> list[str]:
    """The names of the printers the print service offers, the default one first."""
    listed = _ask(["lpstat", "-e"]).split()
    default = default_printer()
    return sorted(listed, key=lambda name: (name != default, name.casefold()))


def no_printer() -> PrintFailed:
    return PrintFailed(
        _(
            "No printer can be reached. Add the printer in the system's printer settings "
            "(and check that it is on), or save the document as PDF and print it from another "
            "computer."
        )
    )


def default_printer() -> str | None:
    said = _ask(["lpstat", "-d"], check=False).strip()
    # "system default destination: NAME" or "no system default destination"
    name = said.rpartition(":")[2].strip() if ":" in said else ""
    return name or None


def send(
    pdf: Path,
    printer: str | None = None,
    *,
    title: str,
    copies: int = 1,
    pages: tuple[int, int] | None = None,
    two_sided: bool = False,
) -> str:
    """Hand `pdf` to `printer` (or the default printer); the print job's id. The file may be
    deleted as soon as this returns: the print service keeps its own copy."""
    offered = printers()
    if not offered:
        raise no_printer()
    if printer is None:
        printer = default_printer()
        if printer is None:
            raise PrintFailed(
                _("No printer is chosen as the default; name one. Printers: {names}.").format(
                    names=", ".join(offered)
                )
            )
    elif printer not in offered:
        raise PrintFailed(
            _("There is no printer named “{name}”. Printers: {names}.").format(
                name=printer, names=", ".join(offered)
            )
        )
    command = ["lp", "-d", printer, "-t", title, "-n", str(copies)]
    if pages is not None:
        command += ["-P", f"{pages[0]}-{pages[1]}"]
    if two_sided:
        command += ["-o", "sides=two-sided-long-edge"]
    said = _ask([*command, "--", str(pdf)])
    # "request id is NAME-12 (1 file(s))"
    return said.split()[3] if said.startswith("request id is ") else said.strip()


def _ask(command: list[str], *, check: bool = True) -> str:
    if not available():
        raise PrintFailed(
            _(
                "This computer has no print service (CUPS). Ask whoever looks after the "
                "computer to install it (`sudo apt install cups`), or save the document as PDF "
                "and print it from another computer."
            )
        )
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env={**os.environ, "LC_ALL": "C"},  # its answers are read, not shown
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PrintFailed(
            _("The print service did not answer; restart the computer and try again.")
        ) from error
    if check and done.returncode != 0:
        raise PrintFailed(
            _("The print service refused the document: {reason}").format(
                reason=done.stderr.strip() or done.stdout.strip()
            )
        )
    return done.stdout
