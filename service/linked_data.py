"""Descriptions of the project's IRIs for the linked-data pages: a resource's concise
bounded description (its own triples and the blank nodes they reach), the links that
point at it, and labels for everything shown.

Two sources: the store (parks, enterprises, ratings, graphs — `/id/…`), read through the
service's read-only handle, and the vocabulary (the ontology, the code lists and the
criteria — `/def`, `/code/…`, `/criteria/…`), which the store need not hold and which is
read from the files the rating engine loaded."""

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

import parkstar.criteria  # noqa: F401  (loaded before parkstar.labels, which it imports in a cycle)
from parkstar.exchange.context import context
from parkstar.labels import label, lang_text
from parkstar.rdf.terms import to_rdflib
from parkstar.store.names import STAGING_PREFIX
from parkstar.vocab import PREFIXES, RDF, RDFS, SKOS

#: What names a node of the data (a park, an enterprise, a document), in this order.
_NAMES = (str(RDFS.label), str(SKOS.prefLabel), "http://purl.org/dc/terms/title")
MAX_INCOMING = 500  # links listed on a page; an enterprise-heavy park has a few hundred
DEFINITIONS = (SKOS.definition, RDFS.comment, URIRef("http://purl.org/dc/terms/description"))

#: Media types of the RDF forms of a description, and the suffixes a browser can use.
RDF_FORMATS = {
    "turtle": ("text/turtle", ".ttl"),
    "json-ld": ("application/ld+json", ".jsonld"),
    "nt": ("application/n-triples", ".nt"),
}


def bound(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", str(SKOS))
    graph.bind("prov", "http://www.w3.org/ns/prov#")
    graph.bind("dcterms", "http://purl.org/dc/terms/")
    graph.bind("sh", "http://www.w3.org/ns/shacl#")
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """A graph in one of RDF_FORMATS; JSON-LD compacted with the shipped context (never fetched)."""
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", context=context(), auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def cbd_from_graph(source: Graph, subject: URIRef) -> Graph:
    """The concise bounded description of `subject` in an rdflib graph."""
    found = bound(Graph())
    frontier: list[Node] = [subject]
    seen: set[Node] = {subject}
    while frontier:
        node = frontier.pop()
        for s, p, o in source.triples((node, None, None)):
            found.add((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                frontier.append(o)
    return found


def cbd_from_store(store, subject: URIRef) -> Graph:
    """The concise bounded description of `subject` across the store's graphs (data,
    ratings, provenance; never a half-written staging graph)."""
    found = bound(Graph())
    frontier: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(str(subject))]
    seen = set(frontier)
    while frontier:
        node = frontier.pop()
        for quad in store.quads_about(node):
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name.value.startswith(STAGING_PREFIX):
                continue
            found.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                frontier.append(quad.object)
    return found


def incoming_from_store(store, subject: URIRef) -> list[tuple[URIRef, URIRef]]:
    query = f"""SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p <{subject}> }}
        FILTER (isIRI(?s) && !STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }} ORDER BY ?p ?s LIMIT {MAX_INCOMING}"""
    return [(URIRef(row["s"].value), URIRef(row["p"].value)) for row in store.query(query)]


def incoming_from_graph(source: Graph, subject: URIRef) -> list[tuple[URIRef, URIRef]]:
    links = {(s, p) for s, p in source.subject_predicates(subject) if isinstance(s, URIRef)}
    return sorted(links, key=lambda link: (str(link[1]), str(link[0])))[:MAX_INCOMING]


@dataclass
class Labeller:
    """Labels in both languages: from the vocabulary, else from the store (a park's or an
    enterprise's rdfs:label), else the compact IRI."""

    vocabulary: Graph
    store: object | None = None
    _cache: dict = field(default_factory=dict)

    def __call__(self, node: Node) -> dict[str, str]:
        if node in self._cache:
            return self._cache[node]
        text = lang_text(self.vocabulary, node, (SKOS.prefLabel, RDFS.label, URIRef("http://www.w3.org/ns/shacl#name")))
        if text is None and self.store is not None and isinstance(node, URIRef):
            found = bound(Graph())
            for q in self.store.quads_about(ox.NamedNode(str(node))):
                if q.predicate.value in _NAMES:
                    found.add((node, URIRef(q.predicate.value), to_rdflib(q.object)))
            text = lang_text(found, node, tuple(URIRef(n) for n in _NAMES))
        result = (text or label(self.vocabulary, node)).as_dict()
        self._cache[node] = result
        return result


def page_data(
    subject: URIRef, description: Graph, incoming: list[tuple[URIRef, URIRef]], labels: Labeller, local
) -> dict:
    """What the HTML page of a resource shows (and its JSON form): label, types,
    definition, properties with labelled values, nested blank nodes, incoming links.
    `local(iri)` is the path on this server for an IRI it resolves, else None."""

    def value(node: Node, depth: int = 0) -> dict:
        if isinstance(node, Literal):
            text = str(node)
            return {
                "literal": text if len(text) <= 400 else text[:400] + "…",
                "lang": node.language,
                "datatype": description.namespace_manager.normalizeUri(node.datatype) if node.datatype else None,
            }
        if isinstance(node, BNode):
            return {"blank": properties(node, depth + 1) if depth < 4 else []}
        return {
            "iri": str(node),
            "compact": description.namespace_manager.normalizeUri(node),
            "label": labels(node),
            "href": local(str(node)),
        }

    def properties(node: Node, depth: int = 0) -> list[dict]:
        grouped: dict[URIRef, list[Node]] = {}
        for p, o in description.predicate_objects(node):
            grouped.setdefault(p, []).append(o)
        return [
            {
                "property": value(p),
                "objects": [value(o, depth) for o in sorted(values, key=_order)],
            }
            for p, values in sorted(grouped.items(), key=lambda item: (item[0] != RDF.type, str(item[0])))
        ]

    definition = lang_text(description, subject, DEFINITIONS)
    return {
        "iri": str(subject),
        "label": labels(subject),
        "types": [value(t) for t in sorted(description.objects(subject, RDF.type), key=str)],
        "definition": definition.as_dict() if definition else None,
        "properties": properties(subject),
        "incoming": [{"subject": value(s), "property": value(p)} for s, p in incoming],
        "incoming_limited": len(incoming) >= MAX_INCOMING,
        "triples": len(description),
    }


def _order(node: Node) -> tuple:
    return (isinstance(node, BNode), str(node))
