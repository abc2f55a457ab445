"""The W3C SHACL Core test suite against the shape compiler (parkstar.engine.compile).

Every sht:Validate test of the suite's core manifests is a test here, its id the test's path
inside the suite. Each targeted shape of the test's shapes graph is compiled; if the compiler
raises `Unsupported` for any of them, the test is skipped ("construct not claimed": in the
application pySHACL evaluates such shapes). Otherwise the plans are run against the data graph
loaded into a fresh Oxigraph store and must agree with the expected validation report:

* sh:conforms, and
* the set of (focus node, top-level shape) pairs. The compiler reports which targeted shape a
  focus node violates, not which constraint, so each expected result is mapped from its
  sh:sourceShape to the targeted shape(s) that contain it (through sh:property, sh:node, ...),
  restricted to those of which the focus node is a target.

Blank-node focus nodes cannot be compared by identity (Oxigraph and rdflib label blank nodes
differently), so they are compared as a multiset of isomorphism-invariant signatures: the
triples around the node in the data graph with every blank node replaced by a placeholder.
Two nodes mapped onto each other by an isomorphism have equal signatures, so a correct answer
never fails; a wrong blank node fails unless it is indistinguishable from the right one by its
neighbourhood, which is stricter than comparing counts. When the expected report lives in
another file than the data (the blank node is then the report's own), only the count is checked.

The suite is fetched by `make setup-dev` (tests/w3c/fetch_suite.py) into .cache/shacl-tests/."""

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from parkstar.engine.compile import ShapeCompiler, Unsupported, run_plan
from parkstar.rdf.terms import to_oxigraph, to_rdflib
from parkstar.vocab import RDF, RDFS, SH

SUITE = Path(__file__).resolve().parents[1] / ".cache" / "shacl-tests" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_NESTING = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_LISTS = (SH["or"], SH["and"], SH.xone)


@dataclass(frozen=True)
class Case:
    file: Path  # the manifest file that declares the test
    entry: URIRef
    id: str


def _path(iri: Node) -> Path:
    return Path(url2pathname(urlparse(str(iri)).path))


@cache
def _parse(path: Path) -> Graph:
    """A file of the suite, parsed once (so that blank nodes shared by a test's data and its
    expected report, written in one file, stay the same node)."""
    return Graph().parse(path, format="turtle", publicID=path.as_uri())


def _cases() -> list[Case]:
    if not (SUITE / "manifest.ttl").is_file():
        return []
    found: list[Case] = []
    pending, seen = [SUITE / "manifest.ttl"], set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
        pending += [_path(i) for i in graph.objects(None, MF.include)]
        entries = [e for lst in graph.objects(None, MF.entries) for e in Collection(graph, lst)]
        validate = [e for e in entries if (e, RDF.type, SHT.Validate) in graph]
        for entry in validate:
            name = path.relative_to(SUITE).with_suffix("").as_posix()
            if len(validate) > 1:
                name += "#" + str(entry).rsplit("/", 1)[-1]
            found.append(Case(path, entry, name))
    return found


CASES = _cases()


def test_suite_is_fetched() -> None:
    assert CASES, f"W3C SHACL core suite missing at {SUITE}: run `make setup-dev` (tests/w3c/fetch_suite.py)"


# ── the shapes graph ─────────────────────────────────────────────────────────
def _targeted(shapes: Graph) -> list[Node]:
    """Every shape with a target, explicit or implicit (a shape that is also an rdfs:Class)."""
    found = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    for kind in (SH.NodeShape, SH.PropertyShape):
        found |= {s for s in shapes.subjects(RDF.type, kind) if (s, RDF.type, RDFS.Class) in shapes}
    return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))


def _owners(shapes: Graph, tops: list[Node]) -> dict[Node, set[Node]]:
    """Every shape node → the targeted shapes that contain it (including itself)."""
    owner: dict[Node, set[Node]] = {}
    for top in tops:
        queue, seen = [top], set()
        while queue:
            node = queue.pop()
            if node in seen:
                continue
            seen.add(node)
            owner.setdefault(node, set()).add(top)
            for prop in _NESTING:
                queue.extend(shapes.objects(node, prop))
            for prop in _LISTS:
                for members in shapes.objects(node, prop):
                    queue.extend(Collection(shapes, members))
    return owner


def _is_target(focus: Node, shape: Node, shapes: Graph, data: Graph) -> bool:
    """SHACL target semantics, evaluated independently of the compiler."""
    if (shape, SH.targetNode, focus) in shapes:
        return True
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)
    for type_ in data.objects(focus, RDF.type):
        if classes & set(data.transitive_objects(type_, RDFS.subClassOf)):
            return True
    if any((focus, p, None) in data for p in shapes.objects(shape, SH.targetSubjectsOf)):
        return True
    return any((None, p, focus) in data for p in shapes.objects(shape, SH.targetObjectsOf))


# ── comparing terms ──────────────────────────────────────────────────────────
_ANY = ox.NamedNode("urn:x-canonical")


