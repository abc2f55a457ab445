"""The viewer: overview, parks, a park, the standard — pages over the stored ratings, each
with its JSON twin and its tables as CSV. The parks table and the park pages live in
their own modules (service.views.parks, service.views.park) on this blueprint."""

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, request

from service.downloads import csv_download
from service.pages import twin
from service.ratings import StoredRatings
from service.standard_view import standard_page

bp = Blueprint("viewer", __name__)


def ratings() -> StoredRatings:
    return current_app.extensions["parkstar"].ratings()


@bp.app_context_processor
def link_helpers() -> dict:
    return {"url_with": url_with}


def url_with(path: str | None = None, **changes: object) -> str:
    """This page's GET parameters (the language aside) on this page or on `path`, some
    changed; None removes one. For sort links, facet links and filtered downloads."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    query = urlencode(args)
    target = request.path if path is None else path
    return f"{target}?{query}" if query else target


@twin(bp, "/")
def overview():
    return "overview.html", ratings().overview()


def _overview_tables(data: dict) -> dict:
    """The overview's tables as CSV: name → (header, rows), from the overview's data."""
    levels = list(data["stars"])
    star_columns = [f"stars_{level}" for level in levels]

    def grouped(groups: list[dict], key: str) -> list[list]:
        return [
            [g[key], (g["name"] or {}).get("zh"), (g["name"] or {}).get("en"), g["parks"], *g["stars"].values()]
            for g in groups
        ]

    blocking = [
        [b["level"], b["indicator"], *b["indicator_name"].values(), b["not_met"], b["not_assessable"]]
        for b in data["blocking"]
    ]
    return {
        "stars": (["stars", "parks"], [[level, count] for level, count in data["stars"].items()]),
        "cities": (["city", "name_zh", "name_en", "parks", *star_columns], grouped(data["by_city"], "city")),
        "categories": (
            ["category", "name_zh", "name_en", "parks", *star_columns],
            grouped(data["by_category"], "category"),
        ),
        "blocking": (["level", "indicator", "indicator_zh", "indicator_en", "not_met", "not_assessable"], blocking),
    }


@bp.get("/overview/<table>.csv")
def overview_csv(table: str):
    tables = _overview_tables(ratings().overview())
    if table not in tables:
        abort(404)
    header, rows = tables[table]
    return csv_download(f"overview-{table}.csv", header, rows)


@twin(bp, "/standard")
def standard():
    return "standard.html", standard_page(ratings())


@bp.get("/standard.csv")
def standard_csv():
    data = standard_page(ratings())
    header = ["indicator", "level", "clause_zh", "clause_en", "requirements", "parks_failing"]
    rows = [
        [
            cell["indicator"],
            cell["level"],
            " ".join(c["clause"]["zh"] for c in cell["clauses"]),
            " | ".join(c["clause"]["en"] for c in cell["clauses"]),
            " ".join(r["id"] for r in cell["requirements"]),
            cell["parks_failing"],
        ]
        for cell in data["cells"]
    ]
    return csv_download("standard.csv", header, rows)


from service.views import park, parks  # noqa: E402,F401  (their routes are on this blueprint)
