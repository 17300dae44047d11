"""Importing monthly packages at the provincial office.

A package is checked before anything is written: a zip with exactly the expected members
(no path leaving the folder, no duplicate, none larger than its limit however its header
lies), a manifest whose Ed25519 signature is the post's (trusted on first use; a changed key
is refused unless accepted), every member's SHA-256, and a data.sqlite opened read-only as
untrusted (trusted_schema off, integrity check, only the expected tables and columns, no
view or trigger). Only then is it merged, in one transaction keyed by UUID. Same sequence
again: nothing changes. A higher sequence replaces that post's month exactly. Anything
wrong: PackageRefused, the province's book unchanged."""

import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.core.dates import month_bounds, now_utc
from app.core.errors import SodonError
from app.core.records import DateKeys, key_range
from app.core.text import search_text
from app.exchange import keys
from app.exchange.format import DATA_APPLICATION_ID, FORMAT, LIMITS, MEMBERS, TABLES
from app.i18n import _

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")
_SEARCHED = {"cabinet", "title", "course", "person", "session", "loan", "movement", "activity"}
# Rows that belong to a post's month: replaced as a whole by a correction.
_MONTH_ROWS = (
    (
        "activity_topic",
        "activity_id IN (SELECT id FROM activity WHERE post_code = :post "
        "AND n BETWEEN :low AND :high)",
    ),
    (
        "activity_language",
        "activity_id IN (SELECT id FROM activity WHERE post_code = :post "
        "AND n BETWEEN :low AND :high)",
    ),
    ("activity", "post_code = :post AND n BETWEEN :low AND :high"),
    ("movement", "post_code = :post AND n BETWEEN :low AND :high"),
    (
        "stocktake_line",
        "stocktake_id IN (SELECT id FROM stocktake WHERE post_code = :post "
        "AND date BETWEEN :first AND :last)",
    ),
    ("stocktake", "post_code = :post AND date BETWEEN :first AND :last"),
    (
        "attendance",
        "session_id IN (SELECT id FROM session WHERE post_code = :post "
        "AND date BETWEEN :first AND :last)",
    ),
    ("session", "post_code = :post AND date BETWEEN :first AND :last"),
)


class PackageRefused(SodonError):
    """A package that cannot be imported; the province's book is left as it was."""


class KeyChanged(PackageRefused):
    """A known post's package signed with a new key: imported only if the user accepts it."""

    def __init__(self, message: str, path: Path, post: str):
        super().__init__(message)
        self.path, self.post = path, post


@dataclass(frozen=True)
class ImportResult:
    file: str
    post: str
    month: str
    sequence: int
    status: str  # imported, replaced or already
    counts: dict

    @property
    def message(self) -> str:
        texts = {
            "imported": _("{file}: month {month} of {post} imported."),
            "replaced": _(
                "{file}: correction {sequence} of {post} for {month} replaced the earlier package."
            ),
            "already": _("{file}: already imported; nothing changed."),
        }
        return texts[self.status].format(
            file=self.file, post=self.post, month=self.month, sequence=self.sequence
        )


def import_packages(
    book,
    paths: list[str | Path],
    *,
    accept_new_key: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportResult | PackageRefused]:
    """Import several packages (one backup of the book first); each result is either an
    ImportResult or the PackageRefused that says why that file was not imported."""
    results: list[ImportResult | PackageRefused] = []
    backed_up = False
    for number, path in enumerate(paths, start=1):
        try:
            package = read_package(book, Path(path), accept_new_key=accept_new_key)
            if package.status != "already" and not backed_up:
                book.backup(reason="before-import")
                backed_up = True
            results.append(merge(book, package))
        except PackageRefused as refused:
            results.append(refused)
        if progress:
            progress(number, len(paths))
    return results


@dataclass
class Package:
    path: Path
    manifest: dict
    rows: dict[str, list[tuple]]
    status: str


