"""Ratings in the store: one graph per edition of the criteria. Each park's rating is a
ps:Rating with its stars, pending level, edition, the version of the data it was computed
from, one triple per requirement that applied (ps:met / ps:notMet / ps:notAssessable, so
analysts can query outcomes in SPARQL), and the compact record the reports are rebuilt
from (rdf:JSON)."""

import hashlib
import json
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import URIRef

from parkstar.engine.rater import ParkRating
from parkstar.results.codec import to_record
from parkstar.vocab import ID, PROV, PS, RDF, XSD

RDF_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
_OUTCOME_PROPERTY = {"met": PS.met, "not_met": PS.notMet, "not_assessable": PS.notAssessable}


def rating_node(park: URIRef, edition_id: str) -> ox.NamedNode:
    """A readable IRI for a park's rating under an edition."""
    base = f"{ID}park/"
    local = str(park)[len(base) :] if str(park).startswith(base) else hashlib.sha1(str(park).encode()).hexdigest()
    return ox.NamedNode(f"{ID}rating/{edition_id}/{local}")


def rating_quads(
    rating: ParkRating, graph: ox.NamedNode, edition: URIRef, edition_id: str, version: str
) -> list[ox.Quad]:
    node = rating_node(rating.park, edition_id)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()

    def q(p: URIRef, o) -> ox.Quad:
        return ox.Quad(node, ox.NamedNode(str(p)), o, graph)

    quads = [
        q(RDF.type, ox.NamedNode(str(PS.Rating))),
        q(PS.ratingOf, ox.NamedNode(str(rating.park))),
        q(PS.edition, ox.NamedNode(str(edition))),
        q(PS.stars, ox.Literal(str(rating.stars), datatype=ox.NamedNode(str(XSD.integer)))),
        q(PS.dataVersion, ox.Literal(version)),
        q(PROV.generatedAtTime, ox.Literal(now, datatype=ox.NamedNode(str(XSD.dateTime)))),
    ]
    if rating.pending_level is not None:
        quads.append(q(PS.pendingLevel, ox.Literal(str(rating.pending_level), datatype=ox.NamedNode(str(XSD.integer)))))
    for cell in rating.cells:
        for result in cell.results:
            quads.append(q(_OUTCOME_PROPERTY[result.outcome.value], ox.NamedNode(str(result.requirement.iri))))
    record = json.dumps(to_record(rating), ensure_ascii=False, separators=(",", ":"))
    quads.append(q(PS.record, ox.Literal(record, datatype=RDF_JSON)))
    return quads
