"""`parkstar validate` and the check before every load: data quality only.

The data-quality shapes (facts the criteria need; warnings: a missing fact makes a
criterion not assessable) and the integrity shapes (`shapes/integrity/`: credit codes,
code lists, ranges; errors: the data is wrong) are evaluated over the data with its
derived figures and the code lists. Like the rating engine, the shapes are compiled to
SPARQL and answered by Oxigraph for all nodes at once, so checking grows linearly with
the data; a shape the compiler does not support is checked by pySHACL. Every problem is
reported at once, naming the node, the property, the value found, what was expected and,
for files, the file and line where the node is written."""

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from parkstar import paths
from parkstar.criteria import Text, load_criteria
from parkstar.criteria.loader import load_rules
from parkstar.engine.chunks import split_by_park
from parkstar.engine.compile import (
    Complement,
    Intersection,
    Plan,
    Query,
    ShapeCompiler,
    Targets,
    Union,
    Unsupported,
    distinct,
    run_plan,
)
from parkstar.engine.derive import Deriver
from parkstar.engine.partition import incoming_link_properties
from parkstar.engine.population import Population
from parkstar.engine.shacl import top_level_shapes
from parkstar.engine.workers import map_in_workers
from parkstar.labels import compact, lang_text
from parkstar.rdf.reading import parse_file, rdf_files, read_graph
from parkstar.rdf.terms import to_rdflib, triples_to_rdflib
from parkstar.vocab import RDF, SH

#: The start of a compiled query that joins a shape's targets with its values along an
#: IRI path: `SELECT DISTINCT ?focus WHERE { <targets> ?focus <p> ?v . …` (see _untargeted).
_JOINS_VALUES = re.compile(r"\?focus <[^<>\s]+> \?\w+ \.")
#: Triple patterns along IRIs from ?focus: `?focus <p> ?m1 . ?m1 <q> ?v2 .` (see _minus_from_targets).
_PATH_PATTERN = re.compile(r"\?focus <[^<>\s]+> (\?\w+|<[^<>\s]+>) \.( \?\w+ <[^<>\s]+> (\?\w+|<[^<>\s]+>) \.)*")
_CHECK_NUMBER = "?parkstarCheckNumber"


@dataclass(frozen=True)
class DataProblem:
    severity: str  # "error" (integrity: the data is wrong) or "warning" (a fact criteria need is missing)
    focus: str
    path: str | None
    value: str | None
    shape: str
    text: Text
    where: str | None = None  # file:line where the node is written, when known

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def line(self, lang: str) -> str:
        place = f"{self.where}: " if self.where else ""
        subject = self.focus + (f" {self.path}" if self.path else "")
        found = f" [{self.value}]" if self.value is not None else ""
        kind = {"error": ("错误", "error"), "warning": ("提示", "warning")}[self.severity]
        return f"{kind[0] if lang == 'zh' else kind[1]}: {place}{subject}{found}: {self.text.get(lang)}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "where": self.where,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "shape": self.shape,
            "message": self.text.as_dict(),
        }


@dataclass(frozen=True)
class _Check:
    """One message-bearing shape (a property shape of a top-level shape) and its plan."""

    top: URIRef
    shape: Node
    target: str
    plan: Plan
    severity: str
    text: Text
    path: str | None
    path_sparql: str | None
    #: The plan without the shape's sh:maxCount (all at least 1), valid when no node has
    #: two values of `single_path` (an IRI in SPARQL syntax); None when not applicable.
    single_path: str | None = None
    single_plan: Plan | None = None


