"""The way back, at a post: its provincial office registered, and the province's answers
read without trusting them and merged.

The post checks an answer as strictly as the province checks packages (members under caps,
every manifest field, the signature of its registered province, every member's SHA-256,
exactly the answer's tables, every row with the forms' rules), refuses an older answer after
a newer one, and merges it in one transaction; a refused answer leaves the post's book
byte-identical. Answers are made by `answers`.
"""

import contextlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from app.core.errors import ValidationError, disk_message
from app.core.plan import target_fields, target_id
from app.core.post import post_code_field
from app.core.shipments import shipment_fields
from app.core.validate import Fields
from app.exchange import keys
from app.exchange.answers import MAX_REASON
from app.exchange.envelope import (
    CODE,
    MONTH,
    PackageRefused,
    check_counts,
    read_data,
    refusal,
    refuse_wrong_fields,
    refused,
    text,
    unpack,
    whole,
)
from app.exchange.format import (
    ANSWER_APPLICATION_ID,
    ANSWER_FORMAT,
    ANSWER_MEMBERS,
    MEMBERS,
    answer_tables,
)
from app.exchange.rows import ID, stamp
from app.i18n import N_, _


def set_province(book, *, code: str, name: str, fingerprint: str) -> bool:
    """Register the post's provincial office and the fingerprint of its key (read from the
    province's paper); True if it was not registered before."""
    if book.post.is_province:
        raise ValidationError({"code": _("This is the provincial office's own book.")})
    f = Fields()
    code = post_code_field(f, code, "code")
    name = f.text("name", name, N_("Name"), required=True, max_length=200)
    typed = keys.parse_fingerprint(fingerprint)
    if typed is None:
        f.error(
            "fingerprint",
            N_("Fingerprint"),
            _("type the 24 letters and digits of the province's fingerprint (spaces allowed)."),
        )
    f.done()
    known = province_of(book)
    values = {"code": code, "name": name, "kind": "province", "fingerprint": typed}
    if known is None:
        book.records.insert("post", {**values, "is_self": 0, "public_key": ""})
        return True
    changes = dict(values)
    if known["fingerprint"] != typed:
        changes["public_key"] = ""  # the key of the new fingerprint comes with its answer
    book.records.update("post", known["id"], changes)
    return False


def province_of(book) -> dict | None:
    """The post's registered province: id, code, name, fingerprint, public_key."""
    row = book.db.execute(
        "SELECT id, code, name, fingerprint, public_key FROM post WHERE kind = 'province' "
        "AND is_self = 0 AND deleted_at IS NULL"
    ).fetchone()
    return (
        dict(zip(("id", "code", "name", "fingerprint", "public_key"), row, strict=True))
        if row
        else None
    )


class ProvinceUnknown(PackageRefused):
    """An answer from a province the post has not registered: imported only once the user has
    compared its fingerprint with the province's paper and accepts it."""

    def __init__(self, message: str, path: Path, fingerprint: str):
        super().__init__(message)
        self.path, self.fingerprint = path, fingerprint


@dataclass(frozen=True)
class AnswerManifest:
    province: str
    province_name: str
    to: str
    sequence: int
    public_key: str
    members: dict[str, str]
    counts: dict[str, int]
    made_at: str
    format: int


@dataclass
class Answer:
    path: Path
    manifest: AnswerManifest
    rows: dict[str, list[tuple]]
    status: str  # new or already
    record_key: bool  # the province's key is recorded with this answer


@dataclass(frozen=True)
class AnswerResult:
    file: str
    province: str
    sequence: int
    status: str
    counts: dict

    @property
    def message(self) -> str:
        if self.status == "already":
            return _("{file}: already imported; nothing changed.").format(file=self.file)
        return _(
            "{file}: answer {sequence} of {province} imported ({receipts} receipts, "
            "{returns} months returned, {shipments} publications sent, {targets} targets of "
            "the plan)."
        ).format(
            file=self.file,
            sequence=self.sequence,
            province=self.province,
            receipts=self.counts.get("package_receipt", 0),
            returns=self.counts.get("month_return", 0),
            shipments=self.counts.get("shipment", 0),
            targets=self.counts.get("plan_target", 0),
        )


