"""Reads the criteria from `shapes/` (requirement and data-quality shapes, parameters,
rules) and `ontology/` (vocabulary, code lists): the only source of what the standard
requires. Python here knows SHACL, never the standard's content."""

from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.term import Node

from parkstar import paths
from parkstar.criteria.model import (
    AllOf,
    AnyOf,
    Category,
    Constraint,
    Criteria,
    Indicator,
    PropertyTest,
    Requirement,
    Rule,
    Test,
    Text,
)
from parkstar.errors import ParkstarError
from parkstar.labels import label, lang_text
from parkstar.rdf.reading import parse_file, rdf_files
from parkstar.rdf.terms import triples_to_rdflib
from parkstar.vocab import PREFIXES, PS, RDF, SH

#: SHACL constraint parameters a requirement's property shape may use.
CONSTRAINT_PARAMETERS = (
    "minCount",
    "maxCount",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "hasValue",
    "in",
    "datatype",
    "class",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
)


def load_criteria(shapes_dir: Path | None = None, ontology_dir: Path | None = None) -> Criteria:
    """Read every criterion file; errors name the file and the shape."""
    shapes_dir = shapes_dir or paths.SHAPES_DIR
    shapes, origin, shape_files = read_shapes(shapes_dir)
    edition = next((e for e in shapes.subjects(RDF.type, PS.Edition) if isinstance(e, URIRef)), None)
    return build_criteria(
        shapes, origin, load_rules(shapes_dir / "rules"), shape_files, edition, read_ontology(ontology_dir)
    )


def read_shapes(shapes_dir: Path) -> tuple[Graph, dict[Node, Path], list[Path]]:
    """The shapes of a folder's *.ttl files, the file each requirement is defined in, and the files."""
    shapes = _bound(Graph())
    shape_files = sorted(shapes_dir.glob("*.ttl"))
    if not shape_files:
        raise ParkstarError(f"{shapes_dir} 中没有准则文件（*.ttl）", f"no criteria files (*.ttl) in {shapes_dir}")
    origin: dict[Node, Path] = {}
    for file in shape_files:
        part = triples_to_rdflib(parse_file(file))
        for subject in part.subjects(RDF.type, PS.Requirement):
            origin[subject] = file
        shapes += part
    return shapes, origin, shape_files


def read_ontology(ontology_dir: Path | None = None) -> Graph:
    """The ontology and code lists (labels, units, codes) every edition shares."""
    ontology_dir = ontology_dir or paths.ONTOLOGY_DIR
    ontology = _bound(Graph())
    if ontology_dir.exists():
        for file in rdf_files([ontology_dir]):
            triples_to_rdflib(parse_file(file), ontology)
    return ontology


def build_criteria(
    shapes: Graph,
    origin: dict[Node, Path],
    rules: list[Rule],
    shape_files: list[Path],
    edition: URIRef | None,
    ontology: Graph,
) -> Criteria:
    """The criteria model of a shapes graph, however it was assembled (one folder, or an
    edition's changes applied to its predecessor). `origin` names each requirement's file."""
    context = _bound(Graph())
    context += shapes
    context += ontology
    requirements = [
        _requirement(shapes, context, node, origin[node])
        for node in sorted(origin, key=str)
        if isinstance(node, URIRef)
    ]
    return Criteria(
        requirements=requirements,
        shapes=shapes,
        context=context,
        rules=rules,
        indicators=_indicators(context, requirements),
        levels=sorted({r.level for r in requirements}),
        categories=_categories(context),
        data_quality=_data_quality_messages(shapes),
        shape_files=shape_files,
        edition=edition,
    )


