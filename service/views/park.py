"""A park: its page (/parks/<id>, the IRI also accepted), its data as Turtle and JSON-LD,
its rating as a SHACL validation report, and a printable page for the application file."""

from datetime import date

from flask import abort, render_template

from parkstar.engine.rater import ParkRating
from parkstar.exchange.exporting import jsonld
from parkstar.report.validation import validation_report
from service.downloads import attachment
from service.errors import error_response
from service.pages import twin
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
    return "park.html", park_page(ratings(), _find(park))


@bp.get("/parks/<path:park>/print")
def park_print(park: str):
    data = park_page(ratings(), _find(park))
    return render_template("park_print.html", data=data, today=date.today().isoformat(), **data)


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
    graph = validation_report(rating, ratings().results.edition_id, date.today().isoformat())
    return attachment(
        graph.serialize(format="turtle", encoding="utf-8"), "text/turtle", f"{park_id(rating.park)}-report.ttl"
    )
