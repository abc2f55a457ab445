"""Writing the store's data for another office: the chosen graphs, their provenance and
a DCAT/VoID description, in Turtle, N-Triples (graphs merged), TriG, N-Quads or JSON-LD
(graphs kept; the JSON-LD embeds the parkstar context, so it reads offline)."""

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from parkstar.exchange.context import context
from parkstar.exchange.description import DESCRIPTION_GRAPH, describe
from parkstar.exchange.formats import DATASET_FORMATS, FORMATS
from parkstar.rdf.terms import graph_to_quads, to_rdflib
from parkstar.store import EmbeddedStore
from parkstar.vocab import PREFIXES, PS, RDF

_COUNTS = f"""
SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?park) AS ?parks) (COUNT(DISTINCT ?firm) AS ?firms)
WHERE {{ GRAPH ?g {{ ?s ?p ?o
  BIND (IF(?p = <{RDF.type}> && ?o = <{PS.Park}>, ?s, ?none) AS ?park)
  BIND (IF(?p = <{PS.residentIn}>, ?s, ?none) AS ?firm) }} }}
GROUP BY ?g
"""


def export(
    store: EmbeddedStore,
    names: list[URIRef] | None,
    fmt: str,
    publisher: str,
    region: URIRef | None = None,
    edition: URIRef | None = None,
) -> bytes:
    chosen = names if names is not None else store.graph_names()
    counts = {
        URIRef(row["g"].value): (int(row["triples"].value), int(row["parks"].value), int(row["firms"].value))
        for row in store.query(_COUNTS)
        if URIRef(row["g"].value) in chosen
    }
    description = describe(counts, publisher, region, edition)
    quads = list(store.quads(chosen)) + list(graph_to_quads(description, ox.NamedNode(str(DESCRIPTION_GRAPH))))
    if fmt == "jsonld":
        return _jsonld(quads)
    if fmt in DATASET_FORMATS:
        return ox.serialize(quads, format=FORMATS[fmt], prefixes=PREFIXES)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return ox.serialize(sorted(triples, key=str), format=FORMATS[fmt], prefixes=PREFIXES)


def _jsonld(quads: list[ox.Quad]) -> bytes:
    dataset = Dataset()
    for q in quads:
        g = dataset.graph(URIRef(q.graph_name.value))
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return jsonld(dataset)


def jsonld(graph: Graph) -> bytes:
    """A graph or dataset as JSON-LD with the parkstar context embedded (never referred to
    by IRI), so that it reads offline."""
    text = graph.serialize(format="json-ld", context=context(), auto_compact=True)
    document = json.loads(text)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def write(data: bytes, out: Path | None) -> None:
    if out is None:
        import sys

        sys.stdout.buffer.write(data)
    else:
        out.write_bytes(data)
