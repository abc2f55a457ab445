"""Rating parks: the highest level whose every criterion holds, with the 8 × 5 matrix of
outcomes, the reasons for every criterion not met or not assessable, and the gap to the
next star.

`rate()` builds the population once (data + derived figures in Oxigraph), asks an
evaluator which shapes each park violates, and turns that into outcomes per park. A
park's outcomes depend on its own data only; callers never see how evaluation is done."""

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from parkstar.criteria import Criteria, Requirement, Text, load_criteria
from parkstar.criteria.model import AllOf, AnyOf, Indicator, PropertyTest, Test
from parkstar.engine.derive import Deriver
from parkstar.engine.evaluators import Evaluator, PyShaclEvaluator, SparqlEvaluator
from parkstar.engine.explain import Explainer, Explanation
from parkstar.engine.outcome import Outcome, combine
from parkstar.engine.partition import incoming_link_properties
from parkstar.engine.population import Population
from parkstar.labels import label
from parkstar.vocab import PS


@dataclass
class RequirementResult:
    requirement: Requirement
    outcome: Outcome
    explanation: Explanation | None = None
    missing: list[Text] = field(default_factory=list)  # why it is not assessable


@dataclass
class CellResult:
    indicator: Indicator
    level: int
    outcome: Outcome
    results: list[RequirementResult]
    missing: list[Text] = field(default_factory=list)  # when no requirement could apply


@dataclass
class ParkRating:
    park: URIRef
    name: Text
    category: Node | None
    category_label: Text | None
    region: Node | None
    stars: int
    pending_level: int | None  # the next level, when only missing data blocks it
    levels: list[int]
    cells: list[CellResult]

    def cell(self, indicator_number: int, level: int) -> CellResult:
        for c in self.cells:
            if c.indicator.number == indicator_number and c.level == level:
                return c
        raise KeyError((indicator_number, level))

    def level_outcome(self, level: int) -> Outcome:
        return combine(c.outcome for c in self.cells if c.level == level)

    @property
    def next_level(self) -> int | None:
        return self.stars + 1 if self.stars + 1 in self.levels else None

    def failures(self) -> list[RequirementResult]:
        """Every requirement not met or not assessable, at every level."""
        found = [r for c in self.cells for r in c.results if r.outcome is not Outcome.MET]
        return sorted(found, key=lambda r: (r.requirement.level, r.requirement.indicator_number))

    def gap(self) -> list[RequirementResult]:
        """What the park lacks for its next star: the next level's unmet requirements."""
        if self.next_level is None:
            return []
        return [r for r in self.failures() if r.requirement.level == self.next_level]


ProgressCallback = Callable[[int, int], None]
#: Explanations already made in one rating run, by the requirement's test (numbered: the same
#: test in two requirements has one number) and the park's values it reads (shared between
#: parks and requirements: they are read, never changed).
Explained = dict[tuple[int, tuple[tuple[Node, ...], ...]], Explanation]
ExplainOne = Callable[[Requirement], Explanation]
#: the value maps (park → values, one per path) a requirement's explanation reads, per rating run
ValueMaps = dict[URIRef, list[dict[Node, list[Node]]]]
EVALUATORS = ("sparql", "pyshacl")


