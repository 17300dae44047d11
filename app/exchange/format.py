"""The formats of the two packages: a post's monthly package (version 3; version 2 had no
loudspeaker stations, reviews or commendations, version 1 no receipts of publications either)
and the province's answer to a post (version 2; version 1 had no plan targets): their members,
size limits, and the tables and columns of their data.sqlite. Makers and readers both follow
this; a change here is a new format version, and readers keep reading the older ones."""

FORMAT = 3
SUFFIX = ".sodon"
MEMBERS = ("manifest.json", "signature", "data.sqlite", "report.pdf", "report.xlsx")
LIMITS = {  # bytes, when unpacked (a busy month's data is a few MB)
    "manifest.json": 2**20,
    "signature": 2**10,
    "data.sqlite": 2**25,
    "report.pdf": 2**25,
    "report.xlsx": 2**25,
}
MAX_ROWS = 300_000  # rows in one package, all tables together
DATA_APPLICATION_ID = 0x536F4450  # "SoDP": a package's data file

_COMMON = ("id", "post_code")
_STAMPS = ("created_at", "updated_at", "deleted_at")
_INTEGER = {
    "sort_order",
    "year",
    "birth_year",
    "walk_in",
    "quantity",
    "expected",
    "counted",
    "audience_total",
    "audience_women",
    "audience_ethnic",
    "audience_foreign",
    "copies",
    "sequence",
    "participants",
    "target",
}

