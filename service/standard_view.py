"""The standard's table as the /standard page shows it: 8 indicators × 5 levels, rebuilt
from the shapes (parkstar.criteria.describe.standard_table), each cell with its clause
per park category, the requirement shapes that encode it, and how many stored parks
fail each of them (not met or not assessable)."""

from collections import Counter

from parkstar.criteria.describe import standard_table
from parkstar.criteria.model import Criteria
from service.ratings import StoredRatings

_TABLES: dict[int, dict] = {}


def _table(criteria: Criteria) -> dict:
    """Built once per criteria object: the shapes do not change while the server runs."""
    if id(criteria) not in _TABLES:
        _TABLES[id(criteria)] = standard_table(criteria)
    return _TABLES[id(criteria)]


def standard_page(stored: StoredRatings) -> dict:
    table = _table(stored.criteria)
    failing: Counter = Counter()  # requirement → parks failing it
    cell_failing: dict[tuple[int, int], set[str]] = {}
    for rating in stored.snapshot().ratings:
        for failure in rating.failures():
            requirement = failure.requirement
            failing[stored.compact(requirement.iri)] += 1
            cell_failing.setdefault((requirement.indicator_number, requirement.level), set()).add(str(rating.park))
    cells: dict[tuple[int, int], dict] = {}
    for item in table["cells"]:
        key = (item["indicator"], item["level"])
        cell = cells.setdefault(
            key,
            {
                "indicator": item["indicator"],
                "level": item["level"],
                "parks_failing": len(cell_failing.get(key, ())),
                "clauses": [],
                "requirements": [],
            },
        )
        clause = {"categories": [item["category_label"]], "clause": item["clause"]}
        same = next((c for c in cell["clauses"] if c["clause"] == item["clause"]), None)
        if same is not None:
            same["categories"].append(item["category_label"])
        elif item["clause"]["zh"] or item["clause"]["en"]:
            cell["clauses"].append(clause)
        for requirement in item["requirements"]:
            if all(r["id"] != requirement["id"] for r in cell["requirements"]):
                cell["requirements"].append(
                    {
                        "id": requirement["id"],
                        "name": requirement["name"],
                        "rule": requirement["rule"],
                        "href": "/criteria/" + requirement["id"].split(":", 1)[-1],
                        "parks_failing": failing.get(requirement["id"], 0),
                    }
                )
    categories = len(table["categories"])
    for cell in cells.values():
        for clause in cell["clauses"]:  # a clause every category shares needs no category named
            if len(clause["categories"]) == categories:
                clause["categories"] = []
    return {
        "edition": stored.results.edition_id,
        "parks": len(stored.snapshot().ratings),
        "indicators": table["indicators"],
        "levels": table["levels"],
        "categories": table["categories"],
        "cells": [cells[key] for key in sorted(cells)],
    }
