"""Ratings in the store: one graph per edition of the criteria. Each park's rating is a
ps:Rating with its stars, pending level, edition, the version of the data it was computed
from, one triple per requirement that applied (ps:met / ps:notMet / ps:notAssessable, so
analysts can query outcomes in SPARQL), and the compact record the reports are rebuilt
from (results.codec: packed JSON, xsd:base64Binary)."""

import hashlib
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import URIRef

from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating
from parkstar.results.codec import packed, record_json
from parkstar.vocab import ID, PROV, PS, RDF, XSD

_OUTCOME_PROPERTY = {
    Outcome.MET: ox.NamedNode(str(PS.met)),
    Outcome.NOT_MET: ox.NamedNode(str(PS.notMet)),
    Outcome.NOT_ASSESSABLE: ox.NamedNode(str(PS.notAssessable)),
}
# the constant terms of every rating, made once
_TYPE = ox.NamedNode(str(RDF.type))
_RATING = ox.NamedNode(str(PS.Rating))
_RATING_OF = ox.NamedNode(str(PS.ratingOf))
_EDITION = ox.NamedNode(str(PS.edition))
_STARS = ox.NamedNode(str(PS.stars))
_DATA_VERSION = ox.NamedNode(str(PS.dataVersion))
_GENERATED = ox.NamedNode(str(PROV.generatedAtTime))
_PENDING = ox.NamedNode(str(PS.pendingLevel))
_RECORD = ox.NamedNode(str(PS.record))
_INTEGER = ox.NamedNode(str(XSD.integer))
_DATE_TIME = ox.NamedNode(str(XSD.dateTime))
_BASE64 = ox.NamedNode(str(XSD.base64Binary))
_REQUIREMENTS: dict[URIRef, ox.NamedNode] = {}  # requirement IRIs as Oxigraph terms


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
    Quad = ox.Quad
    quads = [
        Quad(node, _TYPE, _RATING, graph),
        Quad(node, _RATING_OF, ox.NamedNode(str(rating.park)), graph),
        Quad(node, _EDITION, ox.NamedNode(str(edition)), graph),
        Quad(node, _STARS, ox.Literal(str(rating.stars), datatype=_INTEGER), graph),
        Quad(node, _DATA_VERSION, ox.Literal(version), graph),
        Quad(node, _GENERATED, ox.Literal(now, datatype=_DATE_TIME), graph),
    ]
    if rating.pending_level is not None:
        quads.append(Quad(node, _PENDING, ox.Literal(str(rating.pending_level), datatype=_INTEGER), graph))
    for cell in rating.cells:
        for result in cell.results:
            iri = result.requirement.iri
            requirement = _REQUIREMENTS.get(iri)
            if requirement is None:
                requirement = _REQUIREMENTS[iri] = ox.NamedNode(str(iri))
            quads.append(Quad(node, _OUTCOME_PROPERTY[result.outcome], requirement, graph))
    quads.append(Quad(node, _RECORD, ox.Literal(packed(record_json(rating)), datatype=_BASE64), graph))
    return quads
