"""The provincial office's year's plan: the posts' targets as a grid to type in (posts ×
indicators, for all contents or one), saved in one go; the grid as a spreadsheet to fill in
and load; and how far each post has come."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import SodonError, ValidationError, disk_message
from app.core.plan import (
    ALL_CONTENTS,
    CONTENTS,
    INDICATORS,
    Progress,
    Target,
    content_label,
    indicator_label,
)
from app.core.text import thousands
from app.gui.dialogs import confirm, show_error
from app.gui.page import Page
from app.gui.plan_bars import BEHIND
from app.gui.plan_grid import Change, GridView, Key, TargetGrid, compact, wrapped
from app.gui.widgets import FlowLayout
from app.i18n import _, ngettext

LATE = QColor("#ffe0c2")  # behind schedule, on the progress tab
SHOWN_ERRORS = 10  # lines of a refusal shown before "… and n more"


class PlanPage(Page):
    """The year's targets of every registered post, typed in a grid and saved together."""

    key = "plan"

    def __init__(self, window):
        super().__init__(window)
        self.title = _("Year's plan")
        self.read_only = False  # the plan is the province's own record
        self.plan = self.book.plan
        self.grid = TargetGrid()
        self.grid.edited.connect(self._edited)
        self.view = GridView(self.grid)
        self.view.setAccessibleName(_("Targets"))
        self.view.selectionModel().currentChanged.connect(lambda *_a: self._edited())

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setAccessibleName(_("Year"))
        year_label = QLabel(_("&Year"))
        year_label.setBuddy(self.year)
        self.content = QComboBox()
        self.content.addItem(_(ALL_CONTENTS), "")
        names = {item.code: item.label for item in self.book.lookups.items("plan_content")}
        for code in CONTENTS:
            self.content.addItem(f"{code} — {names[code]}" if code in names else code, code)
        self.content.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.content.setMinimumContentsLength(32)
        self.content.setAccessibleName(_("Plan content"))
        content_label_ = QLabel(_("&Content"))
        content_label_.setBuddy(self.content)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.content.currentIndexChanged.connect(lambda _i: self.refresh())
        choosers = QHBoxLayout()
        for widget in (year_label, self.year, content_label_, self.content):
            choosers.addWidget(widget)
        choosers.addStretch(1)

        buttons: FlowLayout = self.button_row(
            (_("S&ave"), self.save, _("Save every changed target (Ctrl+S)")),
            (_("&Discard changes"), self.discard),
            (_("Tem&plate…"), self.save_template, False),
            (_("&Load…"), self.load_sheet),
        )
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_shortcut.activated.connect(self.window.undo)

        explain = QLabel(
            _(
                "Type each post's target in its cell (empty: no target) and save with Ctrl+S. "
                "Changed cells are yellow until saved; a grey cell's indicator belongs to "
                "another content. Each post's next answer carries its targets."
            )
        )
        explain.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {BEHIND.darker(130).name()};")
        self.message.setAccessibleName(_("What is wrong with the cell"))
        targets_tab = QWidget()
        targets_layout = QVBoxLayout(targets_tab)
        targets_layout.addWidget(self.view, 1)
        targets_layout.addWidget(self.message)

        self.progress_table = QTableWidget(0, len(INDICATORS))
        self.progress_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress_table.setHorizontalHeaderLabels(
            [wrapped(indicator_label(name)) for name in INDICATORS]
        )
        compact(self.progress_table)
        self.progress_table.setAccessibleName(_("Progress"))
        self.progress_note = QLabel()
        self.progress_note.setWordWrap(True)
        progress_tab = QWidget()
        progress_layout = QVBoxLayout(progress_tab)
        progress_layout.addWidget(self.progress_note)
        progress_layout.addWidget(self.progress_table, 1)
        self.progress: list[Progress] = []

        self.tabs = QTabWidget()
        self.tabs.addTab(targets_tab, _("Ta&rgets"))
        self.tabs.addTab(progress_tab, _("Pr&ogress"))
        self.tabs.currentChanged.connect(lambda _i: self._show_progress())

        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addLayout(buttons)
        layout.addWidget(explain)
        layout.addWidget(self.tabs, 1)

    # Reading -------------------------------------------------------------------------------

    @property
    def chosen_year(self) -> int:
        return self.year.value()

    @property
    def chosen_content(self) -> str:
        return self.content.currentData() or ""

    def refresh(self) -> None:
        """The year's targets saved, with what was typed and not saved yet kept."""
        year, content = self.chosen_year, self.chosen_content
        rows = [r for r in self.plan.targets(year) if r.content == content]
        self.grid.load(self.plan.posts(), year, content, rows)
        self._edited()
        self._show_progress()

    def _edited(self) -> None:
        """Say what is wrong with the cell shown, or how many cells wait to be saved."""
        if not self.grid.posts:
            self.message.setText(
                _("No post is registered yet: register the posts first (Registered posts page).")
            )
            return
        current = self.view.currentIndex()
        key = self.grid.key(current) if current.isValid() else None
        if key in self.grid.problems:
            self.message.setText(self._where(key) + ": " + self.grid.problems[key])
        elif self.grid.problems:
            self.message.setText(
                ngettext(
                    "{count} cell is wrong (red); correct it before saving.",
                    "{count} cells are wrong (red); correct them before saving.",
                    len(self.grid.problems),
                ).format(count=len(self.grid.problems))
            )
        elif self.grid.typed:
            self.message.setText(
                ngettext(
                    "{count} change not saved yet (Ctrl+S saves).",
                    "{count} changes not saved yet (Ctrl+S saves).",
                    len(self.grid.typed),
                ).format(count=len(self.grid.typed))
            )
        else:
            self.message.setText("")

    def _where(self, key: Key) -> str:
        year, post, indicator, content = key
        return _("{post}, {indicator} ({content}), {year}").format(
            post=post,
            indicator=indicator_label(indicator),
            content=content_label(content),
            year=year,
        )

    def _show_progress(self) -> None:
        """How far each post has come (read when the tab is shown: a few milliseconds)."""
        if self.tabs.currentIndex() != 1:
            return
        today = date.today()
        year, content = self.chosen_year, self.chosen_content
        try:
            self.progress = [
                p for p in self.plan.progress(year, today=today) if p.content == content
            ]
        except SodonError as error:
            show_error(self, error)
            return
        posts = self.grid.posts
        table = self.progress_table
        table.clearContents()
        table.setRowCount(len(posts))
        table.setVerticalHeaderLabels([f"{code} — {name}" for code, name in posts])
        rows = {code: number for number, (code, _name) in enumerate(posts)}
        columns = {name: number for number, name in enumerate(INDICATORS)}
        for item in self.progress:
            if item.to_post not in rows or item.indicator not in columns:
                continue
            # the percent in the cell (the numbers would not fit nine columns), them in its tip
            cell = QTableWidgetItem(("⚠ " if item.behind else "") + f"{int(item.percent)}%")
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            done = _("{actual} of {target} done.").format(
                actual=thousands(item.actual), target=thousands(item.target)
            )
            cell.setToolTip(done)
            if item.behind:
                cell.setBackground(QBrush(LATE))
                cell.setToolTip(done + " " + _("Behind schedule."))
            table.setItem(rows[item.to_post], columns[item.indicator], cell)
        behind = sum(p.behind for p in self.progress)
        expected = self.progress[0].expected if self.progress else None
        if expected is None:
            self.progress_note.setText(_("No target is set for {year} ({content}).").format(
                year=year, content=content_label(content)
            ))  # fmt: skip
        else:
            self.progress_note.setText(
                _(
                    "The share of each target done since 1 January, for {content} (point at a "
                    "cell for the numbers). By today the year should be at {expected} of each "
                    "target; {behind} of {total} targets are behind schedule (⚠)."
                ).format(
                    content=content_label(content),
                    expected=f"{int(expected)}%",
                    behind=behind,
                    total=len(self.progress),
                )
            )

    # Saving --------------------------------------------------------------------------------

    def changes(self) -> list[Change]:
        """What was typed, against the targets saved now (of every year typed in)."""
        saved: dict[int, dict[tuple[str, str, str], int]] = {}
        made = []
        for key in sorted(self.grid.typed):
            year = key[0]
            if year not in saved:
                saved[year] = self.plan.grid(year)
            before = saved[year].get(key[1:])
            after = self.grid.typed_number(key)
            if before != after:
                made.append(Change(key, before, after))
        return made

    def save(self) -> None:
        """Every changed cell in one go (removals asked first), or nothing."""
        self.view.setFocus()  # a cell still being typed in is taken first
        if self.grid.problems:
            show_error(self, self._refusal(
                [self._where(k) + ": " + m for k, m in sorted(self.grid.problems.items())],
                _("Nothing was saved; correct the red cells and save again."),
            ))  # fmt: skip
            return
        changes = self.changes()
        if not changes:
            self.grid.discard()
            self.window.statusBar().showMessage(_("Nothing to save."), 5000)
            return
        removed = [c for c in changes if c.after is None]
        if removed and not confirm(
            self,
            ngettext(
                "Remove {count} target ({which})?\nThe next answer removes it at the post too.",
                "Remove {count} targets ({which})?\nThe next answer removes them at the posts too.",
                len(removed),
            ).format(
                count=len(removed),
                which="; ".join(self._where(c.key) for c in removed[:4])
                + ("; …" if len(removed) > 4 else ""),
            ),
            yes=_("Remove and save"),
        ):
            return
        if self._apply(changes):
            self.grid.forget(c.key for c in changes)
            self.grid.forget(list(self.grid.typed))  # typed back to what was saved
            self.undo_action = (_("the targets saved"), lambda: self._undo(changes))
            self.window.offer_undo(
                ngettext("{count} target saved.", "{count} targets saved.", len(changes)).format(
                    count=len(changes)
                )
            )
            self.refresh()

    def _apply(self, changes: list[Change]) -> bool:
        """Write the changes in one transaction: all of them or, refused, none."""
        targets = [
            Target(
                to_post=post,
                year=year,
                indicator=indicator,
                content=content,
                target=c.after,
                notes=self._notes(c.key),
            )
            for c in changes
            if c.after is not None
            for year, post, indicator, content in [c.key]
        ]
        try:
            with self.book.records.transaction():
                if targets:
                    self.plan.set_many(targets)
                for c in changes:
                    if c.after is None and c.before is not None:
                        self.plan.remove(c.key[1], c.key[0], c.key[2], c.key[3])
        except SodonError as error:
            show_error(self, error)
            return False
        return True

    def _notes(self, key: Key) -> str:
        """A target's notes are kept when its number changes."""
        rows = self.plan.targets(key[0], post=key[1])
        return next((r.notes for r in rows if (r.indicator, r.content) == (key[2], key[3])), "")

    def _undo(self, changes: list[Change]) -> None:
        back = [Change(c.key, c.after, c.before) for c in changes]
        if not self._apply(back):
            raise SodonError(_("The targets could not be put back."))

    def discard(self) -> None:
        if self.grid.typed and not confirm(
            self,
            ngettext(
                "Discard {count} change not saved?",
                "Discard {count} changes not saved?",
                len(self.grid.typed),
            ).format(count=len(self.grid.typed)),
            yes=_("Discard"),
        ):
            return
        self.grid.discard()

    def _refusal(self, lines: list[str], ending: str) -> ValidationError:
        """A refusal of many cells, the first ones named."""
        shown = {str(n): line for n, line in enumerate(lines[:SHOWN_ERRORS])}
        if len(lines) > SHOWN_ERRORS:
            shown["more"] = _("… and {count} more.").format(count=len(lines) - SHOWN_ERRORS)
        shown["none"] = ending
        return ValidationError(shown)

    # The spreadsheet -----------------------------------------------------------------------

    def _folder(self) -> Path:
        return Path(str(self.window.settings.value("plan/folder", str(Path.home()))))

    def save_template(self) -> None:
        year = self.chosen_year
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the plan of {year} as a spreadsheet").format(year=year),
            str(self._folder() / _("plan-{year}.xlsx").format(year=year)),
            _("Spreadsheets (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen).with_suffix(".xlsx")
        self.window.settings.setValue("plan/folder", str(path.parent))
        try:
            written = self.plan.write_template(year, path)
        except SodonError as error:
            show_error(self, error)
            return
        self.window.statusBar().showMessage(
            _(
                "The plan of {year} was saved to {path}: fill in the targets, then load it "
                "here (Load…)."
            ).format(year=year, path=written),
            10000,
        )

    def load_sheet(self) -> None:
        """Every target of a filled-in spreadsheet set at once, or none (the wrong cells are
        named); the spreadsheet is small, so it is read here."""
        if self.grid.typed:
            show_error(
                self,
                ValidationError(
                    {"typed": _("Save or discard the changes typed in the grid first.")}
                ),
            )
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Load the year's plan from a spreadsheet"),
            str(self._folder()),
            _("Spreadsheets (*.xlsx);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        self.window.settings.setValue("plan/folder", str(path.parent))
        ending = _("Nothing was loaded; correct the spreadsheet and load it again.")
        try:
            targets = self.plan.read_sheet(path)
        except ValidationError as error:
            show_error(self, self._refusal(list(error.errors.values()), ending))
            return
        except OSError as error:
            show_error(self, ValidationError({"file": disk_message(error)}))
            return
        except SodonError as error:
            show_error(self, error)
            return
        if not targets:
            show_error(
                self,
                ValidationError({"file": _("{name} holds no target.").format(name=path.name)}),
            )
            return
        years = sorted({int(t.year) for t in targets})
        before = {year: self.plan.grid(year) for year in years}
        changes = [
            Change(key, before[key[0]].get(key[1:]), int(t.target))
            for t in targets
            for key in [(int(t.year), t.to_post, t.indicator, t.content or "")]
        ]
        try:
            self.plan.set_many(targets)
        except ValidationError as error:
            show_error(self, self._refusal(list(error.errors.values()), ending))
            return
        except SodonError as error:
            show_error(self, error)
            return
        self.undo_action = (_("the targets loaded"), lambda: self._undo(changes))
        if years[0] != self.chosen_year:
            self.year.setValue(years[0])  # refreshes
        else:
            self.refresh()
        self.window.offer_undo(
            ngettext(
                "{count} target loaded from {name}.",
                "{count} targets loaded from {name}.",
                len(targets),
            ).format(count=len(targets), name=path.name)
        )
