"""Editions of the standard as data: the base edition in `shapes/`, later editions and
regional variants as small sets of changes in `editions/<id>/`; the differences between
two editions, and the impact of a revision on every park."""

from datetime import date
from typing import TYPE_CHECKING

from parkstar.criteria.model import Criteria
from parkstar.editions.catalog import Catalog, Edition, load_catalog

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from parkstar.editions.diff import Change
    from parkstar.editions.impact import Impact

__all__ = ["Catalog", "Edition", "criteria_for", "diff_editions", "impact_of", "load_catalog"]


def criteria_for(identifier: str | None = None, as_of: date | None = None) -> Criteria:
    """The criteria of the edition named, else of the one in force on `as_of` (today)."""
    catalog = load_catalog()
    return catalog.criteria(catalog.choose(identifier, as_of))


def diff_editions(old: str, new: str, catalog: Catalog | None = None) -> list["Change"]:
    """Every change from edition `old` to edition `new` (identifiers), as Change records;
    `[c.as_dict() for c in …]` is JSON-ready."""
    from parkstar.editions.diff import diff_criteria

    catalog = catalog or load_catalog()
    return diff_criteria(catalog.criteria(old), catalog.criteria(new))


def impact_of(old: str, new: str, data: "Graph | list[ox.Quad] | bytes", catalog: Catalog | None = None) -> "Impact":
    """The impact of moving from edition `old` to `new` on the parks of `data`. A regional
    variant on either side restricts the comparison to the parks of its region."""
    from parkstar.editions.impact import impact

    catalog = catalog or load_catalog()
    a, b = catalog.get(old), catalog.get(new)
    region = b.region or a.region
    return impact(catalog.criteria(a), catalog.criteria(b), data, a.identifier, b.identifier, region)
