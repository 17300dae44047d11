"""The desktop window (PySide6). Thin: it collects input, calls the core, shows the result."""

import ctypes
import sys

import PySide6


def _keep_none_alive() -> None:
    """PySide6 6.12 drops a reference to None at every call of a method that returns
    nothing (setText, setColumnWidth, …): a fault of the binding. Python before 3.12 counts
    None's references and, once they run out, "frees" it and aborts the program: a clerk's
    window died after a few thousand actions (tests/gui/test_random_use.py found it). None is
    never really freed, so its count is raised far beyond what any session could use up."""
    if sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12."):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_keep_none_alive()
