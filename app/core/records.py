"""The one place every write goes through: text stored NFC, timestamps, `search_text`,
soft delete and the change log, all inside one transaction."""

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from app.core.dates import now_utc
from app.core.errors import RecordNotFound, explain_sqlite_error, is_storage_error
from app.core.text import clean, search_text
from app.i18n import _

# Fields that keep their line breaks; every other text field is stored as one line.
MULTILINE = frozenset({"notes", "materials"})
# Link tables of a record: link table → (column naming the owner, column naming the target).
LINKS = {
    "activity_topic": ("activity_id", "topic_id"),
    "activity_language": ("activity_id", "language_id"),
}
# Not written in an insert's change-log entry: derived, or in the change row already.
_NOT_LOGGED = frozenset({"n", "search_text", "id", "created_at", "updated_at"})
# Tables whose integer key `n` orders them by date (see db/migrations/0001_initial.sql).
DATE_KEYED = {"activity": "date", "movement": "date"}
KEY_SPAN = 1_000_000
# Derived keys the program computes; stored exactly as computed.
_DERIVED = frozenset({"sort_key", "search_text"})


def day_key(day: object) -> int:
    """The first key `n` of a day: records of that day get day_key + 1, + 2, ..."""
    return date.fromisoformat(str(day)[:10]).toordinal() * KEY_SPAN


def key_range(first: object, last: object) -> tuple[int, int]:
    """The keys `n` of the records dated from `first` to `last`, both included."""
    return day_key(first), day_key(last) + KEY_SPAN - 1


def new_id() -> str:
    return str(uuid.uuid4())


REF_LENGTH = 8


def short_ref(record_id: str) -> str:
    """The start of a record's id that lists show and commands accept in its place."""
    return record_id[:REF_LENGTH]


def starting_with(db, table: str, typed: str) -> list[str]:
    """The ids (two at the most) of the live records of `table` whose id begins with the
    reference a user typed (at least 4 of its characters; a whole id works too)."""
    wanted = (typed or "").strip().lower()
    if len(wanted) < 4 or not all(c in "0123456789abcdef-" for c in wanted):
        return []
    return [
        record_id
        for (record_id,) in db.execute(
            f"SELECT id FROM [{table}] WHERE deleted_at IS NULL AND id >= ? AND id < ? LIMIT 2",
            [wanted, wanted + "~"],
        )
    ]


def the_one(found: list[str], typed: str, missing: str) -> str:
    """The single id a user's reference named; RecordNotFound saying `missing` when it named
    none, or asking for more of the reference when it named several."""
    if not found:
        raise RecordNotFound(missing)
    if len(found) > 1:
        raise RecordNotFound(
            _("Several records begin with “{typed}”; type more of the reference.").format(
                typed=(typed or "")[:40]
            )
        )
    return found[0]


def cleaned(values: Mapping[str, object]) -> dict[str, object]:
    """Values as they are stored: every text NFC, trimmed, without control characters."""
    return {
        key: clean(value, multiline=key in MULTILINE)
        if isinstance(value, str) and key not in _DERIVED
        else value
        for key, value in values.items()
    }


