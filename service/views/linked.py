"""Linked data: the project's IRIs (https://w3id.org/parkstar/…) resolve on this server."""

from flask import Blueprint

bp = Blueprint("linked", __name__)


@bp.get("/def")
def ontology():
    raise NotImplementedError


@bp.get("/criteria")
def shapes():
    raise NotImplementedError
