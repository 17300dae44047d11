"""The monthly package's format (version 1): its members, their size limits, and the tables
and columns of its data.sqlite. Exporter and importer both follow this; a change here is a
new format version."""

FORMAT = 1
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
    ),
    "activity_topic": ("activity_id", "topic_id"),
    "activity_language": ("activity_id", "language_id"),
}


def create_statements() -> list[str]:
    """The CREATE TABLE statements of a package's data.sqlite (no index, view or trigger)."""
    statements = []
    for table, columns in TABLES.items():
        defined = ", ".join(f"{c} {'INTEGER' if c in _INTEGER else 'TEXT'}" for c in columns)
        statements.append(f"CREATE TABLE {table} ({defined}) STRICT")
    return statements


def package_name(post_code: str, month: str, sequence: int) -> str:
    return f"{post_code}_{month}_{sequence}{SUFFIX}"
