"""The yearly plan's documents."""

from app.reports.document import Document


def plan_report(book, year: int) -> Document:
    """At the provincial office: posts × indicators, percent of the year's targets achieved, behind-schedule cells marked, with a chart."""
    raise NotImplementedError


def period_report(book, first: int, last: int) -> Document:
    """At the provincial office: each content's figures by year and post across a programme's period."""
    raise NotImplementedError
