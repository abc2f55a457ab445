"""The parks table: facets, name search and sorting as GET parameters, applied on the
server, so the page, its JSON twin and the CSV download of the same URL show the same
rows. Each facet counts its values among the parks the *other* filters leave, which is
what choosing that value would give."""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import URIRef

from parkstar.engine.rater import ParkRating
from service.ratings import StoredRatings

Row = dict


@dataclass(frozen=True)
class Facet:
    key: str  # the GET parameter
    label: dict  # {"zh", "en"}
    values: Callable[[Row], list[str]]  # a row's values (a park can be blocked by several indicators)


def _one(field: str) -> Callable[[Row], list[str]]:
    return lambda row: [] if row.get(field) is None else [str(row[field])]


FACETS = (
    Facet("city", {"zh": "城市", "en": "City"}, _one("city")),
    Facet("region", {"zh": "县（市、区）", "en": "County / district"}, _one("region")),
    Facet("category", {"zh": "园区类别", "en": "Category"}, _one("category")),
    Facet("stars", {"zh": "星级", "en": "Stars"}, _one("stars")),
    Facet("next", {"zh": "下一星级", "en": "Next star"}, _one("next_level")),
    Facet(
        "blocks",
        {"zh": "阻碍下一星级的指标", "en": "Indicator blocking the next star"},
        lambda row: [str(i) for i in row.get("gap_indicators", [])],
    ),
)

#: Sortable columns → the value a row sorts by (None sorts last).
SORTS: dict[str, Callable[[Row, str], object]] = {
    "name": lambda row, lang: row["name"].get(lang) or row["name"].get("zh") or "",
    "city": lambda row, lang: row["city"],
    "region": lambda row, lang: row["region"],
    "category": lambda row, lang: row["category"],
    "stars": lambda row, lang: row["stars"],
    "pending": lambda row, lang: row["pending_level"],
}


def _matches(row: Row, chosen: Mapping[str, str], skip: str | None = None) -> bool:
    return all(facet.key == skip or chosen[facet.key] in facet.values(row) for facet in FACETS if facet.key in chosen)


def _search(rows: list[Row], text: str) -> list[Row]:
    """Parks whose Chinese or English name contains `text` (case-insensitive)."""
    needle = text.strip().casefold()
    if not needle:
        return rows
    return [r for r in rows if any(needle in (r["name"].get(k) or "").casefold() for k in ("zh", "en"))]


def _failing(ratings: list[ParkRating], requirement: str, compact) -> set[str]:
    """The parks (IRIs) for which `requirement` (a compact or full IRI) is not met or not assessable."""
    return {
        str(r.park)
        for r in ratings
        if any(requirement in (compact(f.requirement.iri), str(f.requirement.iri)) for f in r.failures())
    }


PER_PAGE = 100
MAX_PER_PAGE = 1000


def parks_table(stored: StoredRatings, args: Mapping[str, str], lang: str, paged: bool = True) -> dict:
    """The rows of the parks table for these GET parameters, with the facets' counts: one
    page of them (`page`, `per_page`), or all when not `paged` (the CSV download)."""
    snapshot = stored.snapshot()
    rows = stored.rows()
    total = len(rows)
    filters: dict[str, str] = {}
    query = (args.get("q") or "").strip()
    if query:
        filters["q"] = query
        rows = _search(rows, query)
    fails = (args.get("fails") or "").strip()
    if fails:
        filters["fails"] = fails
        failing = _failing(snapshot.ratings, fails, stored.compact)
        rows = [r for r in rows if r["park"] in failing]
    chosen = {f.key: args[f.key] for f in FACETS if args.get(f.key)}
    filters.update(chosen)
    names = _value_names(stored)
    facets = []
    for facet in FACETS:
        counts: Counter = Counter()
        labels: dict[str, dict | None] = {}
        for row in rows:
            if _matches(row, chosen, skip=facet.key):
                for value in facet.values(row):
                    counts[value] += 1
                    labels.setdefault(value, names[facet.key](row, value))
        if facet.key in chosen and chosen[facet.key] not in counts:  # a choice that leaves no parks stays visible
            counts[chosen[facet.key]] = 0
            labels[chosen[facet.key]] = names[facet.key]({}, chosen[facet.key])
        facets.append(
            {
                "facet": facet.key,
                "label": facet.label,
                "values": [
                    {"value": v, "name": labels.get(v), "count": counts[v], "selected": chosen.get(facet.key) == v}
                    for v in sorted(counts, key=_natural)
                ],
            }
        )
    rows = [r for r in rows if _matches(r, chosen)]
    sort = args.get("sort") if args.get("sort") in SORTS else "name"
    order = "desc" if args.get("order") == "desc" else "asc"
    if "sort" in args or "order" in args:
        filters.update(sort=sort, order=order)
    key = SORTS[sort]
    present = [r for r in rows if key(r, lang) is not None]
    absent = [r for r in rows if key(r, lang) is None]  # unknown values last in either order
    present.sort(key=lambda r: (key(r, lang), r["id"]), reverse=order == "desc")
    rows = present + sorted(absent, key=lambda r: r["id"])
    count = len(rows)
    per_page = min(max(_integer(args.get("per_page"), PER_PAGE), 1), MAX_PER_PAGE) if paged else max(count, 1)
    pages = max(1, -(-count // per_page))
    page = min(max(_integer(args.get("page"), 1), 1), pages)
    return {
        "edition": stored.results.edition_id,
        "total": total,
        "count": count,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "filters": filters,
        "sort": sort,
        "order": order,
        "facets": facets,
        "parks": rows[(page - 1) * per_page : page * per_page],
    }


def _integer(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _natural(value: str) -> tuple:
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _value_names(stored: StoredRatings) -> dict[str, Callable[[Row, str], dict | None]]:
    """How each facet's values are named: from the row when it carries the label, else
    from the code lists (a chosen value no park has any more)."""
    indicators = {str(i.number): i.label.as_dict() for i in stored.criteria.indicators}

    def code(field: str) -> Callable[[Row, str], dict | None]:
        def name(row: Row, value: str) -> dict | None:
            if row.get(f"{field}_name"):
                return row[f"{field}_name"]
            expanded = stored.context.namespace_manager.expand_curie(value) if ":" in value else None
            return stored.name_of(URIRef(expanded)) if expanded else {"zh": value, "en": value}

        return name

    def stars(row: Row, value: str) -> dict:
        return {"zh": f"{value} 星", "en": f"{value}★"}

    return {
        "city": code("city"),
        "region": code("region"),
        "category": code("category"),
        "stars": stars,
        "next": stars,
        "blocks": lambda row, value: indicators.get(value, {"zh": value, "en": value}),
    }


#: The CSV download's columns: header → value of a row.
CSV_COLUMNS: dict[str, Callable[[Row], object]] = {
    "park": lambda r: r["park"],
    "id": lambda r: r["id"],
    "name_zh": lambda r: r["name"].get("zh"),
    "name_en": lambda r: r["name"].get("en"),
    "city": lambda r: r["city"],
    "city_name": lambda r: (r["city_name"] or {}).get("zh"),
    "region": lambda r: r["region"],
    "region_name": lambda r: (r["region_name"] or {}).get("zh"),
    "category": lambda r: r["category"],
    "stars": lambda r: r["stars"],
    "pending_level": lambda r: r["pending_level"],
    "next_level": lambda r: r["next_level"],
    "gap_indicators": lambda r: " ".join(str(i) for i in r["gap_indicators"]),
}
