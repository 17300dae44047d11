"""Importing packages: posts' monthly packages at the provincial office (here), and the
province's answers at a post (`answers`), through the same batch.

A package is checked before anything is written: a zip with exactly the expected members
(no path leaving the folder, no duplicate), each inflated as a stream under a hard size cap
whatever its header claims; a manifest whose every field is valid and whose Ed25519
signature is the registered post's (a post's first package records its key unless the
province registered a fingerprint; a changed key is refused unless accepted); every
member's SHA-256; a data.sqlite opened read-only as untrusted whose tables are exactly the
format's (same CREATE TABLE, STRICT, no hidden column, index, view or trigger); and every
row checked by `rows.check_rows` with the forms' rules (the file itself is read by
`envelope`, the rows by `rows`; this module decides and merges). Only then is it merged, in one
transaction keyed by UUID. Same sequence again: nothing changes. A higher sequence replaces
that post's month exactly. Anything wrong: PackageRefused, the province's book unchanged."""

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.dates import month_bounds, now_utc
from app.core.errors import SodonError, disk_message, explain_sqlite_error, is_storage_error
from app.core.records import DateKeys, key_range
from app.core.text import search_text
from app.exchange import keys
from app.exchange.answer_reader import AnswerResult, merge_answer, read_answer
from app.exchange.answers import record_refusal
from app.exchange.envelope import (
    Manifest,
    PackageRefused,
    read_data,
    read_manifest,
    refusal,
    refused,
    unpack,
)
from app.exchange.format import tables
from app.exchange.rows import RowRefused, check_rows
from app.i18n import _

_SEARCHED = {
    "cabinet",
    "title",
    "course",
    "person",
    "session",
    "loan",
    "movement",
    "activity",
    "station",
    "station_state",
    "review",
    "commendation",
}
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


class KeyChanged(PackageRefused):
    """A known post's package signed with a new key: imported only if the user accepts it."""

    def __init__(self, message: str, path: Path, post: str):
        super().__init__(message)
        self.path, self.post = path, post


class ImportFailed(PackageRefused):
    """A package not imported because of a fault of the program (a bug): the others of the
    batch go on; `error` is kept for a crash log."""

    def __init__(self, path: Path, error: BaseException):
        super().__init__(
            refusal(
                path,
                _("something unexpected went wrong while reading it; nothing of it was saved."),
            )
        )
        self.path, self.error = path, error


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
) -> list[ImportResult | AnswerResult | PackageRefused]:
    """Import several files (one backup of the book first): at the province, posts' monthly
    packages; at a post, its province's answers. Each result is an ImportResult (or
    AnswerResult) or the PackageRefused that says why that file was not imported. One file's
    refusal, or even a fault, never stops the others; at the province a refused package of a
    registered post is noted for its next answer."""
    results: list[ImportResult | AnswerResult | PackageRefused] = []
    read, put = (read_package, merge) if book.post.is_province else (read_answer, merge_answer)
    backed_up = False
    for number, path in enumerate(paths, start=1):
        path = Path(path)
        try:
            package = read(book, path, accept_new_key=accept_new_key)
            if package.status != "already" and not backed_up:
                book.safety_backup(reason="before-import")
                backed_up = True
            results.append(put(book, package))
        except PackageRefused as declined:
            results.append(declined)
        except SodonError as error:  # the province's own disk: this file is not imported
            results.append(refused(path, str(error)))
        except OSError as error:
            results.append(refused(path, disk_message(error)))
        except sqlite3.Error as error:
            if not is_storage_error(error):
                results.append(ImportFailed(path, error))
            else:
                results.append(refused(path, str(explain_sqlite_error(error))))
        except Exception as error:  # a bug: reported, and the batch goes on
            results.append(ImportFailed(path, error))
        if isinstance(results[-1], PackageRefused) and not isinstance(results[-1], KeyChanged):
            record_refusal(book, path, str(results[-1]))
        if progress:
            progress(number, len(paths))
    return results


