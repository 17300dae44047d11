"""The publications the provincial office sends to its posts: the list on the Posts' reports
page (its second tab), one shipment sent from a form, many from a spreadsheet, and the
blank spreadsheet to fill in."""

from dataclasses import replace
from pathlib import Path

import openpyxl.utils.exceptions  # noqa: F401  (read_sheet imports it: here, not in a worker)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_date
from app.core.errors import SodonError, ValidationError
from app.core.listing import LISTS
from app.core.shipments import Shipment, ShipmentRow, read_sheet, write_template
from app.core.validate import errors_of
from app.exchange import province
from app.gui.cabinets.forms import notes_box
from app.gui.dialogs import confirm, run_modal, show_error
from app.gui.forms import RecordForm
from app.gui.registers import Register
from app.gui.table import RegisterPanel
from app.gui.tasks import Task
from app.gui.widgets import CheckList, CountSpin, DateEdit, FlowLayout
from app.i18n import _

SHORT = QColor("#b00020")  # a post counted fewer copies than were sent
# The publications sent (`sodon list deliveries`), with room for whole titles.
SHIPMENT_COLUMNS = [
    replace(c, width=70) if c.name == "title" else c for c in LISTS["deliveries"].columns
]


class Publications:
    """The publications part of `PostsPage`: its second tab and what New, Edit, Delete and
    Ctrl+F do there."""

    def _publications(self) -> QWidget:
        book = self.book
        posts = [(f"{code} — {name}", code) for code, name in province.posts(book)]
        self.shipments: RegisterPanel[ShipmentRow] = RegisterPanel(
            SHIPMENT_COLUMNS,
            lambda **q: book.shipments.shipments(**q),
            months=False,
            filters={"to_post": (_("All posts"), posts)},
            colour=lambda row: SHORT if row.short else None,
            placeholder=_("Search a title, author or post…"),
        )
        self.publications = Register(
            self.shipments,
            self.send,
            self.show_shipment,
            noun=lambda row: _("the shipment of “{title}” to {post}").format(
                title=row.title, post=row.to_post
            ),
            delete=book.shipments.delete,
            restore=lambda shipment_id: book.records.restore("shipment", shipment_id),
        )
        self.listen(self.publications)
        explain = QLabel(
            _(
                "Publications recorded here travel to each post in its next answer; the post "
                "counts them into a cabinet, and its next monthly package says how many came "
                "(a short count is shown in red). A shipment not yet in an answer can be deleted "
                "(Del)."
            )
        )
        explain.setWordWrap(True)
        buttons = FlowLayout()
        for label, slot in (
            (_("Send &publications…"), self.send),
            (_("Load from a &spreadsheet…"), self.load_sheet),
            (_("&Blank spreadsheet…"), self.save_template),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(explain)
        layout.addWidget(self.shipments, 1)
        return tab

    def active(self) -> Register:
        return self.publications

    def new(self) -> None:
        self.send()

    def edit(self) -> None:
        if self.tabs.currentIndex() == 1:
            super().edit()

    def delete(self) -> None:
        if self.tabs.currentIndex() == 1:
            super().delete()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(1)
        super().focus_search()

    def send(self) -> None:
        self.tabs.setCurrentIndex(1)
        form = ShipmentForm(self, self.book)
        if run_modal(form):
            self.shipments.reload()
            made: list[Shipment] = form.result_value
            self.window.statusBar().showMessage(
                _(
                    "{copies} copies of “{title}” recorded for {post}; the next answer carries them."
                ).format(
                    copies=made[0].copies,
                    title=made[0].title.strip(),
                    post=", ".join(s.to_post for s in made),
                ),
                10000,
            )

    def show_shipment(self, row: ShipmentRow) -> None:
        form = ShipmentForm(self, self.book, row)
        form.view_only()
        run_modal(form)

    def load_sheet(self) -> None:
        settings = self.window.settings
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Load the publications sent from a spreadsheet"),
            str(settings.value("shipments/folder", str(Path.home()))),
            _("Spreadsheets (*.xlsx);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        settings.setValue("shipments/folder", str(path.parent))
        Task(self, lambda _progress: read_sheet(path)).done(
            lambda found: self._loaded(path, found)
        ).run(progress=_("Reading the spreadsheet…"))

    def _loaded(self, path: Path, found: list[Shipment]) -> None:
        if not found:
            show_error(
                self,
                ValidationError(
                    {"file": _("{name} holds no shipment below its heading row.").format(
                        name=path.name
                    )}
                ),
            )  # fmt: skip
            return
        problems = {}
        for number, shipment in enumerate(found, start=1):
            wrong = errors_of(lambda shipment=shipment: self.book.shipments.validate(shipment))
            if wrong:
                problems[str(number)] = _("Row {number}: {rule}").format(
                    number=number, rule=next(iter(wrong.values()))
                )
        if problems:
            shown = dict(list(problems.items())[:8])
            if len(problems) > len(shown):
                shown["more"] = _("… and {count} more rows.").format(
                    count=len(problems) - len(shown)
                )
            shown["none"] = _("Nothing was recorded; correct the spreadsheet and load it again.")
            show_error(self, ValidationError(shown))
            return
        if not confirm(
            self,
            _(
                "Record {count} shipments ({copies} copies) to {posts} posts from {name}?\n"
                "They travel to the posts in the next answers."
            ).format(
                count=len(found),
                copies=sum(int(s.copies) for s in found),
                posts=len({str(s.to_post).strip().upper() for s in found}),
                name=path.name,
            ),
            yes=_("Record them"),
        ):
            return
        try:
            made = self.book.shipments.add_many(found)
        except SodonError as error:
            show_error(self, error)
            return
        self.tabs.setCurrentIndex(1)
        self.shipments.reload()
        self.window.statusBar().showMessage(
            _("{count} shipments recorded.").format(count=len(made)), 10000
        )

    def save_template(self) -> None:
        settings = self.window.settings
        folder = Path(str(settings.value("shipments/folder", str(Path.home()))))
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save a blank spreadsheet of publications sent"),
            str(folder / _("publications-sent.xlsx")),
            _("Spreadsheets (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen).with_suffix(".xlsx")
        settings.setValue("shipments/folder", str(path.parent))
        try:
            write_template(path)
        except SodonError as error:
            show_error(self, error)
            return
        self.window.statusBar().showMessage(
            _(
                "A blank spreadsheet was saved to {path}: one row per post and title, then load "
                "it here."
            ).format(path=path),
            10000,
        )


class ShipmentForm(RecordForm):
    """Copies of one publication sent to one or more posts (one shipment per post); with a
    row, that shipment shown."""

    def __init__(self, parent, book, row: ShipmentRow | None = None):
        super().__init__(parent, _("Publication sent") if row else _("Send publications"))
        self.book = book
        posts = [(f"{code} — {name}", code) for code, name in province.posts(book)]
        self.posts = self.field("to_post", _("&Posts"), CheckList(posts))
        every = QPushButton(_("Tick &every post"))
        every.clicked.connect(lambda: self.posts.set_values([code for _label, code in posts]))
        self.form.addRow("", every)
        self.every = every
        self.name = self.field("title", _("&Title"), QLineEdit())
        self.author = self.field("author", _("A&uthor"), QLineEdit())
        self.publisher = self.field("publisher", _("Pu&blisher"), QLineEdit())
        self.year = self.field("year", _("&Year published"), QLineEdit())
        self.year.setMaxLength(4)
        self.copies = self.field("copies", _("&Copies to each post"), CountSpin(1))
        self.sent_on = self.field("sent_on", _("&Sent on"), DateEdit())
        self.notes = self.field("notes", _("N&otes"), notes_box())
        if row is not None:
            self.posts.set_values([row.to_post])
            self.name.setText(row.title)
            self.author.setText(row.author)
            self.publisher.setText(row.publisher)
            self.year.setText(str(row.year or ""))
            self.copies.setValue(row.copies)
            self.sent_on.set_value(row.sent_on)
            self.notes.setPlainText(row.notes)
            every.hide()
            if row.received_on:
                self.form.addRow(
                    QLabel(
                        _("Received by the post on {date}: {copies} copies.").format(
                            date=format_date(row.received_on), copies=row.received
                        )
                    )
                )
        self.resize(620, 620)

    def draft(self) -> list[Shipment]:
        return [
            Shipment(
                to_post=code,
                title=self.name.text(),
                author=self.author.text(),
                publisher=self.publisher.text(),
                year=self.year.text(),
                copies=self.copies.value(),
                sent_on=self.sent_on.value(),
                notes=self.notes.toPlainText(),
            )
            for code in self.posts.values() or [""]
        ]

    def check(self, draft: list[Shipment]) -> dict[str, str]:
        return errors_of(lambda: self.book.shipments.validate(draft[0]))

    def store(self, draft: list[Shipment]) -> list[Shipment]:
        self.book.shipments.validate(draft[0])  # the form's fields, each beside its own
        self.book.shipments.add_many(draft)
        return draft
