"""Check an uploaded file (rated in memory, never stored) and the SPARQL editor."""

from flask import Blueprint, abort, current_app, request, url_for

from service.examples import examples
from service.pages import twin

bp = Blueprint("tools", __name__)


@twin(bp, "/check", methods=["GET", "POST"])
def check():
    raise NotImplementedError


@twin(bp, "/query")
def sparql_editor():
    """The editor with the example queries; `?example=NAME` opens one of them."""
    found = examples()
    initial = request.args.get("example") or found[0].name
    if initial not in {e.name for e in found}:
        abort(404)
    settings = current_app.config
    return "query.html", {
        "endpoint": url_for("sparql.endpoint"),
        "limits": {"timeout": settings["QUERY_TIMEOUT"], "rows": settings["ROW_LIMIT"]},
        "initial": initial,
        "examples": [e.as_dict() for e in found],
    }
