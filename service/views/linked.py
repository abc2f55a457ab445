"""Linked data: the project's IRIs (IRI_BASE, by default https://w3id.org/parkstar/…)
resolve on this server at the same path — `/id/…` from the store, `/code/…` and
`/criteria/…` from the vocabulary, `/def` the ontology, `/criteria` the shapes.

One URL per resource with content negotiation (HTML for a browser; Turtle, JSON-LD or
N-Triples by Accept), plus `.ttl`, `.jsonld`, `.nt` and `.json` suffixes for browsers.
Reads go through the read-only store handle; nothing is re-rated."""

from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from rdflib import Graph, URIRef

from parkstar import paths
from parkstar.criteria import Criteria
from parkstar.labels import lang_text
from parkstar.rdf.reading import read_graph
from parkstar.vocab import PS, RDF, RDFS, SKOS
from service.errors import error_response
from service.linked_data import (
    DEFINITIONS,
    RDF_FORMATS,
    Labeller,
    bound,
    cbd_from_graph,
    cbd_from_store,
    incoming_from_graph,
    incoming_from_store,
    page_data,
    serialize,
)
from service.ratings import park_id

bp = Blueprint("linked", __name__)

OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS_TITLE = URIRef("http://purl.org/dc/terms/title")
RESOLVED = ("id/", "code/", "criteria/", "criteria", "def")  # the parts of IRI_BASE this server answers
SUFFIXES = {suffix: fmt for fmt, (_, suffix) in RDF_FORMATS.items()} | {".json": "json"}
MEDIA = ["text/html", "application/json"] + [media for media, _ in RDF_FORMATS.values()]


def _state():
    return current_app.extensions["parkstar"]


def _base() -> str:
    return current_app.config["IRI_BASE"]


def local(iri: str) -> str | None:
    """The path on this server of an IRI it resolves, else None."""
    base = _base()
    if iri.startswith(base) and iri[len(base) :].startswith(RESOLVED):
        return "/" + iri[len(base) :]
    return None


def _split(rest: str) -> tuple[str, str | None]:
    """A path without a format suffix, and the format the suffix asks for."""
    for suffix, fmt in SUFFIXES.items():
        if rest.endswith(suffix):
            return rest[: -len(suffix)], fmt
    return rest, None


def _negotiated(asked: str | None) -> str:
    if asked:
        return asked
    best = request.accept_mimetypes.best_match(MEDIA, default="text/html")
    if best == "application/json":
        return "json"
    return next((fmt for fmt, (media, _) in RDF_FORMATS.items() if media == best), "html")


def _answer(fmt: str, graph: Graph, template: str, data: dict) -> Response:
    if fmt in RDF_FORMATS:
        response = Response(serialize(graph, fmt), mimetype=RDF_FORMATS[fmt][0])
    elif fmt == "json":
        response = jsonify(data)
    else:
        response = Response(render_template(template, data=data, **data), mimetype="text/html")
    response.headers["Vary"] = "Accept, Cookie"
    return response


def _not_found(iri: str) -> Response:
    return error_response(
        404,
        f"本服务器上没有关于 <{iri}> 的描述",
        f"this server has no description of <{iri}>",
    )


@cache
def _ontology_graph(folder: Path) -> Graph:
    return bound(read_graph([folder / "parkstar.ttl"]))


def vocabulary() -> Graph:
    """The ontology, the code lists and the criteria, as the rating engine loaded them."""
    return _state().rater().criteria.context


# ── resources ────────────────────────────────────────────────────────────────
@bp.get("/id/<path:rest>")
def data_resource(rest: str):
    """A park, an enterprise, a rating, a graph… from the store."""
    store = _state().store
    path, asked = _split(rest)
    for candidate, fmt in ((path, asked), (rest, None)) if asked else ((rest, None),):
        iri = URIRef(f"{_base()}id/{candidate}")
        description = cbd_from_store(store, iri)
        if len(description):
            incoming = incoming_from_store(store, iri)
            return _resource(iri, description, incoming, Labeller(vocabulary(), store), _negotiated(fmt))
    return _not_found(f"{_base()}id/{rest}")


@bp.get("/code/<path:rest>")
def concept(rest: str):
    """A SKOS concept or concept scheme of the code lists."""
    return _vocabulary_resource("code/", rest)


@bp.get("/criteria/<path:rest>")
def shape(rest: str):
    """A requirement shape, a data-quality shape or a parameter of the criteria."""
    return _vocabulary_resource("criteria/", rest)


def _vocabulary_resource(prefix: str, rest: str) -> Response:
    source = vocabulary()
    path, asked = _split(rest)
    for candidate, fmt in ((path, asked), (rest, None)) if asked else ((rest, None),):
        iri = URIRef(f"{_base()}{prefix}{candidate}")
        description = cbd_from_graph(source, iri)
        if len(description):
            store = _state().store
            incoming = incoming_from_graph(source, iri) + incoming_from_store(store, iri)
            return _resource(iri, description, incoming, Labeller(source, store), _negotiated(fmt))
    return _not_found(f"{_base()}{prefix}{rest}")


