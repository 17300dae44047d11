"""Tables over the core's lists: a model that pages through a query (canFetchMore/fetchMore)
and sorts in SQL, and a panel with the search box and filters above its table."""

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.book import Book
from app.core.listing import Column
from app.gui.tasks import Task
from app.gui.widgets import SearchBox, month_choices
from app.i18n import _

PAGE = 200
Row = TypeVar("Row")  # a core list's row type: CourseRow, LoanRow, ...
Row_co = TypeVar("Row_co", covariant=True)


class Fetch(Protocol[Row_co]):
    """A page of a core list with the panel's filters applied."""

    def __call__(self, offset: int, limit: int, sort: str | None) -> list[Row_co]: ...


class CoreList(Protocol[Row_co]):
    """A core register's list method, e.g. `book.training.courses`: the rows matching what was
    typed and the panel's filters (`month=`, and the keywords of its `filters`), a page of
    them, sorted on a column name ("-" first for descending)."""

    def __call__(
        self, *, search: str | None, offset: int, limit: int | None, sort: str | None, **filters
    ) -> list[Row_co]: ...


class CoreCount(Protocol):
    """Counts a core list for the same filters, on a book of its own (off the GUI thread)."""

    def __call__(self, book: Book, *, search: str | None, **filters) -> int: ...


