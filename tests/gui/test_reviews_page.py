"""The reviews and commendations page: the forms typed into, the lists, deleting, the
provincial office's own records beside the posts' read-only ones, and the printed lists."""

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from app.core.book import Book
from app.core.reviews import Commendation, Review
from app.core.training import Person
from app.gui.reviews import CommendationForm, ReviewForm
from app.i18n import _
from tests.gui.conftest import click, type_text, when_dialog_opens, window_on
from tests.packages import new_province

# The demo book's months up to October 2026 are approved: these dates are in an open month.
HELD = "2026-12-01"


def label(text: str) -> str:
    """A button's text as the user sees it (translated, without its Alt letter's mark)."""
    return _(text).replace("&", "")


def reviews_page(window):
    window.show_page("reviews")
    return window.current()


def add_review(book, **changes) -> str:
    values = {
        "date": HELD,
        "title": "Sơ kết công tác thông tin đối ngoại năm 2026",
        "period_from": "2026-01-01",
        "period_to": "2026-11-30",
        "participants": 40,
    }
    return book.reviews.add_review(Review(**{**values, **changes}))


def add_commendation(book, **changes) -> str:
    values = {
        "recipient": "Trần Văn An",
        "authority": "Bộ Chỉ huy BĐBP tỉnh Hà Giang",
        "decision_number": "125/QĐ-BCH",
        "decision_date": HELD,
    }
    return book.reviews.add_commendation(Commendation(**{**values, **changes}))


def choose(table, record_id: str) -> None:
    """Select the row of one record in a page's list (the demo's own records beside it)."""
    table.view.selectRow(next(i for i, r in enumerate(table.model.rows) if r.id == record_id))


def test_a_review_typed_into_its_form_is_listed(window, qtbot):
    page = reviews_page(window)
    before = [r.id for r in page.reviews.model.rows]  # the demo's

    def fill(form: ReviewForm) -> None:
        type_text(form.title_box, "Sơ kết 11 tháng năm 2026")
        form.kind.setCurrentIndex(form.kind.findData("interim"))
        form.held_on.set_value(HELD)
        form.period_from.set_value("2026-01-01")
        form.period_to.set_value("2026-11-30")
        form.participants.setValue(45)
        type_text(form.chaired_by, "Thượng tá Nguyễn Văn Hùng")
        form.save_button.click()

    when_dialog_opens(qtbot, fill)
    click(qtbot, page, label("&New review…"))
    (row,) = [r for r in page.reviews.model.rows if r.id not in before]
    assert len(page.reviews.model.rows) == len(before) + 1
    assert (row.title, row.participants, row.date) == ("Sơ kết 11 tháng năm 2026", 45, HELD)
    type_text(page.reviews.search, "so ket 11")
    assert [r.id for r in page.reviews.model.rows] == [row.id]


def test_the_review_form_says_what_is_wrong_as_the_user_types_and_keeps_it(window, qtbot):
    page = reviews_page(window)
    before = window.book.reviews.reviews(limit=None)  # the demo's
    form = ReviewForm(page, window.book)
    qtbot.addWidget(form)
    form.show()
    type_text(form.title_box, "Sơ kết")
    form.period_from.set_value("2026-11-01")
    form.period_to.set_value("2026-10-01")
    form.held_on.set_value(HELD)
    message = _("must be on or after the start of the period ({date}).").format(date="01/11/2026")
    qtbot.waitUntil(lambda: form.fields["period_to"][1].text() == message)
    form.save_button.click()
    assert form.isVisible() and form.title_box.text() == "Sơ kết"
    assert window.book.reviews.reviews(limit=None) == before
    form.period_to.set_value("2026-11-30")
    form.save_button.click()
    assert not form.isVisible()
    saved = [r for r in window.book.reviews.reviews(limit=None) if r not in before]
    assert [(r.title, r.period_to) for r in saved] == [("Sơ kết", "2026-11-30")]


def test_choosing_a_person_of_the_book_names_them_and_links_the_review(window, qtbot):
    book = window.book
    review_id = add_review(book)
    person = book.training.people(limit=None)[0]
    page = reviews_page(window)
    page.reviews.reload()
    choose(page.reviews, review_id)

    def fill(form: CommendationForm) -> None:
        assert form.review.value() == review_id  # from the review chosen on the first tab
        form.person.set_value(person.id)
        assert form.recipient.text() == person.full_name
        type_text(form.authority, "Bộ Chỉ huy BĐBP tỉnh Hà Giang")
        type_text(form.number, "125/QĐ-BCH")
        form.decided_on.set_value(HELD)
        form.save_button.click()

    when_dialog_opens(qtbot, fill)
    click(qtbot, page, label("New co&mmendation…"))
    assert page.tabs.currentWidget() is page.commendations
    (row,) = [r for r in page.commendations.model.rows if r.decision_number == "125/QĐ-BCH"]
    assert (row.recipient, row.person_id, row.review_id) == (
        person.full_name,
        person.id,
        review_id,
    )


def test_a_collective_has_no_person_of_the_book(window, qtbot):
    page = reviews_page(window)
    form = CommendationForm(page, window.book)
    qtbot.addWidget(form)
    form.show()
    form.person.set_value(window.book.training.people(limit=1)[0].id)
    form.kind.setCurrentIndex(form.kind.findData("collective"))
    assert not form.person.isEnabled() and form.person.value() == ""
    form.timer.stop()  # its check would run after the test's book is closed


