"""The parks being rated, with their data and every derived figure, in one Oxigraph
store (data and derived triples in the default graph, the criteria context in a graph
of its own). Both evaluators and the explanations read from it, so the population is
built once, whatever the number of parks."""

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from parkstar.engine.derive import Deriver
from parkstar.rdf.terms import graph_to_quads, to_rdflib, triples_to_rdflib
from parkstar.vocab import PS, RDFS

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PARK = ox.NamedNode(str(PS.Park))


class Population:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._values: dict[str, dict[Node, list[Node]]] = {}
        self._terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}
        self._parks: set[ox.NamedNode | ox.BlankNode] | None = None

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        """An Oxigraph term as rdflib's, converted once: parks and codes come back from
        hundreds of queries, and building an rdflib term (IRI checks) is the costly part."""
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = to_rdflib(term)
        return found

    @classmethod
    def build(
        cls, data: Graph | Iterable[ox.Quad] | bytes | Path, deriver: Deriver, store: ox.Store | None = None
    ) -> "Population":
        """A fresh in-memory population: the data (graph names dropped), the context, and
        what the rules derive. `bytes` and a `Path` are N-Triples that Oxigraph wrote (a
        store's dump, a chunk of one), loaded natively and leniently: their writer already
        checked every term (the fast way for a large population: no Python object per triple).
        `store`: an in-memory store holding only the context already (see Rater.rate_few)."""
        if store is None:
            store = ox.Store()
            store.bulk_extend(deriver.context_quads)
        if isinstance(data, bytes):
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        elif isinstance(data, Path):
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        else:
            quads = graph_to_quads(data) if isinstance(data, Graph) else data
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
        deriver.apply(store)
        return cls(store)

    def _select(self, query: str) -> Iterable[ox.QuerySolution]:
        return self.store.query(query)

    def parks(self) -> list[URIRef]:
        rows = self._select(f"SELECT DISTINCT ?p WHERE {{ ?p a <{PS.Park}> FILTER(isIRI(?p)) }}")
        return sorted(URIRef(r["p"].value) for r in rows)

    def types(self) -> dict[Node, set[Node]]:
        found: dict[Node, set[Node]] = defaultdict(set)
        for r in self._select(f"SELECT ?p ?t WHERE {{ ?p a <{PS.Park}> ; a ?t }}"):
            found[self.term(r["p"])].add(self.term(r["t"]))
        return found

    def values(self, path_sparql: str) -> dict[Node, list[Node]]:
        """Every park's values along a SPARQL property path (cached: one query per path),
        sorted: explanations list them, and a park rated from a load's chunk, from the
        store or alone must read the same. A path of one property is read from the
        store's triples directly, kept for parks, without a join per park (which was most
        of the cost)."""
        found = self._values.get(path_sparql)
        if found is None:
            found = self._values[path_sparql] = defaultdict(list)
            term = self.term
            if path_sparql.startswith("<") and path_sparql.endswith(">") and path_sparql.count("<") == 1:
                parks = self._park_terms()
                predicate = ox.NamedNode(path_sparql[1:-1])
                for q in self.store.quads_for_pattern(None, predicate, None, ox.DefaultGraph()):
                    if q.subject in parks:
                        found[term(q.subject)].append(term(q.object))
            else:
                query = f"SELECT ?p ?v WHERE {{ ?p a <{PS.Park}> . ?p {path_sparql} ?v }}"
                for p, v in self._select(query):
                    found[term(p)].append(term(v))
            for values in found.values():  # in a fixed order, not the order the store holds them in
                values.sort(key=_order)
        return found

    def _park_terms(self) -> set[ox.NamedNode | ox.BlankNode]:
        """The parks (subjects typed ps:Park in the default graph), as Oxigraph terms."""
        if self._parks is None:
            quads = self.store.quads_for_pattern(None, _RDF_TYPE, _PARK, ox.DefaultGraph())
            self._parks = {q.subject for q in quads}
        return self._parks

    def labels(self) -> Graph:
        """Parks' names (rdfs:label) as a small rdflib graph."""
        query = f"CONSTRUCT {{ ?p <{RDFS.label}> ?l }} WHERE {{ ?p a <{PS.Park}> ; <{RDFS.label}> ?l }}"
        return triples_to_rdflib(self.store.query(query))

    def as_graph(self) -> Graph:
        """The whole default graph in rdflib (for the pySHACL reference path only)."""
        return triples_to_rdflib(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _order(term: Node) -> tuple[str, str]:
    return (type(term).__name__, str(term))
