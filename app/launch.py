"""The `sodon` command's entry point. Plain `sodon` on a computer with a screen opens the
window straight away, without loading the command-line machinery (that is how a desktop
shortcut starts the program); everything else goes to the click commands of app/cli.py."""

import os
import sys
from pathlib import Path


def default_book_path() -> Path:
    """The book used when neither --db nor SODON_DB names one."""
    import platformdirs

    return Path(platformdirs.user_data_dir("SoDon", appauthor=False)) / "sodon.sqlite"


def has_screen() -> bool:
    """Whether a window can be shown (always on Windows and macOS)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main() -> None:
    if len(sys.argv) == 1 and has_screen():
        from app.gui.app import run

        book = os.environ.get("SODON_DB")
        quit_when_shown = bool(os.environ.get("SODON_QUIT_WHEN_SHOWN"))  # benchmarks/gui.py
        sys.exit(run(Path(book) if book else default_book_path(), quit_when_shown=quit_when_shown))
    from app.cli import cli

    cli()
