"""Long work off the GUI thread: `Task(parent, work).done(...).run(progress=...)`.

`work` receives a `progress(done, total)` callable and runs in Qt's thread pool; its result
(or error) comes back on the GUI thread. With a `progress` title, a modal progress dialog shows
while it runs, so the window never freezes and nothing else touches the book meanwhile.

`work` must not import modules: PySide6's import hook is not safe off the GUI thread, so
everything it needs is imported by the calling module beforehand. Python's cyclic garbage
collector is paused while any task runs: run from a worker, it could destroy a Qt object
off the GUI thread, which crashes the program.
"""

import contextlib
import gc
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.gui.dialogs import show_error


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, work, signals: _Signals):
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: _tell(self.signals.progressed, done, total))
        except BaseException as error:
            _tell(self.signals.failed, error)
        else:
            _tell(self.signals.finished, result)


def _tell(signal, *values) -> None:
    """Report to the GUI thread, unless whoever asked is gone (a page closed with the window
    while a count still ran): then there is no one to tell."""
    with contextlib.suppress(RuntimeError):
        signal.emit(*values)


class Task(QObject):
    """One piece of background work and what to do with its result."""

    running: ClassVar[set["Task"]] = set()  # keeps tasks alive until they report back
    # Called on the GUI thread before work that may use the window's book (which then needs
    # modules a worker must not import); the window sets it when a book is attached.
    prepare: ClassVar[Callable[[], object] | None] = None

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[Callable[[int, int], None]], object],
        *,
        reads_only: bool = False,
    ):
        """`reads_only`: the work reads through a read-only connection of its own."""
        super().__init__(parent)
        self.parent_widget = parent
        self.work = work
        self.reads_only = reads_only
        self._on_done: Callable[[object], None] = lambda _result: None
        self._on_error: Callable[[BaseException], None] | None = None
        self.dialog: QProgressDialog | None = None
        self.finished = False
        self.signals = _Signals()
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.signals.progressed.connect(self._progressed)

    def done(self, callback: Callable[[object], None]) -> "Task":
        self._on_done = callback
        return self

    def error(self, callback: Callable[[BaseException], None]) -> "Task":
        self._on_error = callback
        return self

    def run(self, *, progress: str | None = None) -> "Task":
        if not self.reads_only and Task.prepare is not None:
            Task.prepare()
        if progress:
            self.dialog = QProgressDialog(progress, "", 0, 0, self.parent_widget)
            self.dialog.setWindowTitle(progress)
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setValue(0)
        if not Task.running:
            gc.disable()
        Task.running.add(self)
        # Python keeps the runnable (the pool must not delete what Python still refers to).
        self.runnable = _Runnable(self.work, self.signals)
        self.runnable.setAutoDelete(False)
        QThreadPool.globalInstance().start(self.runnable)
        return self

    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None and total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self.finished = True
        Task.running.discard(self)
        if not Task.running:
            gc.enable()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, result: object) -> None:
        self._close()
        self._on_done(result)

    def _failed(self, error: BaseException) -> None:
        self._close()
        if self._on_error is not None:
            self._on_error(error)
        else:
            show_error(self.parent_widget, error)
