"""pySHACL evaluates the shapes: the normative reading of the criteria. Results are
mapped back to the top-level shape (a requirement or a data-quality shape) that they
come from, however deeply nested the constraint that failed."""

from collections import defaultdict, deque

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from parkstar.vocab import RDF, SH

_NESTING = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_LISTS = (SH["or"], SH["and"], SH.xone)


def top_level_shapes(shapes: Graph) -> dict[Node, URIRef]:
    """Every shape node → the targeted top-level shape that contains it."""
    owner: dict[Node, URIRef] = {}
    for top in sorted({s for s in shapes.subjects(SH.targetClass, None) if isinstance(s, URIRef)}):
        queue: deque[Node] = deque([top])
        while queue:
            node = queue.popleft()
            if node in owner:
                continue
            owner[node] = top
            for prop in _NESTING:
                queue.extend(shapes.objects(node, prop))
            for prop in _LISTS:
                for members in shapes.objects(node, prop):
                    queue.extend(Collection(shapes, members))
    return owner


class ShaclEvaluator:
    """Which top-level shapes each focus node violates, according to pySHACL."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.owner = top_level_shapes(shapes)

    def violations(self, data: Graph) -> dict[Node, set[URIRef]]:
        _conforms, report, _text = validate(
            data, shacl_graph=self.shapes, inference="none", advanced=False, inplace=True
        )
        found: dict[Node, set[URIRef]] = defaultdict(set)
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus = report.value(result, SH.focusNode)
            source = report.value(result, SH.sourceShape)
            top = self.owner.get(source)
            if top is not None:
                found[focus].add(top)
        return found
