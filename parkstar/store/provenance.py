"""PROV-O provenance of a data graph: who loaded it, when, from which file (with its
SHA-256), with which tool version, and how many triples it holds.

A source file is named by its content (`urn:sha256:…`) and titled with its base name,
never with its path: provenance is published (the SPARQL endpoint, exports), and the
loading machine's folders are nobody's business."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from parkstar import __version__
from parkstar.vocab import DCTERMS, PROV, PS, RDF, RDFS, XSD

VOID = "http://rdfs.org/ns/void#"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_time() -> str:
    """Now, as a load records it: UTC to the second, in the canonical lexical form (the
    form stores give back, so that a data version computed before a load commits
    equals the one read from the store after)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance_for(graph: URIRef, sources: list[Path], agent: str, triples: int, loaded_at: str | None = None) -> Graph:
    """Provenance triples for a graph just loaded from `sources` by `agent` (at `loaded_at`, default now)."""
    now = Literal(loaded_at or load_time(), datatype=XSD.dateTime)
    activity = URIRef(f"{graph}#load")
    who = URIRef(f"{graph}#agent")
    g = Graph()
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasGeneratedBy, activity))
    g.add((graph, PROV.wasAttributedTo, who))
    g.add((graph, PROV.generatedAtTime, now))
    g.add((graph, URIRef(VOID + "triples"), Literal(triples)))
    g.add((who, RDF.type, PROV.Agent))
    g.add((who, RDFS.label, Literal(agent)))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.endedAtTime, now))
    g.add((activity, PROV.wasAssociatedWith, who))
    g.add((activity, PS.toolVersion, Literal(f"parkstar {__version__}")))
    for source in sources:
        digest = file_digest(source)
        file_node = URIRef(f"urn:sha256:{digest}")
        g.add((activity, PROV.used, file_node))
        g.add((file_node, RDF.type, PROV.Entity))
        g.add((file_node, DCTERMS.title, Literal(source.name)))
        g.add((file_node, PS.sha256, Literal(digest)))
    return g


def source_names(prov: Graph, activity) -> list[str]:
    """The files a load used, by their titles (base names), for listings."""
    if activity is None:
        return []
    return sorted(str(prov.value(used, DCTERMS.title) or used) for used in prov.objects(activity, PROV.used))


def load_times(prov: Graph, names: list[URIRef]) -> dict[str, str]:
    """Each of these graphs and when it was loaded: the version of its data."""
    return {str(n): str(prov.value(n, PROV.generatedAtTime) or "") for n in names}
