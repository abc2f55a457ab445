"""What-if editions: a published or draft edition with a few thresholds or parameter
values overridden, held in memory (a sandbox: nothing is written until asked), and a
sandbox written out as a draft edition folder the catalog then reads like any other.

An override is keyed like a change in the diff: (shape or parameter, aspect), where the
aspect is "sh:minInclusive", or "ps:landAreaMu sh:minInclusive" when a shape bounds
several paths the same way, or "ps:value" for a parameter. Overriding a parameter also
moves every threshold it governs (ps:parameter), so a sandbox stays consistent with
`check-standard`."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar import paths
from parkstar.criteria.loader import build_criteria, shacl_path
from parkstar.criteria.model import Criteria, Text
from parkstar.editions.catalog import Catalog
from parkstar.editions.delta import closure
from parkstar.errors import ParkstarError
from parkstar.labels import compact
from parkstar.vocab import DCTERMS, PREFIXES, PS, PSC, RDF, SH, XSD


@dataclass
class Sandbox:
    """An in-memory edition: `base` with `overrides` applied."""

    identifier: str
    iri: URIRef
    base: str  # the base edition's identifier
    base_iri: URIRef
    overrides: dict[tuple[str, str], object]
    changed: list[URIRef]  # the shapes and parameters whose definition differs from the base
    shapes: Graph
    criteria: Criteria


def _iri(graph: Graph, name: str | URIRef) -> URIRef:
    """A full IRI from an IRI or a compact name (psc:L3-scale-manufacturing)."""
    if isinstance(name, URIRef) or "://" in name:
        return URIRef(name)
    return graph.namespace_manager.expand_curie(name)


def _literal(value: object) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, float | Decimal):
        d = Decimal(str(value))
        return Literal(int(d)) if d == d.to_integral_value() else Literal(d, datatype=XSD.decimal)
    if isinstance(value, str) and ":" in value:
        return URIRef(value)
    raise ParkstarError(f"无法使用的取值：{value!r}", f"unusable value: {value!r}")


def sandbox(
    catalog: Catalog, base: str, overrides: Mapping[tuple[str, str], object], identifier: str = "sandbox"
) -> Sandbox:
    """The edition `base` with `overrides` applied, in memory. Raises a bilingual error
    for a shape, parameter or constraint that does not exist or is ambiguous."""
    edition = catalog.get(base)
    source = catalog.sources(edition)
    shapes = Graph(namespace_manager=source.shapes.namespace_manager)
    shapes += source.shapes
    changed: set[URIRef] = set()
    for (target, aspect), value in overrides.items():
        node = _iri(shapes, target)
        if aspect == "ps:value":
            changed |= _set_parameter(shapes, node, _literal(value))
        else:
            _set_constraint(shapes, node, aspect, _literal(value))
            changed.add(node)
    iri = URIRef(f"{PSC}edition-{identifier}")
    for triple in _description(iri, identifier, edition.iri, sorted(changed, key=str), edition.title):
        shapes.add(triple)
    criteria = build_criteria(
        shapes, dict(source.origin), list(source.rules.values()), source.files, iri, catalog.ontology
    )
    return Sandbox(
        identifier, iri, edition.identifier, edition.iri, dict(overrides), sorted(changed, key=str), shapes, criteria
    )


def _set_parameter(shapes: Graph, parameter: URIRef, value: Node) -> set[URIRef]:
    if (parameter, RDF.type, PS.Parameter) not in shapes:
        name = compact(shapes, parameter)
        raise ParkstarError(f"没有参数 {name}", f"no parameter {name}")
    shapes.set((parameter, PS.value, value))
    changed = {parameter}
    for prop in list(shapes.subjects(PS.parameter, parameter)):
        for kind in ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive"):
            if (prop, SH[kind], None) in shapes:
                shapes.set((prop, SH[kind], value))
        changed |= {s for s in _owners(shapes, prop) if (s, RDF.type, PS.Requirement) in shapes}
    return changed


def _owners(shapes: Graph, node: Node) -> set[Node]:
    """The named resources whose description contains a blank node."""
    found, todo, seen = set(), [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for s in shapes.subjects(None, n):
            if isinstance(s, URIRef):
                found.add(s)
            else:
                todo.append(s)
    return found


def _set_constraint(shapes: Graph, shape: URIRef, aspect: str, value: Node) -> None:
    name = compact(shapes, shape)
    if (shape, RDF.type, PS.Requirement) not in shapes:
        raise ParkstarError(f"没有要求形状 {name}", f"no requirement shape {name}")
    path_key, _, kind = aspect.rpartition(" ")
    kind = kind.removeprefix("sh:")
    matches = []
    for s, p, _o in closure(shapes, shape).triples((None, SH[kind], None)):
        path = shapes.value(s, SH.path)
        if path is not None and (not path_key or shacl_path(shapes, path)[1] == path_key):
            matches.append((s, p))
    if not matches:
        raise ParkstarError(f"{name} 中没有约束“{aspect}”", f"{name} has no constraint '{aspect}'")
    if len(matches) > 1:
        raise ParkstarError(
            f"{name} 中约束“{aspect}”有 {len(matches)} 处，请加上路径（如“ps:landAreaMu sh:{kind}”）",
            f"{name} has {len(matches)} constraints '{aspect}'; add the path (e.g. 'ps:landAreaMu sh:{kind}')",
        )
    shapes.set((*matches[0], value))


def _description(iri: URIRef, identifier: str, base: URIRef, changed: list[URIRef], title: Text) -> list[tuple]:
    return [
        (iri, RDF.type, PS.Edition),
        (iri, DCTERMS.identifier, Literal(identifier)),
        (iri, DCTERMS.title, Literal(f"{title.zh}（假设分析草案 {identifier}）", lang="zh")),
        (iri, DCTERMS.title, Literal(f"{title.en} (what-if draft {identifier})", lang="en")),
        (iri, PS.effectiveDate, Literal(date.today())),
        (iri, PS.predecessor, base),
        (iri, PS.draft, Literal(True)),
        *((iri, PS.replaces, node) for node in changed),
    ]


def delta_graph(box: Sandbox) -> Graph:
    """A sandbox as a draft edition's changes: its description and the new definition of
    every shape and parameter it changes."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("dcterms", DCTERMS)
    graph += closure(box.shapes, box.iri)
    for node in box.changed:
        graph += closure(box.shapes, node)
    return graph


def write_sandbox(box: Sandbox, editions_dir: Path | None = None) -> Path:
    """Write a sandbox as `editions/<identifier>/edition.ttl`, a draft the CLI reads.
    Never overwrites: an existing edition folder is an error."""
    folder = (editions_dir or paths.EDITIONS_DIR) / box.identifier
    if folder.exists():
        raise ParkstarError(f"{folder} 已存在，不会覆盖", f"{folder} already exists; it is not overwritten")
    folder.mkdir(parents=True)
    file = folder / "edition.ttl"
    header = (
        f"# 假设分析草案 {box.identifier}：在 {box.base} 基础上修改（由 parkstar 生成，非正式文本）\n"
        f"# What-if draft {box.identifier}: changes on top of {box.base} (written by parkstar, not an official text)\n"
    )
    file.write_text(header + delta_graph(box).serialize(format="turtle"), encoding="utf-8")
    return file
