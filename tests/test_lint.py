"""`parkstar check-standard`: the shipped criteria pass, and each kind of mistake a
standards body could make in a copy of shapes/ is caught and named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from parkstar.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes"
PS = Namespace("https://w3id.org/parkstar/def#")
PSI = Namespace("https://w3id.org/parkstar/code/indicator/")
PSC = Namespace("https://w3id.org/parkstar/criteria/")


def check(shapes_dir: Path | None = None, lang: str = "en") -> Result:
    args = ["check-standard", "--lang", lang]
    if shapes_dir is not None:
        args += ["--shapes", str(shapes_dir)]
    return CliRunner().invoke(main, args)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "shapes"
    shutil.copytree(SHAPES, target)
    return target


def edit(file: Path, old: str, new: str) -> None:
    """Replace one exact passage; fails if the passage is not there exactly once, so the
    test cannot silently stop mutating anything when the shapes change."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file.name}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def problem_lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.strip()]


def assert_fails(result: Result) -> list[str]:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "criteria OK" not in result.output
    lines = problem_lines(result)
    assert lines, "a failing check must say what is wrong"
    return lines


def test_shipped_shapes_pass() -> None:
    result = check()
    assert result.exit_code == 0, result.output
    assert "criteria OK" in result.stdout


def test_weakened_land_threshold_is_caught(copy: Path) -> None:
    edit(
        copy / "level-4.ttl",
        "[ sh:path ps:landAreaMu ; sh:minCount 1 ; sh:minInclusive 100 ]",
        "[ sh:path ps:landAreaMu ; sh:minCount 1 ; sh:minInclusive 40 ]",
    )
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "psc:L4-scale-manufacturing" in line]
    assert hits, lines
    assert hits[0].startswith("level-4.ttl: psc:L4-scale-manufacturing:")
    assert "ps:landAreaMu" in hits[0] and "40" in hits[0] and "50" in hits[0]
    assert len(lines) == 1, lines


def test_weakened_threshold_message_in_chinese(copy: Path) -> None:
    edit(
        copy / "level-4.ttl",
        "[ sh:path ps:landAreaMu ; sh:minCount 1 ; sh:minInclusive 100 ]",
        "[ sh:path ps:landAreaMu ; sh:minCount 1 ; sh:minInclusive 40 ]",
    )
    lines = assert_fails(check(copy, lang="zh"))
    assert any("psc:L4-scale-manufacturing" in line and "更宽松" in line for line in lines), lines


def test_widened_grade_set_is_caught(copy: Path) -> None:
    # level 4 accepting A, B or C is weaker than level 3's A or B
    edit(
        copy / "level-4.ttl",
        "[ sh:path ps:performanceGrade ; sh:minCount 1 ; sh:in ( grade:A ) ]",
        "[ sh:path ps:performanceGrade ; sh:minCount 1 ; sh:in ( grade:A grade:B grade:C ) ]",
    )
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "psc:L4-performance-grade" in line]
    assert hits, lines
    assert hits[0].startswith("level-4.ttl:")
    assert "grade:C" in hits[0] and "grade:B" not in hits[0].split("does not:")[-1]


def test_missing_english_message_is_caught(copy: Path) -> None:
    edit(
        copy / "level-4.ttl",
        'sh:message "绩效评价档次未达到 A 档"@zh , "performance grade is not A"@en ;',
        'sh:message "绩效评价档次未达到 A 档"@zh ;',
    )
    lines = assert_fails(check(copy))
    assert lines == ["level-4.ttl: psc:L4-performance-grade: sh:message missing in language 'en'"], lines


def test_threshold_differing_from_its_parameter_is_caught(copy: Path) -> None:
    # shapes/parameters.ttl still says 2
    edit(
        copy / "level-4.ttl",
        "sh:minInclusive 2 ; ps:parameter param:distinctiveServices",
        "sh:minInclusive 3 ; ps:parameter param:distinctiveServices",
    )
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "param:distinctiveServices" in line]
    assert hits, lines
    assert hits[0].startswith("level-4.ttl: psc:L4-services-distinctive:")
    assert "3" in hits[0] and "2" in hits[0]


