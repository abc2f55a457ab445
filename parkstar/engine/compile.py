"""SHACL shapes compiled to SPARQL, so that Oxigraph can find the focus nodes that
violate a shape for every park at once instead of validating park by park.

A shape compiles to a *plan*: a tree whose leaves are SPARQL queries returning violating
focus nodes for one constraint each, combined as sets — the violators of a shape are the
union of its constraints' violators, `sh:or` intersects its members' violators, `sh:not`
takes the complement within the targets. Leaves use joins, MINUS and GROUP BY only:
Oxigraph evaluates a multi-pattern FILTER EXISTS in time that grows with the square of
the data, which MINUS avoids.

Only the SHACL Core constructs in SUPPORTED are compiled; a shape using anything else
raises `Unsupported` and the caller evaluates it with pySHACL instead — never a wrong
answer. Semantics follow SHACL Core: a value that cannot be compared (an IRI, an
ill-typed literal) violates a range constraint; sh:in and sh:hasValue compare terms."""

from dataclasses import dataclass
from functools import cached_property
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from parkstar.vocab import RDF, RDFS, SH, XSD

SUPPORTED = {
    "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode",
    "property", "path", "node", "or", "and", "not",
    "minCount", "maxCount", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "hasValue", "in", "datatype", "nodeKind", "class", "pattern", "flags",
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "deactivated",
}  # fmt: skip
#: Annotations that do not change which nodes violate a shape.
IGNORED = {"message", "name", "description", "severity", "order", "group"}

