"""Check an uploaded file (rated in memory, never stored) and the SPARQL editor."""

from flask import Blueprint

from service.pages import twin

bp = Blueprint("tools", __name__)


@twin(bp, "/check", methods=["GET", "POST"])
def check():
    raise NotImplementedError


@twin(bp, "/query")
def sparql_editor():
    raise NotImplementedError