def test_parameter_change_alone_is_caught(copy: Path) -> None:
    # the other direction: the parameter edited, the thresholds left as they were
    parameters = copy / "parameters.ttl"
    text = parameters.read_text(encoding="utf-8")
    start = text.index("param:distinctiveServices a ps:Parameter")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    assert block.count("ps:value 2 ;") == 1
    parameters.write_text(text[:start] + block.replace("ps:value 2 ;", "ps:value 3 ;") + text[block_end:], "utf-8")
    lines = assert_fails(check(copy))
    shapes = {line.split(": ")[1] for line in lines if "param:distinctiveServices" in line}
    assert shapes == {"psc:L4-services-distinctive", "psc:L5-services-distinctive"}, lines


def test_undefined_term_in_a_shape_is_caught(copy: Path) -> None:
    edit(
        copy / "level-4.ttl",
        "[ sh:path ps:performanceGrade ; sh:minCount 1 ; sh:in ( grade:A ) ]",
        "[ sh:path ps:noSuchProperty ; sh:minCount 1 ; sh:in ( grade:A ) ]",
    )
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "ps:noSuchProperty" in line]
    assert hits, lines
    assert hits[0].startswith("level-4.ttl: ps:noSuchProperty:")
    assert "does not define" in hits[0]


def test_undefined_term_in_a_rule_is_caught(copy: Path) -> None:
    edit(
        copy / "rules" / "10-documents.rq",
        "CONSTRUCT { ?park ps:documentTypeHeld ?type }",
        "CONSTRUCT { ?park ps:noSuchProperty ?type }",
    )
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "ps:noSuchProperty" in line]
    assert hits, lines
    assert hits[0].startswith("10-documents.rq: ps:noSuchProperty:")


def _remove_shape(graph: Graph, node: URIRef | BNode) -> None:
    """A shape and everything only it reaches through blank nodes (property shapes, lists)."""
    pending = [node]
    while pending:
        subject = pending.pop()
        for _s, _p, o in list(graph.triples((subject, None, None))):
            if isinstance(o, BNode):
                pending.append(o)
        graph.remove((subject, None, None))


def _drop_requirements(file: Path, keep) -> list[URIRef]:
    graph = Graph().parse(file, format="turtle")
    dropped = [r for r in set(graph.subjects(PS.indicator, None)) if isinstance(r, URIRef) and not keep(graph, r)]
    for requirement in dropped:
        _remove_shape(graph, requirement)
    file.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return dropped


def test_indicator_without_top_level_requirements_is_caught(copy: Path) -> None:
    dropped = _drop_requirements(copy / "level-5.ttl", lambda g, r: g.value(r, PS.indicator) != PSI.digitalisation)
    assert len(dropped) >= 1
    lines = assert_fails(check(copy))
    hits = [line for line in lines if "indicator 8" in line and "5★" in line]
    assert hits, lines
    assert hits[0].startswith("level-5.ttl:")
    assert all("indicator" in line and "5★" in line for line in lines), lines


def test_category_without_requirement_is_caught(copy: Path) -> None:
    dropped = _drop_requirements(copy / "level-5.ttl", lambda g, r: r != PSC["L5-scale-other"])
    assert dropped == [PSC["L5-scale-other"]]
    lines = assert_fails(check(copy))
    assert any("indicator 2" in line and "5★" in line and "pscat:other" in line for line in lines), lines


def test_serialised_copy_without_changes_still_passes(copy: Path) -> None:
    """The helper above rewrites level-5.ttl through rdflib: on its own that must change
    nothing the lint sees, or the two tests above would prove nothing."""
    dropped = _drop_requirements(copy / "level-5.ttl", lambda g, r: True)
    assert dropped == []
    assert Literal(5) in set(Graph().parse(copy / "level-5.ttl", format="turtle").objects(None, PS.level))
    result = check(copy)
    assert result.exit_code == 0, result.output