def read_package(book, path: Path, *, accept_new_key: bool = False) -> Package:
    """Everything checked, nothing written: the package's rows and what merging will do."""
    if not book.post.is_province:
        raise _refused(path, _("only a provincial office's book imports packages."))
    members = _members(path)
    body = members["manifest.json"]
    try:
        manifest = json.loads(body.decode("utf-8"))
        post_code = str(manifest["post"]["code"])
        month = str(manifest["month"])
        sequence = int(manifest["sequence"])
        public = str(manifest["public_key"])
        hashes = dict(manifest["members"])
        counts = {str(k): int(v) for k, v in dict(manifest["counts"]).items()}
        fmt = int(manifest["format"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _refused(path, _("its manifest cannot be read.")) from None
    if fmt > FORMAT:
        raise _refused(path, _("it was made by a newer version of Sổ Đồn; install it first."))
    if not _CODE.match(post_code) or not _MONTH.match(month) or sequence < 1:
        raise _refused(path, _("its manifest names no valid post, month and sequence."))
    if post_code == book.post.code:
        raise _refused(path, _("it carries the provincial office's own code."))
    if not keys.verify(public, members["signature"], body):
        raise _refused(
            path,
            _(
                "its signature does not match its content (it was changed "
                "after the post signed it)."
            ),
        )
    for name in MEMBERS:
        if name in ("manifest.json", "signature"):
            continue
        if hashes.get(name) != hashlib.sha256(members[name]).hexdigest():
            raise _refused(
                path,
                _("{member} is not the file the post sent (its SHA-256 differs).").format(
                    member=name
                ),
            )
    _check_key(book, path, post_code, public, accept_new_key)
    rows = _read_data(path, members["data.sqlite"])
    if {t: len(r) for t, r in rows.items()} != {t: counts.get(t, -1) for t in TABLES}:
        raise _refused(path, _("its data does not match the counts of its manifest."))
    _check_rows(book, path, rows, post_code, month)
    latest = book.db.execute(
        "SELECT max(sequence) FROM delivery WHERE post_code = ? AND month = ?", [post_code, month]
    ).fetchone()[0]
    if latest is not None and sequence < latest:
        raise _refused(
            path,
            _("a later correction ({newer}) of this month was already imported.").format(
                newer=latest
            ),
        )
    status = "already" if sequence == latest else "replaced" if latest is not None else "imported"
    return Package(path, manifest | {"public_key": public}, rows, status)


def merge(book, package: Package) -> ImportResult:
    """Merge a checked package into the province's book, in one transaction."""
    manifest = package.manifest
    post_code, month = manifest["post"]["code"], manifest["month"]
    result = ImportResult(
        package.path.name,
        post_code,
        month,
        manifest["sequence"],
        package.status,
        {t: len(r) for t, r in package.rows.items()},
    )
    if package.status == "already":
        return result
    first, last = month_bounds(month)
    low, high = key_range(first, last)
    scope = {"post": post_code, "first": first, "last": last, "low": low, "high": high}
    db = book.db
    try:
        with book.records.transaction():
            for table, where in _MONTH_ROWS:
                db.execute(f"DELETE FROM {table} WHERE {where}", scope)
            db.execute(
                "DELETE FROM loan WHERE post_code = :post AND lent_on BETWEEN :first "
                "AND :last AND id NOT IN (SELECT loan_id FROM movement "
                "WHERE loan_id IS NOT NULL)",
                scope,
            )
            # A course's list comes whole with the package: the one it replaces goes.
            courses = [row[0] for row in package.rows["course"]]
            db.conn.executemany(
                "DELETE FROM enrolment WHERE post_code = ? AND course_id = ?",
                [(post_code, course) for course in courses],
            )
            for table, columns in TABLES.items():
                _put(db, table, columns, package.rows[table], manifest)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise _refused(
                    package.path, _("some of its records refer to records it does not carry.")
                )
            book.records.insert(
                "delivery",
                {
                    "post_code": post_code,
                    "month": month,
                    "sequence": manifest["sequence"],
                    "file_name": package.path.name,
                    "exported_at": str(manifest["exported_at"]),
                    "received_at": now_utc(),
                    "counts": json.dumps(result.counts),
                },
            )
    except sqlite3.IntegrityError as error:
        raise _refused(
            package.path,
            _("its records break the book's rules ({error}).").format(error=str(error)[:120]),
        ) from error
    return result


def _put(db, table: str, columns: tuple[str, ...], rows: list[tuple], manifest: dict) -> None:
    if not rows:
        return
    names = list(columns)
    if table in _SEARCHED:
        at = names.index("search_text")
        rows = [(*r[:at], search_text(r[at]), *r[at + 1 :]) for r in rows]
    if table == "post":
        rows = [(*r, manifest["public_key"]) for r in rows]
        names.append("public_key")
    if table in ("activity", "movement"):
        keys_of = DateKeys(db, table)
        at = names.index("date")
        rows = [(*r, keys_of.next(r[at])) for r in rows]
        names.append("n")
    marks = ", ".join("?" for _ in names)
    if table == "post":  # a post is known by its code (a new book of the post has a new id)
        updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in ("id", "code"))
        db.conn.executemany(
            f"INSERT INTO post ({', '.join(names)}) VALUES ({marks}) "
            f"ON CONFLICT (code) DO UPDATE SET {updates}",
            rows,
        )
        return
    if table in ("activity_topic", "activity_language"):
        db.conn.executemany(
            f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({marks})", rows
        )
        return
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in ("id", "n"))
    # Seeded list items (post code "") are shared by every book: never overwritten.
    guard = " WHERE excluded.post_code <> ''" if table == "lookup" else ""
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}{guard}",
        rows,
    )


