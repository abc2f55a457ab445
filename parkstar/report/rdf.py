"""Ratings as RDF, so they can be exchanged and queried: one ps:Rating per park with its
stars and one ps:CriterionOutcome per requirement that applies, linked to the requirement
shape (and so to its indicator, level and clause)."""

from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, URIRef

from parkstar import __version__
from parkstar.engine.rater import ParkRating
from parkstar.vocab import CODE, PREFIXES, PROV, PS, RDF, XSD

OUTCOME = f"{CODE}outcome/"


def ratings_graph(ratings: list[ParkRating], edition: URIRef | None = None) -> Graph:
    """The ratings as RDF; each names the edition of the criteria it was computed under."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("prov", PROV)
    graph.bind("outcome", OUTCOME)
    now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    for r in ratings:
        node = URIRef(f"{r.park}#rating")
        graph.add((node, RDF.type, PS.Rating))
        graph.add((node, PS.ratingOf, r.park))
        graph.add((node, PS.stars, Literal(r.stars)))
        if edition is not None:
            graph.add((node, PS.edition, edition))
        if r.pending_level is not None:
            graph.add((node, PS.pendingLevel, Literal(r.pending_level)))
        graph.add((node, PROV.generatedAtTime, now))
        graph.add((node, PS.toolVersion, Literal(f"parkstar {__version__}")))
        for cell in r.cells:
            for result in cell.results:
                outcome = BNode()
                graph.add((node, PS.hasOutcome, outcome))
                graph.add((outcome, RDF.type, PS.CriterionOutcome))
                graph.add((outcome, PS.requirement, result.requirement.iri))
                graph.add((outcome, PS.outcome, URIRef(OUTCOME + result.outcome.value)))
    return graph
