"""The table the shapes encode equals the standard's table written out by hand
(tests/standard/expected-table.toml): every numeric threshold, required item, allowed set
and required fact of every cell (indicator × level × park category), nothing missing and
nothing extra, compared as (indicator, level, category, path, constraint, value)."""

from __future__ import annotations

import itertools
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from parkstar.criteria import load_criteria
from parkstar.criteria.describe import standard_table

EXPECTED = tomllib.loads((Path(__file__).parent / "standard" / "expected-table.toml").read_text(encoding="utf-8"))
CELLS = list(itertools.product(EXPECTED["indicators"], EXPECTED["levels"], EXPECTED["categories"]))

Cell = tuple[int, int, str]
Key = tuple[str, str, object]  # path, constraint, value


def _expected_keys(item: dict) -> Iterator[tuple[Key, str | None]]:
    path = item["path"]
    if "at_least" in item:
        yield (path, "minInclusive", item["at_least"]), item.get("parameter")
    for value in item.get("has", []):
        yield (path, "hasValue", value), None
    if "one_of" in item:
        yield (path, "in", frozenset(item["one_of"])), None
    if "some_of" in item:
        yield (path, "qualifiedValueShape", frozenset(item["some_of"])), None
        yield (path, "qualifiedMinCount", item["count"]), None
    if item.get("required"):
        yield (path, "minCount", 1), None


def expected() -> dict[Cell, dict[Key, dict]]:
    """Cell → key → {parameter, either, xfail}."""
    table: dict[Cell, dict[Key, dict]] = defaultdict(dict)
    for item in EXPECTED["item"]:
        for level in item["levels"]:
            for category in [item["category"]] if "category" in item else EXPECTED["categories"]:
                for key, parameter in _expected_keys(item):
                    info = {"parameter": parameter, "either": item.get("either", False), "xfail": item.get("xfail")}
                    table[(item["indicator"], level, category)][key] = info
    return table


def _actual_keys(test: dict, either: bool = False) -> Iterator[tuple[Key, str | None, bool]]:
    if "path" in test:
        constraints = test["constraints"]
        for c in constraints:
            if c["constraint"] == "minCount" and len(constraints) > 1:
                continue  # the presence half of a threshold or an allowed set
            value = frozenset(c["values"]) if "values" in c else c["value"]
            yield (test["path"], c["constraint"], value), c.get("parameter"), either
    for part in test.get("any_of", []):
        yield from _actual_keys(part, True)
    for part in test.get("all_of", []):
        yield from _actual_keys(part, either)


@pytest.fixture(scope="module")
def table() -> dict:
    return standard_table(load_criteria())


@pytest.fixture(scope="module")
def actual(table: dict) -> dict[Cell, dict[Key, dict]]:
    found: dict[Cell, dict[Key, dict]] = defaultdict(dict)
    for cell in table["cells"]:
        where = (cell["indicator"], cell["level"], cell["category"])
        for requirement in cell["requirements"]:
            for key, parameter, either in _actual_keys(requirement["test"]):
                found[where][key] = {"parameter": parameter, "either": either}
    return found


def _cell_param(cell: Cell) -> pytest.param:
    reasons = [i["xfail"] for i in expected().get(cell, {}).values() if i["xfail"]]
    marks = [pytest.mark.xfail(reason=reasons[0], strict=True)] if reasons else []
    return pytest.param(cell, marks=marks, id=f"i{cell[0]}-l{cell[1]}-{cell[2].partition(':')[2]}")


def test_dimensions(table: dict) -> None:
    assert [i["number"] for i in table["indicators"]] == EXPECTED["indicators"]
    assert table["levels"] == EXPECTED["levels"]
    assert sorted(c["id"] for c in table["categories"]) == sorted(EXPECTED["categories"])
    assert sorted((c["indicator"], c["level"], c["category"]) for c in table["cells"]) == sorted(CELLS)


@pytest.mark.parametrize("cell", [_cell_param(c) for c in CELLS])
def test_cell(actual: dict, cell: Cell) -> None:
    want = set(expected().get(cell, {}))
    got = set(actual.get(cell, {}))
    assert (sorted(want - got, key=repr), sorted(got - want, key=repr)) == ([], []), "(missing, extra)"


def test_no_constraint_outside_the_cells(actual: dict) -> None:
    assert set(actual) <= set(CELLS)
    assert set(expected()) <= set(CELLS)


def test_or_branches(actual: dict) -> None:
    """The alternatives of an "or" (manufacturing land OR floor area) are the only ones."""
    want = {(cell, key) for cell, keys in expected().items() for key, info in keys.items() if info["either"]}
    got = {(cell, key) for cell, keys in actual.items() for key, info in keys.items() if info["either"]}
    assert want == got


def test_parameters(actual: dict) -> None:
    """Thresholds the standard leaves open carry the documented parameter."""
    want = {(cell, key, i["parameter"]) for cell, keys in expected().items() for key, i in keys.items()}
    got = {(cell, key, i["parameter"]) for cell, keys in actual.items() for key, i in keys.items()}
    common = {(c, k) for c, k, _ in want} & {(c, k) for c, k, _ in got}
    assert {x for x in want if x[:2] in common} == {x for x in got if x[:2] in common}
