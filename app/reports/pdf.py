"""Documents as PDF in the administrative layout of Decree 30/2020/NĐ-CP: the issuing unit
top left, the national motto top right, the place and date, the title, the body, the
signatures; "Trang x/y" at the foot of every page. The bundled Liberation Serif (metrically
Times New Roman, with every Vietnamese letter) is embedded; no built-in PDF font is used."""

from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from app.i18n import _
from app.paths import resource
from app.reports.document import Chart, Document, Table, Text

FONT = "SoDonSerif"
FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
HEADER_FILL = colors.Color(0.9, 0.9, 0.9)
CHART_COLOURS = [
    colors.Color(*c)
    for c in (
        (0.16, 0.33, 0.55),
        (0.55, 0.16, 0.16),
        (0.2, 0.5, 0.25),
        (0.6, 0.45, 0.1),
        (0.35, 0.25, 0.55),
        (0.15, 0.5, 0.55),
    )
]


@cache
def register_fonts() -> None:
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


def _style(
    size: float = 13,
    *,
    bold: bool = False,
    italic: bool = False,
    align=TA_LEFT,
    leading: float | None = None,
) -> ParagraphStyle:
    name = (
        FONT
        + ("-Bold" if bold else "")
        + ("Italic" if italic and bold else "-Italic" if italic else "")
    )
    return ParagraphStyle(
        f"{name}-{size}-{align}",
        fontName=name,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
    )


