"""Which builder makes which report of a month or a year (the command line and the Reports
page)."""

from datetime import date

from app.core.dates import month_bounds
from app.i18n import N_
from app.reports import inventory, monthly, outreach_log, plan, reviews, stations
from app.reports.document import Document

MONTHLY = {
    "outreach": N_("Outreach log"),
    "inventory": N_("Book-cabinet inventory"),
    "stocktake": N_("Stocktake"),
    "overdue": N_("Overdue loans"),
    "month": N_("Monthly report"),
}


def build(book, which: str, month: str) -> Document:
    """The report `which` (a key of MONTHLY) of the month YYYY-MM."""
    _first, last = month_bounds(month)
    if which == "outreach":
        return outreach_log.outreach_log(book, month)
    if which == "inventory":
        return inventory.inventory(book, month)
    if which == "stocktake":
        return inventory.stocktakes(book, month)
    if which == "overdue":
        return inventory.overdue(book, min(date.fromisoformat(last), date.today()))
    return monthly.monthly_report(book, month)


# The reports of a year, at a post and at the provincial office, and the province's own.
YEARLY = {
    "stations": N_("Loudspeaker stations"),
    "reviews": N_("Reviews"),
    "commendations": N_("Commendations"),
}
PROVINCE_YEARLY = {"plan": N_("Progress of the year's plan")}


def build_yearly(book, which: str, year: int) -> Document:
    """The report `which` (a key of YEARLY or PROVINCE_YEARLY) of the year."""
    if which == "stations":
        return stations.station_inventory(book, year)
    if which == "reviews":
        return reviews.review_list(book, year)
    if which == "commendations":
        return reviews.commendation_list(book, year)
    return plan.plan_report(book, year)
