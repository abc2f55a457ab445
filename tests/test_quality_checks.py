"""The data checks report exactly what the compiled shapes find when every query is run as
compiled, with the integrity rules applied as written: the checker's shortcuts (a maxCount
skipped where every node has one value at most, a join with the targets replaced by
keeping the nodes with a violating value that are targets, the queries subtracting a
pattern from the same targets answered in one) change the cost, never a problem. Checked
on generated parks with a fault of each kind seeded, and on the samples."""

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from parkstar import paths
from parkstar.creditcode import check_character
from parkstar.criteria import load_criteria
from parkstar.criteria.loader import load_rules
from parkstar.engine.compile import Targets, distinct, run_plan
from parkstar.engine.derive import Deriver
from parkstar.engine.population import Population
from parkstar.generate import write_population
from parkstar.labels import compact
from parkstar.quality import (
    _minus_from_targets,
    _untargeted,
    checker,
)
from parkstar.rdf.reading import read_graph
from parkstar.rdf.terms import graph_to_quads, to_rdflib

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PS = "https://w3id.org/parkstar/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TRIPLE = re.compile(r"<([^>]+)> <([^>]+)> (.*) \.$")


@pytest.fixture(scope="module")
def integrity_rules() -> Deriver:
    """The integrity rules exactly as written."""
    return Deriver(load_criteria(), load_rules(paths.SHAPES_DIR / "integrity"))


def reference(data: Path, integrity_rules: Deriver) -> set[tuple]:
    """(severity, focus, path, shape) of every compiled check, each query run as compiled
    over the data with the integrity rules applied as written."""
    check = checker()
    store = Population.build(data, check.deriver).store
    integrity_rules.apply(store)
    store.bulk_extend(check.context_in_default_graph)

    def select(sparql: str) -> set:
        return {row["focus"] for row in store.query(sparql)}

    found = set()
    for c in check.checks:
        targets = Targets(select, f"SELECT DISTINCT ?focus WHERE {{ {c.target} }}")
        for focus in run_plan(c.plan, select, targets):
            found.add((c.severity, compact(check.context, to_rdflib(focus)), c.path, compact(check.context, c.top)))
    return found


def checked(data: Path) -> set[tuple]:
    """The same for the checker's problems (those of compiled shapes)."""
    check = checker()
    compiled = {compact(check.context, c.top) for c in check.checks}
    return {(p.severity, p.focus, p.path, p.shape) for p in check.check(data) if p.shape in compiled}


