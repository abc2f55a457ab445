"""The editions pages' data: the catalog with a link to each edition's diff against its
predecessor, a diff as rows, and an impact (parkstar.editions.impact) with what the page
adds around it — the park pages under either edition, and the matrix as rows for the
table. The computations are parkstar.editions'; this module only arranges them."""

from urllib.parse import urlencode

from parkstar.editions import Catalog
from parkstar.editions.diff import Change
from parkstar.editions.impact import Impact
from service.ratings import park_id

DIFF_CSV_COLUMNS = ("kind", "subject", "indicator", "level", "category", "aspect", "old", "new", "text_zh", "text_en")


def diff_url(old: str, new: str) -> str:
    return "/editions/diff?" + urlencode({"from": old, "to": new})


def described(catalog: Catalog, identifier: str) -> dict:
    """An edition as the pages show it: Catalog.describe without its folder (a server path)."""
    data = catalog.describe(catalog.get(identifier))
    data.pop("folder")
    return data


def catalog_page(catalog: Catalog) -> dict:
    editions = []
    for e in catalog.editions:
        data = described(catalog, e.identifier)
        data["diff"] = diff_url(data["predecessor"], data["id"]) if data["predecessor"] else None
        editions.append(data)
    return {"editions": editions, "count": len(editions)}


def choices(catalog: Catalog) -> list[dict]:
    """The editions offered by the pages' selects."""
    return [{"id": e.identifier, "title": e.title.as_dict(), "draft": e.draft} for e in catalog.editions]


def diff_page(catalog: Catalog, old: str, new: str, changes: list[Change]) -> dict:
    return {
        "from": described(catalog, old),
        "to": described(catalog, new),
        "editions": choices(catalog),
        "count": len(changes),
        "changes": [c.as_dict() for c in changes],
    }


def diff_rows(changes: list[dict]) -> list[list]:
    def plain(value: object) -> object:
        return value if value is None or isinstance(value, int | float | str) else str(value)

    return [
        [
            c["kind"],
            c["subject"],
            c["indicator"],
            c["level"],
            c["category"],
            c["aspect"],
            plain(c["old"]),
            plain(c["new"]),
            c["text"]["zh"],
            c["text"]["en"],
        ]
        for c in changes
    ]


def impact_data(result: Impact, old_edition: str, new_edition: str | None) -> dict:
    """An impact as the page shows it. `new_edition` is None for a sandbox (no page to link
    to under it until it is saved)."""
    data = result.as_dict()
    stars = [0, *result.levels]
    data["stars"] = stars
    data["rows"] = [
        {
            "before": a,
            "cells": [{"after": b, "parks": result.matrix[a][b], "move": (b > a) - (b < a)} for b in stars],
        }
        for a in stars
    ]
    for change in data["changes"]:
        pid = park_id(change["park"])
        change["id"] = pid
        change["href_before"] = f"/parks/{pid}?" + urlencode({"edition": old_edition})
        change["href_after"] = f"/parks/{pid}?" + urlencode({"edition": new_edition}) if new_edition else None
    return data
