"""What a revision does to the parks: the population rated under two editions with the
fast evaluator, the transition matrix (stars before × stars after), gains and losses by
city and park category, and for every park that moves the criteria that moved it — the
requirements whose outcome differs between the two ratings at the levels between the old
and the new stars (a requirement only one edition has counts as "absent" in the other).

When the two editions derive the same figures (same rules, same parameter values) the
population is built once and both editions evaluated on it."""

import time
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from parkstar.criteria.model import Criteria, Requirement, Text
from parkstar.engine.rater import ParkRating, Rater
from parkstar.labels import compact, label
from parkstar.vocab import PS, RDF, SKOS

ABSENT = "absent"


@dataclass(frozen=True)
class Cause:
    """A requirement whose outcome differs between the two ratings of a park."""

    requirement: str
    name: Text
    indicator: int
    level: int
    before: str  # met / not_met / not_assessable / absent
    after: str

    def as_dict(self) -> dict:
        return {
            "requirement": self.requirement,
            "name": self.name.as_dict(),
            "indicator": self.indicator,
            "level": self.level,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class ParkChange:
    park: str
    name: Text
    city: str | None
    city_label: Text | None
    category: str | None
    category_label: Text | None
    before: int
    after: int
    causes: list[Cause] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "park": self.park,
            "name": self.name.as_dict(),
            "city": self.city,
            "city_label": self.city_label.as_dict() if self.city_label else None,
            "category": self.category,
            "category_label": self.category_label.as_dict() if self.category_label else None,
            "stars_before": self.before,
            "stars_after": self.after,
            "causes": [c.as_dict() for c in self.causes],
        }


@dataclass
class Impact:
    old: str
    new: str
    levels: list[int]
    parks: int
    matrix: dict[int, dict[int, int]]  # stars before → stars after → parks
    changes: list[ParkChange]
    by_city: list[dict]
    by_category: list[dict]
    region: str | None  # a regional variant's region: only its parks are compared
    seconds: float
    shared_population: bool

    def as_dict(self) -> dict:
        return {
            "from": self.old,
            "to": self.new,
            "parks": self.parks,
            "region": self.region,
            "matrix": {str(a): {str(b): n for b, n in row.items()} for a, row in self.matrix.items()},
            "gained": sum(1 for c in self.changes if c.after > c.before),
            "lost": sum(1 for c in self.changes if c.after < c.before),
            "by_city": self.by_city,
            "by_category": self.by_category,
            "changes": [c.as_dict() for c in self.changes],
            "seconds": round(self.seconds, 2),
            "shared_population": self.shared_population,
        }


def same_derivation(a: Criteria, b: Criteria) -> bool:
    """Whether both editions derive the same figures: the rules read the data, the
    ontology and the values of the parameters they name, so equal rules and equal values
    of those parameters mean equal figures (a parameter only shapes use does not count)."""
    if [(r.name, r.query) for r in a.rules] != [(r.name, r.query) for r in b.rules]:
        return False
    text = "\n".join(r.query for r in a.rules)

    def values(c: Criteria) -> set:
        return {
            (p, v)
            for p in c.shapes.subjects(RDF.type, PS.Parameter)
            if str(p).rsplit("/", 1)[-1] in text
            for v in c.shapes.objects(p, PS.value)
        }

    return values(a) == values(b)


def impact(
    old: Criteria,
    new: Criteria,
    data: Graph | list[ox.Quad] | bytes,
    old_id: str,
    new_id: str,
    region: URIRef | None = None,
) -> Impact:
    """Rate `data` under both editions and compare. With `region` (a regional variant's),
    only the parks in that region are compared."""
    started = time.perf_counter()
    rater_old, rater_new = Rater(old, "sparql", explain=False), Rater(new, "sparql", explain=False)
    population = rater_old.population(data)
    shared = same_derivation(old, new)
    before = {r.park: r for r in rater_old.rate(population)}
    after = {r.park: r for r in rater_new.rate(population if shared else rater_new.population(data))}
    context = new.context
    cities = _city_index(context)
    levels = sorted(set(old.levels) | set(new.levels))
    stars = [0, *levels]
    matrix = {a: dict.fromkeys(stars, 0) for a in stars}
    changes: list[ParkChange] = []
    counted = 0
    for park in sorted(before.keys() & after.keys()):
        a, b = before[park], after[park]
        city = cities.get(b.region) if b.region is not None else None
        if region is not None and region not in (b.region, city):
            continue
        counted += 1
        matrix[a.stars][b.stars] += 1
        if a.stars != b.stars:
            changes.append(
                ParkChange(
                    park=str(park),
                    name=b.name,
                    city=compact(context, city),
                    city_label=label(context, city) if city is not None else None,
                    category=compact(context, b.category),
                    category_label=b.category_label,
                    before=a.stars,
                    after=b.stars,
                    causes=causes(a, b, context),
                )
            )
    return Impact(
        old=old_id,
        new=new_id,
        levels=levels,
        parks=counted,
        matrix=matrix,
        changes=changes,
        by_city=_tally(changes, lambda c: (c.city, c.city_label)),
        by_category=_tally(changes, lambda c: (c.category, c.category_label)),
        region=compact(context, region),
        seconds=time.perf_counter() - started,
        shared_population=shared,
    )


def causes(a: ParkRating, b: ParkRating, graph: Graph) -> list[Cause]:
    """The requirements whose outcome differs between two ratings of one park, at the
    levels between the lower and the higher stars (the levels that moved)."""
    low, high = sorted((a.stars, b.stars))
    moved = set(range(low + 1, high + 1))
    outcomes_a, outcomes_b = _outcomes(a, moved), _outcomes(b, moved)
    found = []
    for iri in outcomes_a.keys() | outcomes_b.keys():
        ra, oa = outcomes_a.get(iri, (None, ABSENT))
        rb, ob = outcomes_b.get(iri, (None, ABSENT))
        if oa != ob:
            r = rb or ra
            found.append(Cause(compact(graph, iri), r.name, r.indicator_number, r.level, oa, ob))
    return sorted(found, key=lambda c: (c.level, c.indicator, c.requirement))


def _outcomes(rating: ParkRating, levels: set[int]) -> dict[URIRef, tuple[Requirement, str]]:
    return {
        r.requirement.iri: (r.requirement, r.outcome.value)
        for cell in rating.cells
        if cell.level in levels
        for r in cell.results
    }


def _city_index(context: Graph) -> dict[Node, Node]:
    """Each region code's city: the division just below the province (skos:broader)."""
    parent = {s: o for s, o in context.subject_objects(SKOS.broader) if "/region/" in str(s)}
    cities = {}
    for region in parent:
        node = region
        while parent.get(node) in parent:  # climb while the parent has a parent
            node = parent[node]
        cities[region] = node
    return cities


def _tally(changes: list[ParkChange], key) -> list[dict]:
    counts: dict = defaultdict(lambda: {"gained": 0, "lost": 0})
    labels: dict = {}
    for c in changes:
        k, text = key(c)
        labels[k] = text
        counts[k]["gained" if c.after > c.before else "lost"] += 1
    return [
        {"id": k, "label": labels[k].as_dict() if labels[k] else None, **counts[k]}
        for k in sorted(counts, key=lambda k: k or "")
    ]