def _seeded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Six generated parks as N-Triples with one fault per enterprise among the first
    ones (and a few park faults); returns the file and, per fault, the faulty node."""
    clean = tmp_path / "clean.nt"
    write_population(clean, parks=6, seed=7)
    lines = clean.read_text(encoding="utf-8").splitlines()
    enterprises = sorted({m.group(1) for m in map(TRIPLE.match, lines) if m and "/enterprise/" in m.group(1)})
    parks = sorted({m.group(1) for m in map(TRIPLE.match, lines) if m and re.search(r"/park/P[0-9]+$", m.group(1))})
    faults = [
        "no label",
        "two codes",
        "wrong check character",
        "not resident in a park",
        "no code",
        "two industries",
        "negative output",
        "digital services not a boolean",
        "malformed code",
        "no park",
        "two tenancy ends",
        "two outputs",
    ]
    where = dict(zip(faults, enterprises[: len(faults)], strict=True))
    where |= {"park without label": parks[0], "land area not a number": parks[1], "two floor areas": parks[2]}
    node = {v: k for k, v in where.items()}
    out, extra = [], []
    for line in lines:
        m = TRIPLE.match(line)
        fault = node.get(m.group(1)) if m else None
        if fault is None:
            out.append(line)
            continue
        s, p, o = m.groups()
        if (fault, p) in {("no label", LABEL), ("no code", PS + "creditCode"), ("no park", PS + "residentIn")}:
            continue
        if (fault, p) == ("park without label", LABEL):
            continue
        if (fault, p) == ("two codes", PS + "creditCode"):
            extra.append(f'<{s}> <{p}> "91330281MAUQDL71B1" .')
        elif (fault, p) == ("wrong check character", PS + "creditCode"):
            line = f'<{s}> <{p}> "{o[1:18]}{"1" if o[18] == "0" else "0"}" .'
        elif (fault, p) == ("not resident in a park", PS + "residentIn"):
            line = f"<{s}> <{p}> <https://example.org/not-a-park> ."
        elif (fault, p) == ("two industries", PS + "industry"):
            extra.append(f"<{s}> <{p}> <https://w3id.org/parkstar/code/industry/C99> .")
        elif (fault, p) == ("negative output", PS + "annualOutput"):
            line = f'<{s}> <{p}> "-5"^^<{XSD}integer> .'
        elif (fault, p) == ("digital services not a boolean", PS + "usesDigitalServices"):
            line = f'<{s}> <{p}> "yes" .'
        elif (fault, p) == ("malformed code", PS + "creditCode"):
            line = f'<{s}> <{p}> "91330281MAUQDL71BI" .'
        elif (fault, p) == ("two outputs", PS + "annualOutput"):
            extra.append(f'<{s}> <{p}> "7"^^<{XSD}integer> .')
        elif (fault, p) == ("land area not a number", PS + "landAreaMu"):
            line = f'<{s}> <{p}> "lots" .'
        elif (fault, p) == ("two floor areas", PS + "floorAreaSqm"):
            extra.append(f'<{s}> <{p}> "12"^^<{XSD}integer> .')
        out.append(line)
    if not any(f"<{where['two tenancy ends']}> <{PS}tenancyEnd>" in line for line in lines):
        extra.append(f'<{where["two tenancy ends"]}> <{PS}tenancyEnd> "2029-06-30"^^<{XSD}date> .')
    extra.append(f'<{where["two tenancy ends"]}> <{PS}tenancyEnd> "2030-01-01"^^<{XSD}date> .')
    # values that would violate the enterprise shapes on nodes that are not enterprises:
    # the checks must not report them (they are found first without the targets)
    stray = "https://example.org/not-an-enterprise"
    extra.append(f"<{stray}> <{PS}industry> <https://w3id.org/parkstar/code/industry/C1> .")
    extra.append(f"<{stray}> <{PS}industry> <https://w3id.org/parkstar/code/industry/C2> .")
    extra.append(f'<{stray}> <{PS}usesDigitalServices> "maybe" .')
    extra.append(f'<{stray}> <{PS}creditCode> "not a code" .')
    seeded = tmp_path / "seeded.nt"
    seeded.write_text("\n".join(out + extra) + "\n", encoding="utf-8")
    return seeded, where


def test_seeded_faults_are_each_reported_once_on_their_node(tmp_path: Path) -> None:
    data, where = _seeded(tmp_path)
    check = checker()
    problems = check.check(data)
    ent = {k: compact(check.context, to_rdflib(ox.NamedNode(v))) for k, v in where.items()}
    errors = {(p.focus, p.path) for p in problems if p.is_error}
    expected = {
        "no label": "rdfs:label",
        "two codes": "ps:creditCode",
        "wrong check character": "ps:creditCodeCheckFailed",
        "not resident in a park": "ps:residentIn",
        "no code": "ps:creditCode",
        "two industries": "ps:industry",
        "negative output": "ps:annualOutput",
        "digital services not a boolean": "ps:usesDigitalServices",
        "malformed code": "ps:creditCode",
        "no park": "ps:residentIn",
        "two tenancy ends": "ps:tenancyEnd",
        "two outputs": "ps:annualOutput",
        "park without label": "rdfs:label",
        "land area not a number": "ps:landAreaMu",
        "two floor areas": "ps:floorAreaSqm",
    }
    for fault, path in expected.items():
        assert (ent[fault], path) in errors, fault
    faulty = set(ent.values())
    assert {focus for focus, _ in errors} <= faulty | {ent["not resident in a park"]}
    assert not any("not-an-enterprise" in p.focus for p in problems)
    bad = ent["wrong check character"]
    wrong = next(p for p in problems if p.focus == bad and p.path == "ps:creditCodeCheckFailed")
    code = where["wrong check character"].rsplit("/", 1)[1]
    assert wrong.value == check_character(code[:17])
    two = next(p for p in problems if p.focus == ent["two codes"] and p.path == "ps:creditCode")
    assert two.value is not None and "、" in two.value


def test_checks_find_what_every_compiled_query_finds(tmp_path: Path, integrity_rules: Deriver) -> None:
    data, _ = _seeded(tmp_path)
    found = checked(data)
    assert found == reference(data, integrity_rules)
    assert any(shape == "dq:EnterpriseIntegrity" for _, _, _, shape in found)


def test_checks_of_clean_generated_parks_equal_the_compiled_queries(tmp_path: Path, integrity_rules: Deriver) -> None:
    data = tmp_path / "clean.nt"
    write_population(data, parks=5, seed=11)
    found = checked(data)
    assert found == reference(data, integrity_rules)
    assert not any(severity == "error" for severity, *_ in found)


def test_checks_of_the_samples_equal_the_compiled_queries(tmp_path: Path, integrity_rules: Deriver) -> None:
    store = ox.Store()
    store.bulk_extend(graph_to_quads(read_graph([SAMPLE])))
    data = tmp_path / "sample.nt"
    store.dump(str(data), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert checked(data) == reference(data, integrity_rules)


def test_only_a_join_of_the_targets_with_values_is_answered_without_them() -> None:
    """A query is answered without its targets (then kept to targets) only where every
    solution of what follows the targets binds ?focus: never for a MINUS from the targets
    or a filter on the focus itself."""
    target = "?focus a <urn:x:C> ."
    head = f"SELECT DISTINCT ?focus WHERE {{ {distinct(target)} "
    joined = head + "?focus <urn:x:p> ?v1 . FILTER (!isIRI(?v1)) }"
    assert _untargeted(joined, target) == "SELECT DISTINCT ?focus WHERE { ?focus <urn:x:p> ?v1 . FILTER (!isIRI(?v1)) }"
    assert _untargeted(head + "MINUS { ?focus <urn:x:p> ?v1 . } }", target) is None
    assert _untargeted(head + "FILTER (!isIRI(?focus)) }", target) is None
    assert _untargeted(head + "?v1 <urn:x:p> ?focus . }", target) is None  # not the form asked about
    assert _untargeted(f"SELECT DISTINCT ?focus WHERE {{ {target} ?focus <urn:x:p> ?v1 . }}", target) is None


def test_only_a_path_from_the_focus_is_subtracted_with_others() -> None:
    """Queries subtracting a pattern from the same targets are answered together only
    where every solution of the pattern binds ?focus (else MINUS removes nothing, and a
    shared query number would make it remove every row)."""
    target = "?focus a <urn:x:C> ."
    head = f"SELECT DISTINCT ?focus WHERE {{ {distinct(target)} MINUS {{ "
    assert _minus_from_targets(head + "?focus <urn:x:p> ?v1 . } }", target) == "?focus <urn:x:p> ?v1 ."
    two = "?focus <urn:x:p> ?m1 . ?m1 <urn:x:q> ?v2 ."
    assert _minus_from_targets(head + two + " } }", target) == two
    assert _minus_from_targets(head + "?focus <urn:x:p> <urn:x:o> . } }", target) is not None
    assert _minus_from_targets(head + "?v1 <urn:x:p> ?focus . } }", target) is None
    assert _minus_from_targets(head + "?x <urn:x:p> ?v1 . } }", target) is None
    union = "{ ?focus <urn:x:p> ?v1 . } UNION { ?other <urn:x:q> ?v1 . }"
    assert _minus_from_targets(head + union + " } }", target) is None
    grouped = "SELECT ?focus WHERE { ?focus <urn:x:p> ?v1 . } GROUP BY ?focus HAVING (COUNT(DISTINCT ?v1) >= 2)"
    assert _minus_from_targets(head + grouped + " } }", target) is None
    assert _minus_from_targets(head + "?focus <urn:x:p> ?v1 . } ?focus <urn:x:q> ?v2 . }", target) is None
