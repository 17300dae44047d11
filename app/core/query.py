"""Query pieces shared by every register: search conditions, paging, rows made from a
query's named columns, and `Listing`, the one skeleton of every register's list.

Search: each typed word must begin a word of the record, accents, case and đ/Đ ignored
("nguyen" finds "Nguyễn", "dong" finds "Đồng"). The two large registers (activity,
movement) are searched through their FTS5 index, walked newest first; the small ones by
LIKE over the same folded words, which finds the same records.
"""

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypedDict, TypeVar

from app.core.text import search_words

T = TypeVar("T")

# What is looked for is bounded whatever is typed or pasted (a page of text would otherwise
# make a condition too large for SQLite): its first distinct words, each cut to a length no
# real word reaches.
MAX_WORDS = 16
MAX_WORD = 40


def typed_words(text: str | None) -> list[str]:
    """The folded words to look for in what the user typed."""
    words = dict.fromkeys(word[:MAX_WORD] for word in search_words(text or ""))
    return list(words)[:MAX_WORDS]


def fts_query(text: str | None) -> str | None:
    """The FTS5 MATCH expression for what the user typed (None when nothing to look for)."""
    words = typed_words(text)
    return " ".join(f'"{word}"*' for word in words) if words else None


def matches(table: str, text: str | None, *, alias: str | None = None) -> tuple[str, list]:
    """An SQL condition and its parameters keeping the records of `table` that match `text`."""
    return words_match(f"{alias or table}.search_text", text)


def words_match(expression: str, text: str | None) -> tuple[str, list]:
    """Like `matches`, over any SQL expression of folded words (e.g. two joined tables)."""
    words = typed_words(text)
    if not words:
        return "1", []
    condition = " AND ".join(f"(' ' || {expression}) LIKE ?" for _ in words)
    return condition, [f"% {word}%" for word in words]


def of_post(alias: str, post: str | None) -> tuple[str, list]:
    """A condition keeping one post's records (at the provincial office), or every record."""
    return (f"{alias}.post_code = ?", [post]) if post else ("1", [])


def paged(db, sql: str, params: Sequence, limit: int | None, offset: int = 0):
    """The cursor of a query, `limit` rows from `offset` (all when `limit` is None)."""
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return db.execute(sql, params)


def row_maker(
    row_type: type[T], description: Sequence, **computed: Callable[[dict], object]
) -> Callable[[tuple], T]:
    """What makes a `row_type` of each row of a query: every column goes to the field of its
    name (`SELECT … AS field`; `cursor.description`), and `computed` fills fields from the
    row's columns (or converts a column of the same name). Checked once against the dataclass: a column it lacks, or a field without
    a default that nothing fills, is an error here, not a value in the wrong field."""
    names = [column[0] for column in description]
    fields = {field.name: field for field in dataclasses.fields(row_type) if field.init}
    unknown = [name for name in names if name not in fields]
    unfilled = [
        name
        for name, field in fields.items()
        if name not in names
        and name not in computed
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    ]
    if unknown or unfilled:
        raise TypeError(
            f"{row_type.__name__}: the query's columns {unknown} are not fields, "
            f"the fields {unfilled} are not columns"
        )
    if not computed and names == list(fields):
        return lambda row: row_type(*row)  # the same names in the same order

    def make(row: tuple) -> T:
        values = dict(zip(names, row, strict=True))
        return row_type(**(values | {name: fill(values) for name, fill in computed.items()}))

    return make


def rows_as(row_type: type[T], cursor, **computed: Callable[[dict], object]) -> list[T]:
    """Every row of `cursor` as a `row_type` (see `row_maker`)."""
    make = row_maker(row_type, cursor.description, **computed)
    return [make(row) for row in cursor]


class Page(TypedDict, total=False):
    """What every register's list takes besides its own filters (`**page: Unpack[Page]`):
    what the user typed, one post's records (at the provincial office), the column sorted on
    ("-" first for descending), and which rows."""

    search: str | None
    post: str | None
    sort: str | None
    limit: int | None
    offset: int


@dataclasses.dataclass(frozen=True)
class Listing(Generic[T]):
    """A register's list, declared once: the SELECT that reads it (up to its FROM and JOINs),
    the table whose rows are listed (`alias`: not deleted, of one post), the words searched,
    the columns a user may sort on and the list's own order. A register's method adds its
    filters and calls `fetch`."""

    row: type[T]
    select: str
    alias: str
    sorts: Mapping[str, str]
    order: str
    searched: str = ""  # an SQL expression of folded words; the listed table's by default
    group_by: str = ""

    def fetch(
        self,
        db,
        *,
        where: Sequence[str] = (),
        params: Sequence = (),
        search: str | None = None,
        post: str | None = None,
        sort: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        having: str = "",
        select_params: Sequence = (),
    ) -> list[T]:
        """The rows kept by `where` (with `params`), what the user typed in `search`, and the
        post; sorted by the column the user clicked (`sort`, "-" for descending)."""
        mine, code = of_post(self.alias, post)
        found, words = words_match(self.searched or f"{self.alias}.search_text", search)
        conditions = [f"{self.alias}.deleted_at IS NULL", *where, mine, found]
        sql = f"{self.select} WHERE {' AND '.join(conditions)}"
        if self.group_by:
            sql += f" GROUP BY {self.group_by}"
        if having:
            sql += f" HAVING {having}"
        sql += f" ORDER BY {order_by(sort, self.sorts, self.order)}"
        cursor = paged(db, sql, [*select_params, *params, *code, *words], limit, offset)
        return rows_as(self.row, cursor)


def order_by(sort: str | None, columns: dict[str, str], default: str) -> str:
    """An ORDER BY clause for a column the user clicked ("audience_total", or "-audience_total"
    for descending); the list's own order when the column cannot be sorted on."""
    if sort:
        descending = sort.startswith("-")
        expression = columns.get(sort.lstrip("-"))
        if expression:
            return f"{expression} {'DESC' if descending else 'ASC'}, {default}"
    return default
