"""The code lists the workbook's drop-downs and the importer use, read with rdflib from the
SKOS concept schemes in `ontology/codes/`: labels (zh/en), notations, alternative labels,
validity dates of region codes, and the GB/T 4754 sections and divisions. No label is
written in Python."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from parkstar import paths
from parkstar.criteria.model import Text
from parkstar.labels import lang_text
from parkstar.vocab import CODE, PS, SKOS

INDUSTRY = URIRef(f"{CODE}industry")
REGION = URIRef(f"{CODE}region")


def fold(text: str) -> str:
    """The form labels and typed values are compared in: NFKC (full-width → half-width),
    no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    scheme: URIRef
    notation: str
    label: Text
    alt_labels: tuple[str, ...] = ()

    @property
    def coded_label(self) -> str:
        """ "C38 电气机械和器材制造业", the drop-down form of industry and region codes."""
        return f"{self.notation} {self.label.zh}"


class CodeLists:
    """Every concept scheme in a graph, with lookups by label, notation and alt label."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._schemes: dict[URIRef, list[Concept]] = {}
        self._index: dict[URIRef, dict[str, list[Concept]]] = {}
        self._by_iri: dict[URIRef, Concept] = {}
        for concept, scheme in graph.subject_objects(SKOS.inScheme):
            if not isinstance(concept, URIRef) or not isinstance(scheme, URIRef):
                continue
            label = lang_text(graph, concept, (SKOS.prefLabel,)) or Text(str(concept), str(concept))
            notation = graph.value(concept, SKOS.notation)
            alt = tuple(str(a) for a in graph.objects(concept, SKOS.altLabel) if isinstance(a, Literal))
            item = Concept(concept, scheme, str(notation) if notation is not None else "", label, alt)
            self._schemes.setdefault(scheme, []).append(item)
            self._by_iri[concept] = item
            index = self._index.setdefault(scheme, {})
            for key in {label.zh, label.en, item.notation, *alt, item.coded_label}:
                if key:
                    bucket = index.setdefault(fold(key), [])
                    if item not in bucket:
                        bucket.append(item)

    # ---------------------------------------------------------------- generic
    def concepts(self, scheme: URIRef) -> list[Concept]:
        return list(self._schemes.get(scheme, []))

    def concept(self, iri: URIRef) -> Concept | None:
        return self._by_iri.get(iri)

    def scheme_label(self, scheme: URIRef) -> Text:
        found = lang_text(self.graph, scheme, (SKOS.prefLabel,))
        return found or Text(str(scheme).rsplit("/", 1)[-1], str(scheme).rsplit("/", 1)[-1])

    def lookup(self, scheme: URIRef, typed: str) -> list[Concept]:
        """Every concept of `scheme` whose label (zh or en), notation, alt label or
        "notation label" equals `typed` (compared folded)."""
        return list(self._index.get(scheme, {}).get(fold(typed), []))

    def value(self, concept: URIRef, prop: URIRef) -> object:
        return self.graph.value(concept, prop)

    def choices(self, scheme: URIRef) -> list[str]:
        """The drop-down entries of a scheme: its Chinese labels, each once, in the order
        the code list gives them; codes with label for industry and region."""
        if scheme == INDUSTRY:
            return [c.coded_label for c in self.divisions()]
        if scheme == REGION:
            return [c.coded_label for c in self.county_regions()]
        seen: list[str] = []
        for c in self._schemes.get(scheme, []):
            if c.label.zh not in seen:
                seen.append(c.label.zh)
        return seen

    # ---------------------------------------------------------------- GB/T 4754
    def sections(self) -> dict[str, Concept]:
        return {c.notation: c for c in self._schemes.get(INDUSTRY, []) if len(c.notation) == 1}

    def divisions(self) -> list[Concept]:
        found = [c for c in self._schemes.get(INDUSTRY, []) if len(c.notation) == 3]
        return sorted(found, key=lambda c: c.notation[1:])

    def division(self, digits: str) -> Concept | None:
        """The division for two digits ("38" → C38)."""
        for c in self._schemes.get(INDUSTRY, []):
            if len(c.notation) == 3 and c.notation[1:] == digits:
                return c
        return None

    # ---------------------------------------------------------------- GB/T 2260
    def region(self, code: str) -> Concept | None:
        for c in self._schemes.get(REGION, []):
            if c.notation == code:
                return c
        return None

    def region_validity(self, concept: Concept) -> tuple[dt.date | None, dt.date | None]:
        def as_date(node: object) -> dt.date | None:
            value = node.value if isinstance(node, Literal) else None
            return value if isinstance(value, dt.date) else None

        return (
            as_date(self.graph.value(concept.iri, PS.validFrom)),
            as_date(self.graph.value(concept.iri, PS.validUntil)),
        )

    def is_county_level(self, concept: Concept) -> bool:
        """A county-level division: two levels below the province (its broader has a broader)."""
        city = self.graph.value(concept.iri, SKOS.broader)
        return city is not None and self.graph.value(city, SKOS.broader) is not None

    def in_force(self, concept: Concept, day: dt.date) -> bool:
        start, end = self.region_validity(concept)
        return (start is None or start <= day) and (end is None or day <= end)

    def county_regions(self, day: dt.date | None = None) -> list[Concept]:
        day = day or dt.date.today()
        found = [c for c in self._schemes.get(REGION, []) if self.is_county_level(c) and self.in_force(c, day)]
        return sorted(found, key=lambda c: c.notation)


def read_code_lists(folder: Path) -> CodeLists:
    graph = Graph()
    for file in sorted(folder.glob("*.ttl")):
        graph.parse(file, format="turtle")
    return CodeLists(graph)


@lru_cache(maxsize=4)
def load_code_lists(folder: Path | None = None) -> CodeLists:
    return read_code_lists(folder or paths.ONTOLOGY_DIR / "codes")
