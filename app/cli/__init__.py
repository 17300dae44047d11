"""The `sodon` command line: a thin layer that parses options, calls the core, prints. The
group and its window are in `root`; each module adds the commands of one part of the work."""

from app.cli import answers, books, lists, months, papers, plan, province, reviews, stations
from app.cli.root import cli

__all__ = [
    "answers",
    "books",
    "cli",
    "lists",
    "months",
    "papers",
    "plan",
    "province",
    "reviews",
    "stations",
]