@dataclass
class Package:
    path: Path
    manifest: Manifest
    rows: dict[str, list[tuple]]
    status: str


def read_package(book, path: Path, *, accept_new_key: bool = False) -> Package:
    """Everything checked, nothing written: the package's rows and what merging will do."""
    if not book.post.is_province:
        raise refused(path, _("only a provincial office's book imports packages."))
    work = Path(tempfile.mkdtemp(prefix="sodon-import-"))
    try:
        members, digests = unpack(path, work)
        body = members["manifest.json"]
        manifest = read_manifest(path, body)
        if manifest.post == book.post.code:
            raise refused(path, _("it carries the provincial office's own code."))
        if not keys.verify(manifest.public_key, members["signature"], body):
            raise refused(
                path,
                _(
                    "its signature does not match its content (it was changed "
                    "after the post signed it)."
                ),
            )
        for name, digest in digests.items():
            if manifest.members.get(name) != digest:
                raise refused(
                    path,
                    _("{member} is not the file the post sent (its SHA-256 differs).").format(
                        member=name
                    ),
                )
        _check_key(book, path, manifest, accept_new_key)
        rows = read_data(path, work / "data.sqlite", manifest.counts, tables(manifest.format))
    except OSError as error:  # the province's temporary folder: full, read-only, failing
        raise refused(path, disk_message(error)) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    try:
        rows = check_rows(book, rows, manifest.post, manifest.month, tables(manifest.format))
    except RowRefused as broken:
        raise refused(path, str(broken)) from None
    latest = book.db.execute(
        "SELECT max(sequence) FROM delivery WHERE post_code = ? AND month = ?",
        [manifest.post, manifest.month],
    ).fetchone()[0]
    if latest is not None and manifest.sequence < latest:
        raise refused(
            path,
            _(
                "it is correction {sequence}, but a later correction ({newer}) of this month "
                "was already imported."
            ).format(sequence=manifest.sequence, newer=latest),
        )
    status = (
        "already"
        if manifest.sequence == latest
        else "replaced"
        if latest is not None
        else "imported"
    )
    return Package(path, manifest, rows, status)


def merge(book, package: Package) -> ImportResult:
    """Merge a checked package into the province's book, in one transaction."""
    manifest = package.manifest
    post_code, month = manifest.post, manifest.month
    result = ImportResult(
        package.path.name,
        post_code,
        month,
        manifest.sequence,
        package.status,
        {t: len(r) for t, r in package.rows.items()},
    )
    if package.status == "already":
        receipts = package.rows.get("shipment_receipt", [])
        if receipts:  # sent again with receipts counted since: those are new
            with book.records.transaction():
                _put(book.db, "shipment_receipt", tables(2)["shipment_receipt"], receipts, manifest)
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
            # A return in this month that the package no longer has was undone at the post.
            sent = {row[0] for row in package.rows["loan"]}
            undone = [
                (loan,)
                for (loan,) in db.execute(
                    "SELECT id FROM loan WHERE post_code = :post AND returned_on "
                    "BETWEEN :first AND :last",
                    scope,
                )
                if loan not in sent
            ]
            db.conn.executemany("UPDATE loan SET returned_on = NULL WHERE id = ?", undone)
            # A course's list comes whole with the package: the one it replaces goes.
            courses = [row[0] for row in package.rows["course"]]
            db.conn.executemany(
                "DELETE FROM enrolment WHERE post_code = ? AND course_id = ?",
                [(post_code, course) for course in courses],
            )
            for table, columns in tables(manifest.format).items():
                _put(db, table, columns, package.rows[table], manifest)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise refused(
                    package.path, _("some of its records refer to records it does not carry.")
                )
            book.records.insert(
                "delivery",
                {
                    "post_code": post_code,
                    "month": month,
                    "sequence": manifest.sequence,
                    "file_name": package.path.name,
                    "exported_at": manifest.exported_at,
                    "received_at": now_utc(),
                    "counts": json.dumps(result.counts),
                },
            )
    except sqlite3.IntegrityError as error:
        raise refused(
            package.path,
            _("its records break the book's rules ({error}).").format(error=str(error)[:120]),
        ) from error
    return result