def _bound(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _requirement(shapes: Graph, context: Graph, node: URIRef, source: Path) -> Requirement:
    def one(prop: URIRef, required: bool = True) -> Node | None:
        values = list(shapes.objects(node, prop))
        if required and len(values) != 1:
            name = shapes.namespace_manager.normalizeUri(prop)
            raise ParkstarError(
                f"{source}：要求 {node} 应有且只有一个 {name}（找到 {len(values)} 个）",
                f"{source}: requirement {node} must have exactly one {name} (found {len(values)})",
            )
        return values[0] if values else None

    indicator = one(PS.indicator)
    number = context.value(indicator, PS.indicatorNumber)
    missing = Text("", "")
    return Requirement(
        iri=node,
        indicator=indicator,
        indicator_number=int(number) if number is not None else 0,
        level=int(one(PS.level)),
        category=one(PS.appliesToCategory, required=False),
        target_class=one(SH.targetClass),
        clause=lang_text(shapes, node, (PS.clause,)) or missing,
        name=lang_text(shapes, node, (SH.name,)) or missing,
        message=lang_text(shapes, node, (SH.message,)) or missing,
        needs=tuple(sorted(shapes.objects(node, PS.needsData), key=str)),
        test=shape_test(shapes, node, source),
        source=source,
    )


def shape_test(shapes: Graph, shape: Node, source: Path) -> Test:
    """The test tree of a node or property shape: its property shapes and logical parts."""
    if (shape, SH.path, None) in shapes:
        return _property_test(shapes, shape)
    properties = [_property_test(shapes, p) for p in shapes.objects(shape, SH.property)]
    parts: list[Test] = sorted(properties, key=lambda t: (t.path_key, [(c.kind, str(c.value)) for c in t.constraints]))
    for members in shapes.objects(shape, SH["or"]):
        parts.append(AnyOf(tuple(shape_test(shapes, m, source) for m in Collection(shapes, members))))
    for members in shapes.objects(shape, SH["and"]):
        parts.append(AllOf(tuple(shape_test(shapes, m, source) for m in Collection(shapes, members))))
    if not parts:
        raise ParkstarError(
            f"{source}：形状 {shape} 没有可检查的约束（sh:property / sh:or / sh:and）",
            f"{source}: shape {shape} has no checkable constraint (sh:property / sh:or / sh:and)",
        )
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _property_test(shapes: Graph, shape: Node) -> PropertyTest:
    path_node = shapes.value(shape, SH.path)
    path, key, last = shacl_path(shapes, path_node)
    parameter = shapes.value(shape, PS.parameter)
    constraints: list[Constraint] = []
    for name in CONSTRAINT_PARAMETERS:
        found = []
        for value in shapes.objects(shape, SH[name]):
            if name == "in":
                value = tuple(Collection(shapes, value))
            elif name == "qualifiedValueShape":
                inner = shapes.value(value, SH["in"])
                value = tuple(Collection(shapes, inner)) if inner is not None else (value,)
            found.append(value)
        numeric = name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive")
        for value in sorted(found, key=str):  # graphs have no order: one order in every run
            constraints.append(Constraint(name, value, parameter if numeric else None))
    return PropertyTest(shape, path, key, last, tuple(constraints))


def shacl_path(shapes: Graph, node: Node) -> tuple[URIRef | object, str, URIRef]:
    """A SHACL path as an rdflib path, a compact text key, and the last property on it."""
    nm = shapes.namespace_manager
    if isinstance(node, URIRef):
        return node, nm.normalizeUri(node), node
    if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        steps = [shacl_path(shapes, n) for n in Collection(shapes, node)]
        return SequencePath(*[s[0] for s in steps]), "/".join(s[1] for s in steps), steps[-1][2]
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        steps = [shacl_path(shapes, n) for n in Collection(shapes, alternatives)]
        return AlternativePath(*[s[0] for s in steps]), "|".join(s[1] for s in steps), steps[-1][2]
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        path, key, last = shacl_path(shapes, inverse)
        return InvPath(path), f"^{key}", last
    for prop, modifier in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(node, prop)
        if inner is not None:
            path, key, last = shacl_path(shapes, inner)
            return MulPath(path, modifier), f"({key}){modifier}", last
    raise ParkstarError(f"无法识别的 SHACL 路径：{node}", f"unrecognised SHACL path: {node}")


def load_rules(rules_dir: Path) -> list[Rule]:
    """The SPARQL CONSTRUCT rules of a folder, in file-name order."""
    return [Rule(f.stem, f.read_text(encoding="utf-8"), f) for f in sorted(rules_dir.glob("*.rq"))]


def _indicators(context: Graph, requirements: list[Requirement]) -> list[Indicator]:
    used = {r.indicator for r in requirements}
    declared = set(context.subjects(PS.indicatorNumber, None))
    found = [Indicator(i, int(context.value(i, PS.indicatorNumber) or 0), label(context, i)) for i in used | declared]
    return sorted(found, key=lambda i: i.number)


def _categories(context: Graph) -> list[Category]:
    found = [
        Category(c, label(context, c), context.value(c, PS.parkClass))
        for c in set(context.subjects(PS.parkClass, None))
    ]
    return sorted(found, key=lambda c: str(c.iri))


def _data_quality_messages(shapes: Graph) -> dict[URIRef, Text]:
    """Each data-quality shape's message (on itself or its single property shape)."""
    messages: dict[URIRef, Text] = {}
    for dq in {o for o in shapes.objects(None, PS.needsData) if isinstance(o, URIRef)}:
        text = lang_text(shapes, dq, (SH.message,))
        if text is None:
            for prop in shapes.objects(dq, SH.property):
                text = lang_text(shapes, prop, (SH.message,))
                if text:
                    break
        messages[dq] = text or label(shapes, dq)
    return messages