def number(value: int | float) -> str:
    """12345 → "12.345" and 2.5 → "2,5", the Vietnamese way (a whole float has no decimals)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", " ").replace(".", ",").replace(" ", ".")


class _NumberedCanvas(Canvas):
    """Writes "Trang x/y" on every page once the number of pages is known."""

    def __init__(self, *args, **kwargs):
        kwargs["initialFontName"] = FONT  # never the built-in Helvetica
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 10)
            width = self._pagesize[0]
            self.drawCentredString(
                width / 2,
                10 * mm,
                _("Page {page}/{pages}").format(page=self._pageNumber, pages=total),
            )
            super().showPage()
        super().save()


def write_pdf(document: Document, post, path: Path) -> None:
    """Write `document` for `post` (its letterhead details) to `path`."""
    register_fonts()
    page = landscape(A4) if document.landscape else A4
    margins = (
        (20 * mm, 15 * mm, 20 * mm, 20 * mm)
        if document.landscape
        else (30 * mm, 15 * mm, 20 * mm, 20 * mm)
    )  # left, right, top, bottom (Decree 30)
    left, right, top, bottom = margins
    template = BaseDocTemplate(
        str(path),
        pagesize=page,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=document.title,
        author=post.name,
        creator="Sổ Đồn",
        subject=document.subtitle,
    )
    frame = Frame(
        left,
        bottom,
        page[0] - left - right,
        page[1] - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages: list[int] = []
    template.build(_story(document, post, frame, pages), canvasmaker=_NumberedCanvas)
    if document.signatures and len(pages) == 2 and pages[1] > pages[0]:
        # The signatures went alone to a page of their own: they take the end of the body
        # with them (a short last table whole, the last rows of a long one under its header
        # again, the lines to write on), as a clerk would lay out the page.
        template.build(_story(document, post, frame, [], hold=True), canvasmaker=_NumberedCanvas)


class _PageMark(Flowable):
    """Nothing to see: notes the page it lands on."""

    def __init__(self, pages: list[int]):
        super().__init__()
        self.pages = pages

    def wrap(self, _available_width, _available_height):
        return 0, 0

    def draw(self) -> None:
        self.pages.append(self.canv.getPageNumber())


def _story(document: Document, post, frame: Frame, pages: list[int], hold: bool = False) -> list:
    """The flowables of the document; with `hold`, the end of the body kept with the
    signatures. `pages` receives the page the body ends on and the page the signatures
    start on."""
    width = frame._width
    story = _letterhead(post, document, width)
    blocks = list(document.blocks)
    held: list = []
    if hold and blocks:
        held = _held_end(blocks, width, frame._height)
    for block in blocks:
        if isinstance(block, list):
            story += block
        elif isinstance(block, Table):
            story += _table(block, width)
        elif isinstance(block, Chart):
            story.append(KeepTogether([_chart(block, width, frame._height), Spacer(1, 4 * mm)]))
        elif isinstance(block, Text):
            story.append(_text(block, width))
    if held:  # (nothing between: a heading before them is kept with them)
        story.append(KeepTogether([*held, _signatures(post, width)]))
    elif document.signatures:
        story.append(_PageMark(pages))
        story.append(CondPageBreak(50 * mm))
        story.append(_PageMark(pages))
        story.append(_signatures(post, width))
    return story


_KEPT_WHOLE = 6  # a last table of this many rows or fewer goes with the signatures whole
_TAIL = 3  # of a longer one, its last rows do, under the header repeated


def _held_end(blocks: list, width: float, room: float) -> list:
    """Take the end of the body off `blocks` and return it as flowables to keep with the
    signatures."""
    last = blocks[-1]
    if isinstance(last, Text):
        held = []
        while blocks and isinstance(blocks[-1], Text) and blocks[-1].style == "dots":
            held.insert(0, _text(blocks.pop(), width))
        if not held:
            held = [_text(blocks.pop(), width)]
        return held
    if isinstance(last, Chart):
        blocks.pop()
        return [_chart(last, width, room), Spacer(1, 4 * mm)]
    if isinstance(last, Table):
        blocks.pop()
        fitted = _fitted(last, width)
        if len(last.rows) <= _KEPT_WHOLE:
            return _table(last, width, fitted)
        head = replace(last, rows=last.rows[:-_TAIL], totals=None, blank_rows=0)
        tail = replace(last, rows=last.rows[-_TAIL:], caption="")
        blocks.append(_table(head, width, fitted))  # made already: the widths of the whole
        return _table(tail, width, fitted)
    return []


def _letterhead(post, document: Document, width: float) -> list:
    unit = [
        Paragraph(drawable(post.parent_unit.upper()), _style(12, align=TA_CENTER)),
        Paragraph(drawable(post.name.upper()), _style(12, bold=True, align=TA_CENTER)),
        HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=1, hAlign="CENTER"),
    ]
    motto = [
        Paragraph(_("SOCIALIST REPUBLIC OF VIET NAM"), _style(12, bold=True, align=TA_CENTER)),
        Paragraph(_("Independence - Freedom - Happiness"), _style(13, bold=True, align=TA_CENTER)),
        HRFlowable(width="50%", thickness=0.6, color=colors.black, spaceBefore=1, hAlign="CENTER"),
    ]
    head = PdfTable([[unit, motto]], colWidths=[width * 0.42, width * 0.58])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story = [head, Spacer(1, 4 * mm)]
    story.append(
        Paragraph(
            drawable(date_line(post.place, document.day)), _style(13, italic=True, align=TA_RIGHT)
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(drawable(document.title.upper()), _style(14, bold=True, align=TA_CENTER))
    )
    if document.subtitle:
        story.append(Spacer(1, 1.5 * mm))
        story.append(Paragraph(drawable(document.subtitle), _style(13, bold=True, align=TA_CENTER)))
    story.append(Spacer(1, 6 * mm))
    return story


def date_line(place: str, day: date) -> str:
    """ "Lũng Cú, ngày 05 tháng 03 năm 2026" (dots when the post has no place set)."""
    return _("{place}, day {day:02d} month {month:02d} year {year}").format(
        place=place or "…………", day=day.day, month=day.month, year=day.year
    )


def _text(block: Text, width: float):
    if block.style == "heading":  # never alone at the foot of a page: kept with what follows
        style = _style(13, bold=True, leading=20)
        style.keepWithNext = 1
        return Paragraph(drawable(block.text), style)
    if block.style == "dots":  # a line of dots to write on by hand, exactly one line long
        dots = int(width / stringWidth(".", FONT, 13))
        return Paragraph("." * dots, _style(13, leading=22))
    if block.style == "note":  # a little room below: the next heading must not touch it
        style = _style(11, italic=True)
        style.spaceAfter = 3 * mm
        return Paragraph(drawable(block.text), style)
    style = _style(13, leading=18)
    style.spaceAfter = 1 * mm  # a table's caption or the table itself follows
    return Paragraph(drawable(block.text), style)


def _cell(value, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "date" and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind == "percent":
        return f"{round(value * 100)}%"
    if kind == "number" and isinstance(value, int | float):
        return number(value)
    return str(value)


# Marks the embedded serif font lacks, and the ones it has that paper forms use instead.
MARKS = str.maketrans({"✓": "√", "✗": "×"})


def drawable(text: str) -> str:
    """Text for a Paragraph: escaped, every mark drawable with the embedded font."""
    return escape(text.translate(MARKS))


_PADDING = 3  # points on each side of a table cell's text
_SMALLEST = 6  # points: a table never gets a smaller font to fit its page


def _fitted(block: Table, width: float) -> tuple[list[float], float]:
    """Column widths and font size where no number, date or mark breaks across lines, and
    no header word: such columns get at least their widest value; text columns give up what
    they can spare (they wrap). A table too wide even so is set in a smaller font."""
    share = sum(c.width for c in block.columns)
    natural = [width * c.width / share for c in block.columns]
    rows = [*block.rows, *([block.totals] if block.totals is not None else [])]
    unbroken = [  # per column: what must stay on one line
        set(column.header.split() or [""])
        | ({_cell(row[index], column.kind) for row in rows} if column.kind != "text" else set())
        for index, column in enumerate(block.columns)
    ]
    size = block.font_size
    while True:
        need = [
            max(pdfmetrics.stringWidth(w, f"{FONT}-Bold", size) for w in words) + 2 * _PADDING
            for words in unbroken
        ]
        short = sum(max(n - w, 0) for n, w in zip(need, natural, strict=True))
        spare = sum(max(w - n, 0) for n, w in zip(need, natural, strict=True))
        if short <= spare or size <= _SMALLEST:
            break
        size -= 0.5
    if short == 0:
        return natural, size
    if short > spare:  # even the smallest font is too wide: share the page by need
        return [width * n / sum(need) for n in need], size
    give = short / spare
    return [n if n > w else w - (w - n) * give for n, w in zip(need, natural, strict=True)], size


def _table(block: Table, width: float, fitted: tuple[list[float], float] | None = None) -> list:
    """The table under its caption; `fitted` gives the widths and size of a part of a table."""
    widths, size = fitted or _fitted(block, width)
    header_style = _style(size, bold=True, align=TA_CENTER, leading=size * 1.2)
    aligns = {
        "number": TA_RIGHT,
        "percent": TA_RIGHT,
        "date": TA_CENTER,
        "year": TA_CENTER,
        "mark": TA_CENTER,
        "text": TA_LEFT,
    }
    styles = {kind: _style(size, align=align, leading=size * 1.2) for kind, align in aligns.items()}
    bold = {
        kind: ParagraphStyle(f"{style.name}-b", parent=style, fontName=f"{FONT}-Bold")
        for kind, style in styles.items()
    }
    data = [[Paragraph(drawable(c.header), header_style) for c in block.columns]]
    for row in block.rows:
        data.append(
            [
                Paragraph(drawable(_cell(v, c.kind)), styles[c.kind])
                for v, c in zip(row, block.columns, strict=True)
            ]
        )
    data += [[""] * len(block.columns) for _ in range(block.blank_rows)]
    if block.totals is not None:
        data.append(
            [
                Paragraph(drawable(_cell(v, c.kind)), bold[c.kind])
                for v, c in zip(block.totals, block.columns, strict=True)
            ]
        )
    heights = [None] + [block.row_height] * (len(data) - 1) if block.row_height else None
    table = PdfTable(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
            ]
        )
    )
    story = []
    if block.caption:
        story.append(Paragraph(drawable(block.caption), _style(13, bold=True, leading=20)))
    story += [table, Spacer(1, 5 * mm)]
    return story


def _chart(block: Chart, width: float, room: float) -> Drawing:
    """The chart, never taller than `room` (the page's body): many bars get thinner."""
    bars = max(40 * mm, 9 * mm * len(block.labels))
    height = 60 * mm if block.kind == "pie" else min(bars, room - 20 * mm)
    drawing = Drawing(width, height + 10 * mm)
    drawing.initialFontName = FONT  # the renderer would start with Helvetica
    drawing.add(String(0, height + 4 * mm, block.title, fontName=f"{FONT}-Bold", fontSize=12))
    if block.kind == "pie":
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 10 * mm, 5 * mm, height - 10 * mm, height - 10 * mm
        pie.data = [max(v, 0) for v in block.values] or [1]
        total = sum(pie.data) or 1
        pie.labels = [
            f"{label} ({round(v * 100 / total)}%)"
            for label, v in zip(block.labels, pie.data, strict=True)
        ]
        pie.slices.fontName = FONT
        pie.slices.fontSize = 10
        pie.sideLabels = True
        for index in range(len(pie.data)):
            pie.slices[index].fillColor = CHART_COLOURS[index % len(CHART_COLOURS)]
        drawing.add(pie)
        return drawing
    chart = HorizontalBarChart()
    label_width = min(width * 0.45, 80 * mm)
    chart.x, chart.y = label_width, 4 * mm
    chart.width, chart.height = width - label_width - 15 * mm, height - 8 * mm
    chart.data = [list(block.values)]
    chart.categoryAxis.categoryNames = [_shorten(label, 48) for label in block.labels]
    size = min(9, chart.height / max(len(block.labels), 1) * 0.8)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = CHART_COLOURS[0]
    chart.barLabelFormat = number  # 4.355, as in every table and sentence
    chart.valueAxis.labelTextFormat = number
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signatures(post, width: float) -> PdfTable:
    def block(role: str, name: str) -> list:
        return [
            Paragraph(drawable(role), _style(13, bold=True, align=TA_CENTER)),
            Paragraph(_("(signature, full name)"), _style(11, italic=True, align=TA_CENTER)),
            Spacer(1, 22 * mm),
            Paragraph(drawable(name), _style(13, bold=True, align=TA_CENTER)),
        ]

    table = PdfTable(
        [
            [
                block(_("PREPARED BY"), post.clerk),
                block(
                    _("HEAD OF THE OFFICE") if post.is_province else _("POST COMMANDER"),
                    post.commander,
                ),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    return table
