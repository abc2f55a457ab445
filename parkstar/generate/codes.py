"""The code lists the generator draws from, read from the ontology: Zhejiang's county-level
divisions in force on a given day (GB/T 2260, `ontology/codes/region.ttl`) and the
GB/T 4754 divisions (`ontology/codes/industry.ttl`) the profile's industry classes must
belong to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from parkstar import paths
from parkstar.errors import ParkstarError

REGION_FILE = paths.ONTOLOGY_DIR / "codes" / "region.ttl"
INDUSTRY_FILE = paths.ONTOLOGY_DIR / "codes" / "industry.ttl"

#: Code lists whose codes the profile names (checked when the profile is read).
CODE_LISTS = (
    "grade",
    "certification-type",
    "unit-function",
    "document-type",
    "facility-category",
    "service-category",
    "platform-kind",
    "platform-status",
    "assessment-aspect",
    "assessment-level",
)

_CONCEPTS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept WHERE { ?concept a skos:Concept }
"""
_COUNTIES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ps:   <https://w3id.org/parkstar/def#>
SELECT ?code ?name ?short ?city ?cityName ?cityShort ?province ?from ?until WHERE {
  ?county skos:notation ?code ; skos:prefLabel ?name ; skos:broader ?c .
  ?c skos:notation ?city ; skos:prefLabel ?cityName ; skos:broader ?p .
  ?p skos:notation "330000" ; skos:altLabel ?province .
  FILTER (LANG(?province) = "zh")
  FILTER (LANG(?name) = "zh" && LANG(?cityName) = "zh")
  OPTIONAL { ?county skos:altLabel ?short FILTER (LANG(?short) = "zh") }
  OPTIONAL { ?c skos:altLabel ?cityShort FILTER (LANG(?cityShort) = "zh") }
  OPTIONAL { ?county ps:validFrom ?from }
  OPTIONAL { ?county ps:validUntil ?until }
}
"""

_DIVISIONS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code ?name WHERE {
  ?d skos:notation ?code ; skos:prefLabel ?name ; skos:broader ?section .
  FILTER (LANG(?name) = "zh")
}
"""


@dataclass(frozen=True)
class County:
    code: str  # GB/T 2260, e.g. "330683"
    name: str  # 嵊州市
    short: str  # 嵊州
    city: str  # "330600"
    city_name: str  # 绍兴市
    city_short: str  # 绍兴
    province_short: str  # 浙江

    @property
    def is_district(self) -> bool:
        return self.name.endswith("区")


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as error:
        raise ParkstarError(f"无法读取代码表 {path}：{error}", f"cannot read the code list {path}: {error}") from None
    return store


def _value(term: ox.Literal | None) -> str | None:
    return None if term is None else term.value


def current_counties(on: dt.date, path: Path = REGION_FILE) -> list[County]:
    """County-level divisions of Zhejiang in force on `on`, sorted by code."""
    found = []
    for row in _store(path).query(_COUNTIES):
        valid_from, valid_until = _value(row["from"]), _value(row["until"])
        if valid_from and dt.date.fromisoformat(valid_from) > on:
            continue
        if valid_until and dt.date.fromisoformat(valid_until) < on:
            continue
        name, city_name = row["name"].value, row["cityName"].value
        found.append(
            County(
                code=row["code"].value,
                name=name,
                short=_value(row["short"]) or name.rstrip("市县区"),
                city=row["city"].value,
                city_name=city_name,
                city_short=_value(row["cityShort"]) or city_name.rstrip("市"),
                province_short=row["province"].value,
            )
        )
    if not found:
        raise ParkstarError(
            f"{path} 中没有 {on} 有效的县级行政区", f"{path} has no county-level division in force on {on}"
        )
    return sorted(found, key=lambda c: c.code)


def industry_divisions(path: Path = INDUSTRY_FILE) -> dict[str, str]:
    """GB/T 4754 divisions (e.g. "C38") → Chinese name."""
    return {
        row["code"].value: row["name"].value for row in _store(path).query(_DIVISIONS) if len(row["code"].value) == 3
    }


def code_locals(name: str) -> set[str]:
    """The local names of the concepts of code list `name` (e.g. "document-type")."""
    path = paths.ONTOLOGY_DIR / "codes" / f"{name}.ttl"
    namespace = f"https://w3id.org/parkstar/code/{name}/"
    return {
        row["concept"].value.removeprefix(namespace)
        for row in _store(path).query(_CONCEPTS)
        if row["concept"].value.startswith(namespace)
    }