def _resource(iri: URIRef, description: Graph, incoming, labels: Labeller, fmt: str) -> Response:
    data = page_data(iri, description, incoming, labels, local)
    data["formats"] = {name: f"{local(str(iri))}{suffix}" for name, (_, suffix) in RDF_FORMATS.items()}
    if (iri, RDF.type, PS.Park) in description:
        data["viewer"] = url_for("viewer.park", park=park_id(iri))
    return _answer(fmt, description, "resource.html", data)


# ── documents ────────────────────────────────────────────────────────────────
def _document(name: str, rest: str = ""):
    fmt = SUFFIXES.get(rest) if rest else None
    if rest and fmt is None:
        return _not_found(f"{_base()}{name}{rest}")
    return _negotiated(fmt)


@bp.get("/def", defaults={"suffix": ""})
@bp.get("/def<any('.ttl', '.jsonld', '.nt', '.json'):suffix>")
def ontology(suffix: str):
    """The whole ontology: classes and properties with their labels and definitions."""
    fmt = _document("def", suffix)
    graph = _ontology_graph(paths.ONTOLOGY_DIR)
    if fmt in RDF_FORMATS:
        return _answer(fmt, graph, "", {})
    return _answer(fmt, graph, "ontology.html", _ontology_data(graph))


@bp.get("/criteria", defaults={"suffix": ""})
@bp.get("/criteria<any('.ttl', '.jsonld', '.nt', '.json'):suffix>")
def shapes(suffix: str):
    """The criteria of the current edition: every requirement by level, and the shapes."""
    fmt = _document("criteria", suffix)
    criteria = _state().rater().criteria
    graph = bound(Graph()) + criteria.shapes
    bound(graph)
    if fmt in RDF_FORMATS:
        return _answer(fmt, graph, "", {})
    return _answer(fmt, graph, "criteria.html", _criteria_data(criteria))


def _text(graph: Graph, node, properties) -> dict | None:
    found = lang_text(graph, node, properties)
    return found.as_dict() if found else None


def _ontology_data(graph: Graph) -> dict:
    labels = Labeller(vocabulary())
    ontology = URIRef(f"{_base()}def")

    def term(node: URIRef) -> dict:
        return {
            "iri": str(node),
            "anchor": str(node).rsplit("#", 1)[-1],
            "compact": graph.namespace_manager.normalizeUri(node),
            "label": labels(node),
            "definition": _text(graph, node, DEFINITIONS),
            "domain": [labels(d) | {"href": local(str(d))} for d in graph.objects(node, RDFS.domain)],
            "range": [
                labels(r) | {"href": local(str(r)), "compact": graph.namespace_manager.normalizeUri(r)}
                for r in graph.objects(node, RDFS.range)
                if isinstance(r, URIRef)
            ],
            "parents": [labels(c) | {"href": local(str(c))} for c in graph.objects(node, RDFS.subClassOf)],
        }

    def of_type(*kinds: str) -> list[dict]:
        nodes = {n for kind in kinds for n in graph.subjects(RDF.type, URIRef(OWL + kind)) if isinstance(n, URIRef)}
        mine = sorted((n for n in nodes if str(n).startswith(str(PS))), key=str)
        return [term(n) for n in mine]

    return {
        "iri": str(ontology),
        "title": _text(graph, ontology, (DCTERMS_TITLE, RDFS.label)),
        "description": _text(graph, ontology, DEFINITIONS),
        "version": str(graph.value(ontology, URIRef(OWL + "versionInfo")) or ""),
        "classes": of_type("Class"),
        "object_properties": of_type("ObjectProperty"),
        "datatype_properties": of_type("DatatypeProperty"),
        "annotation_properties": of_type("AnnotationProperty"),
        "code_lists": [
            {"iri": str(s), "label": labels(s), "href": local(str(s))}
            for s in sorted(vocabulary().subjects(RDF.type, SKOS.ConceptScheme), key=str)
        ],
        "formats": {name: f"/def{suffix}" for name, (_, suffix) in RDF_FORMATS.items()},
    }


def _criteria_data(criteria: Criteria) -> dict:
    indicators = {i.number: i.label.as_dict() for i in criteria.indicators}
    labels = Labeller(criteria.context)
    edition = criteria.edition
    levels = []
    for level in criteria.levels:
        found = sorted(
            (r for r in criteria.requirements if r.level == level), key=lambda r: (r.indicator_number, str(r.iri))
        )
        levels.append(
            {
                "level": level,
                "requirements": [
                    {
                        "iri": str(r.iri),
                        "href": local(str(r.iri)),
                        "compact": criteria.context.namespace_manager.normalizeUri(r.iri),
                        "indicator": r.indicator_number,
                        "indicator_label": indicators.get(r.indicator_number),
                        "category": labels(r.category) if r.category else None,
                        "name": r.name.as_dict(),
                        "clause": r.clause.as_dict(),
                    }
                    for r in found
                ],
            }
        )
    return {
        "edition": str(edition) if edition else None,
        "edition_label": _text(criteria.context, edition, (DCTERMS_TITLE, RDFS.label)) if edition else None,
        "edition_href": local(str(edition)) if edition else None,
        "levels": levels,
        "formats": {name: f"/criteria{suffix}" for name, (_, suffix) in RDF_FORMATS.items()},
    }
