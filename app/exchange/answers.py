"""The way back, at the provincial office: its answer to one post.

An answer (`<PROVINCE>_tra-loi_<POST>_<n>.sodon`) is a zip of data.sqlite, manifest.json and
an Ed25519 signature by the province's own key, shaped like a monthly package. It holds what
is new for that post since its last answer: the receipts of the post's packages (imported,
replaced by a correction, or refused and why), the months returned for correction, and the
publications sent to the post. The post reads it with `answer_reader`.
"""

import contextlib
import json
import re
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.core.backups import sync_folder
from app.core.dates import month_bounds, now_utc
from app.core.errors import PartlyDone, SodonError, ValidationError, disk_message, writing_out
from app.core.post import post_code_field
from app.core.validate import Fields
from app.exchange import keys
from app.exchange.format import (
    ANSWER_APPLICATION_ID,
    ANSWER_FORMAT,
    ANSWER_MEMBERS,
    ANSWER_TABLES,
    answer_name,
    create_statements,
)
from app.exchange.package import sha256, zip_members
from app.i18n import N_, _

_PACKAGE_FILE = re.compile(r"^([A-Z0-9][A-Z0-9-]{1,15})_(\d{4}-\d{2})_(\d{1,6})\.sodon$")
MAX_REASON = 500


# At the province -------------------------------------------------------------------------


def validate_return(post: str, reason: str) -> tuple[str, str]:
    """The post's code and the reason of a month returned, cleaned (the window's form checks
    them as the user types)."""
    f = Fields()
    code = post_code_field(f, post, "post")
    why = f.text("reason", reason, N_("Reason"), required=True, max_length=MAX_REASON)
    f.done()
    return code, why


def return_month(book, post: str, month: str, reason: str) -> str:
    """Return a post's month for correction, with the reason the post will read; it travels
    in the next answer. The month must have been received."""
    _province_only(book)
    code, why = validate_return(post, reason)
    month_bounds(month)
    latest = book.db.execute(
        "SELECT max(sequence) FROM delivery WHERE post_code = ? AND month = ?", [code, month]
    ).fetchone()[0]
    if latest is None:
        raise ValidationError(
            {
                "month": _(
                    "No package of {post} for {month} was received: there is nothing to return."
                ).format(post=code, month=month)
            }
        )
    return book.records.insert(
        "month_return",
        {
            "to_post": code,
            "month": month,
            "sequence": latest,
            "reason": why,
            "returned_at": now_utc(),
        },
    )


@dataclass(frozen=True)
class MonthReturned:
    post: str
    month: str
    sequence: int  # the package returned
    reason: str
    returned_at: str
    answer: int | None  # the answer that carried it to the post (None: not yet written)


def returned_months(book, year: int) -> list[MonthReturned]:
    """At the province: the months of `year` returned to posts for correction, oldest first."""
    return [
        MonthReturned(*row)
        for row in book.db.execute(
            "SELECT to_post, month, sequence, reason, returned_at, answer FROM month_return "
            "WHERE post_code = ? AND month LIKE ? AND deleted_at IS NULL ORDER BY returned_at",
            [book.post.code, f"{year}-%"],
        )
    ]


