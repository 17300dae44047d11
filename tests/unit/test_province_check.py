"""`sodon check` at a provincial office judges what a province holds (the months its posts
sent), not a post's whole history: after any clean import, in any order, it passes; a loan
lent in one month and returned in a later one is whole once both months arrive, and a
correction of the earlier month keeps the later return."""

import itertools
import shutil

import pytest

from app.core import checks, demo
from app.core.book import Book
from app.exchange.package import export_month
from tests.conftest import TODAY
from tests.packages import new_province, run_import

MONTHS = ("2026-08", "2026-09", "2026-10")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("check")
    with Book.create(folder / "LC01.sqlite", post_code="LC01", post_name="Đồn Lũng Cú") as post:
        demo.fill(post, months=4, today=TODAY)
        across = post.db.execute(
            "SELECT count(*) FROM loan WHERE substr(lent_on, 1, 7) < substr(returned_on, 1, 7)"
        ).fetchone()[0]
        made = {month: export_month(post, month, folder / "usb") for month in MONTHS}
    assert across, "the demo should lend copies in one month and get them back in another"
    return made


@pytest.mark.parametrize("order", [*itertools.permutations(MONTHS), MONTHS[2:]])
def test_check_passes_after_clean_imports_in_any_order(packages, tmp_path, order):
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    run_import(province, [packages[month] for month in order])
    with Book.open(province, readonly=True) as book:
        assert checks.problems(book) == []


def test_a_loan_returned_a_month_later_is_whole_at_the_province(packages, tmp_path):
    province = new_province(tmp_path / "tinh.sqlite", "LC01")
    run_import(province, [packages[m] for m in MONTHS])
    with Book.open(province, readonly=True) as book:
        (loans,) = book.db.execute(
            "SELECT count(*) FROM loan l WHERE returned_on IS NOT NULL AND substr(lent_on, 1, 7) "
            "< substr(returned_on, 1, 7) AND EXISTS (SELECT 1 FROM movement m WHERE "
            "m.loan_id = l.id AND m.kind = 'returned')"
        ).fetchone()
        assert loans > 0
    # a correction of the month of lending keeps the return that came with the later month
    post = tmp_path / "LC01.sqlite"
    folder = packages["2026-08"].parent.parent
    shutil.copyfile(folder / "LC01.sqlite", post)
    shutil.copyfile(folder / "LC01.sqlite.key", f"{post}.key")
    with Book.open(post, daily_backup=False) as book:
        lent = book.db.execute(
            "SELECT substr(lent_on, 1, 7) FROM loan WHERE substr(lent_on, 1, 7) "
            "< substr(returned_on, 1, 7) AND lent_on >= '2026-08' ORDER BY lent_on LIMIT 1"
        ).fetchone()[0]
        book.periods.unlock(lent, demo.DEMO_PIN, "Sửa ghi chú")
        book.periods.close(lent)
        book.periods.approve(lent, demo.DEMO_PIN)
        correction = export_month(book, lent, tmp_path / "usb")
    (result,) = run_import(province, [correction])
    assert result.status == "replaced"
    with Book.open(province, readonly=True) as book:
        assert checks.problems(book) == []
        assert book.db.execute(
            "SELECT count(*) FROM loan WHERE substr(lent_on, 1, 7) = ? AND returned_on > ?",
            [lent, f"{lent}-31"],
        ).fetchone()[0]
