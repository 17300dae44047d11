"""The post (or provincial office) a book belongs to: its code, name and letterhead details,
and the rules they are checked by (in the window, the command line and the province's import)."""

import re
from dataclasses import dataclass

from app.core.validate import Fields
from app.i18n import N_, _

_POST_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")


POST_DETAILS = {
    "name": N_("Post name"),
    "parent_unit": N_("Superior unit"),
    "province": N_("Province"),
    "place": N_("Place on documents"),
    "commander": N_("Commander"),
    "clerk": N_("Clerk"),
}


def post_code_field(f: Fields, value: object, name: str = "post_code") -> str:
    """A post's code: 2 to 16 capital letters, digits or dashes."""
    code = f.text(name, value, N_("Post code"), required=True).upper()
    if code and not _POST_CODE.match(code):
        f.error(
            name,
            N_("Post code"),
            _("use 2 to 16 capital letters, digits or dashes, without accents, e.g. DBP-LUNGCU."),
        )
    return code


def new_book_fields(
    post_code: object, post_name: object, clerk: object = "", *, clerk_required: bool = False
) -> tuple[str, str, str]:
    """A new book's post code, post name and clerk, checked; ValidationError by field."""
    fields = Fields()
    code = post_code_field(fields, post_code)
    name = fields.text("post_name", post_name, N_("Post name"), required=True, max_length=200)
    clerk = fields.text("clerk", clerk, N_("Clerk"), required=clerk_required, max_length=200)
    fields.done()
    return code, name, clerk


def post_details(f: Fields, values: dict) -> dict:
    """The post's name (required) and letterhead details, each at most 200 characters."""
    return {
        key: f.text(key, value, POST_DETAILS[key], required=key == "name", max_length=200)
        for key, value in values.items()
    }


@dataclass(frozen=True)
class Post:
    """The post (or provincial office) a book belongs to, with its letterhead details."""

    id: str
    code: str
    name: str
    kind: str
    parent_unit: str
    province: str
    place: str
    commander: str
    clerk: str

    @property
    def is_province(self) -> bool:
        return self.kind == "province"
