"""The year's plan on a post's overview: one bar per target with what is done, the target, a
mark where the year should be by today, and the targets behind schedule in a warning colour."""

import sqlite3
from datetime import date

from app.core.book import Book
from app.core.plan import indicator_label, target_id
from app.gui.plan_bars import BEHIND, MARK, ON_TRACK
from app.i18n import _
from tests.gui.conftest import window_on

PROVINCE = "BCH-HG"
TARGETS = (  # indicator, content, target
    ("activities", "", 100_000),  # far more than a demo year: behind schedule
    ("activities", "ND1", 1),  # reached
    ("audience", "", 2_000),
    ("copies_handed_out", "", 50),
    ("courses", "", 3),
    ("trainees", "", 500),
)


def send_targets(path, targets, *, year: int) -> None:
    """The province's targets as its answer leaves them in the post's book, in place of the
    demo's own (at a post, targets only ever come from the province: no page removes them)."""
    with Book.open(path, daily_backup=False) as book, book.records.transaction():
        book.db.execute("DELETE FROM plan_target")  # the demo's own targets
        code = book.post.code
        for indicator, content, target in targets:
            book.records.insert(
                "plan_target",
                {
                    "id": target_id(code, year, indicator, content),
                    "post_code": PROVINCE,
                    "to_post": code,
                    "year": year,
                    "indicator": indicator,
                    "content": content,
                    "target": target,
                    "notes": "",
                },
            )


def shown_plan(qtbot, window):
    window.show_page("overview")
    page = window.current()
    qtbot.waitUntil(lambda: page.plan_box.title().endswith(str(date.today().year)))
    # the bars a layout takes in are shown in the next turn of the event loop
    qtbot.waitUntil(lambda: all(bar.isVisible() for bar in page.plan_box.bars))
    return page.plan_box


def test_each_target_has_a_bar_with_what_is_done_and_the_target(qtbot, demo_path, settings):
    year = date.today().year
    send_targets(demo_path, TARGETS, year=year)
    with window_on(qtbot, demo_path, settings) as window:
        box = shown_plan(qtbot, window)
        progress = window.book.plan.progress(year, today=date.today())
        assert len(box.bars) == len(TARGETS) == len(progress)
        shown = {
            (bar.progress.indicator, bar.progress.content): (name.text(), figures.text())
            for bar, (name, figures) in zip(box.bars, box.labels, strict=True)
        }
        assert shown[("activities", "ND1")][0] == indicator_label("activities") + " · ND1"
        content = window.book.lookups.find("plan_content", "ND1")
        (named,) = [name for name, _ in box.labels if name.text().endswith("ND1")]
        assert named.toolTip() == f"ND1: {content.label}"
        assert shown[("trainees", "")][0] == indicator_label("trainees")
        for item in progress:
            _name, figures = shown[(item.indicator, item.content)]
            assert f"{item.actual:,}".replace(",", ".") in figures
            assert f"{item.target:,}".replace(",", ".") in figures
            assert figures.startswith("⚠") == item.behind
    # what is done is counted from the book itself: this year's activities, up to today
    with sqlite3.connect(demo_path) as db:
        (activities,) = db.execute(
            "SELECT count(*) FROM activity WHERE deleted_at IS NULL AND date BETWEEN ? AND ?",
            [f"{year}-01-01", date.today().isoformat()],
        ).fetchone()
    done = {(p.indicator, p.content): p for p in progress}
    assert done[("activities", "")].actual == activities > 0
    assert done[("activities", "")].behind and not done[("activities", "ND1")].behind


def test_the_mark_stands_where_the_year_should_be_and_late_bars_are_in_the_warning_colour(
    qtbot, demo_path, settings
):
    year = date.today().year
    send_targets(demo_path, TARGETS, year=year)
    share = (date.today().timetuple().tm_yday) / (date(year, 12, 31).timetuple().tm_yday)
    with window_on(qtbot, demo_path, settings) as window:
        window.resize(1280, 700)
        box = shown_plan(qtbot, window)
        for bar in box.bars:
            assert abs(bar.mark - share) < 1e-9
            assert abs(bar.mark_x() - (1 + share * (bar.width() - 3))) <= 1
            picture = bar.grab().toImage()
            middle = bar.height() // 2
            assert picture.pixelColor(bar.mark_x(), middle) == MARK
            filled = bar.progress.percent > 2
            if filled:  # a little way into the fill, clear of the mark
                inside = max(2, min(int(bar.fill * (bar.width() - 3) / 2), bar.mark_x() - 4))
                colour = picture.pixelColor(inside, middle)
                assert colour == (BEHIND if bar.progress.behind else ON_TRACK)
            assert bool(bar.toolTip())


def test_without_targets_the_overview_says_the_plan_has_not_come(qtbot, demo_path, settings):
    year = date.today().year
    send_targets(demo_path, [("activities", "", 10)], year=year - 1)  # last year's only
    with window_on(qtbot, demo_path, settings) as window:
        box = shown_plan(qtbot, window)
        assert box.bars == []
        assert box.note.text().startswith(
            _(
                "The province has not sent the plan for {year} yet: its targets come in one of "
                "its answers (Month close page)."
            ).format(year=year)[:40]
        )


def test_the_overview_with_the_plan_fits_a_laptop_screen(qtbot, demo_path, settings):
    send_targets(demo_path, TARGETS, year=date.today().year)
    with window_on(qtbot, demo_path, settings) as window:
        window.resize(1366, 728 - 40)
        box = shown_plan(qtbot, window)
        page = window.current()
        assert page.minimumSizeHint().height() <= window.centralWidget().height()
        for bar in box.bars:
            assert bar.isVisible() and bar.width() >= 100
            assert not bar.visibleRegion().isEmpty()
