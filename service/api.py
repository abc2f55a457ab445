"""JSON twins of the pages: the same data the HTML pages will show, from stored ratings.

* `/api/parks` — every park: IRI, id, name, category, region, city, stars, pending level,
  next level and the indicators of what it lacks for the next star (the facets);
* `/api/parks/<park>` — one park's rating as documented in docs/json-output.md (park:
  the last segment of its IRI, or the IRI itself);
* `/api/overview` — parks per star level, by city and by category, and the indicator ×
  level counts of what blocks parks from their next star."""

from flask import Blueprint, current_app, jsonify

from service.errors import json_error

bp = Blueprint("api", __name__, url_prefix="/api")


def _ratings():
    return current_app.extensions["parkstar"].ratings()


@bp.get("/parks")
def parks():
    return jsonify(_ratings().parks())


@bp.get("/parks/<path:park>")
def park(park: str):
    ratings = _ratings()
    rating = ratings.find(park)
    if rating is None:
        return json_error(404, f"没有园区“{park}”", f"no park '{park}'")
    return jsonify(ratings.park(rating))


@bp.get("/overview")
def overview():
    return jsonify(_ratings().overview())