def _check_key(book, path: Path, post_code: str, public: str, accept_new_key: bool) -> None:
    known = book.db.execute("SELECT public_key FROM post WHERE code = ?", [post_code]).fetchone()
    owner = book.db.execute(
        "SELECT code FROM post WHERE public_key = ? AND code <> ?", [public, post_code]
    ).fetchone()
    if owner:
        raise _refused(
            path,
            _("it is signed with the key of post {other}, not of {post}.").format(
                other=owner[0], post=post_code
            ),
        )
    if known and known[0] and known[0] != public and not accept_new_key:
        reason = _(
            "post {post} now signs with a new key. If the post really has a new computer or "
            "book, accept the new key (sodon import --accept-new-key, or answer yes in the "
            "window); otherwise ask the post."
        ).format(post=post_code)
        raise KeyChanged(_refusal(path, reason), path, post_code)


def _members(path: Path) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        raise _refused(
            path, _("it is not a Sổ Đồn package (not a zip file, or cut short).")
        ) from None
    with archive:
        names = [info.filename for info in archive.infolist()]
        for name in names:
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
                raise _refused(
                    path,
                    _(
                        "it contains a file that would be written outside its folder ({name})."
                    ).format(name=name[:80]),
                )
        if len(set(names)) != len(names):
            raise _refused(path, _("it contains the same file twice."))
        if sorted(names) != sorted(MEMBERS):
            raise _refused(path, _("it does not contain exactly the files of a monthly package."))
        members = {}
        for info in archive.infolist():
            limit = LIMITS[info.filename]
            if info.file_size > limit:
                raise _refused(path, _("{member} is too large.").format(member=info.filename))
            try:
                with archive.open(info) as handle:
                    data = handle.read(limit + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                ValueError,
                EOFError,
                NotImplementedError,
                RuntimeError,
            ):
                raise _refused(path, _("it is damaged (a file in it cannot be read).")) from None
            if len(data) > limit:
                raise _refused(path, _("{member} is too large.").format(member=info.filename))
            members[info.filename] = data
    return members


def _read_data(path: Path, data: bytes) -> dict[str, list[tuple]]:
    folder = Path(tempfile.mkdtemp(prefix="sodon-import-"))
    try:
        file = folder / "data.sqlite"
        file.write_bytes(data)
        connection = sqlite3.connect(f"{file.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA cell_size_check = ON")
            if connection.execute("PRAGMA application_id").fetchone()[0] != DATA_APPLICATION_ID:
                raise _refused(path, _("its data file is not a Sổ Đồn package's."))
            if connection.execute("PRAGMA user_version").fetchone()[0] > FORMAT:
                raise _refused(
                    path,
                    _(
                        "its data file has a newer format; install the newer "
                        "version of Sổ Đồn first."
                    ),
                )
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise _refused(path, _("its data file is damaged."))
            objects = connection.execute(
                "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%'"
            ).fetchall()
            if sorted(objects) != sorted(("table", t) for t in TABLES):
                raise _refused(
                    path, _("its data file holds other tables, views or triggers than a package's.")
                )
            rows = {}
            for table, columns in TABLES.items():
                found = [r[1] for r in connection.execute(f"PRAGMA table_info({table})")]
                if found != list(columns):
                    raise _refused(
                        path,
                        _("its table {table} does not have the expected columns.").format(
                            table=table
                        ),
                    )
                rows[table] = connection.execute(
                    f"SELECT {', '.join(columns)} FROM {table}"
                ).fetchall()
            return rows
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise _refused(path, _("its data file is damaged.")) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_rows(book, path: Path, rows: dict[str, list[tuple]], post: str, month: str) -> None:
    """Every record is the post's own and the month's records are dated in the month; no
    record may take the id of another post's."""
    first, last = month_bounds(month)
    if len(rows["post"]) != 1 or rows["post"][0][TABLES["post"].index("code")] != post:
        raise _refused(path, _("its data does not come from post {post}.").format(post=post))
    for table, columns in TABLES.items():
        if "post_code" not in columns or table == "lookup":
            continue
        at = columns.index("post_code")
        if any(row[at] != post for row in rows[table]):
            raise _refused(path, _("it carries records of another post."))
        ids = [row[0] for row in rows[table]]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            clash = book.db.execute(
                f"SELECT 1 FROM {table} WHERE post_code <> ? AND id IN "
                f"({', '.join('?' for _ in chunk)}) LIMIT 1",
                [post, *chunk],
            ).fetchone()
            if clash:
                raise _refused(path, _("its records use ids of another post's records."))
    for table in ("activity", "movement", "session", "stocktake"):
        at = TABLES[table].index("date")
        if any(not (first <= str(row[at]) <= last) for row in rows[table]):
            raise _refused(path, _("it carries records dated outside its month."))


def _refused(path: Path, reason: str) -> PackageRefused:
    return PackageRefused(_refusal(path, reason))


def _refusal(path: Path, reason: str) -> str:
    return _("{file} was not imported: {reason}").format(file=path.name, reason=reason)
