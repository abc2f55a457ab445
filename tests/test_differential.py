"""The fast path (shapes compiled to SPARQL) must agree with pySHACL, the reference, on
every park and every criterion: met / not met / not assessable, and the stars.

The population mixes a generated province (every star level, missing facts), the
sample parks, and the just-passing / just-failing parks of the standard's test cases,
so that every requirement is exercised both ways."""

from pathlib import Path

import pytest
from parks import build_park
from test_standard_cells import _parks as cell_parks

from parkstar.engine import Rater
from parkstar.generate import write_population
from parkstar.rdf.reading import read_graph

ROOT = Path(__file__).resolve().parents[1]


def outcomes(rater: Rater, graph) -> dict:
    found = {}
    for rating in rater.rate(graph):
        park = str(rating.park)
        found[park] = rating.stars
        found[(park, "pending")] = rating.pending_level
        for cell in rating.cells:
            found[(park, cell.indicator.number, cell.level)] = cell.outcome.value
            for result in cell.results:
                found[(park, str(result.requirement.iri))] = result.outcome.value
    return found


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory):
    generated = tmp_path_factory.mktemp("generated") / "province.ttl"
    write_population(generated, parks=120, seed=11)
    graph = read_graph([generated, ROOT / "data" / "sample"])
    for key, facts in cell_parks().items():
        build_park(facts, key=key, graph=graph)
    return graph


@pytest.fixture(scope="module")
def both(population) -> tuple[dict, dict]:
    return outcomes(Rater(evaluator="sparql"), population), outcomes(Rater(evaluator="pyshacl"), population)


def test_compiled_shapes_cover_every_shape() -> None:
    assert Rater(evaluator="sparql").evaluator.unsupported == []


def test_fast_path_and_pyshacl_agree_on_every_park_and_criterion(both) -> None:
    fast, reference = both
    assert fast.keys() == reference.keys()
    differences = {k: (fast[k], reference[k]) for k in fast if fast[k] != reference[k]}
    assert differences == {}


def test_every_requirement_is_exercised_both_ways(both) -> None:
    fast, _ = both
    seen: dict[str, set[str]] = {}
    for key, value in fast.items():
        if isinstance(key, tuple) and len(key) == 2 and key[1] != "pending":
            seen.setdefault(key[1], set()).add(value)
    rater = Rater(evaluator="sparql")
    for requirement in rater.criteria.requirements:
        values = seen.get(str(requirement.iri), set())
        assert "met" in values and values - {"met"}, f"{requirement.iri} only {values}"