class Store:
    """The book's connection as the core uses it: reads run on it directly; transactions are
    sqlite-utils' `atomic()` (nested blocks become savepoints), loaded at the first write so
    that opening a book to read it stays quick."""

    def __init__(self, connection: sqlite3.Connection):
        self.conn = connection
        self._utils = None

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    @property
    def utils(self):
        """The sqlite-utils Database over this connection."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn)
        return self._utils

    def atomic(self):
        return self.utils.atomic()


class Records:
    """Inserts, updates, soft deletes and restores records of one book, logging each change."""

    def __init__(self, db: Store, *, post_code: str, user: str):
        self.db = db
        self.post_code = post_code
        self.user = user
        self._column_cache: dict[str, list[str]] = {}
        # Called before every write with (table, before, after, changed fields); it raises to
        # refuse (the book sets it to the lock on approved months).
        self.guard = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing unit of work; nested blocks become savepoints."""
        try:
            with self.db.atomic():
                yield
        except sqlite3.DatabaseError as error:
            if is_storage_error(error):
                raise explain_sqlite_error(error) from error
            raise

    def get(self, table: str, record_id: str, *, deleted: bool = False) -> dict:
        """The record as stored; RecordNotFound if it is missing or (unless asked) deleted."""
        row = self.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]).fetchone()
        if row is None:
            raise RecordNotFound(_("The record was not found; it may have been removed."))
        record = dict(zip(self._columns(table), row, strict=True))
        if record.get("deleted_at") and not deleted:
            raise RecordNotFound(_("The record was deleted; restore it before changing it."))
        return record

    def insert(
        self,
        table: str,
        values: Mapping[str, object],
        *,
        search: Sequence[object] = (),
        links: Mapping[str, Iterable[str]] | None = None,
    ) -> str:
        """Add a record; returns its new id."""
        return self.insert_many(table, [values], searches=[search], links=[links or {}])[0]

    def insert_many(
        self,
        table: str,
        rows: Sequence[Mapping[str, object]],
        *,
        searches: Sequence[Sequence[object]] | None = None,
        links: Sequence[Mapping[str, Iterable[str]]] | None = None,
    ) -> list[str]:
        """Add records (all with the same fields); returns their new ids in order."""
        if not rows:
            return []
        now = now_utc()
        columns = self._columns(table)
        prepared = []
        for index, values in enumerate(rows):
            row = {
                "id": new_id(),
                "post_code": self.post_code,
                "created_at": now,
                "updated_at": now,
            }
            row.update(cleaned(values))
            if "search_text" in columns:
                row["search_text"] = search_text(*(searches[index] if searches else ()))
            prepared.append(row)
        if self.guard is not None:
            for row in prepared:
                self.guard(table, None, row, set(row))
        link_rows: dict[str, list[tuple[str, str]]] = {}
        changes = []
        for index, row in enumerate(prepared):
            row_links = {}
            for link, targets in (links[index] if links else {}).items():
                row_links[link] = sorted(set(targets))
                link_rows.setdefault(link, []).extend((row["id"], t) for t in row_links[link])
            after = _compact({**row, **row_links})
            changes.append((now, self.user, table, row["id"], "insert", None, _json(after)))
        with self.transaction():
            if table in DATE_KEYED:
                keys = DateKeys(self.db, table)
                for row in prepared:
                    row["n"] = keys.next(row[DATE_KEYED[table]])
            names = list(prepared[0])
            self.db.conn.executemany(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [[row[c] for c in names] for row in prepared],
            )
            for link, pairs in link_rows.items():
                owner, target = LINKS[link]
                self.db.conn.executemany(
                    f"INSERT INTO [{link}] ([{owner}], [{target}]) VALUES (?, ?)", pairs
                )
            self.db.conn.executemany(
                "INSERT INTO change (at, user, table_name, record_id, action, before, after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                changes,
            )
        return [str(row["id"]) for row in prepared]

    def update(
        self,
        table: str,
        record_id: str,
        values: Mapping[str, object],
        *,
        search: Sequence[object] | None = None,
        links: Mapping[str, Iterable[str]] | None = None,
        note: Mapping[str, object] | None = None,
    ) -> dict:
        """Change some fields of a record; returns the record as it now is.

        The change log keeps the fields that changed, as they were and as they are, and the
        `note` (e.g. why a month was unlocked).
        """
        now = now_utc()
        with self.transaction():
            before = self.get(table, record_id)
            changes = cleaned(values)
            before_links = self._read_links(record_id, links)
            wanted_links = {link: sorted(set(ids)) for link, ids in (links or {}).items()}
            changed = {k: v for k, v in changes.items() if before.get(k) != v}
            changed_links = {k: v for k, v in wanted_links.items() if before_links[k] != v}
            if not changed and not changed_links:
                return before
            if self.guard is not None:
                self.guard(table, before, {**before, **changes}, set(changed) | set(changed_links))
            if search is not None:
                changes["search_text"] = search_text(*search)
            if table in DATE_KEYED and DATE_KEYED[table] in changed:
                changes["n"] = DateKeys(self.db, table).next(changed[DATE_KEYED[table]])
            changes["updated_at"] = now
            self._set(table, record_id, changes)
            self._write_links(record_id, changed_links)
            self._log(
                table,
                record_id,
                "update",
                {**{k: before[k] for k in changed}, **{k: before_links[k] for k in changed_links}},
                {**changed, **changed_links, **(note or {})},
                now,
            )
        return {**before, **changes}

    def delete(self, table: str, record_id: str) -> None:
        """Soft delete: the record disappears from lists and can be restored."""
        self._mark(table, record_id, deleted=True)

    def restore(self, table: str, record_id: str) -> None:
        """Undo a soft delete."""
        self._mark(table, record_id, deleted=False)

    def reindex(self, table: str, texts: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Refresh the derived `search_text` of records, e.g. after a list item was renamed.

        Not a change of the records themselves, so it is not logged.
        """
        with self.transaction():
            self.db.conn.executemany(
                f"UPDATE [{table}] SET search_text = ? WHERE id = ?",
                [(search_text(*parts), record_id) for record_id, parts in texts],
            )

    def log(self, table: str, record_id: str, action: str, *, before=None, after=None) -> None:
        """A change-log entry for something that is not a single row (e.g. a restored book)."""
        self._log(table, record_id, action, before, after, now_utc())

    def _mark(self, table: str, record_id: str, *, deleted: bool) -> None:
        now = now_utc()
        with self.transaction():
            before = self.get(table, record_id, deleted=True)
            if bool(before["deleted_at"]) == deleted:
                return
            if self.guard is not None:
                self.guard(table, before, before, {"deleted_at"})
            changes = {"deleted_at": now if deleted else None, "updated_at": now}
            self._set(table, record_id, changes)
            action = "delete" if deleted else "restore"
            self._log(
                table,
                record_id,
                action,
                {"deleted_at": before["deleted_at"]},
                {"deleted_at": changes["deleted_at"]},
                now,
            )

    def _set(self, table: str, record_id: str, changes: Mapping[str, object]) -> None:
        assignments = ", ".join(f"[{column}] = ?" for column in changes)
        self.db.execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*changes.values(), record_id]
        )

    def _read_links(self, owner_id: str, links: Mapping[str, object] | None) -> dict:
        result = {}
        for link in links or {}:
            owner, target = LINKS[link]
            rows = self.db.execute(
                f"SELECT [{target}] FROM [{link}] WHERE [{owner}] = ? ORDER BY 1", [owner_id]
            )
            result[link] = [r[0] for r in rows]
        return result

    def _write_links(self, owner_id: str, links: Mapping[str, Iterable[str]] | None) -> dict:
        result = {}
        for link, targets in (links or {}).items():
            owner, target = LINKS[link]
            wanted = sorted(set(targets))
            self.db.execute(f"DELETE FROM [{link}] WHERE [{owner}] = ?", [owner_id])
            self.db.conn.executemany(
                f"INSERT INTO [{link}] ([{owner}], [{target}]) VALUES (?, ?)",
                [(owner_id, t) for t in wanted],
            )
            result[link] = wanted
        return result

    def _log(self, table, record_id, action, before, after, at) -> None:
        self.db.execute(
            "INSERT INTO change (at, user, table_name, record_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at, self.user, table, record_id, action, _json(before), _json(after)],
        )

    def _columns(self, table: str) -> list[str]:
        if table not in self._column_cache:
            rows = self.db.execute(f"PRAGMA table_info([{table}])")
            self._column_cache[table] = [r[1] for r in rows]
        return self._column_cache[table]


class DateKeys:
    """Hands out the date-ordered keys `n` of one table within a transaction."""

    def __init__(self, db: Store, table: str):
        self.db = db
        self.table = table
        self.last: dict[str, int] = {}

    def next(self, day: object) -> int:
        day = str(day)[:10]
        if day not in self.last:
            first, last = key_range(day, day)
            found = self.db.execute(
                f"SELECT max(n) FROM [{self.table}] WHERE n BETWEEN ? AND ?", [first, last]
            ).fetchone()[0]
            self.last[day] = found if found is not None else first
        self.last[day] += 1
        return self.last[day]


def _compact(row: Mapping[str, object]) -> dict:
    """A new record as the change log keeps it: its fields that hold something."""
    return {k: v for k, v in row.items() if k not in _NOT_LOGGED and v not in ("", None, [])}


def _json(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
