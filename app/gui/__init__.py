"""The desktop window (PySide6). Thin: it collects input, calls the core, shows the result."""
