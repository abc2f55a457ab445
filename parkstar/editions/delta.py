"""An edition other than the base is stored as a few changes on top of its predecessor:
the resources (shapes, parameters, …) it replaces, adds or removes, each new definition
in the edition's own folder, and derivation rules replaced or added by file name. A
regional variant is the same thing on top of a provincial edition. Applying the changes
gives the edition's full shapes graph; nothing is copied by hand."""

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from parkstar.criteria.model import Rule
from parkstar.errors import ParkstarError
from parkstar.labels import compact
from parkstar.vocab import PS


@dataclass
class Sources:
    """What an edition's criteria are built from: the shapes graph, the file each
    requirement is defined in, the rules by name, and every file that contributed."""

    shapes: Graph
    origin: dict[Node, Path]
    rules: dict[str, Rule]
    files: list[Path]


def closure(graph: Graph, node: Node) -> Graph:
    """A resource's own description: its triples and, recursively, those of the blank
    nodes it points to (property shapes, RDF lists)."""
    found = Graph()
    todo, seen = [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for triple in graph.triples((subject, None, None)):
            found.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return found


def defined(graph: Graph, node: Node) -> bool:
    return (node, None, None) in graph


def apply_delta(parent: Sources, delta: Sources, edition: URIRef, file: Path) -> Sources:
    """The predecessor's sources with the edition's changes applied (the predecessor's
    graph is not modified). `file` is the file describing the edition, for errors."""
    graph = delta.shapes
    replaced = sorted(graph.objects(edition, PS.replaces), key=str)
    added = sorted(graph.objects(edition, PS.adds), key=str)
    removed = sorted(graph.objects(edition, PS.removes), key=str)
    name = lambda node: compact(graph, node)  # noqa: E731

    def fail(zh: str, en: str) -> NoReturn:
        raise ParkstarError(f"{file}：{zh}", f"{file}: {en}")

    for node in replaced + removed:
        if not defined(parent.shapes, node):
            fail(
                f"ps:replaces / ps:removes 指向 {name(node)}，但前一版本中没有该资源",
                f"ps:replaces / ps:removes names {name(node)}, which the predecessor does not define",
            )
    for node in replaced + added:
        if not defined(graph, node):
            fail(
                f"{name(node)} 列为替换或新增，但本版本文件夹中没有它的定义",
                f"{name(node)} is listed as replaced or added but this edition's folder does not define it",
            )
    for node in added:
        if defined(parent.shapes, node):
            fail(
                f"ps:adds {name(node)}：前一版本中已有该资源，应使用 ps:replaces",
                f"ps:adds {name(node)}: the predecessor already defines it; use ps:replaces",
            )
    for node in removed:
        if defined(graph, node):
            fail(
                f"{name(node)} 列为删除，却又在本版本文件夹中定义",
                f"{name(node)} is listed as removed but is also defined in this edition's folder",
            )
    declared = {edition, *replaced, *added}
    for node in sorted({s for s in graph.subjects() if isinstance(s, URIRef)} - declared, key=str):
        fail(
            f"定义了 {name(node)}，但没有在 ps:replaces 或 ps:adds 中列出",
            f"{name(node)} is defined but not listed in ps:replaces or ps:adds",
        )

    shapes = Graph(namespace_manager=parent.shapes.namespace_manager)
    shapes += parent.shapes
    origin = dict(parent.origin)
    for node in replaced + removed:
        shapes -= closure(parent.shapes, node)
        origin.pop(node, None)
    shapes += graph
    for node in replaced + added:
        if node in delta.origin:
            origin[node] = delta.origin[node]
    return Sources(shapes, origin, {**parent.rules, **delta.rules}, parent.files + delta.files)
