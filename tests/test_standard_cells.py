"""Every cell of the standard at its edge: the cases of tests/standard/cells.toml, each a
change to a perfect park of tests/standard/perfect.toml, built with tests/parks.py and
rated by the engine. All parks go into one graph and are rated in one `Rater().rate()`
call (parks are independent), so the whole file costs one derivation and one SHACL run
per park."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from parks import BASE, apply, build_park
from rdflib import Graph, URIRef

from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating, Rater
from parkstar.quality import check_data

STANDARD = Path(__file__).parent / "standard"
PERFECT = tomllib.loads((STANDARD / "perfect.toml").read_text(encoding="utf-8"))
CELLS = tomllib.loads((STANDARD / "cells.toml").read_text(encoding="utf-8"))


def _listed(value: int | list[int]) -> list[int]:
    return value if isinstance(value, list) else [value]


def _parks() -> dict[str, dict]:
    """Park key → facts: the perfect parks, then one park per case."""
    parks = {f"baseline-{b['park']}": PERFECT[b["park"]] for b in CELLS["baseline"]}
    for n, case in enumerate(CELLS["case"]):
        parks[f"case-{n}"] = apply(PERFECT[case.get("park", CELLS["default_park"])], case)
    return parks


def _params() -> list:
    params = []
    for n, case in enumerate(CELLS["case"]):
        for indicator in _listed(case["indicator"]):
            for level in _listed(case["levels"]):
                parts = [f"i{indicator}", f"l{level}", *([case["park"]] if "park" in case else []), case["name"]]
                marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
                params.append(pytest.param(f"case-{n}", indicator, level, case, id="-".join(parts), marks=marks))
    return params


PARAMS = _params()


@pytest.fixture(scope="module")
def ratings() -> dict[str, ParkRating]:
    graph = Graph()
    for key, facts in _parks().items():
        build_park(facts, key=key, graph=graph)
    return {str(r.park).removeprefix(BASE): r for r in Rater().rate(graph)}


def _explain(rating: ParkRating) -> str:
    lines = [f"{rating.stars}★ pending={rating.pending_level}"]
    for r in rating.failures():
        req = r.requirement
        lines.append(f"  {req.indicator_number}/{req.level} {r.outcome.value}: {req.iri.split('/')[-1]}")
    return "\n".join(lines)


def test_case_ids_are_unique() -> None:
    ids = [p.id for p in PARAMS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("baseline", CELLS["baseline"], ids=lambda b: b["park"])
def test_perfect_park(ratings: dict[str, ParkRating], baseline: dict) -> None:
    rating = ratings[f"baseline-{baseline['park']}"]
    assert (rating.stars, rating.failures()) == (baseline["stars"], []), _explain(rating)


@pytest.mark.parametrize("park", sorted(PERFECT))
def test_perfect_park_is_valid_input(park: str, tmp_path: Path) -> None:
    """The builder writes well-formed input: no data-quality or integrity problem (valid
    credit codes, codes from the code lists, dated and attributed assessments)."""
    file = tmp_path / f"{park}.ttl"
    build_park(PERFECT[park], key=park).serialize(file, format="turtle")
    assert [p.line("en") for p in check_data([file])] == []


@pytest.mark.parametrize(("key", "indicator", "level", "case"), PARAMS)
def test_cell(ratings: dict[str, ParkRating], key: str, indicator: int, level: int, case: dict) -> None:
    rating = ratings[key]
    assert rating.park == URIRef(BASE + key)
    got = (rating.cell(indicator, level).outcome, rating.stars, rating.pending_level)
    assert got == (Outcome(case["outcome"]), case["stars"], case.get("pending")), _explain(rating)
