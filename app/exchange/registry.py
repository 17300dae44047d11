"""The provincial office's register of its posts: who may send packages, and with which key.

A post is registered by code and name (and its commune or district), with the fingerprint
of its signing key when the province has it (read over the phone from the post's Settings,
or from its monthly report). A registered post without a fingerprint has its key recorded
from its first package. The reporting table lists every registered post, so a post that
never sent anything shows as missing."""

from dataclasses import dataclass

from app.core.errors import ValidationError
from app.core.post import post_code_field
from app.core.validate import Fields
from app.exchange import keys
from app.i18n import N_, _


@dataclass(frozen=True)
class RegisteredPost:
    code: str
    name: str
    area: str
    fingerprint: str  # "" until the province knows it
    last_month: str  # the latest month received, "" if none

    @property
    def key_known(self) -> bool:
        return bool(self.fingerprint)


def registered(book) -> list[RegisteredPost]:
    """Every registered post, by code."""
    rows = book.db.execute(
        "SELECT p.code, p.name, p.area, p.fingerprint, p.public_key, "
        "(SELECT max(month) FROM delivery d WHERE d.post_code = p.code) "
        "FROM post p WHERE p.is_self = 0 AND p.deleted_at IS NULL ORDER BY p.code"
    )
    return [
        RegisteredPost(code, name, area, fingerprint or _fingerprint_of(public), last or "")
        for code, name, area, fingerprint, public, last in rows
    ]


def find(book, code: str) -> RegisteredPost | None:
    return next((p for p in registered(book) if p.code == code), None)


def validate(book, *, code: str, name: str, area: str = "", fingerprint: str = "") -> dict:
    """The post's fields as they would be registered, or ValidationError by field."""
    if not book.post.is_province:
        raise ValidationError(
            {"code": _("Only a provincial office's book keeps a register of posts.")}
        )
    f = Fields()
    values = {
        "code": post_code_field(f, code, "code"),
        "name": f.text("name", name, N_("Post name"), required=True, max_length=200),
        "area": f.text("area", area, N_("Commune or district"), max_length=200),
    }
    typed = f.text("fingerprint", fingerprint, N_("Fingerprint"), max_length=60)
    values["fingerprint"] = keys.parse_fingerprint(typed) if typed else ""
    if values["fingerprint"] is None:
        f.error(
            "fingerprint",
            N_("Fingerprint"),
            _("type the 24 letters and digits shown in the post's Settings, e.g. ABCD EFGH …"),
        )
    if values["code"] == book.post.code:
        f.error("code", N_("Post code"), _("that is the provincial office's own code."))
    f.done()
    return values


def register(book, *, code: str, name: str, area: str = "", fingerprint: str = "") -> bool:
    """Register a post, or change the name, area or fingerprint of a registered one (a new
    fingerprint replaces the key the province knew). True when the post is new."""
    values = validate(book, code=code, name=name, area=area, fingerprint=fingerprint)
    code, standard = values.pop("code"), values.pop("fingerprint")
    row = book.db.execute("SELECT id, public_key FROM post WHERE code = ?", [code]).fetchone()
    if row is None:
        book.records.insert(
            "post",
            {**values, "code": code, "post_code": code, "kind": "post", "fingerprint": standard},
        )
        return True
    record_id, public = row
    if standard and standard != _fingerprint_of(public):
        values |= {"fingerprint": standard, "public_key": ""}  # the next package brings the key
    book.records.update("post", record_id, values)
    return False


def _fingerprint_of(public: str) -> str:
    return keys.fingerprint(public) if public else ""