@cache
def _norm(node: Node) -> Node:
    """A term as Oxigraph stores it, in rdflib: Oxigraph keeps numbers and booleans in
    canonical form ("4.0"^^xsd:decimal comes back as "4"^^xsd:decimal, "1"^^xsd:boolean as
    "true"), and "a"^^xsd:string is the plain literal "a" (rdflib keeps those two apart)."""
    if not isinstance(node, Literal):
        return node
    store = ox.Store()
    store.add(ox.Quad(_ANY, _ANY, to_oxigraph(node)))
    (quad,) = store
    return to_rdflib(quad.object)


def _hide(node: Node) -> Node | str:
    return "_:" if isinstance(node, BNode) else _norm(node)


def _signature(triples_out, triples_in) -> tuple:
    out = sorted(("out", str(p), repr(_hide(o))) for p, o in triples_out)
    inc = sorted(("in", repr(_hide(s)), str(p)) for s, p in triples_in)
    return tuple(out + inc)


def _graph_signature(node: BNode, graph: Graph) -> tuple:
    return _signature(graph.predicate_objects(node), graph.subject_predicates(node))


def _store_signature(node: BNode, store: ox.Store) -> tuple:
    b = ox.BlankNode(str(node))
    out = [(to_rdflib(q.predicate), to_rdflib(q.object)) for q in store.quads_for_pattern(b, None, None)]
    inc = [(to_rdflib(q.subject), to_rdflib(q.predicate)) for q in store.quads_for_pattern(None, None, b)]
    return _signature(out, inc)


@dataclass
class Answer:
    """Per top-level shape: the violating IRIs/literals, and the blank nodes' signatures
    (None: any blank node)."""

    terms: dict[Node, set[Node]]
    blanks: dict[Node, Counter]

    def check(self, expected: "Answer", shape: Node) -> list[str]:
        problems = []
        want, got = expected.terms.get(shape, set()), self.terms.get(shape, set())
        if want - got:
            problems.append(f"{shape}: missed {sorted(map(str, want - got))}")
        if got - want:
            problems.append(f"{shape}: wrongly reported {sorted(map(str, got - want))}")
        want_b, got_b = expected.blanks.get(shape, Counter()), self.blanks.get(shape, Counter())
        specific = Counter({k: n for k, n in want_b.items() if k is not None})
        if want_b.total() != got_b.total() or specific - got_b:
            problems.append(f"{shape}: blank-node focus nodes {dict(got_b)}, expected {dict(want_b)}")
        return problems


def _answer(pairs: set[tuple[Node, Node]], signature) -> Answer:
    answer = Answer({}, {})
    for focus, shape in pairs:
        if isinstance(focus, BNode):
            answer.blanks.setdefault(shape, Counter())[signature(focus)] += 1
        else:
            answer.terms.setdefault(shape, set()).add(focus)
    return answer


# ── the test ─────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_w3c_core(case: Case) -> None:
    manifest = _parse(case.file)
    action = manifest.value(case.entry, MF.action)
    data_iri, shapes_iri = manifest.value(action, SHT.dataGraph), manifest.value(action, SHT.shapesGraph)
    data_path = _path(data_iri)
    data, shapes = _parse(data_path), _parse(_path(shapes_iri))
    report = manifest.value(case.entry, MF.result)
    assert (report, RDF.type, SH.ValidationReport) in manifest, "only validation reports are expected in core"

    compiler = ShapeCompiler(shapes)
    tops = _targeted(shapes)
    plans = {}
    for shape in tops:
        try:
            plans[shape] = compiler.compile(shape)
        except Unsupported as e:
            pytest.skip(f"construct not claimed: {e}")

    # Expected: each result's source shape mapped to the targeted shapes containing it.
    owners = _owners(shapes, tops)
    expected_pairs: set[tuple[Node, Node]] = set()
    for result in manifest.objects(report, SH.result):
        focus, source = manifest.value(result, SH.focusNode), manifest.value(result, SH.sourceShape)
        candidates = owners.get(source)
        assert candidates, f"expected result from {source}, which no targeted shape contains"
        here = {t for t in candidates if _is_target(focus, t, shapes, data)} or candidates
        expected_pairs |= {(_norm(focus), t) for t in here}
    same_file = data is manifest

    def expected_signature(node: BNode) -> tuple | None:
        return _graph_signature(node, data) if same_file else None

    expected = _answer(expected_pairs, expected_signature)
    expected_conforms = manifest.value(report, SH.conforms).toPython()

    # Actual: the plans run by Oxigraph over the data graph.
    store = ox.Store()
    store.load(path=str(data_path), format=ox.RdfFormat.TURTLE, base_iri=data_path.as_uri())
    cache_: dict[str, set[Node]] = {}

    def select(sparql: str) -> set[Node]:
        if sparql not in cache_:
            cache_[sparql] = {_norm(to_rdflib(row["focus"])) for row in store.query(sparql)}
        return cache_[sparql]

    actual_pairs: set[tuple[Node, Node]] = set()
    for shape, (target, plan) in plans.items():
        targets = select(f"SELECT DISTINCT ?focus WHERE {{ {target} }}")
        actual_pairs |= {(focus, shape) for focus in run_plan(plan, select, targets)}
    actual = _answer(actual_pairs, lambda node: _store_signature(node, store))

    problems = [p for shape in tops for p in actual.check(expected, shape)]
    if (not actual_pairs) != expected_conforms:
        problems.insert(0, f"conforms {not actual_pairs}, expected {expected_conforms}")
    assert not problems, "\n".join(problems)
