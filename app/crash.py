"""The details of an unexpected failure, kept in a log file for whoever supports the program."""

import sys
import traceback
from datetime import datetime
from pathlib import Path

from app import __version__


def crash_log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("SoDon", appauthor=False))


def write_crash_log(error: BaseException) -> Path:
    folder = crash_log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
    log.write_text(
        f"sodon {__version__}, Python {sys.version}\n{' '.join(sys.argv)}\n\n"
        + "".join(traceback.format_exception(error)),
        encoding="utf-8",
    )
    return log
