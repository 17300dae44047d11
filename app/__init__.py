"""Sổ Đồn: the border-post record book."""

__version__ = "0.1.0"