# A correction of an earlier month must not undo what a later month's package recorded: a
# loan it sends as not yet returned keeps a return dated after its month ({last}).
_KEEP_LATER = {
    ("loan", "returned_on"): "returned_on = CASE WHEN excluded.returned_on IS NULL "
    "AND returned_on > '{last}' THEN returned_on ELSE excluded.returned_on END",
}


def _put(db, table: str, columns: tuple[str, ...], rows: list[tuple], manifest: Manifest) -> None:
    if not rows:
        return
    names = list(columns)
    if table in _SEARCHED:
        at = names.index("search_text")
        rows = [(*r[:at], search_text(r[at]), *r[at + 1 :]) for r in rows]
    if table == "post":
        fingerprint = keys.fingerprint(manifest.public_key)
        rows = [(*r, manifest.public_key, fingerprint) for r in rows]
        names += ["public_key", "fingerprint"]
    if table in ("activity", "movement"):
        keys_of = DateKeys(db, table)
        at = names.index("date")
        rows = [(*r, keys_of.next(r[at])) for r in rows]
        names.append("n")
    marks = ", ".join("?" for _ in names)
    if table == "post":  # a post is known by its code (a new book of the post has a new id)
        updates = ", ".join(
            f"{c} = excluded.{c}" for c in names if c not in ("id", "code", "post_code")
        )
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
    last = month_bounds(manifest.month)[1]  # a validated month: safe in the statement
    updates = ", ".join(
        _KEEP_LATER.get((table, c), f"{c} = excluded.{c}").format(last=last)
        for c in names
        if c not in ("id", "n")
    )
    # Seeded list items (post code "") are shared by every book: never overwritten.
    guard = " WHERE excluded.post_code <> ''" if table == "lookup" else ""
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}{guard}",
        rows,
    )


def _check_key(book, path: Path, manifest: Manifest, accept_new_key: bool) -> None:
    """The post must be registered, and sign with its registered key (a post registered
    without a fingerprint has its key recorded from its first package)."""
    post, public = manifest.post, manifest.public_key
    owner = book.db.execute(
        "SELECT code FROM post WHERE public_key = ? AND code <> ?", [public, post]
    ).fetchone()
    if owner:
        raise refused(
            path,
            _("it is signed with the key of post {other}, not of {post}.").format(
                other=owner[0], post=post
            ),
        )
    known = book.db.execute(
        "SELECT public_key, fingerprint FROM post WHERE code = ? AND is_self = 0 "
        "AND deleted_at IS NULL",
        [post],
    ).fetchone()
    if known is None:
        raise refused(
            path,
            _(
                "post {post} ({name}) is not registered at this office. If it is one of the "
                "province's posts, register it on the Posts page or with `sodon post add "
                '--code {post} --name "…" --fingerprint "…"` (the post\'s fingerprint is in '
                "its Settings and on its monthly report), then import the file again."
            ).format(post=post, name=manifest.post_name),
        )
    known_key, registered = known
    fingerprint = keys.fingerprint(public)
    if known_key and known_key != public and not accept_new_key:
        reason = _(
            "post {post} now signs with a new key. If the post really has a new computer or "
            "book, accept the new key (sodon import --accept-new-key, or answer yes in the "
            "window); otherwise ask the post."
        ).format(post=post)
        raise KeyChanged(refusal(path, reason), path, post)
    if not known_key and registered and registered != fingerprint:
        raise refused(
            path,
            _(
                "it is signed with a key whose fingerprint is {fingerprint}, but post {post} is "
                "registered with {registered}. Call the post and compare the fingerprint shown "
                "in its Settings; if the post really has a new key, register that fingerprint "
                "(`sodon post add --code {post} --name … --fingerprint …`) and import again."
            ).format(fingerprint=fingerprint, post=post, registered=registered),
        )