def read_answer(book, path: Path, *, accept_new_key: bool = False) -> Answer:
    """Everything checked, nothing written."""
    if book.post.is_province:
        raise refused(path, _("an answer is imported at the post it is for."))
    work = Path(tempfile.mkdtemp(prefix="sodon-answer-"))
    try:
        try:
            members, digests = unpack(path, work, ANSWER_MEMBERS)
        except PackageRefused:
            if _is_monthly(path):
                raise refused(
                    path,
                    _("it is a post's monthly package; it is imported at the provincial office."),
                ) from None
            raise
        body = members["manifest.json"]
        manifest = _read_manifest(path, body)
        if manifest.province == book.post.code:
            raise refused(path, _("it carries this post's own code as its sender."))
        if manifest.to != book.post.code:
            raise refused(
                path,
                _("it is the answer to post {other}, not to {post}.").format(
                    other=manifest.to[:20], post=book.post.code
                ),
            )
        if not keys.verify(manifest.public_key, members["signature"], body):
            raise refused(
                path,
                _("its signature does not match its content (it was changed after the "
                  "province signed it)."),
            )  # fmt: skip
        if manifest.members.get("data.sqlite") != digests.get("data.sqlite"):
            raise refused(
                path, _("data.sqlite is not the file the province sent (its SHA-256 differs).")
            )
        record_key = _check_province(book, path, manifest, accept_new_key)
        rows = read_data(
            path,
            work / "data.sqlite",
            manifest.counts,
            answer_tables(manifest.format),
            application_id=ANSWER_APPLICATION_ID,
            newest=ANSWER_FORMAT,
        )
    except OSError as error:
        raise refused(path, disk_message(error)) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = _check_rows(book, path, manifest, rows)
    latest = book.db.execute(
        "SELECT max(sequence) FROM answer WHERE post_code = ? AND to_post = ?",
        [manifest.province, book.post.code],
    ).fetchone()[0]
    if latest is not None and manifest.sequence < latest:
        raise refused(
            path,
            _("it is answer {sequence}, but the later answer {newer} was already imported.").format(
                sequence=manifest.sequence, newer=latest
            ),
        )
    status = "already" if manifest.sequence == latest else "new"
    return Answer(path, manifest, rows, status, record_key)


def merge_answer(book, answer: Answer) -> AnswerResult:
    manifest = answer.manifest
    counts = {table: len(rows) for table, rows in answer.rows.items()}
    result = AnswerResult(
        answer.path.name, manifest.province, manifest.sequence, answer.status, counts
    )
    if answer.status == "already":
        return result
    db = book.db
    with book.records.transaction():
        if answer.record_key:
            _register_key(book, manifest)
        for table, columns in answer_tables(manifest.format).items():
            rows = answer.rows[table]
            if not rows:
                continue
            marks = ", ".join("?" for _ in columns)
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
            db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                rows,
            )
        book.records.insert(
            "answer",
            {
                "post_code": manifest.province,
                "to_post": book.post.code,
                "sequence": manifest.sequence,
                "made_at": manifest.made_at,
                "file_name": answer.path.name,
                "counts": json.dumps(counts),
            },
        )
    return result


def _is_monthly(path: Path) -> bool:
    """Whether the file holds a post's monthly package's members (to say so when refused)."""
    with (
        contextlib.suppress(OSError, zipfile.BadZipFile, ValueError),
        zipfile.ZipFile(path) as archive,
    ):
        return sorted(archive.namelist()) == sorted(MEMBERS)
    return False


