"""Query pieces shared by every register: search conditions and paging.

Search: each typed word must begin a word of the record, accents, case and đ/Đ ignored
("nguyen" finds "Nguyễn", "dong" finds "Đồng"). The two large registers (activity,
movement) are searched through their FTS5 index, walked newest first; the small ones by
LIKE over the same folded words, which finds the same records.
"""

from app.core.text import search_words

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


def paged(db, sql: str, params: list, limit: int | None, offset: int = 0) -> list[tuple]:
    """Rows of a query, `limit` of them from `offset` (all when `limit` is None)."""
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return db.execute(sql, params).fetchall()


def order_by(sort: str | None, columns: dict[str, str], default: str) -> str:
    """An ORDER BY clause for a column the user clicked ("audience_total", or "-audience_total"
    for descending); the list's own order when the column cannot be sorted on."""
    if sort:
        descending = sort.startswith("-")
        expression = columns.get(sort.lstrip("-"))
        if expression:
            return f"{expression} {'DESC' if descending else 'ASC'}, {default}"
    return default
