"""A park's own subgraph: its description and everything hanging off it (operator, units,
documents, facilities, services, platforms, assessments) plus the enterprises resident in
it. A park's outcomes depend on this subgraph only, which is what lets parks be rated one
at a time, in parallel, or in any order. Which incoming links belong to a park is read
from the ontology (properties with an owl:inverseOf), not named here."""

from collections import deque

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from parkstar.vocab import OWL


def incoming_link_properties(ontology: Graph) -> set[URIRef]:
    """Properties declared inverse of another: links that point into a park from outside."""
    found: set[URIRef] = set()
    for p, q in ontology.subject_objects(OWL.inverseOf):
        found.update(x for x in (p, q) if isinstance(x, URIRef))
    return found


def park_subgraph(graph: Graph, park: URIRef, parks: set[Node], incoming: set[URIRef]) -> Graph:
    """The closure of `park` over outgoing links and the `incoming` properties; other
    parks reached by a link are not expanded."""
    sub = Graph()
    seen: set[Node] = {park}
    queue: deque[Node] = deque([park])
    while queue:
        node = queue.popleft()
        for s, p, o in graph.triples((node, None, None)):
            sub.add((s, p, o))
            if isinstance(o, (URIRef, BNode)) and o not in seen and o not in parks:
                seen.add(o)
                queue.append(o)
        for prop in incoming:
            for s in graph.subjects(prop, node):
                sub.add((s, prop, node))
                if s not in seen and s not in parks:
                    seen.add(s)
                    queue.append(s)
    return sub