def _read_manifest(path: Path, body: bytes) -> AnswerManifest:
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise refused(path, _("its manifest cannot be read.")) from None
    if not isinstance(data, dict) or data.get("kind") != "answer":
        raise refused(path, _("it is not an answer of a provincial office."))
    f = Fields()
    fmt = whole(f, "format", data.get("format"), 1, 10**6)
    if fmt is not None and fmt > ANSWER_FORMAT:
        raise refused(path, _("it was made by a newer version of Sổ Đồn; install it first."))
    sender = data.get("from") if isinstance(data.get("from"), dict) else {}
    code = sender.get("code")
    if not (isinstance(code, str) and CODE.match(code)):
        f.error("from.code", "from.code", _("it is not a code of a provincial office."))
    name = text(f, "from.name", sender.get("name"), 200, required=True)
    to = data.get("to")
    sequence = whole(f, "sequence", data.get("sequence"), 1, 10**6)
    public = data.get("public_key")
    if not (isinstance(public, str) and len(public) < 100):
        f.error("public_key", "public_key", _("it is not a public key."))
    members = data.get("members")
    if not (
        isinstance(members, dict)
        and sorted(members) == ["data.sqlite"]
        and all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in members.values())
    ):
        f.error("members", "members", _("it does not list a SHA-256 for each file."))
    check_counts(f, data.get("counts"), answer_tables(fmt or ANSWER_FORMAT))
    stamp(f, "made_at", data.get("made_at"), required=True)
    text(f, "program", data.get("program", ""), 40)
    if not (isinstance(to, str) and CODE.match(to)):
        f.error("to", "to", _("it is not a post's code."))
    refuse_wrong_fields(path, f)
    return AnswerManifest(
        code,
        name,
        to,
        sequence,
        public,
        dict(members),
        dict(data["counts"]),
        data["made_at"],
        fmt or 1,
    )


def _check_province(book, path: Path, manifest: AnswerManifest, accept_new_key: bool) -> bool:
    """The answer must come from the post's province, signed with its key; whether the key
    is to be recorded with it (the first answer, or a new key the user accepted)."""
    known = province_of(book)
    fingerprint = keys.fingerprint(manifest.public_key)
    if known is not None and known["code"] != manifest.province:
        raise refused(
            path,
            _(
                "it comes from {code} ({name}), but this post's provincial office is {registered}."
            ).format(code=manifest.province, name=manifest.province_name, registered=known["code"]),
        )
    if known is None:
        if accept_new_key:
            return True
        raise ProvinceUnknown(
            refusal(
                path,
                _(
                    "this post has not registered its provincial office yet. The answer comes "
                    "from {code} ({name}) with the fingerprint {fingerprint}: compare it with "
                    "the one on the province's paper, then accept it (sodon import "
                    "--accept-new-key, or answer yes in the window), or register the province "
                    "first with `sodon province set`."
                ).format(
                    code=manifest.province, name=manifest.province_name, fingerprint=fingerprint
                ),
            ),
            path,
            fingerprint,
        )
    if known["public_key"]:
        if known["public_key"] == manifest.public_key:
            return False
        if accept_new_key:
            return True
        raise ProvinceUnknown(
            refusal(
                path,
                _(
                    "the provincial office now signs with a new key (fingerprint "
                    "{fingerprint}). If it really has a new computer, compare the fingerprint "
                    "with its paper and accept it (sodon import --accept-new-key); otherwise "
                    "ask the province."
                ).format(fingerprint=fingerprint),
            ),
            path,
            fingerprint,
        )
    if known["fingerprint"] != fingerprint:
        raise refused(
            path,
            _(
                "it is signed with a key whose fingerprint is {fingerprint}, but the province is "
                "registered with {registered}. Call the province and compare the fingerprint."
            ).format(fingerprint=fingerprint, registered=known["fingerprint"]),
        )
    return True


def _register_key(book, manifest: AnswerManifest) -> None:
    known = province_of(book)
    values = {
        "public_key": manifest.public_key,
        "fingerprint": keys.fingerprint(manifest.public_key),
    }
    if known is None:
        book.records.insert(
            "post",
            {
                "code": manifest.province,
                "name": manifest.province_name,
                "kind": "province",
                "is_self": 0,
                **values,
            },
        )
    else:
        book.records.update("post", known["id"], values)


