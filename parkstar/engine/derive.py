"""Derived figures (counts, shares, coverages, facility and platform sets) come from the
SPARQL CONSTRUCT rules in `shapes/rules/`, run in file order by Oxigraph over the data
plus the criteria context (code lists, parameters). Each rule sees what earlier rules
derived. Oxigraph evaluates the aggregates over every park at once, so the cost of this
step grows with the data, not with the number of shapes."""

import pyoxigraph as ox
from rdflib import Graph

from parkstar.criteria.model import Criteria, Rule
from parkstar.errors import ParkstarError
from parkstar.rdf.terms import graph_to_quads, triples_to_rdflib

CONTEXT_GRAPH = ox.NamedNode("urn:parkstar:criteria-context")


class Deriver:
    """Runs the criteria's rules; the context is converted once and reused for every call."""

    def __init__(self, criteria: Criteria, rules: list[Rule] | None = None) -> None:
        self.rules: list[Rule] = criteria.rules if rules is None else rules
        self.context_quads = list(graph_to_quads(criteria.context, CONTEXT_GRAPH))

    def apply(self, store: ox.Store) -> int:
        """Run the rules in a store whose default graph holds the data and whose context
        graph holds the criteria context; derived triples go to the default graph."""
        added = 0
        for rule in self.rules:
            try:
                triples = list(store.query(rule.query, use_default_graph_as_union=True))
            except (SyntaxError, OSError, ValueError) as error:
                raise ParkstarError(
                    f"{rule.source}：规则执行失败：{error}", f"{rule.source}: rule failed: {error}"
                ) from None
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            added += len(triples)
        return added

    def derive(self, data: Graph) -> Graph:
        """The triples the rules derive from an rdflib graph (the graph is not changed)."""
        store = ox.Store()
        store.bulk_extend(self.context_quads)
        store.bulk_extend(graph_to_quads(data))
        before = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        self.apply(store)
        after = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        return triples_to_rdflib(q for q in after if q not in before)
