"""Two ways to find which shapes each park violates, with one interface:

* `SparqlEvaluator` (the fast path): each shape compiled to one SPARQL query that
  Oxigraph answers for every park at once. Shapes the compiler does not understand are
  handed to pySHACL, park by park — never guessed.
* `PyShaclEvaluator` (the reference): pySHACL on each park's own subgraph.

A differential test requires both to give identical outcomes."""

from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from rdflib import Graph, URIRef
from rdflib.term import Node

from parkstar.engine.compile import Plan, ShapeCompiler, Unsupported, run_plan
from parkstar.engine.partition import park_subgraph
from parkstar.engine.population import Population
from parkstar.engine.shacl import ShaclEvaluator, top_level_shapes
from parkstar.vocab import SH

Failures = dict[Node, set[URIRef]]
Progress = Callable[[int, int], None] | None


class Evaluator(Protocol):
    def failures(self, population: Population, progress: Progress = None) -> Failures: ...


class PyShaclEvaluator:
    def __init__(self, shapes: Graph, incoming: set[URIRef]) -> None:
        self.shacl = ShaclEvaluator(shapes)
        self.incoming = incoming

    def failures(self, population: Population, progress: Progress = None) -> Failures:
        graph = population.as_graph()
        parks = population.parks()
        park_set: set[Node] = set(parks)
        found: Failures = defaultdict(set)
        for done, park in enumerate(parks, start=1):
            sub = park_subgraph(graph, park, park_set, self.incoming)
            found[park] |= self.shacl.violations(sub).get(park, set())
            if progress:
                progress(done, len(parks))
        return found


class SparqlEvaluator:
    def __init__(self, shapes: Graph, incoming: set[URIRef]) -> None:
        compiler = ShapeCompiler(shapes)
        self.plans: dict[URIRef, tuple[str, Plan]] = {}
        self.unsupported: list[URIRef] = []
        for shape in sorted(set(top_level_shapes(shapes).values())):
            try:
                target, _ = compiler.compile(shape)
            except Unsupported:
                self.unsupported.append(shape)
                continue
            # the plan's queries read the targets from a DISTINCT subquery: Oxigraph then
            # joins the focus nodes once instead of looking each one up per pattern (about
            # 8 times faster); every query selects DISTINCT ?focus and counts DISTINCT
            # values, so the rows the target pattern repeats change nothing
            self.plans[shape] = (target, compiler.plan(shape, f"{{ SELECT DISTINCT ?focus WHERE {{ {target} }} }}"))
        self.fallback = PyShaclEvaluator(_only(shapes, self.unsupported), incoming) if self.unsupported else None

    def failures(self, population: Population, progress: Progress = None) -> Failures:
        found: Failures = defaultdict(set)
        cache: dict[str, set[Node]] = {}

        def select(sparql: str) -> set[Node]:
            if sparql not in cache:
                cache[sparql] = {population.term(row["focus"]) for row in population.store.query(sparql)}
            return cache[sparql]

        total = len(self.plans)
        for done, (shape, (target, plan)) in enumerate(self.plans.items(), start=1):
            targets = select(f"SELECT DISTINCT ?focus WHERE {{ {target} }}")
            for focus in run_plan(plan, select, targets):
                found[focus].add(shape)
            if progress:
                progress(done, total)
        if self.fallback is not None:
            for park, shapes in self.fallback.failures(population).items():
                found[park] |= shapes
        return found


def _only(shapes: Graph, keep: list[URIRef]) -> Graph:
    """A shapes graph in which only the `keep` shapes have targets."""
    reduced = Graph() + shapes
    for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        for shape in set(reduced.subjects(prop, None)):
            if shape not in keep:
                reduced.remove((shape, prop, None))
    return reduced
