"""`sodon demo` on a new provincial office's book, as a newcomer runs it: demo posts whose
months, answers, plan and publications travel the real way (packages exported and imported,
answers made and read), leaving the province's book with everything to look at."""

import json
from datetime import date

from app.core.book import Book
from app.exchange import answers
from tests.conftest import run_sodon


def test_the_province_demo_shows_the_province_at_work(tmp_path):
    book = tmp_path / "tinh.sqlite"
    run_sodon("init", "--province", "--post-code", "BCH-HG", "--post-name",
              "Bộ Chỉ huy BĐBP tỉnh Hà Giang", book=book, check=True)  # fmt: skip
    made = run_sodon("demo", book=book, check=True)
    assert "LC01" in made.stdout and "SP01" in made.stdout
    year = date.today().year
    posts = json.loads(
        run_sodon("report", "completeness", "--year", str(year), "--format", "json",
                  book=book, check=True).stdout
    )  # fmt: skip
    assert [p["post"] for p in posts] == ["LC01", "ML01", "SL01", "SP01"]
    sent = {p["post"]: [m for m, cell in p["months"].items() if cell["status"] == "on_time"]
            for p in posts}  # fmt: skip
    assert all(len(sent[code]) >= 2 for code in ("LC01", "ML01", "SL01"))
    assert 1 <= len(sent["SP01"]) < len(sent["LC01"])  # the late post
    targets = json.loads(
        run_sodon("plan", "show", "--year", str(year), "--format", "json", book=book,
                  check=True).stdout
    )  # fmt: skip
    assert {t["to_post"] for t in targets} == {"LC01", "ML01", "SL01", "SP01"}
    assert len(targets) == 4 * 9
    with Book.open(book, readonly=True) as province:
        (returned,) = answers.returned_months(province, year)
        assert returned.post == "ML01"
        lines = province.shipments.deliveries(year)
        received = [line for line in lines if line.received is not None]
        assert len(lines) == 8 and len(received) == 4
        assert any(line.short for line in received)  # one came short
        progress = province.plan.progress(year, today=date.today())
        assert any(p.actual > 0 for p in progress if p.indicator == "activities")
        assert province.stations.stations(limit=None)  # the posts' stations came up
    again = run_sodon("demo", book=book)
    assert again.returncode != 0 and "đã có đồn" in again.stderr