# The tables in the order they are merged (a row's references come before it).
TABLES: dict[str, tuple[str, ...]] = {
    "post": (
        *_COMMON,
        "code",
        "name",
        "kind",
        "parent_unit",
        "province",
        "place",
        "commander",
        "clerk",
        *_STAMPS,
    ),
    "lookup": (*_COMMON, "list", "code", "name", "name_en", "sort_order", *_STAMPS),
    "cabinet": (
        *_COMMON,
        "name",
        "location_kind",
        "place",
        "keeper",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "title": (
        *_COMMON,
        "name",
        "kind",
        "author",
        "publisher",
        "year",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "course": (
        *_COMMON,
        "title",
        "organiser",
        "start_date",
        "end_date",
        "place",
        "plan_content_id",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "person": (
        *_COMMON,
        "full_name",
        "birth_year",
        "gender",
        "ethnicity",
        "unit",
        "position",
        "phone",
        "notes",
        "sort_key",
        "search_text",
        *_STAMPS,
    ),
    "enrolment": (*_COMMON, "course_id", "person_id", "walk_in", *_STAMPS),
    "session": (
        *_COMMON,
        "course_id",
        "date",
        "start_time",
        "place",
        "topic",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "attendance": (*_COMMON, "session_id", "person_id", "status", "notes", *_STAMPS),
    "loan": (
        *_COMMON,
        "cabinet_id",
        "title_id",
        "borrower",
        "borrower_unit",
        "quantity",
        "lent_on",
        "due_on",
        "returned_on",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "stocktake": (*_COMMON, "cabinet_id", "date", "state", "notes", "confirmed_at", *_STAMPS),
    "stocktake_line": (
        *_COMMON,
        "stocktake_id",
        "title_id",
        "expected",
        "counted",
        "notes",
        *_STAMPS,
    ),
    "movement": (
        *_COMMON,
        "date",
        "cabinet_id",
        "title_id",
        "kind",
        "quantity",
        "transfer_id",
        "loan_id",
        "stocktake_id",
        "counterparty",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    # Since format 3: the post's loudspeaker stations (all of them, as cabinets), the month's
    # changes of their states, reviews and commendations (with the reviews and people the
    # month's commendations name, whichever month they are of).
    "station": (
        *_COMMON,
        "name",
        "commune",
        "village",
        "installed_on",
        "funded_by",
        "notes",
        "sort_key",
        "search_text",
        *_STAMPS,
    ),
    "station_state": (*_COMMON, "station_id", "date", "state", "notes", "search_text", *_STAMPS),
    "review": (
        *_COMMON,
        "date",
        "kind",
        "level",
        "title",
        "period_from",
        "period_to",
        "participants",
        "chaired_by",
        "notes",
        "search_text",
        *_STAMPS,
    ),
    "commendation": (
        *_COMMON,
        "recipient_kind",
        "recipient",
        "person_id",
        "form",
        "authority",
        "decision_number",
        "decision_date",
        "reason",
        "review_id",
        "notes",
        "sort_key",
        "search_text",
        *_STAMPS,
    ),
    "activity": (
        *_COMMON,
        "date",
        "kind_id",
        "title",
        "commune",
        "village",
        "place",
        "audience_total",
        "audience_women",
        "audience_ethnic",
        "audience_foreign",
        "staff",
        "partners",
        "materials",
        "plan_content_id",
        "notes",
        "search_text",
        *_STAMPS,
        "station_id",  # since format 3
    ),
    "activity_topic": ("activity_id", "topic_id"),
    "activity_language": ("activity_id", "language_id"),
    # Since format 2: the post's receipts of the publications the province sent it (any
    # month's, not yet sent), without the post's own cabinet and movement.
    "shipment_receipt": (*_COMMON, "received_on", "copies", "notes", *_STAMPS),
}


_SINCE = {
    "shipment_receipt": 2,
    "station": 3,
    "station_state": 3,
    "review": 3,
    "commendation": 3,
}
_COLUMNS_SINCE = {("activity", "station_id"): 3}


def tables(format: int) -> dict[str, tuple[str, ...]]:
    """The tables of a monthly package of that format, with their columns then."""
    return {
        table: tuple(c for c in columns if _COLUMNS_SINCE.get((table, c), 1) <= format)
        for table, columns in TABLES.items()
        if _SINCE.get(table, 1) <= format
    }


# The province's answer to one post: what is new for it since the last answer.
ANSWER_FORMAT = 2
ANSWER_MEMBERS = ("manifest.json", "signature", "data.sqlite")
ANSWER_APPLICATION_ID = 0x536F4441  # "SoDA": an answer's data file
ANSWER_TABLES: dict[str, tuple[str, ...]] = {
    # what became of each package of the post (a copy of the province's `delivery`, or a
    # refusal)
    "package_receipt": (
        *_COMMON,
        "month",
        "sequence",
        "status",
        "reason",
        "file_name",
        "received_at",
        *_STAMPS,
    ),
    "month_return": (
        *_COMMON,
        "to_post",
        "month",
        "sequence",
        "reason",
        "returned_at",
        *_STAMPS,
    ),
    "shipment": (
        *_COMMON,
        "to_post",
        "title",
        "author",
        "publisher",
        "year",
        "copies",
        "sent_on",
        "notes",
        *_STAMPS,
    ),
    # since answer format 2: the post's targets of the year's plan, set, changed or removed
    "plan_target": (
        *_COMMON,
        "to_post",
        "year",
        "indicator",
        "content",
        "target",
        "notes",
        *_STAMPS,
    ),
}


def answer_tables(format: int) -> dict[str, tuple[str, ...]]:
    """The tables of an answer of that format."""
    return {t: c for t, c in ANSWER_TABLES.items() if format >= 2 or t != "plan_target"}


def create_statements(of: dict[str, tuple[str, ...]] = TABLES) -> list[str]:
    """The CREATE TABLE statements of a data.sqlite with tables `of` (no index, view or
    trigger)."""
    statements = []
    for table, columns in of.items():
        defined = ", ".join(f"{c} {'INTEGER' if c in _INTEGER else 'TEXT'}" for c in columns)
        statements.append(f"CREATE TABLE {table} ({defined}) STRICT")
    return statements


def package_name(post_code: str, month: str, sequence: int) -> str:
    return f"{post_code}_{month}_{sequence}{SUFFIX}"


def answer_name(province: str, post: str, sequence: int) -> str:
    """The answer's file name shows who sends it, to whom, and its number ("trả lời")."""
    return f"{province}_tra-loi_{post}_{sequence}{SUFFIX}"
