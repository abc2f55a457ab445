"""Rating parks: the highest level whose every criterion holds, with the 8 × 5 matrix of
outcomes, the reasons for every criterion not met or not assessable, and the gap to the
next star.

The interface is per park: `rate()` derives figures for the whole input once, then
evaluates each park's own subgraph. Callers never see how evaluation is done, so it can
be replaced (parallel, compiled to queries) without changing them."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from parkstar.criteria import Criteria, Requirement, Text, load_criteria
from parkstar.criteria.model import Indicator
from parkstar.engine.derive import Deriver
from parkstar.engine.explain import Explainer, Explanation
from parkstar.engine.outcome import Outcome, combine
from parkstar.engine.partition import incoming_link_properties, park_subgraph
from parkstar.engine.shacl import ShaclEvaluator
from parkstar.labels import label
from parkstar.vocab import PS, RDF


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


class Rater:
    """Rates parks against criteria read from files (the current `shapes/` by default)."""

    def __init__(self, criteria: Criteria | None = None) -> None:
        self.criteria = criteria or load_criteria()
        self.deriver = Deriver(self.criteria)
        self.evaluator = ShaclEvaluator(self.criteria.shapes)
        self.explainer = Explainer(self.criteria.context)
        self.incoming = incoming_link_properties(self.criteria.context)

    @staticmethod
    def parks(data: Graph) -> list[URIRef]:
        return sorted(p for p in set(data.subjects(RDF.type, PS.Park)) if isinstance(p, URIRef))

    def prepare(self, data: Graph) -> Graph:
        """The data plus every figure the rules derive from it."""
        return data + self.deriver.derive(data)

    def rate(self, data: Graph, progress: ProgressCallback | None = None) -> Iterator[ParkRating]:
        working = self.prepare(data)
        parks = self.parks(working)
        park_set: set[Node] = set(parks)
        for done, park in enumerate(parks, start=1):
            yield self.rate_subgraph(park, park_subgraph(working, park, park_set, self.incoming))
            if progress:
                progress(done, len(parks))

    def rate_subgraph(self, park: URIRef, sub: Graph) -> ParkRating:
        """Rate one park from its own (already derived) subgraph."""
        failed = self.evaluator.violations(sub).get(park, set())
        types = set(sub.objects(park, RDF.type))
        cells: list[CellResult] = []
        for indicator in self.criteria.indicators:
            for level in self.criteria.levels:
                cells.append(self._cell(indicator, level, park, sub, types, failed))
        levels = self.criteria.levels
        stars = 0
        for level in levels:
            if all(c.outcome is Outcome.MET for c in cells if c.level == level):
                stars = level
            else:
                break
        next_outcome = combine(c.outcome for c in cells if c.level == stars + 1)
        pending = stars + 1 if stars + 1 in levels and next_outcome is Outcome.NOT_ASSESSABLE else None
        category = sub.value(park, PS.parkCategory)
        context = self.criteria.context
        return ParkRating(
            park=park,
            name=label(sub, park),
            category=category,
            category_label=label(context, category) if category is not None else None,
            region=sub.value(park, PS.region),
            stars=stars,
            pending_level=pending,
            levels=levels,
            cells=cells,
        )

    def _cell(
        self,
        indicator: Indicator,
        level: int,
        park: URIRef,
        sub: Graph,
        types: set[Node],
        failed: set[URIRef],
    ) -> CellResult:
        requirements = self.criteria.for_cell(indicator.iri, level)
        results = [self._result(r, park, sub, failed) for r in requirements if r.target_class in types]
        missing: list[Text] = []
        if not results:
            dq = {d for r in requirements for d in r.needs if d in failed}
            missing = [self.criteria.data_quality[d] for d in sorted(dq)]
        return CellResult(indicator, level, combine(r.outcome for r in results), results, missing)

    def _result(self, requirement: Requirement, park: URIRef, sub: Graph, failed: set[URIRef]) -> RequirementResult:
        if requirement.iri not in failed:
            return RequirementResult(requirement, Outcome.MET)
        missing = [self.criteria.data_quality[d] for d in requirement.needs if d in failed]
        outcome = Outcome.NOT_ASSESSABLE if missing else Outcome.NOT_MET
        explanation = self.explainer.explain(requirement.test, sub, park)
        return RequirementResult(requirement, outcome, explanation, missing)