def record_refusal(book, path: Path, reason: str) -> None:
    """Note a refused package of a registered post beside the book (never in it: a refusal
    leaves the book as it was), so that the post's next answer says why. Best effort."""
    match = _PACKAGE_FILE.match(path.name)
    if match is None or not book.post.is_province:
        return
    post, month, sequence = match[1], match[2], int(match[3])
    known = book.db.execute(
        "SELECT 1 FROM post WHERE code = ? AND is_self = 0 AND deleted_at IS NULL", [post]
    ).fetchone()
    if known is None:
        return
    entry = {
        "id": str(uuid.uuid4()),
        "post": post,
        "month": month,
        "sequence": sequence,
        "file": path.name[:200],
        "reason": reason[:MAX_REASON],
        "at": now_utc(),
    }
    with contextlib.suppress(OSError), open(_refusals_path(book), "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _refusals_path(book) -> Path:
    return Path(f"{book.path}.refusals")


def _refusals(book, post: str, since: str) -> list[dict]:
    try:
        lines = _refusals_path(book).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if entry.get("post") == post and entry.get("at", "") > since:
                found.append(entry)
    return found


@dataclass(frozen=True)
class AnswerMade:
    post: str
    path: Path | None  # None: nothing new for that post
    counts: dict


def make_answer(book, post: str, folder: str | Path) -> AnswerMade:
    """Write the answer to `post` holding what is new for it, into `folder`."""
    _province_only(book)
    code = (post or "").strip().upper()
    if not book.db.execute(
        "SELECT 1 FROM post WHERE code = ? AND is_self = 0 AND kind = 'post' "
        "AND deleted_at IS NULL",
        [code],
    ).fetchone():
        raise ValidationError(
            {
                "post": _("{code} is not a registered post (see `sodon post list`).").format(
                    code=code
                )
            }
        )
    last, since = book.db.execute(
        "SELECT coalesce(max(sequence), 0), coalesce(max(made_at), '') FROM answer "
        "WHERE post_code = ? AND to_post = ?",
        [book.post.code, code],
    ).fetchone()
    book.load_registers()  # as for a package: nothing left to load once the file is whole
    made_at = now_utc()
    rows = _news(book, code, since, made_at)
    counts = {table: len(found) for table, found in rows.items()}
    if not any(counts.values()):
        return AnswerMade(code, None, counts)
    sequence = last + 1
    folder = Path(folder).expanduser()
    final = folder / answer_name(book.post.code, code, sequence)
    with writing_out():
        work = Path(tempfile.mkdtemp(prefix="sodon-answer-"))
    try:
        _write(work / "data.sqlite", rows)
        key = keys.signing_key(book.path)
        manifest = {
            "kind": "answer",
            "format": ANSWER_FORMAT,
            "from": {"code": book.post.code, "name": book.post.name},
            "to": code,
            "sequence": sequence,
            "counts": counts,
            "members": {"data.sqlite": sha256(work / "data.sqlite")},
            "public_key": keys.public_text(key),
            "program": __version__,
            "made_at": made_at,
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        (work / "manifest.json").write_bytes(body)
        (work / "signature").write_bytes(keys.sign(key, body))
        zip_members(work, final, ANSWER_MEMBERS)
    except OSError as error:
        raise ValidationError({"out": disk_message(error)}) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    warnings = [sync_folder(final.parent)]
    try:
        _mark_answered(book, code, sequence, final.name, made_at, rows, counts)
    except SodonError as error:
        warnings.append(
            _(
                "the book could not record that it was made ({reason}); the next answer will "
                "carry the same news again."
            ).format(reason=error)
        )
    if any(warnings):
        raise PartlyDone(
            _("The answer is written to {path} and can be sent. However: {warnings}").format(
                path=final, warnings=" ".join(w for w in warnings if w)
            ),
            AnswerMade(code, final, counts),
        )
    return AnswerMade(code, final, counts)


def answer_all(book, folder: str | Path) -> list[AnswerMade | SodonError]:
    """An answer to every registered post that has news; each post's failure is its own."""
    _province_only(book)
    made: list[AnswerMade | SodonError] = []
    for (code,) in book.db.execute(
        "SELECT code FROM post WHERE is_self = 0 AND kind = 'post' AND deleted_at IS NULL "
        "ORDER BY code"
    ).fetchall():
        try:
            made.append(make_answer(book, code, folder))
        except PartlyDone as done:
            made.append(done.result)
        except SodonError as error:
            made.append(error)
    return made


def _news(book, post: str, since: str, until: str) -> dict[str, list[tuple]]:
    province = book.post.code
    db = book.db
    receipts = [
        (
            delivery_id,
            province,
            month,
            sequence,
            "replaced" if replaced else "imported",
            "",
            file_name,
            received_at,
            created,
            updated,
            None,
        )
        for delivery_id, month, sequence, file_name, received_at, created, updated, replaced in (
            db.execute(
                "SELECT d.id, d.month, d.sequence, d.file_name, d.received_at, d.created_at, "
                "d.updated_at, EXISTS (SELECT 1 FROM delivery e WHERE e.post_code = d.post_code "
                "AND e.month = d.month AND e.sequence < d.sequence) FROM delivery d "
                "WHERE d.post_code = ? AND d.answer IS NULL AND d.deleted_at IS NULL "
                "ORDER BY d.month, d.sequence",
                [post],
            ).fetchall()
        )
    ]
    receipts += [
        (
            entry["id"],
            province,
            entry["month"],
            entry["sequence"],
            "refused",
            entry["reason"],
            entry["file"],
            entry["at"],
            entry["at"],
            entry["at"],
            None,
        )
        for entry in _refusals(book, post, since)
        if entry.get("at", "") <= until
    ]
    returns = db.execute(
        "SELECT id, post_code, to_post, month, sequence, reason, returned_at, created_at, "
        "updated_at, deleted_at FROM month_return WHERE to_post = ? AND answer IS NULL "
        "AND deleted_at IS NULL",
        [post],
    ).fetchall()
    shipments = db.execute(
        "SELECT id, post_code, to_post, title, author, publisher, year, copies, sent_on, notes, "
        "created_at, updated_at, deleted_at FROM shipment WHERE to_post = ? AND answer IS NULL "
        "AND deleted_at IS NULL",
        [post],
    ).fetchall()
    targets = db.execute(  # removed ones too: the post removes them as well
        "SELECT id, post_code, to_post, year, indicator, content, target, notes, created_at, "
        "updated_at, deleted_at FROM plan_target WHERE post_code = ? AND to_post = ? "
        "AND sent_at IS NULL ORDER BY year, indicator, content",
        [province, post],
    ).fetchall()
    return {
        "package_receipt": receipts,
        "month_return": returns,
        "shipment": shipments,
        "plan_target": targets,
    }


def _write(target: Path, rows: dict[str, list[tuple]]) -> None:
    data = sqlite3.connect(target, isolation_level=None)
    try:
        data.execute(f"PRAGMA application_id = {ANSWER_APPLICATION_ID}")
        data.execute(f"PRAGMA user_version = {ANSWER_FORMAT}")
        data.execute("BEGIN")
        for statement in create_statements(ANSWER_TABLES):
            data.execute(statement)
        for table, columns in ANSWER_TABLES.items():
            data.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})", rows[table]
            )
        data.execute("COMMIT")
    finally:
        data.close()


def _mark_answered(book, post, sequence, file_name, made_at, rows, counts) -> None:
    db = book.db
    with book.records.transaction():
        book.records.insert(
            "answer",
            {
                "to_post": post,
                "sequence": sequence,
                "made_at": made_at,
                "file_name": file_name,
                "counts": json.dumps(counts),
            },
        )
        for table in ("delivery", "month_return", "shipment"):
            source = "package_receipt" if table == "delivery" else table
            db.conn.executemany(
                f"UPDATE {table} SET answer = ? WHERE id = ?",
                [(sequence, row[0]) for row in rows[source]],
            )
        db.conn.executemany(
            "UPDATE plan_target SET sent_at = ? WHERE id = ?",
            [(made_at, row[0]) for row in rows["plan_target"]],
        )


def _province_only(book) -> None:
    if not book.post.is_province:
        raise ValidationError({"post": _("Answers to posts are made at the provincial office.")})
