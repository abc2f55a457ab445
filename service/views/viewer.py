"""Overview, parks, a park, the standard: pages over the stored ratings."""

from flask import Blueprint, current_app

from service.pages import twin

bp = Blueprint("viewer", __name__)


def ratings():
    return current_app.extensions["parkstar"].ratings()


@twin(bp, "/")
def overview():
    return "overview.html", ratings().overview()


@twin(bp, "/parks")
def parks():
    return "parks.html", ratings().parks()


@twin(bp, "/parks/<park>")
def park(park: str):
    raise NotImplementedError


@twin(bp, "/standard")
def standard():
    raise NotImplementedError
