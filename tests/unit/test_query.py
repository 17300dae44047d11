"""Rows made from a query's named columns: each column goes to the field of its name, and a
query that does not match its row type fails at once instead of filling the wrong field."""

import sqlite3
from dataclasses import dataclass

import pytest

from app.core.query import Listing, rows_as


@dataclass(frozen=True)
class Pair:
    name: str
    copies: int
    note: str = ""


@pytest.fixture
def db():
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE TABLE t (id TEXT, name TEXT, copies INT, post_code TEXT, deleted_at TEXT, "
        "search_text TEXT)"
    )
    connection.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("1", "Sách pháp luật", 5, "LC01", None, "sach phap luat"),
            ("2", "Báo Biên phòng", 9, "LS02", None, "bao bien phong"),
            ("3", "Đã xoá", 1, "LC01", "2026-01-01", "da xoa"),
        ],
    )
    return connection


def test_columns_go_to_fields_by_name_in_any_order(db):
    rows = rows_as(Pair, db.execute("SELECT copies, name FROM t WHERE id = '1'"))
    assert rows == [Pair(name="Sách pháp luật", copies=5)]


def test_a_query_that_does_not_match_its_row_type_is_refused(db):
    with pytest.raises(TypeError, match=r"\['id'\] are not fields"):
        rows_as(Pair, db.execute("SELECT id, name, copies FROM t"))
    with pytest.raises(TypeError, match=r"\['copies'\] are not columns"):
        rows_as(Pair, db.execute("SELECT name FROM t"))


def test_a_computed_field_is_filled_from_the_row(db):
    rows = rows_as(
        Pair, db.execute("SELECT name, copies FROM t WHERE id = '2'"), note=lambda r: r["name"][:3]
    )
    assert rows == [Pair("Báo Biên phòng", 9, "Báo")]


def test_a_listing_keeps_live_rows_of_a_post_found_by_search_and_sorted(db):
    listing = Listing(
        Pair, "SELECT t.name, t.copies FROM t", alias="t", sorts={"copies": "t.copies"},
        order="t.name",
    )  # fmt: skip
    assert [r.name for r in listing.fetch(db)] == ["Báo Biên phòng", "Sách pháp luật"]
    assert [r.name for r in listing.fetch(db, sort="-copies")] == [
        "Báo Biên phòng",
        "Sách pháp luật",
    ]
    assert [r.name for r in listing.fetch(db, sort="copies")] == [
        "Sách pháp luật",
        "Báo Biên phòng",
    ]
    assert [r.name for r in listing.fetch(db, post="LC01")] == ["Sách pháp luật"]
    assert [r.name for r in listing.fetch(db, search="phap")] == ["Sách pháp luật"]
    assert [r.name for r in listing.fetch(db, where=["t.copies > ?"], params=[6])] == [
        "Báo Biên phòng"
    ]
    assert len(listing.fetch(db, limit=1, offset=1)) == 1