_NUMERIC = {
    XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short, XSD.byte,
    XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
    XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
#: What a node shape applied to values through sh:node may hold when it has property shapes.
_TARGET_PARAMETERS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
_NESTED_NODE_OK = IGNORED | _TARGET_PARAMETERS | {"property", "deactivated"}
_PATH_SHAPE_PARAMETERS = {"minCount", "maxCount", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount"}


class Unsupported(Exception):
    """The shape uses a construct the compiler does not handle: use pySHACL for it."""


def term(node: Node) -> str:
    """A term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} as a constant")


@dataclass(frozen=True)
class Query:
    """Focus nodes returned by one SPARQL SELECT (variable ?focus)."""

    sparql: str


@dataclass(frozen=True)
class Union:
    parts: tuple["Plan", ...]


@dataclass(frozen=True)
class Intersection:
    parts: tuple["Plan", ...]


@dataclass(frozen=True)
class Complement:
    """Targets that are not in `part`."""

    part: "Plan"


Plan = Query | Union | Intersection | Complement
NOTHING = Union(())


def distinct(target: str) -> str:
    """A target pattern read from a DISTINCT subquery, as plans should join it: Oxigraph
    then joins the focus nodes once instead of looking each one up per pattern (about 8
    times faster). Every plan query selects DISTINCT ?focus and counts DISTINCT values,
    so rows a target pattern repeats change nothing."""
    return f"{{ SELECT DISTINCT ?focus WHERE {{ {target} }} }}"


class ShapeCompiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._names = count()

    def _var(self, stem: str) -> str:
        return f"?{stem}{next(self._names)}"

    # ── top level ────────────────────────────────────────────────────────────
    def compile(self, shape: URIRef) -> tuple[str, Plan]:
        """The target pattern (binding ?focus) and the plan of a targeted shape."""
        self._check_supported(shape)
        targets = self._targets(shape)
        if not targets:
            raise Unsupported(f"{shape} has no target")
        target = " UNION ".join(f"{{ {t} }}" for t in targets)
        return target, self.plan(shape, distinct(target))

    def _targets(self, shape: Node) -> list[str]:
        s = self.shapes
        classes = list(s.objects(shape, SH.targetClass))
        if self._is_a(shape, RDFS.Class) and (self._is_a(shape, SH.NodeShape) or self._is_a(shape, SH.PropertyShape)):
            classes.append(shape)  # implicit class target
        found = [self._instance("?focus", c) for c in classes]
        found += [f"?focus {term(p)} {self._var('any')} ." for p in s.objects(shape, SH.targetSubjectsOf)]
        found += [f"{self._var('any')} {term(p)} ?focus ." for p in s.objects(shape, SH.targetObjectsOf)]
        found += [f"VALUES ?focus {{ {term(n)} }}" for n in s.objects(shape, SH.targetNode)]
        return found

    def _is_a(self, node: Node, cls: Node) -> bool:
        """A SHACL instance of `cls` in the shapes graph (rdf:type/rdfs:subClassOf*)."""
        s = self.shapes
        return any(cls in s.transitive_objects(t, RDFS.subClassOf) for t in s.objects(node, RDF.type))

    def _check_supported(self, shape: Node, seen: frozenset = frozenset()) -> None:
        if shape in seen:
            raise Unsupported(f"recursive shape {shape}")
        for p, o in self.shapes.predicate_objects(shape):
            if p == RDF.type or not str(p).startswith(str(SH)):
                continue
            local = str(p)[len(str(SH)) :]
            if local in IGNORED:
                continue
            if local not in SUPPORTED:
                raise Unsupported(f"sh:{local} in {shape}")
            if local in ("property", "node", "not", "qualifiedValueShape"):
                self._check_supported(o, seen | {shape})
            elif local in ("or", "and"):
                for member in Collection(self.shapes, o):
                    self._check_supported(member, seen | {shape})

    # ── plans ────────────────────────────────────────────────────────────────
    def plan(self, shape: Node, target: str) -> Plan:
        """Which focus nodes (bound by `target`) violate `shape`."""
        s = self.shapes
        if self._deactivated(shape):
            return NOTHING
        parts: list[Plan] = []
        path = s.value(shape, SH.path)
        if path is not None:
            if (shape, SH.property, None) in s:
                raise Unsupported(f"property shape {shape} with nested property shapes")
            self.path(path)  # fails early on an unsupported path
            parts += self._property_plans(shape, target, path)
        else:
            expression = self.value_violation(shape, "?focus", logical=False)
            if expression is not None:
                parts.append(Query(f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER ({expression}) }}"))
            for cls in s.objects(shape, SH["class"]):
                parts.append(
                    Query(f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ {self._instance('?focus', cls)} }} }}")
                )
            for node in s.objects(shape, SH.node):
                parts.append(self.plan(node, target))
            for prop in s.objects(shape, SH.property):
                parts.append(self.plan(prop, target))
            for members in s.objects(shape, SH["or"]):
                parts.append(Intersection(tuple(self.plan(m, target) for m in Collection(s, members))))
            for members in s.objects(shape, SH["and"]):
                parts += [self.plan(m, target) for m in Collection(s, members)]
            for negated in s.objects(shape, SH["not"]):
                parts.append(Complement(self.plan(negated, target)))
        return parts[0] if len(parts) == 1 else Union(tuple(parts))

    def _property_plans(self, shape: Node, target: str, path: Node, focus: str = "?focus") -> list[Plan]:
        """Plans for a property shape's constraints on the values reached from `focus`.
        Queries always select the top-level ?focus; a nested call (a value node checked
        against a node shape) passes the value variable as `focus`."""
        s = self.shapes
        nested = focus != "?focus"
        group = "?focus" if not nested else f"?focus {focus}"
        plans: list[Plan] = []
        v = self._var("v")
        values = self.pattern(focus, path, v)
        for n in s.objects(shape, SH.minCount):
            if nested and int(n) > 1:
                raise Unsupported(f"sh:minCount {n} on a nested node shape")
            plans.append(self._too_few(target, values, v, int(n)))
        for n in s.objects(shape, SH.maxCount):
            if int(n) == 1 and not nested:  # two different values: a join, no aggregate (twice as fast)
                w = self._var("w")
                twin = self.pattern(focus, path, w)
                plans.append(
                    Query(f"SELECT DISTINCT ?focus WHERE {{ {target} {values} {twin} FILTER (!sameTerm({v}, {w})) }}")
                )
            else:
                plans.append(self._too_many(target, values, v, int(n), group))
        for value in s.objects(shape, SH.hasValue):
            having = self.pattern(focus, path, term(value))
            plans.append(Query(f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ {having} }} }}"))
        expression = self.value_violation(shape, v, of_property=True)
        if expression is not None:
            plans.append(Query(f"SELECT DISTINCT ?focus WHERE {{ {target} {values} FILTER ({expression}) }}"))
        for cls in s.objects(shape, SH["class"]):
            plans.append(
                Query(f"SELECT DISTINCT ?focus WHERE {{ {target} {values} MINUS {{ {self._instance(v, cls)} }} }}")
            )
        for node in s.objects(shape, SH.node):
            if (node, SH.property, None) in s:
                plans += self._nested_node(node, f"{target} {values}", v)
        for qualified in s.objects(shape, SH.qualifiedValueShape):
            violation = self.value_violation(qualified, v)
            if violation is None or self._has_nested(qualified) or (qualified, SH.node, None) in s:
                raise Unsupported(f"qualified value shape {qualified} needs more than value tests")
            conforming = f"{values} FILTER (!({violation}))"
            low = s.value(shape, SH.qualifiedMinCount)
            high = s.value(shape, SH.qualifiedMaxCount)
            if nested and (low is not None or high is not None):
                raise Unsupported("qualified value shape on a nested node shape")
            if low is not None:
                plans.append(self._too_few(target, conforming, v, int(low)))
            if high is not None:
                plans.append(self._too_many(target, conforming, v, int(high), group))
        return plans

    def _nested_node(self, node: Node, target: str, v: str) -> list[Plan]:
        """A node shape applied to each value `v`: only its property shapes, whose
        violations by any value are violations of the focus (a union, so no logical
        combinators are allowed in it)."""
        s = self.shapes
        if self._deactivated(node):
            return []
        for p, _ in s.predicate_objects(node):
            local = str(p)[len(str(SH)) :] if str(p).startswith(str(SH)) else None
            if local is not None and local not in _NESTED_NODE_OK:
                raise Unsupported(f"nested node shape {node} with sh:{local}")
        plans: list[Plan] = []
        for prop in s.objects(node, SH.property):
            if self._deactivated(prop):
                continue
            for p, _ in s.predicate_objects(prop):
                if p in (SH["or"], SH["and"], SH["not"], SH.xone, SH.property):
                    raise Unsupported(f"nested property shape {prop} with {p}")
            plans += self._property_plans(prop, target, s.value(prop, SH.path), focus=v)
        return plans

    def _too_few(self, target: str, values: str, v: str, n: int) -> Plan:
        if n <= 0:
            return NOTHING
        if n == 1:
            return Query(f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ {values} }} }}")
        enough = f"SELECT ?focus WHERE {{ {target} {values} }} GROUP BY ?focus HAVING (COUNT(DISTINCT {v}) >= {n})"
        return Query(f"SELECT DISTINCT ?focus WHERE {{ {target} MINUS {{ {enough} }} }}")

    @staticmethod
    def _too_many(target: str, values: str, v: str, n: int, group: str = "?focus") -> Plan:
        return Query(
            f"SELECT DISTINCT ?focus WHERE {{ {{ SELECT {group} WHERE {{ {target} {values} }} "
            f"GROUP BY {group} HAVING (COUNT(DISTINCT {v}) > {n}) }} }}"
        )

    def _deactivated(self, shape: Node) -> bool:
        """sh:deactivated true: every node conforms to the shape."""
        values = list(self.shapes.objects(shape, SH.deactivated))
        if any(not (isinstance(v, Literal) and v.datatype == XSD.boolean) for v in values):
            raise Unsupported(f"sh:deactivated of {shape} is not a boolean")
        return any(v.toPython() is True for v in values)

    def _has_nested(self, shape: Node) -> bool:
        s = self.shapes
        return any((shape, p, None) in s for p in (SH.property, SH["class"], SH.path))

    @staticmethod
    def _instance(v: str, cls: Node) -> str:
        return f"{v} a/<{RDFS.subClassOf}>* {term(cls)} ."

    # ── value expressions ────────────────────────────────────────────────────
    def value_violation(self, shape: Node, v: str, of_property: bool = False, logical: bool = True) -> str | None:
        """An EXISTS-free SPARQL expression: does the value `v` violate the constraints of
        `shape` that concern a single value? None when there are none. For a property
        shape (`of_property`), its per-value constraints and sh:node; sh:hasValue there is
        about the set of values and is planned separately."""
        s = self.shapes
        if self._deactivated(shape):
            return None
        parts: list[str] = []
        for c in s.objects(shape, SH.datatype):
            parts.append(f"!({self._has_datatype(v, c)})")
        for kind in s.objects(shape, SH.nodeKind):
            parts.append(f"!({self._node_kind(v, kind)})")
        for name, op in _COMPARE.items():
            for bound in s.objects(shape, SH[name]):
                parts.append(f"!COALESCE({v} {op} {term(bound)}, false)")
        for members in s.objects(shape, SH["in"]):
            allowed = [f"sameTerm({v}, {term(m)})" for m in Collection(s, members)]
            parts.append("!(" + (" || ".join(allowed) or "false") + ")")
        if not of_property:
            for value in s.objects(shape, SH.hasValue):
                parts.append(f"!sameTerm({v}, {term(value)})")
        for pattern in s.objects(shape, SH.pattern):
            flags = s.value(shape, SH.flags)
            args = Literal(str(pattern)).n3() + (f", {Literal(str(flags)).n3()}" if flags else "")
            parts.append(f"(isBlank({v}) || !REGEX(STR({v}), {args}))")
        nested: list = [n for n in s.objects(shape, SH.node) if (n, SH.property, None) not in s] if of_property else []
        if logical:
            nested += [("or", m) for m in s.objects(shape, SH["or"])]
            nested += [("and", m) for m in s.objects(shape, SH["and"])]
            parts += [f"!{self._pure(n, v)}" for n in s.objects(shape, SH["not"])]
        for item in nested:
            if isinstance(item, tuple):
                kind, members = item
                exprs = [self._pure(m, v) for m in Collection(s, members)]
                joined = " && ".join(exprs) if kind == "or" else " || ".join(exprs)
                parts.append(f"({joined or 'false'})")
            else:
                parts.append(self._pure(item, v))
        return " || ".join(parts) if parts else None

    def _pure(self, shape: Node, v: str) -> str:
        """The violation expression of a shape that only tests a value itself."""
        if self._has_nested(shape) or (shape, SH.node, None) in self.shapes or (shape, SH["not"], None) in self.shapes:
            raise Unsupported(f"shape {shape} used on values needs more than value tests")
        return f"({self.value_violation(shape, v) or 'false'})"

    # ── pieces ───────────────────────────────────────────────────────────────
    def pattern(self, subject: str, node: Node, obj: str) -> str:
        """Graph pattern linking subject to obj along a SHACL path: sequences become
        chains of triple patterns, alternatives UNIONs."""
        s = self.shapes
        if isinstance(node, URIRef):
            return f"{subject} {term(node)} {obj} ."
        if isinstance(node, BNode) and (node, RDF.first, None) in s:
            steps = list(Collection(s, node))
            links = [subject] + [self._var("m") for _ in steps[:-1]] + [obj]
            return " ".join(self.pattern(links[i], step, links[i + 1]) for i, step in enumerate(steps))
        alternatives = s.value(node, SH.alternativePath)
        if alternatives is not None:
            return " UNION ".join(f"{{ {self.pattern(subject, a, obj)} }}" for a in Collection(s, alternatives))
        inverse = s.value(node, SH.inversePath)
        if isinstance(inverse, URIRef):
            return f"{obj} {term(inverse)} {subject} ."
        return f"{subject} {self.path(node)} {obj} ."

    def path(self, node: Node) -> str:
        """A SHACL path in SPARQL property-path syntax."""
        s = self.shapes
        if isinstance(node, URIRef):
            return term(node)
        if isinstance(node, BNode) and (node, RDF.first, None) in s:
            return "(" + "/".join(self.path(n) for n in Collection(s, node)) + ")"
        for prop, fmt in (
            (SH.alternativePath, None),
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = s.value(node, prop)
            if inner is None:
                continue
            if fmt is None:
                return "(" + "|".join(self.path(n) for n in Collection(s, inner)) + ")"
            return fmt.format("(" + self.path(inner) + ")")
        raise Unsupported(f"path {node}")

    @staticmethod
    def _has_datatype(v: str, datatype: Node) -> str:
        check = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {term(datatype)})"
        if datatype in _NUMERIC:
            return f"{check} && isNumeric({v})"
        if datatype == XSD.boolean:
            return f'{check} && STR({v}) IN ("true", "false", "1", "0")'
        if datatype == XSD.string:
            return f"{check} && LANG({v}) = ''"
        if str(datatype).startswith(str(XSD)):
            cast = f"{term(datatype)}(STR({v}))"
            return f"{check} && COALESCE(sameTerm({cast}, {cast}), false)"
        return check

    @staticmethod
    def _node_kind(v: str, kind: Node) -> str:
        return {
            SH.IRI: f"isIRI({v})",
            SH.BlankNode: f"isBlank({v})",
            SH.Literal: f"isLiteral({v})",
            SH.BlankNodeOrIRI: f"(isIRI({v}) || isBlank({v}))",
            SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
            SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
        }[kind]


class Targets:
    """The focus nodes of a shape's target, fetched only when a plan needs them (a
    complement, an empty intersection): most plans return violators directly, and a
    target such as every enterprise is tens of thousands of rows."""

    def __init__(self, select, sparql: str) -> None:
        self._select = select
        self._sparql = sparql

    @cached_property
    def nodes(self) -> set:
        return self._select(self._sparql)


def run_plan(plan: Plan, select, targets: "set | Targets") -> set:
    """Evaluate a plan: `select(sparql)` returns the set of ?focus of a query; `targets`
    is the set of all focus nodes (for complements), or a `Targets` fetching it when needed."""
    if isinstance(plan, Query):
        return select(plan.sparql)
    if isinstance(plan, Union):
        found: set = set()
        for part in plan.parts:
            found |= run_plan(part, select, targets)
        return found
    if isinstance(plan, Intersection):
        result: set | None = None
        for part in plan.parts:
            here = run_plan(part, select, targets)
            result = here if result is None else result & here
            if not result:
                return set()
        return result if result is not None else set(_all(targets))
    return _all(targets) - run_plan(plan.part, select, targets)


def _all(targets: "set | Targets") -> set:
    return targets.nodes if isinstance(targets, Targets) else targets
