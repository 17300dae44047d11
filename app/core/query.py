"""Query pieces shared by every register: search conditions and paging.

Search: each typed word must begin a word of the record, accents, case and đ/Đ ignored
("nguyen" finds "Nguyễn", "dong" finds "Đồng")."""

from app.core.text import search_words

# The large registers are searched through their FTS5 index; the small ones by LIKE over
# the same folded words, which gives the same matches.
FTS_TABLES = frozenset({"activity", "movement"})


def matches(table: str, text: str | None, *, alias: str | None = None) -> tuple[str, list]:
    """An SQL condition and its parameters keeping the records of `table` that match `text`."""
    words = search_words(text or "")
    if not words:
        return "1", []
    name = alias or table
    if table in FTS_TABLES:
        query = " ".join(f'"{word}"*' for word in words)
        return f"{name}.n IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)", [query]
    return words_match(f"{name}.search_text", text)


def words_match(expression: str, text: str | None) -> tuple[str, list]:
    """Like `matches`, over any SQL expression of folded words (e.g. two joined tables)."""
    words = search_words(text or "")
    if not words:
        return "1", []
    condition = " AND ".join(f"(' ' || {expression}) LIKE ?" for _ in words)
    return condition, [f"% {word}%" for word in words]


def paged(db, sql: str, params: list, limit: int | None, offset: int = 0) -> list[tuple]:
    """Rows of a query, `limit` of them from `offset` (all when `limit` is None)."""
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return db.execute(sql, params).fetchall()
