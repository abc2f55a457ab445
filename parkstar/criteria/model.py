"""What a criterion is, in memory: a requirement (one checkable item of a cell of the
standard) with its test, a tree of SHACL property constraints joined by "all of" and
"any of". The tree is read from the shapes so that reports can state, for each failure,
the actual and the required value without a second copy of the criteria in code."""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.paths import Path as RdfPath
from rdflib.term import Node


@dataclass(frozen=True)
class Text:
    """A message in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Constraint:
    """One SHACL constraint parameter of a property shape, e.g. sh:minInclusive 20."""

    kind: str  # local name of the SHACL parameter: minInclusive, in, hasValue, minCount, ...
    value: Node | tuple[Node, ...]
    parameter: URIRef | None = None  # the named parameter of the criteria it implements


@dataclass(frozen=True)
class PropertyTest:
    """A SHACL property shape: constraints on the values reached by a path from the park."""

    shape: Node
    path: URIRef | RdfPath
    path_key: str  # a stable text form of the path, for comparing shapes across levels
    last_property: URIRef  # the property whose label and unit describe the values
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Test", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Test", ...]


Test = PropertyTest | AllOf | AnyOf


@dataclass(frozen=True)
class Requirement:
    """One requirement shape: an item of a cell (indicator × level × category)."""

    iri: URIRef
    indicator: URIRef
    indicator_number: int
    level: int
    category: URIRef | None
    target_class: URIRef
    clause: Text
    name: Text
    message: Text
    needs: tuple[URIRef, ...]
    test: Test
    source: Path


@dataclass(frozen=True)
class Indicator:
    iri: URIRef
    number: int
    label: Text


@dataclass(frozen=True)
class Category:
    iri: URIRef
    label: Text
    park_class: URIRef | None


@dataclass(frozen=True)
class Rule:
    """A derivation rule: a SPARQL CONSTRUCT whose results are added to the data."""

    name: str
    query: str
    source: Path


@dataclass
class Criteria:
    """Everything the engine needs to rate parks, all of it read from files."""

    requirements: list[Requirement]
    shapes: Graph  # requirement and data-quality shapes, as given to pySHACL
    context: Graph  # ontology, code lists and parameters: labels, units, codes
    rules: list[Rule]
    indicators: list[Indicator]
    levels: list[int]
    categories: list[Category]
    data_quality: dict[URIRef, Text] = field(default_factory=dict)
    shape_files: list[Path] = field(default_factory=list)
    edition: URIRef | None = None  # the ps:Edition these files encode

    def __post_init__(self) -> None:
        self._cells: dict[tuple[URIRef, int], list[Requirement]] = {}
        for r in self.requirements:
            self._cells.setdefault((r.indicator, r.level), []).append(r)

    def for_cell(self, indicator: URIRef, level: int) -> list[Requirement]:
        """The requirements of one cell (looked up often: once per park and cell)."""
        return self._cells.get((indicator, level), [])

    def for_level(self, level: int) -> list[Requirement]:
        return [r for r in self.requirements if r.level == level]

    @property
    def edition_id(self) -> str | None:
        """The identifier of the edition these criteria encode (e.g. zj-star-1)."""
        found = self.context.value(self.edition, DCTERMS.identifier) if self.edition is not None else None
        return str(found) if found is not None else None