class RegisterModel(QAbstractTableModel, Generic[Row]):
    """Rows of a core list, fetched a page at a time as the view scrolls."""

    def __init__(
        self,
        columns: list[Column],
        fetch: Fetch[Row],
        *,
        colour: Callable[[Row], QColor | None] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = columns
        self.fetch = fetch
        self.colour = colour
        self.rows: list[Row] = []
        self.sort_key: str | None = None
        self.more = False

    def reload(self) -> None:
        """Read the first page again; a failing read leaves the model empty, never half reset."""
        self.beginResetModel()
        try:
            self.rows = self.fetch(0, PAGE, self.sort_key)
            self.more = len(self.rows) == PAGE
        except BaseException:
            self.rows, self.more = [], False
            raise
        finally:
            self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008 (Qt's names)
        return not parent.isValid() and self.more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.more:
            return
        page = self.fetch(len(self.rows), PAGE, self.sort_key)
        self.more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            value = getattr(row, column.name)
            return str(value) if isinstance(value, str) and len(value) > column.width else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.colour is not None:
            return self.colour(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].header)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        name = self.columns[column].name
        self.sort_key = name if order == Qt.SortOrder.AscendingOrder else f"-{name}"
        self.reload()

    def row(self, number: int) -> Row | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


class RegisterView(QTableView, Generic[Row]):
    """A table the keyboard drives: arrows, Enter opens the record, Delete removes it."""

    activated_row = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, model: RegisterModel[Row], parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._sort_by)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)
        self.doubleClicked.connect(lambda index: self._emit(self.activated_row, index.row()))
        self.widths = []
        for spec in model.columns:
            width = min(spec.width, 48) * self.fontMetrics().averageCharWidth() + 16
            if spec.kind in ("date", "number"):
                width = max(
                    self.fontMetrics().horizontalAdvance("00/00/0000") + 20,
                    self.fontMetrics().horizontalAdvance(_(spec.header)) + 30,
                )
            self.widths.append(width)
        # The spare width goes to the longest text (content, course title), not to the last
        # column, which is often a number.
        texts = [i for i, spec in enumerate(model.columns) if spec.kind in ("text", "label")]
        self.wide = max(texts, key=lambda i: model.columns[i].width, default=None)
        if self.wide is not None:  # it starts narrow and takes whatever room is left
            self.widths[self.wide] = min(
                self.widths[self.wide], 24 * self.fontMetrics().averageCharWidth() + 16
            )
        # A model reset puts the columns back to Qt's default width: keep the user's.
        model.modelAboutToBeReset.connect(self._remember_widths)
        model.modelReset.connect(self._restore_widths)
        self._restore_widths()

    def _remember_widths(self) -> None:
        kept = [self.columnWidth(c) for c in range(len(self.widths))]
        if self.wide is not None:  # its width follows the view's: keep its own base width
            kept[self.wide] = self.widths[self.wide]
        self.widths = kept

    def _restore_widths(self) -> None:
        for column, width in enumerate(self.widths):
            self.setColumnWidth(column, width)
        self._give_spare_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._give_spare_width()

    def _give_spare_width(self) -> None:
        if self.wide is None:
            return
        others = sum(self.columnWidth(c) for c in range(len(self.widths)) if c != self.wide)
        self.setColumnWidth(
            self.wide, max(self.widths[self.wide], self.viewport().width() - others)
        )

    def _sort_by(self, column: int) -> None:
        """A click on a heading sorts by that column (in SQL); a second click reverses it."""
        header = self.horizontalHeader()
        ascending = not (
            header.isSortIndicatorShown()
            and header.sortIndicatorSection() == column
            and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        )
        order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self.model().sort(column, order)

    def current(self) -> Row | None:
        index = self.currentIndex()
        return self.model().row(index.row()) if index.isValid() else None

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit(self.activated_row, self.currentIndex().row())
            return
        if event.matches(QKeySequence.StandardKey.Delete) and self.currentIndex().isValid():
            self._emit(self.delete_requested, self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _emit(self, signal, number: int) -> None:
        row = self.model().row(number)
        if row is not None:
            signal.emit(row)


def _narrow(combo: QComboBox) -> None:
    """A filter that may shrink (its list still opens wide) so a narrow pane keeps its bar."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(9)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)


class RegisterPanel(QWidget, Generic[Row]):
    """A search box, filters and the table of one list; any change of filter reloads it."""

    def __init__(
        self,
        columns: list[Column],
        fetch: CoreList[Row],
        *,
        months: bool = True,
        filters: dict[str, tuple[str, list[tuple[str, str]]]] | None = None,
        colour: Callable[[Row], QColor | None] | None = None,
        placeholder: str | None = None,
        count: CoreCount | None = None,
        book_path=None,
        parent=None,
    ):
        """`fetch` calls the core; `filters` maps a keyword of fetch to (label of "all",
        [(label, value), ...]). `count`, given with the book's path, counts a list longer than
        its first page exactly, off the GUI thread on a read-only connection."""
        super().__init__(parent)
        self.core_fetch = fetch
        self.core_count, self.book_path = count, book_path
        self.counting: Task | None = None
        self.search = SearchBox(placeholder)
        self.month: QComboBox | None = None
        self.filters: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        if months:
            self.month = QComboBox()
            self.month.addItem(_("All months"), None)
            for label, value in month_choices():
                self.month.addItem(label, value)
            self.month.setAccessibleName(_("Month"))
            _narrow(self.month)
            bar.addWidget(self.month)
        for keyword, (everything, items) in (filters or {}).items():
            combo = QComboBox()
            combo.addItem(everything, None)
            for label, value in items:
                combo.addItem(label, value)
            combo.setAccessibleName(everything)
            _narrow(combo)
            self.filters[keyword] = combo
            bar.addWidget(combo, 1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        self.model: RegisterModel[Row] = RegisterModel(
            columns, self._fetch, colour=colour, parent=self
        )
        self.view: RegisterView[Row] = RegisterView(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.search.textChanged.connect(self.reload)
        if self.month is not None:
            self.month.currentIndexChanged.connect(self.reload)
        for combo in self.filters.values():
            combo.currentIndexChanged.connect(self.reload)
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        QTimer.singleShot(0, self._select_first)

    def _query(self) -> dict:
        """The filters of the list as the core's keywords."""
        query = {keyword: combo.currentData() for keyword, combo in self.filters.items()}
        if self.month is not None:
            query["month"] = self.month.currentData()
        return {"search": self.search.text(), **query}

    def _fetch(self, offset: int, limit: int, sort: str | None) -> list[Row]:
        return self.core_fetch(offset=offset, limit=limit, sort=sort, **self._query())

    def reload(self) -> None:
        chosen = self.view.current()
        self.model.reload()
        self._reselect(chosen)

    def _reselect(self, chosen) -> None:
        key = getattr(chosen, "id", None)
        for number, row in enumerate(self.model.rows):
            if key is not None and getattr(row, "id", None) == key:
                self.view.selectRow(number)
                return
        self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.selectRow(0)

    def _show_count(self) -> None:
        shown = len(self.model.rows)
        if not self.model.more:
            self.count_label.setText(_("{count} rows").format(count=shown))
            return
        self.count_label.setText(_("{count}+ rows").format(count=shown))
        if self.core_count is None or self.book_path is None:
            return
        query, path, count = self._query(), self.book_path, self.core_count

        def work(_progress) -> tuple[dict, int]:
            with Book.open(path, readonly=True) as reader:
                return query, count(reader, **query)

        self.counting = (
            Task(self, work, reads_only=True).done(self._counted).error(lambda _e: None).run()
        )

    def _counted(self, result: tuple[dict, int]) -> None:
        query, total = result
        if query == self._query():  # not a count of filters the user has changed since
            self.count_label.setText(_("{count} rows").format(count=total))

    def current(self) -> Row | None:
        return self.view.current()
