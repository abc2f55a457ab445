"""A park: its page (/parks/<id>, the IRI also accepted), its data as Turtle and JSON-LD,
its rating as a SHACL validation report, and a printable page for the application file."""

from datetime import date

from flask import abort, current_app, render_template, request

from parkstar.engine.rater import ParkRating
from parkstar.errors import ParkstarError
from parkstar.exchange.exporting import jsonld
from parkstar.report.validation import validation_report
from service.downloads import attachment, csv_download
from service.errors import error_response
from service.pages import pick, twin
from service.park_view import park_graph, park_page
from service.ratings import park_id
from service.views.viewer import bp, ratings


def _find(key: str) -> ParkRating:
    rating = ratings().find(key)
    if rating is None:
        abort(error_response(404, f"没有园区“{key}”", f"no park '{key}'"))
    return rating


@twin(bp, "/parks/<path:park>")
def park(park: str):
    """`?edition=X` naming an edition other than the stored ratings' rates the park's stored
    data under X now, read-only (nothing is stored), and the page says so."""
    stored = ratings()
    rating = _find(park)
    asked = request.args.get("edition")
    if not asked or asked == stored.results.edition_id:
        return "park.html", park_page(stored, rating) | {"on_the_fly": False}
    return "park.html", _on_the_fly(stored, rating, asked)


def _on_the_fly(stored, rating: ParkRating, identifier: str) -> dict:
    editions = current_app.extensions["parkstar"].editions
    try:
        rater = editions.rater(identifier)
    except ParkstarError as error:
        abort(error_response(404, error.zh, error.en))
    graph = park_graph(stored, rating.park)
    fresh = next((r for r in rater.rate(graph) if r.park == rating.park), None)
    if fresh is None:  # the edition's criteria do not see it as a park (cannot happen for a stored park)
        abort(error_response(404, f"版本 {identifier} 无法评定该园区", f"edition {identifier} cannot rate this park"))
    data = park_page(stored, fresh)
    edition = editions.catalog().get(identifier)
    data.update(
        edition=edition.identifier,
        edition_title=edition.title.as_dict(),
        stored_edition=stored.results.edition_id,
        stored_stars=rating.stars,
        on_the_fly=True,
    )
    return data


@bp.get("/parks/<path:park>/print")
def park_print(park: str):
    data = park_page(ratings(), _find(park))
    return render_template("park_print.html", data=data, today=date.today().isoformat(), **data)


@bp.get("/parks/<path:park>/<any(failures, enterprises, services, facilities, platforms, documents):table>.csv")
def park_csv(park: str, table: str):
    """The park page's tables: its failures, and each list of what it holds."""
    data = park_page(ratings(), _find(park))
    name = f"{data['id']}-{table}.csv"
    if table == "failures":
        header = ["requirement", "indicator", "level", "outcome", "name_zh", "name_en", "detail_zh", "detail_en"]
        header += ["clause_zh", "clause_en", "missing_data"]
        return csv_download(name, header, (_failure_row(f) for f in data["failures"]))
    holding = next(h for h in data["holdings"] if h["key"] == table)
    header = ["iri", "name", *holding["properties"]]
    rows = [[row["node"], pick(row["name"]), *(_cell(v) for v in row["values"])] for row in holding["rows"]]
    return csv_download(name, header, rows)


def _failure_row(f: dict) -> list:
    detail = f.get("detail") or f["message"]
    missing = "; ".join(m["zh"] for m in f.get("missing_data", []))
    head = [f["requirement"], f["indicator"], f["level"], f["outcome"]]
    return [
        *head,
        f["name"]["zh"],
        f["name"]["en"],
        detail["zh"],
        detail["en"],
        f["clause"]["zh"],
        f["clause"]["en"],
        missing,
    ]


def _cell(value: object) -> object:
    """A value of a holding's table as text in the page's language."""
    if isinstance(value, list):
        return "; ".join(str(_cell(v)) for v in value)
    return pick(value) if isinstance(value, dict) else value


@bp.get("/parks/<path:park>/data.ttl")
def park_turtle(park: str):
    rating = _find(park)
    body = park_graph(ratings(), rating.park).serialize(format="turtle", encoding="utf-8")
    return attachment(body, "text/turtle", f"{park_id(rating.park)}.ttl")


@bp.get("/parks/<path:park>/data.jsonld")
def park_jsonld(park: str):
    rating = _find(park)
    return attachment(
        jsonld(park_graph(ratings(), rating.park)), "application/ld+json", f"{park_id(rating.park)}.jsonld"
    )


@bp.get("/parks/<path:park>/report.ttl")
def park_report(park: str):
    rating = _find(park)
    graph = validation_report(rating, ratings().results.edition, date.today().isoformat())
    return attachment(
        graph.serialize(format="turtle", encoding="utf-8"), "text/turtle", f"{park_id(rating.park)}-report.ttl"
    )
