"""A writing program killed with SIGKILL loses nothing it committed and leaves a sound book."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core import checks
from app.core.book import Book

WRITER = Path(__file__).with_name("writer.py")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("round_number", range(5))
def test_a_killed_writer_leaves_every_committed_row(book_path, round_number):
    Book.create(book_path, post_code="LC01", post_name="Đồn Biên phòng Lũng Cú").close()
    rng = random.Random(round_number)
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(book_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    committed = []
    wanted = rng.randint(5, 60)
    while len(committed) < wanted:
        line = writer.stdout.readline()
        assert line, "the writer stopped on its own"
        committed.append(line.strip())
    time.sleep(rng.random() * 0.05)  # somewhere in the middle of the next write
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    committed += [line.strip() for line in writer.stdout.read().splitlines()]

    raw = sqlite3.connect(book_path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with Book.open(book_path, daily_backup=False) as book:  # the stale lock is taken over
        stored = {r.id for r in book.outreach.activities(limit=None)}
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the one being committed
        assert checks.problems(book) == []  # every transfer whole: both halves or neither
