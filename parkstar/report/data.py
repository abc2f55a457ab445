"""A park's rating as plain data: the JSON output documented in docs/json-output.md, and
the single source the text, CSV and RDF renderings are made from."""

from rdflib import Graph

from parkstar.engine.rater import CellResult, ParkRating, RequirementResult
from parkstar.labels import compact


def result_data(graph: Graph, r: RequirementResult) -> dict:
    req = r.requirement
    data: dict = {
        "requirement": compact(graph, req.iri),
        "indicator": req.indicator_number,
        "level": req.level,
        "outcome": r.outcome.value,
        "name": req.name.as_dict(),
        "message": req.message.as_dict(),
        "clause": req.clause.as_dict(),
    }
    if r.explanation is not None:
        data["detail"] = r.explanation.text.as_dict()
        data["findings"] = [f.as_dict() for f in r.explanation.findings]
        if r.explanation.closest is not None:
            best = r.explanation.branches[r.explanation.closest]
            data["closest_branch"] = {"index": r.explanation.closest, "detail": best.text.as_dict()}
    if r.missing:
        data["missing_data"] = [m.as_dict() for m in r.missing]
    return data


def cell_data(graph: Graph, c: CellResult) -> dict:
    data: dict = {"indicator": c.indicator.number, "level": c.level, "outcome": c.outcome.value}
    if c.missing:
        data["missing_data"] = [m.as_dict() for m in c.missing]
    return data


def rating_data(graph: Graph, rating: ParkRating, edition: str | None = None) -> dict:
    """Everything about one park's rating (see docs/json-output.md); `edition` is the
    identifier of the edition it was computed under, when the caller knows it."""
    data = {
        "park": str(rating.park),
        "name": rating.name.as_dict(),
        "category": compact(graph, rating.category),
        "category_label": rating.category_label.as_dict() if rating.category_label else None,
        "region": compact(graph, rating.region),
        "stars": rating.stars,
        "pending_level": rating.pending_level,
        "next_level": rating.next_level,
        "levels": {str(level): rating.level_outcome(level).value for level in rating.levels},
        "matrix": [cell_data(graph, c) for c in rating.cells],
        "failures": [result_data(graph, r) for r in rating.failures()],
        "gap": [result_data(graph, r) for r in rating.gap()],
    }
    if edition is not None:
        data["edition"] = edition
    return data
