"""What a package file holds, read and checked without trusting it: its members (inflated
as capped streams), its manifest (every field typed and ranged) and its data file's tables
(exactly the format's). Nothing here writes to a book; `importer` decides what to merge."""

import hashlib
import json
import re
import sqlite3
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.core.errors import SodonError
from app.core.validate import Fields
from app.exchange.format import (
    DATA_APPLICATION_ID,
    FORMAT,
    LIMITS,
    MAX_ROWS,
    MEMBERS,
    create_statements,
    tables,
)
from app.exchange.rows import stamp
from app.i18n import _

# A month as YYYY-MM, and a post's (or province's) code, as manifests carry them.
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")


class PackageRefused(SodonError):
    """A package that cannot be imported; the province's book is left as it was."""


@dataclass(frozen=True)
class Manifest:
    format: int
    post: str
    post_name: str
    month: str
    sequence: int
    public_key: str
    members: dict[str, str]
    counts: dict[str, int]
    exported_at: str


_UNZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)
_KEPT = ("manifest.json", "signature")  # small members kept in memory; the rest streamed


def unpack(
    path: Path, work: Path, members: tuple[str, ...] = MEMBERS
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The manifest and signature, data.sqlite written into `work`, and each other member's
    SHA-256 (a monthly package's `members`, or an answer's). Every member is inflated as a
    stream, 1 MB at a time, and refused as soon as it passes its limit, whatever its header
    says."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise refused(path, _("the file does not exist (was the USB stick removed?).")) from None
    except IsADirectoryError:
        raise refused(path, _("it is a folder; choose the .sodon files inside it.")) from None
    except PermissionError:
        raise refused(path, _("this user may not read it; copy it somewhere else first.")) from None
    except (OSError, zipfile.BadZipFile, ValueError):
        raise refused(
            path, _("it is not a Sổ Đồn package (not a zip file, or cut short).")
        ) from None
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        for name in names:
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
                raise refused(
                    path,
                    _(
                        "it contains a file that would be written outside its folder ({name})."
                    ).format(name=name[:80]),
                )
        if len(set(names)) != len(names):
            raise refused(path, _("it contains the same file twice."))
        if sorted(names) != sorted(members):
            raise refused(
                path,
                _("it does not contain exactly the files of a monthly package.")
                if members == MEMBERS
                else _("it does not contain exactly the files of an answer."),
            )
        kept: dict[str, bytes] = {}
        digests: dict[str, str] = {}
        for info in infos:
            name, limit = info.filename, LIMITS[info.filename]
            if info.file_size > limit:
                raise refused(path, _("{member} is too large.").format(member=name))
            digest, size, chunks = hashlib.sha256(), 0, []
            target = open(work / name, "wb") if name == "data.sqlite" else None  # noqa: SIM115
            try:
                with archive.open(info) as source:
                    while chunk := source.read(2**20):
                        size += len(chunk)
                        if size > limit:
                            raise refused(path, _("{member} is too large.").format(member=name))
                        digest.update(chunk)
                        if target:
                            target.write(chunk)
                        elif name in _KEPT:
                            chunks.append(chunk)
            except _UNZIP_ERRORS:
                raise refused(path, _("it is damaged (a file in it cannot be read).")) from None
            finally:
                if target:
                    target.close()
            if name in _KEPT:
                kept[name] = b"".join(chunks)
            else:
                digests[name] = digest.hexdigest()
    return kept, digests


def read_manifest(path: Path, body: bytes) -> Manifest:
    """The manifest's fields, each checked; PackageRefused naming the first that is wrong."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise refused(path, _("its manifest cannot be read.")) from None
    if not isinstance(data, dict):
        raise refused(path, _("its manifest cannot be read."))
    f = Fields()
    fmt = whole(f, "format", data.get("format"), 1, 10**6)
    if fmt is not None and fmt > FORMAT:
        raise refused(path, _("it was made by a newer version of Sổ Đồn; install it first."))
    post = data.get("post") if isinstance(data.get("post"), dict) else {}
    code = post.get("code")
    if not (isinstance(code, str) and CODE.match(code)):
        f.error("post.code", "post.code", _("it is not a post's code."))
    name = text(f, "post.name", post.get("name"), 200, required=True)
    text(f, "post.province", post.get("province", ""), 200)
    month = data.get("month")
    if not (isinstance(month, str) and MONTH.match(month) and "1945" <= month[:4] <= "2099"):
        f.error("month", "month", _("it is not a month as YYYY-MM."))
    sequence = whole(f, "sequence", data.get("sequence"), 1, 10**6)
    public = data.get("public_key")
    if not (isinstance(public, str) and len(public) < 100):
        f.error("public_key", "public_key", _("it is not a public key."))
    members = data.get("members")
    if not (
        isinstance(members, dict)
        and sorted(members) == sorted(m for m in MEMBERS if m not in _KEPT)
        and all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in members.values())
    ):
        f.error("members", "members", _("it does not list a SHA-256 for each file."))
    check_counts(f, data.get("counts"), tables(fmt or FORMAT))
    stamp(f, "exported_at", data.get("exported_at"), required=True)
    stamp(f, "approved_at", data.get("approved_at"), required=False)
    text(f, "approved_by", data.get("approved_by", ""), 200)
    text(f, "program", data.get("program", ""), 40)
    whole(f, "schema", data.get("schema", 1), 1, 10**6)
    refuse_wrong_fields(path, f)
    return Manifest(
        fmt, code, name, month, sequence, public, dict(members), dict(data["counts"]),
        data["exported_at"],
    )  # fmt: skip


def check_counts(f: Fields, counts: object, expected: dict) -> None:
    """A manifest's counts: one whole number of records for each of the expected tables."""
    if not (isinstance(counts, dict) and sorted(counts) == sorted(expected)):
        f.error("counts", "counts", _("it does not count the records of each table."))
    else:
        for table, count in counts.items():
            whole(f, f"counts.{table}", count, 0, MAX_ROWS)


def refuse_wrong_fields(path: Path, f: Fields) -> None:
    """PackageRefused naming a manifest's first wrong field, if any."""
    if f.errors:
        field, message = next(iter(f.errors.items()))
        raise refused(
            path,
            _("the field “{field}” of its manifest is wrong: {rule}").format(
                field=field, rule=message.split(": ", 1)[-1]
            ),
        )


def whole(f: Fields, name: str, value: object, low: int, high: int) -> int | None:
    """A manifest's number: a JSON integer (not a boolean, not text) from `low` to `high`."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    f.error(
        name,
        name,
        _("it must be a whole number from {low} to {high}.").format(low=low, high=high),
    )
    return None


def text(f: Fields, name: str, value: object, limit: int, *, required: bool = False) -> str:
    """A manifest's text, with the forms' rule for texts."""
    if not isinstance(value, str):
        f.error(name, name, _("it must be a text."))
        return ""
    return f.text(name, value, name, required=required, max_length=limit)


def read_data(
    path: Path,
    file: Path,
    counts: dict[str, int],
    of: dict[str, tuple[str, ...]],
    *,
    application_id: int = DATA_APPLICATION_ID,
    newest: int = FORMAT,
) -> dict[str, list[tuple]]:
    """The rows of data.sqlite, opened read-only as an untrusted file: exactly the tables `of`
    its format (the same CREATE TABLE statements: STRICT, no hidden or generated column), no
    index, view or trigger, and as many rows as the signed manifest counts."""
    try:
        connection = sqlite3.connect(f"{file.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA cell_size_check = ON")
            if connection.execute("PRAGMA application_id").fetchone()[0] != application_id:
                raise refused(path, _("its data file is not a Sổ Đồn package's."))
            if connection.execute("PRAGMA user_version").fetchone()[0] > newest:
                raise refused(
                    path,
                    _(
                        "its data file has a newer format; install the newer "
                        "version of Sổ Đồn first."
                    ),
                )
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise refused(path, _("its data file is damaged."))
            objects = sorted(
                connection.execute("SELECT type, name, sql FROM sqlite_schema").fetchall()
            )
            expected = sorted(
                ("table", table, statement)
                for table, statement in zip(of, create_statements(of), strict=True)
            )
            if objects != expected:
                raise refused(
                    path,
                    _(
                        "its data file holds other tables, columns, indexes, views or triggers "
                        "than a package's."
                    ),
                )
            rows = {}
            for table, columns in of.items():
                described = connection.execute(f"PRAGMA table_xinfo({table})").fetchall()
                strict = connection.execute(f"PRAGMA table_list({table})").fetchone()
                if (
                    [r[1] for r in described] != list(columns)
                    or any(r[6] for r in described)
                    or (not strict or strict[5] != 1)
                ):
                    raise refused(
                        path,
                        _("its table {table} does not have the expected columns.").format(
                            table=table
                        ),
                    )
                if (
                    connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    != counts[table]
                ):
                    raise refused(path, _("its data does not match the counts of its manifest."))
                rows[table] = connection.execute(
                    f"SELECT {', '.join(columns)} FROM {table}"
                ).fetchall()
            return rows
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise refused(path, _("its data file is damaged.")) from None


def refused(path: Path, reason: str) -> PackageRefused:
    return PackageRefused(refusal(path, reason))


def refusal(path: Path, reason: str) -> str:
    return _("{file} was not imported: {reason}").format(file=path.name, reason=reason)