class DataChecker:
    def __init__(self) -> None:
        criteria = load_criteria()
        self.context = criteria.context
        self.incoming = incoming_link_properties(self.context)
        self.shapes = read_graph([paths.SHAPES_DIR / "data-quality.ttl", paths.SHAPES_DIR / "integrity"])
        # the criteria's rules first (checks read derived figures), then the integrity rules:
        # a population already derived for rating needs only the second
        self.deriver = Deriver(criteria)
        self.integrity = Deriver(criteria, load_rules(paths.SHAPES_DIR / "integrity"))
        self.context_in_default_graph = [
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.deriver.context_quads
        ]
        compiler = ShapeCompiler(self.shapes)
        # copies of property shapes without their sh:maxCount (see _without_max_count)
        relaxed = Graph()
        relaxed += self.shapes
        relaxed_compiler = ShapeCompiler(relaxed)
        self.checks: list[_Check] = []
        self.unsupported: list[URIRef] = []
        for top in sorted(set(top_level_shapes(self.shapes).values())):
            try:
                target, _ = compiler.compile(top)
                parts = list(self.shapes.objects(top, SH.property))
                if not parts or self._node_level(top):
                    raise Unsupported(f"{top} has node-level constraints")
                for prop in parts:
                    path = self.shapes.value(prop, SH.path)
                    copy = self._without_max_count(relaxed, prop)
                    self.checks.append(
                        _Check(
                            top=top,
                            shape=prop,
                            target=target,
                            plan=compiler.plan(prop, distinct(target)),
                            severity=self._severity(prop, top),
                            text=self._message(prop, top),
                            path=compact(self.context, path) if isinstance(path, URIRef) else None,
                            path_sparql=compiler.path(path),
                            single_path=compiler.path(path) if copy is not None else None,
                            single_plan=relaxed_compiler.plan(copy, distinct(target)) if copy is not None else None,
                        )
                    )
            except Unsupported:
                self.unsupported.append(top)
        #: compiled query -> (the same without the targets, the targets' query): see _untargeted
        self.untargeted: dict[str, tuple[str, str]] = {}
        #: compiled query -> (its targets, the pattern they must have): see _minus_from_targets
        self.minus_from_targets: dict[str, tuple[str, str]] = {}
        for check in self.checks:
            for plan in (check.plan, check.single_plan):
                for sparql in _queries(plan):
                    untargeted = _untargeted(sparql, check.target)
                    if untargeted is not None:
                        targets = f"SELECT DISTINCT ?focus WHERE {{ {check.target} }}"
                        self.untargeted[sparql] = (untargeted, targets)
                    missing = _minus_from_targets(sparql, check.target)
                    if missing is not None:
                        self.minus_from_targets[sparql] = (check.target, missing)

    def _without_max_count(self, relaxed: Graph, prop: Node) -> BNode | None:
        """A copy of property shape `prop` in `relaxed` without its sh:maxCount, when its
        path is one IRI and every sh:maxCount is at least 1: where no node has two values
        of that property, no node can violate the maxCount, and the copy finds the same
        violators without the costly self-join (most properties are single-valued)."""
        path = self.shapes.value(prop, SH.path)
        counts = list(self.shapes.objects(prop, SH.maxCount))
        if not isinstance(path, URIRef) or not counts:
            return None
        if any(not isinstance(n, Literal) or not isinstance(n.toPython(), int) or n.toPython() < 1 for n in counts):
            return None
        copy = BNode()
        for p, o in self.shapes.predicate_objects(prop):
            if p != SH.maxCount:
                relaxed.add((copy, p, o))
        return copy

    def _show(self, node: Node | None) -> str:
        return compact(self.context, node) or ""

    def _node_level(self, top: URIRef) -> bool:
        ignored = {SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
        ignored |= {SH.message, SH.name, SH.severity, SH.description}
        return any(p not in ignored and str(p).startswith(str(SH)) for p, _ in self.shapes.predicate_objects(top))

    def _severity(self, prop: Node, top: Node) -> str:
        severity = self.shapes.value(prop, SH.severity) or self.shapes.value(top, SH.severity) or SH.Violation
        return "error" if severity == SH.Violation else "warning"

    def _message(self, prop: Node, top: Node) -> Text:
        return (
            lang_text(self.shapes, prop, (SH.message,))
            or lang_text(self.shapes, top, (SH.message,))
            or Text("数据不符合要求", "invalid data")
        )

    def check_file(self, source: Path) -> list[DataProblem]:
        """Every problem of a large N-Triples file (as Oxigraph writes it), checked chunk
        by chunk of parks so that memory stays bounded whatever its size (the chunks are
        written beside the file)."""
        problems: set[DataProblem] = set()
        with tempfile.TemporaryDirectory(prefix="chunks-", dir=source.parent) as folder:
            chunks = split_by_park(source, Path(folder), self.incoming)
            several = sum(1 for chunk in chunks if chunk.parks) > 1
            paths = [chunk.path for chunk in chunks]
            for found in map_in_workers(_check_in_worker, paths, self.check, parallel=several):
                problems.update(found)
        return ordered(problems)

    def check(self, data: Graph | Iterable[ox.Quad] | Path) -> list[DataProblem]:
        return self.check_population(Population.build(data, self.deriver))

    def derives_like(self, deriver: Deriver) -> bool:
        """Whether a population derived by `deriver` (a rater's) has the figures these
        checks read, so that it can be checked without deriving again."""
        return [r.query for r in deriver.rules] == [r.query for r in self.deriver.rules]

    def check_population(self, population: Population) -> list[DataProblem]:
        """Check a population already derived by the criteria's rules (the integrity rules
        and the code lists are added to it: rate it first)."""
        store = population.store
        self.integrity.apply(store)
        store.bulk_extend(self.context_in_default_graph)
        cache_: dict[str, set] = {}

        def select(sparql: str) -> set:
            if sparql not in cache_:
                shortcut = self.untargeted.get(sparql)
                if shortcut is None:
                    cache_[sparql] = {row["focus"] for row in store.query(sparql)}
                else:  # the nodes with a violating value that are targets
                    untargeted, targets = shortcut
                    found = select(untargeted)
                    cache_[sparql] = found & select(targets) if found else found
            return cache_[sparql]

        single: dict[str, bool] = {}

        def single_valued(path: str) -> bool:
            """Whether no node has two values of the property `path`."""
            if path not in single:
                query = f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE {{ ?s {path} ?o }}"
                row = next(iter(store.query(query)))
                single[path] = row["n"].value == row["d"].value
            return single[path]

        shown: dict = {}

        def show(focus: ox.NamedNode | ox.BlankNode) -> str:
            if focus not in shown:
                shown[focus] = self._show(to_rdflib(focus))
            return shown[focus]

        chosen = []
        for check in self.checks:
            plan = check.plan
            if check.single_plan is not None and check.single_path is not None and single_valued(check.single_path):
                plan = check.single_plan
            chosen.append((check, plan))
        cache_.update(self._lacking(store, [q for _, plan in chosen for q in _queries(plan)]))

        problems: set[DataProblem] = set()
        for check, plan in chosen:
            targets = Targets(select, f"SELECT DISTINCT ?focus WHERE {{ {check.target} }}")
            violators = run_plan(plan, select, targets)
            values = self._values(store, check, violators)
            for focus in violators:
                problems.add(
                    DataProblem(
                        severity=check.severity,
                        focus=show(focus),
                        path=check.path,
                        value=values.get(focus),
                        shape=self._show(check.top),
                        text=check.text,
                    )
                )
        if self.unsupported:
            problems |= self._with_pyshacl(store)
        return ordered(problems)

    def _lacking(self, store: ox.Store, queries: list[str]) -> dict[str, set]:
        """The answers of the queries that subtract a pattern from their targets (MINUS),
        in one query per targets shared by several: the targets (every enterprise: half
        the cost of each such query) are evaluated once, each paired with the number of
        the query, and a pair is removed when its node has that query's pattern."""
        by_target: dict[str, list[str]] = {}
        for sparql in dict.fromkeys(queries):
            if sparql in self.minus_from_targets:
                by_target.setdefault(self.minus_from_targets[sparql][0], []).append(sparql)
        found: dict[str, set] = {}
        for target, group in by_target.items():
            if len(group) < 2:
                continue
            branches = " UNION ".join(
                f"{{ {{ {self.minus_from_targets[q][1]} }} BIND ({i} AS {_CHECK_NUMBER}) }}"
                for i, q in enumerate(group)
            )
            numbers = " ".join(str(i) for i in range(len(group)))
            sparql = (
                f"SELECT DISTINCT ?focus {_CHECK_NUMBER} WHERE {{ {distinct(target)} "
                f"VALUES {_CHECK_NUMBER} {{ {numbers} }} MINUS {{ {branches} }} }}"
            )
            answers: list[set] = [set() for _ in group]
            for row in store.query(sparql):
                answers[int(row[_CHECK_NUMBER[1:]].value)].add(row["focus"])
            found.update(zip(group, answers, strict=True))
        return found

    @staticmethod
    def _values(store: ox.Store, check: _Check, focus: set) -> dict:
        if not focus or check.path_sparql is None:
            return {}
        found: dict = {}
        named = [f for f in focus if isinstance(f, ox.NamedNode)]
        for start in range(0, len(named), 500):
            chunk = " ".join(str(f) for f in named[start : start + 500])
            query = f"SELECT ?focus ?v WHERE {{ VALUES ?focus {{ {chunk} }} ?focus {check.path_sparql} ?v }}"
            for row in store.query(query):
                found.setdefault(row["focus"], []).append(row["v"].value)
        return {f: "、".join(sorted(v)) for f, v in found.items()}

    def _with_pyshacl(self, store: ox.Store) -> set[DataProblem]:
        shapes = Graph() + self.shapes
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for shape in set(shapes.subjects(prop, None)):
                if shape not in self.unsupported:
                    shapes.remove((shape, prop, None))
        graph = triples_to_rdflib(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        _conforms, report, _text = validate(graph, shacl_graph=shapes, inference="none", inplace=True)
        found = set()
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus = report.value(result, SH.focusNode)
            if isinstance(focus, Literal):
                continue
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            severity = "error" if report.value(result, SH.resultSeverity) == SH.Violation else "warning"
            found.add(
                DataProblem(
                    severity=severity,
                    focus=self._show(focus),
                    path=self._show(path) if isinstance(path, URIRef) else None,
                    value=self._show(value) if value is not None else None,
                    shape=self._show(report.value(result, SH.sourceShape)),
                    text=lang_text(report, result, (SH.resultMessage,)) or Text("数据不符合要求", "invalid data"),
                )
            )
        return found


def _queries(plan: Plan | None) -> Iterable[str]:
    if isinstance(plan, Query):
        yield plan.sparql
    elif isinstance(plan, (Union, Intersection)):
        for part in plan.parts:
            yield from _queries(part)
    elif isinstance(plan, Complement):
        yield from _queries(plan.part)


def _untargeted(sparql: str, target: str) -> str | None:
    """For a compiled query `SELECT DISTINCT ?focus WHERE { T ?focus <p> ?v . R }` (T the
    shape's targets, a DISTINCT subquery binding ?focus only), the same query without T:
    every solution of `?focus <p> ?v . R` binds ?focus, so joining T only keeps those
    whose focus is a target, and the query's answers are this one's that are targets.
    This one finds violating values without evaluating T (tens of thousands of
    enterprises: most of the cost of such a query, which usually finds nothing). None for
    any other query (a MINUS from the targets needs them all)."""
    head = f"SELECT DISTINCT ?focus WHERE {{ {distinct(target)} "
    if not sparql.startswith(head):
        return None
    rest = sparql[len(head) :]
    if not _JOINS_VALUES.match(rest) or distinct(target) in rest:
        return None
    return "SELECT DISTINCT ?focus WHERE { " + rest


def _minus_from_targets(sparql: str, target: str) -> str | None:
    """For a compiled query `SELECT DISTINCT ?focus WHERE { T MINUS { P } }` (T the
    shape's targets, a DISTINCT subquery binding ?focus only) whose P is triple patterns
    along IRIs starting from ?focus (a path of one or more properties: every solution
    binds ?focus), P; None for any other query."""
    head = f"SELECT DISTINCT ?focus WHERE {{ {distinct(target)} MINUS {{ "
    if not (sparql.startswith(head) and sparql.endswith(" } }")):
        return None
    pattern = sparql[len(head) : -len(" } }")]
    if not _PATH_PATTERN.fullmatch(pattern) or _CHECK_NUMBER in pattern:
        return None
    return pattern


def ordered(problems: set[DataProblem]) -> list[DataProblem]:
    return sorted(problems, key=lambda p: (p.severity, p.focus, p.path or "", p.text.en))


@cache
def checker() -> DataChecker:
    return DataChecker()


def _check_in_worker(chunk: Path) -> list[DataProblem]:
    return checker().check(chunk)


def check_data(inputs: list[Path]) -> list[DataProblem]:
    """Every problem of the data in these files and folders, located in the files."""
    files = rdf_files(inputs)
    quads = [q for f in files for q in parse_file(f)]
    return locate(check_quads(quads), files)


def check_quads(quads: Iterable[ox.Quad]) -> list[DataProblem]:
    return checker().check(quads)


def check_graph(data: Graph) -> list[DataProblem]:
    """Every problem of one graph: errors (integrity) and warnings (missing facts)."""
    return checker().check(data)


def locate(problems: list[DataProblem], files: list[Path]) -> list[DataProblem]:
    """Each problem with the file and line where its node is first written."""
    from dataclasses import replace

    found = []
    for p in problems:
        where = None
        for file in files:
            line = _line_of(file, p.focus)
            if line:
                where = f"{file}:{line}"
                break
        found.append(replace(p, where=where))
    return found


def _line_of(file: Path, focus: str) -> int | None:
    forms = _forms(file, focus)
    for number, line in enumerate(_lines(file), start=1):
        if any(form in line for form in forms):
            return number
    return None


@cache
def _lines(file: Path) -> tuple[str, ...]:
    try:
        return tuple(file.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


@cache
def _prefixes(file: Path) -> tuple[tuple[str, str], ...]:
    found = []
    for line in _lines(file)[:200]:
        m = re.match(r"\s*@?prefix\s+([\w-]*):\s*<([^>]+)>", line, re.IGNORECASE)
        if m:
            found.append((m.group(1), m.group(2)))
    return tuple(found)


def _forms(file: Path, focus: str) -> list[str]:
    iri = focus[1:-1] if focus.startswith("<") else focus
    forms = [f"<{iri}>"]
    for prefix, namespace in _prefixes(file):
        if iri.startswith(namespace):
            forms.append(f"{prefix}:{iri[len(namespace) :]}")
    return forms
