"""Where the program's own files are: migrations, fonts, translations.

From a source checkout they sit at the top of the repository (`db/`, `resources/`);
from an installed wheel they are packaged inside the package as `app/_data/`.
"""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    packaged = _PACKAGE / "_data"
    if (packaged / "db").is_dir():
        return packaged
    return _PACKAGE.parent


def migrations_dir() -> Path:
    return _data_root() / "db" / "migrations"


def resource(*parts: str) -> Path:
    """A file or folder under `resources/`, e.g. resource("fonts", "NotoSans-Regular.ttf")."""
    return _data_root().joinpath("resources", *parts)