class Rater:
    """Rates parks against criteria read from files (the current `shapes/` by default).

    `evaluator` chooses how shapes are evaluated: "sparql" (compiled queries over all
    parks at once, the default) or "pyshacl" (the reference, park by park). Both give
    the same outcomes; everything after evaluation is shared. `explain=False` skips the
    actual-vs-required texts when only outcomes are wanted (comparing editions)."""

    def __init__(self, criteria: Criteria | None = None, evaluator: str = "sparql", explain: bool = True) -> None:
        self.criteria = criteria or load_criteria()
        self.explain = explain
        self.deriver = Deriver(self.criteria)
        self.explainer = Explainer(self.criteria.context)
        self.incoming = incoming_link_properties(self.criteria.context)
        # the SPARQL paths a requirement's explanation reads (each once): with the
        # requirement's test, they determine it, so parks with the same values there share
        # one explanation; and so do requirements whose tests are the same (e.g. the same
        # test at levels 4 and 5), numbered by `_test_number`
        requirements = self.criteria.requirements
        self._paths = {r.iri: tuple(dict.fromkeys(t.path.n3() for t in _property_tests(r.test))) for r in requirements}
        numbers: dict[tuple, int] = {}
        self._test_number = {r.iri: numbers.setdefault(_signature(r.test), len(numbers)) for r in requirements}
        # the cells in order (indicator by indicator, level by level) with their requirements
        self._cells = [
            (indicator, level, self.criteria.for_cell(indicator.iri, level))
            for indicator in self.criteria.indicators
            for level in self.criteria.levels
        ]
        # a property test's path in SPARQL, made once (by id: tests live as long as the criteria)
        self._n3: dict[int, str] = {}
        self.evaluator_name = evaluator
        self._scratch: ox.Store | None = None  # the context alone, for rate_few
        self._scratch_lock = threading.Lock()
        if evaluator == "sparql":
            self.evaluator: Evaluator = SparqlEvaluator(self.criteria.shapes, self.incoming)
        elif evaluator == "pyshacl":
            self.evaluator = PyShaclEvaluator(self.criteria.shapes, self.incoming)
        else:
            raise ValueError(f"unknown evaluator {evaluator!r}; expected one of {EVALUATORS}")

    def population(self, data: Graph | Iterable[ox.Quad] | bytes | Path) -> Population:
        """The parks of `data` with every figure the rules derive."""
        return Population.build(data, self.deriver)

    def rate(
        self, data: Graph | Iterable[ox.Quad] | bytes | Path | Population, progress: ProgressCallback | None = None
    ) -> Iterator[ParkRating]:
        """Rate every park of `data` (an rdflib graph, Oxigraph quads, N-Triples bytes or
        file, or a population)."""
        population = data if isinstance(data, Population) else self.population(data)
        failed = self.evaluator.failures(population, progress)
        types = population.types()
        names = population.labels()
        explained: Explained = {}
        read: ValueMaps = {}
        for park in population.parks():
            park_types, park_failed = types.get(park, set()), failed.get(park, set())
            yield self._rating(park, population, park_types, park_failed, names, explained, read)

    def rate_few(self, quads: list[ox.Quad], parks: set[URIRef]) -> list[ParkRating]:
        """The ratings of a few `parks` from their quads, in a store that keeps the
        criteria context between calls (converting it is most of the cost of one park)."""
        with self._scratch_lock:
            if self._scratch is None:
                self._scratch = ox.Store()
                self._scratch.bulk_extend(self.deriver.context_quads)
            try:
                population = Population.build(quads, self.deriver, self._scratch)
                return [r for r in self.rate(population) if r.park in parks]
            finally:
                self._scratch.clear_graph(ox.DefaultGraph())

    def _rating(
        self,
        park: URIRef,
        population: Population,
        types: set[Node],
        failed: set[URIRef],
        names: Graph,
        explained: Explained,
        read: ValueMaps,
    ) -> ParkRating:
        def values(test: PropertyTest) -> list[Node]:
            return population.values(self._path_n3(test))[park]

        def explain(requirement: Requirement) -> Explanation:
            iri = requirement.iri
            maps = read.get(iri)
            if maps is None:
                maps = read[iri] = [population.values(p) for p in self._paths[iri]]
            key = (self._test_number[iri], tuple([tuple(m[park]) for m in maps]))
            found = explained.get(key)
            if found is None:
                found = explained[key] = self.explainer.explain(requirement.test, values)
            return found

        cells = [
            self._cell(indicator, level, requirements, types, failed, explain)
            for indicator, level, requirements in self._cells
        ]
        levels = self.criteria.levels
        stars = 0
        for level in levels:
            if all(c.outcome is Outcome.MET for c in cells if c.level == level):
                stars = level
            else:
                break
        next_outcome = combine(c.outcome for c in cells if c.level == stars + 1)
        pending = stars + 1 if stars + 1 in levels and next_outcome is Outcome.NOT_ASSESSABLE else None
        category = next(iter(population.values(PS.parkCategory.n3())[park]), None)
        region = next(iter(population.values(PS.region.n3())[park]), None)
        context = self.criteria.context
        return ParkRating(
            park=park,
            name=label(names, park),
            category=category,
            category_label=label(context, category) if category is not None else None,
            region=region,
            stars=stars,
            pending_level=pending,
            levels=levels,
            cells=cells,
        )

    def _path_n3(self, test: PropertyTest) -> str:
        found = self._n3.get(id(test))
        if found is None:
            found = self._n3[id(test)] = test.path.n3()
        return found

    def _cell(
        self,
        indicator: Indicator,
        level: int,
        requirements: list[Requirement],
        types: set[Node],
        failed: set[URIRef],
        explain: ExplainOne,
    ) -> CellResult:
        results = []
        for r in requirements:
            if r.target_class not in types:
                continue
            if r.iri not in failed:
                results.append(RequirementResult(r, Outcome.MET))
                continue
            missing = [self.criteria.data_quality[d] for d in r.needs if d in failed]
            outcome = Outcome.NOT_ASSESSABLE if missing else Outcome.NOT_MET
            results.append(RequirementResult(r, outcome, explain(r) if self.explain else None, missing))
        cell_missing: list[Text] = []
        if not results:
            dq = {d for r in requirements for d in r.needs if d in failed}
            cell_missing = [self.criteria.data_quality[d] for d in sorted(dq)]
        return CellResult(indicator, level, combine(r.outcome for r in results), results, cell_missing)


def _signature(test: Test) -> tuple:
    """What an explanation of `test` depends on (all but the shapes' own names): equal
    signatures, equal explanations of the same values."""
    if isinstance(test, PropertyTest):
        constraints = tuple((c.kind, c.value) for c in test.constraints)
        return ("property", test.path.n3(), test.last_property, constraints)
    assert isinstance(test, AllOf | AnyOf)
    return (type(test).__name__, tuple(_signature(part) for part in test.parts))


def _property_tests(test: Test) -> list[PropertyTest]:
    """The property tests of a test tree, in order."""
    if isinstance(test, PropertyTest):
        return [test]
    assert isinstance(test, AllOf | AnyOf)
    return [leaf for part in test.parts for leaf in _property_tests(part)]
