"""The `sodon` command's entry point. Plain `sodon` on a computer with a screen opens the
window straight away, without loading the command-line machinery (that is how a desktop
shortcut starts the program); everything else goes to the click commands of app/cli/."""

import contextlib
import os
import sys
from pathlib import Path


class TolerantStream:
    """stdout or stderr that outlives its reader: once a write fails (`sodon list | head`
    closed the pipe, a terminal went away, a redirected file's disk is full), further output
    is dropped and the descriptor points at /dev/null, so Python's own flush at exit stays
    quiet. The command's work and exit status are not changed by what could not be shown."""

    def __init__(self, stream):
        self._stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        if not self.failed:
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self._give_up()
        return len(text)

    def flush(self) -> None:
        if not self.failed:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._give_up()

    def _give_up(self) -> None:
        self.failed = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, self._stream.fileno())
            os.close(quiet)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


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
    from app.i18n import translate_click

    translate_click()
    from app.cli import cli

    sys.stdout, sys.stderr = TolerantStream(sys.stdout), TolerantStream(sys.stderr)
    cli()