_NOUNS = {
    "package_receipt": N_("receipt of a package"),
    "month_return": N_("month returned"),
    "shipment": N_("publication sent"),
    "plan_target": N_("target of the plan"),
}


def _check_rows(book, path: Path, manifest: AnswerManifest, rows: dict) -> dict:
    """Every row checked with the forms' rules, for this post and from this province."""
    me, province = book.post.code, manifest.province
    checked = {}
    for table, columns in answer_tables(manifest.format).items():
        seen, kept = set(), []
        for number, raw in enumerate(rows[table], start=1):
            row = dict(zip(columns, raw, strict=True))
            f = Fields()
            if not (isinstance(row["id"], str) and ID.match(row["id"])):
                f.error("id", N_("Id"), _("it is not an id that Sổ Đồn makes."))
            if row["id"] in seen:
                f.error("id", N_("Id"), _("it appears twice in the package."))
            seen.add(row["id"])
            if row["post_code"] != province:
                f.error(
                    "post_code",
                    N_("Post"),
                    _("it does not come from {code}.").format(code=province),
                )
            if "to_post" in row and row["to_post"] != me:
                f.error("to_post", N_("Post"), _("it is for post {other}, not for {post}.").format(
                    other=str(row["to_post"])[:20], post=me))  # fmt: skip
            for name, required in (
                ("created_at", True),
                ("updated_at", True),
                ("deleted_at", False),
            ):
                stamp(f, name, row[name], required=required)
            if "month" in row and not (isinstance(row["month"], str) and MONTH.match(row["month"])):
                f.error("month", N_("Month"), _("it is not a month as YYYY-MM."))
            values = _CHECKS[table](f, row)
            held = book.db.execute(
                f"SELECT post_code FROM {table} WHERE id = ?", [row["id"]]
            ).fetchone() if isinstance(row["id"], str) else None  # fmt: skip
            # a post's own record is never overwritten (a target once given by another
            # sender, e.g. the demo's, is the province's to replace)
            if held is not None and held[0] == me:
                f.error("id", N_("Id"), _("its id is that of a record of this post."))
            if f.errors:
                raise refused(
                    path,
                    _("{noun} no. {number} ({id}): {rule}").format(
                        noun=_(_NOUNS[table]).capitalize(),
                        number=number,
                        id=str(row["id"])[:40],
                        rule=next(iter(f.errors.values())),
                    ),
                )
            row.update({k: v for k, v in values.items() if k in row and v is not None})
            kept.append(tuple(row[c] for c in columns))
        checked[table] = kept
    return checked


def _receipt(f: Fields, row: dict) -> dict:
    whole(f, "sequence", row["sequence"], 1, 10**6)
    if row["status"] not in ("imported", "replaced", "refused"):
        f.error("status", N_("State"), _("it is not a state of a received package."))
    text(f, "reason", row["reason"], MAX_REASON)
    text(f, "file_name", row["file_name"], 200)
    stamp(f, "received_at", row["received_at"], required=True)
    return {}


def _return(f: Fields, row: dict) -> dict:
    whole(f, "sequence", row["sequence"], 1, 10**6)
    text(f, "reason", row["reason"], MAX_REASON, required=True)
    stamp(f, "returned_at", row["returned_at"], required=True)
    return {}


def _shipment(f: Fields, row: dict) -> dict:
    return shipment_fields(f, SimpleNamespace(**row))


def _target(f: Fields, row: dict) -> dict:
    values = target_fields(f, SimpleNamespace(**row))
    if not f.errors and row["id"] != target_id(
        row["to_post"], row["year"], row["indicator"], row["content"]
    ):
        f.error("id", N_("Id"), _("it is not the id of this post's target."))
    return values


_CHECKS = {
    "package_receipt": _receipt,
    "month_return": _return,
    "shipment": _shipment,
    "plan_target": _target,
}
