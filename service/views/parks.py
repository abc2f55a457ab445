"""The parks table (/parks) and its downloads; filtering is done on the server
(service.parks_table) so that the page, /parks.json and /parks.csv agree."""

from flask import g, request

from service.downloads import csv_download
from service.pages import twin
from service.parks_table import CSV_COLUMNS, parks_table
from service.views.viewer import bp, ratings


def _table(paged: bool = True) -> dict:
    return parks_table(ratings(), request.args, g.get("lang", "zh"), paged)


@twin(bp, "/parks")
def parks():
    return "parks.html", _table()


@bp.get("/parks.csv")
def parks_csv():
    rows = _table(paged=False)["parks"]  # every filtered row, not one page
    return csv_download("parks.csv", list(CSV_COLUMNS), ([value(r) for value in CSV_COLUMNS.values()] for r in rows))
