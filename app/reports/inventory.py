"""Book-cabinet papers: stock and movements of a month, stocktake sheets and results, and
overdue loans."""

from datetime import date

from app.core.cabinets import MOVEMENT_KINDS
from app.core.dates import format_date, month_bounds
from app.i18n import _
from app.reports.document import Column, Document, Table, Text
from app.reports.outreach_log import month_heading, month_title
from app.reports.pdf import number


def stock_table(book, at: str, caption: str) -> Table:
    rows = book.cabinets.stock(at=at, nonzero=True, limit=None)
    return Table(
        [Column(_("Cabinet"), 3.0), Column(_("Title"), 4.0), Column(_("Copies"), 0.9, "number")],
        [[r.cabinet, r.title, r.quantity] for r in rows],
        caption=caption,
        sheet=_("Stock"),
        totals=["", _("Total"), sum(r.quantity for r in rows)],
        font_size=10,
    )


def inventory(book, month: str) -> Document:
    """Stock per cabinet and title at the end of the month, and the month's movements."""
    _first, last = month_bounds(month)
    movements = book.cabinets.movements(month=month, limit=None, sort="date")
    moves = Table(
        [
            Column(_("Date"), 1.0, "date"),
            Column(_("Movement"), 1.5),
            Column(_("Cabinet"), 2.4),
            Column(_("Title"), 3.0),
            Column(_("Copies"), 0.8, "number"),
            Column(_("From / to"), 2.0),
        ],
        [
            [
                date.fromisoformat(m.date),
                _(MOVEMENT_KINDS[m.kind][1]),
                m.cabinet,
                m.title,
                m.quantity,
                m.counterparty,
            ]
            for m in movements
        ],
        caption=_("Movements of copies in the month"),
        sheet=_("Movements"),
        font_size=10,
    )
    return Document(
        _("Book-cabinet inventory"),
        month_heading(month),
        [stock_table(book, last, _("Stock at {date}").format(date=format_date(last))), moves],
        day=min(date.fromisoformat(last), date.today()),
    )


def stocktakes(book, month: str) -> Document:
    """The month's stocktakes: a sheet to count on (expected, empty "counted") for one still
    open, the result with differences for one confirmed. With none in the month, a counting
    sheet for every cabinet at the month's end."""
    first, last = month_bounds(month)
    blocks: list = []
    taken = [s for s in book.stocktakes.stocktakes(limit=None) if first <= s.date <= last]
    for stocktake in sorted(taken, key=lambda s: (s.cabinet, s.date)):
        lines = book.stocktakes.lines(stocktake.id)
        caption = _("{cabinet} — {date}").format(
            cabinet=stocktake.cabinet, date=format_date(stocktake.date)
        )
        if stocktake.state == "confirmed":
            blocks.append(
                Table(
                    [
                        Column(_("Title"), 4.0),
                        Column(_("Expected"), 1.0, "number"),
                        Column(_("Counted"), 1.0, "number"),
                        Column(_("Difference"), 1.0, "number"),
                    ],
                    [[line.title, line.expected, line.counted, line.difference] for line in lines],
                    caption=caption + " — " + _("result"),
                    sheet=stocktake.cabinet,
                    font_size=10,
                )
            )
        else:
            blocks.append(
                _counting_sheet(
                    [(line.title, line.expected) for line in lines], caption, stocktake.cabinet
                )
            )
    if not taken:
        blocks.append(
            Text(
                _("No stocktake in {month}: counting sheets of every cabinet at {date}.").format(
                    month=month_title(month), date=format_date(last)
                ),
                "note",
            )
        )
        for cabinet in book.cabinets.cabinets(limit=None):
            stock = book.cabinets.stock(cabinet_id=cabinet.id, at=last, nonzero=True, limit=None)
            blocks.append(
                _counting_sheet(
                    [(r.title, r.quantity) for r in stock],
                    _("{cabinet} — {date}").format(cabinet=cabinet.name, date=format_date(last)),
                    cabinet.name,
                )
            )
    return Document(
        _("Stocktake"),
        month_heading(month),
        blocks,
        day=min(date.fromisoformat(last), date.today()),
    )


def _counting_sheet(lines: list[tuple[str, int]], caption: str, sheet: str) -> Table:
    return Table(
        [
            Column(_("No."), 0.6, "number"),
            Column(_("Title"), 4.0),
            Column(_("Expected"), 1.0, "number"),
            Column(_("Counted"), 1.0, "number"),
            Column(_("Notes"), 1.6),
        ],
        [
            [number, title, expected, None, ""]
            for number, (title, expected) in enumerate(lines, start=1)
        ],
        caption=caption,
        sheet=sheet,
        row_height=20,
        font_size=11,
    )


def overdue(book, on: date | None = None) -> Document:
    """Loans still out after their due date."""
    on = on or date.today()
    loans = book.loans.overdue(on=on)
    table = Table(
        [
            Column(_("No."), 0.6, "number"),
            Column(_("Borrower"), 2.2),
            Column(_("Unit or village"), 2.0),
            Column(_("Title"), 3.0),
            Column(_("Cabinet"), 2.2),
            Column(_("Copies"), 0.7, "number"),
            Column(_("Lent on"), 1.0, "date"),
            Column(_("Due"), 1.0, "date"),
            Column(_("Days late"), 0.8, "number"),
        ],
        [
            [
                n,
                r.borrower,
                r.borrower_unit,
                r.title,
                r.cabinet,
                r.quantity,
                date.fromisoformat(r.lent_on),
                date.fromisoformat(r.due_on),
                r.days_overdue,
            ]
            for n, r in enumerate(loans, start=1)
        ],
        sheet=_("Overdue loans"),
        font_size=10,
    )
    note = Text(
        _("{count} loans still out after their due date, as of {date}.").format(
            count=number(len(loans)), date=format_date(on)
        )
    )
    return Document(_("Overdue loans"), format_date(on), [note, table], landscape=True, day=on)