def test_a_review_its_commendations_came_from_is_not_deleted(
    window, qtbot, messages, yes_to_questions
):
    book = window.book
    demo_reviews = book.reviews.reviews(limit=None)
    demo_commendations = book.reviews.commendations(limit=None)
    review_id = add_review(book)
    commendation_id = add_commendation(book, review_id=review_id)
    page = reviews_page(window)
    page.reviews.reload()
    choose(page.reviews, review_id)
    page.reviews.view.setFocus()
    qtbot.keyClick(page.reviews.view, Qt.Key.Key_Delete)
    assert len(messages) == 1 and "125/QĐ-BCH" in messages[0]
    assert [r.id for r in book.reviews.reviews(limit=None) if r not in demo_reviews] == [review_id]
    page.tabs.setCurrentWidget(page.commendations)
    choose(page.commendations, commendation_id)
    qtbot.keyClick(page.commendations.view, Qt.Key.Key_Delete)
    assert book.reviews.commendations(limit=None) == demo_commendations
    assert page.commendations.model.rows == demo_commendations
    window.undo()
    assert [r.id for r in page.commendations.model.rows if r not in demo_commendations] == [
        commendation_id
    ]


def test_the_year_filter_keeps_one_years_records(window, qtbot):
    add_review(window.book)
    add_review(
        window.book,
        date="2024-12-18",
        title="Tổng kết 2020-2024",
        period_from="2020-01-01",
        period_to="2024-12-31",
    )
    page = reviews_page(window)
    years = page.reviews.filters["year"]
    years.setCurrentIndex(years.findData(2024))
    assert [r.title for r in page.reviews.model.rows] == ["Tổng kết 2020-2024"]


def test_the_list_is_printed_from_the_reports_page_for_the_chosen_year(window, qtbot):
    add_commendation(window.book)
    page = reviews_page(window)
    page.tabs.setCurrentWidget(page.commendations)
    years = page.commendations.filters["year"]
    years.setCurrentIndex(years.findData(2026))
    click(qtbot, page, label("Print the &list…"))
    reports = window.current()
    assert reports.key == "reports" and reports.current_key() == "commendations"
    assert reports.year.isVisibleTo(reports) and reports.year.value() == 2026
    assert not reports.month.isVisibleTo(reports)
    click(qtbot, reports, label("&Preview"))
    qtbot.waitUntil(lambda: reports.pdf.status() == QPdfDocument.Status.Ready, timeout=20000)
    text = reports.pdf.getAllText(0).text()
    assert _("Commendations of the year {year}").format(year=2026).upper() in text
    assert "125/QĐ-BCH" in text


def test_at_the_province_its_own_records_change_and_the_posts_are_read_only(
    qtbot, tmp_path, settings, messages
):
    path = new_province(tmp_path / "tinh.sqlite", "LC01")
    with Book.open(path, daily_backup=False) as book:
        book.db.execute(
            "INSERT INTO review (id, post_code, date, kind, level, title, period_from, "
            "period_to, participants, search_text, created_at, updated_at) VALUES "
            "('0000aaaa-post', 'LC01', '2026-07-05', 'interim', 'post', 'Sơ kết của Đồn', "
            "'2026-01-01', '2026-06-30', 30, 'so ket cua don', '2026-07-06', '2026-07-06')"
        )
    with window_on(qtbot, path, settings) as window:
        page = reviews_page(window)
        theirs = page.reviews.model.rows[0]
        assert (
            page.reviews.model.data(
                page.reviews.model.index(0, 0), Qt.ItemDataRole.ForegroundRole
            ).name()
            == "#555555"
        )

        def look(form: ReviewForm) -> None:
            assert not form.save_button.isVisible() and not form.title_box.isEnabled()
            form.reject()

        when_dialog_opens(qtbot, look)
        page.reviews.view.activated_row.emit(theirs)
        assert "LC01" in window.statusBar().currentMessage()

        def fill(form: ReviewForm) -> None:
            type_text(form.title_box, "Sơ kết của tỉnh")
            form.level.setCurrentIndex(form.level.findData("province"))
            form.held_on.set_value("2026-07-10")
            form.period_from.set_value("2026-01-01")
            form.period_to.set_value("2026-06-30")
            form.save_button.click()

        when_dialog_opens(qtbot, fill)
        click(qtbot, page, label("&New review…"))
        assert {r.post_code for r in page.reviews.model.rows} == {"LC01", "BCH-HG"}
        posts = page.reviews.filters["post"]
        posts.setCurrentIndex(posts.findData("BCH-HG"))
        assert [r.title for r in page.reviews.model.rows] == ["Sơ kết của tỉnh"]


def test_a_person_added_on_the_training_page_can_be_chosen(window, qtbot):
    window.book.training.add_person(Person(full_name="Vàng Seo Pao", birth_year=1995))
    form = CommendationForm(reviews_page(window), window.book)
    qtbot.addWidget(form)
    form.show()
    form.person.setEditText("vang seo")
    form.person.lineEdit().editingFinished.emit()
    assert form.recipient.text() == "Vàng Seo Pao"
    form.timer.stop()
