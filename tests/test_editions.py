"""Editions of the standard: the catalog (choice by name and by date), the diff between
two editions, the impact of a revision on a population, what-if sandboxes, and clear
errors for broken edition files. The shipped draft and Hangzhou variant are illustrative;
their expected diffs are written out by hand here."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef

from parkstar import paths
from parkstar.cli import main
from parkstar.criteria.lint import lint
from parkstar.criteria.model import PropertyTest
from parkstar.editions import diff_editions, impact_of, load_catalog
from parkstar.editions.diff import diff_criteria
from parkstar.editions.sandbox import sandbox, write_sandbox
from parkstar.engine import Rater
from parkstar.engine.partition import park_subgraph
from parkstar.errors import ParkstarError
from parkstar.generate import write_population
from parkstar.labels import compact
from parkstar.numbers import number
from parkstar.rdf.reading import read_graph
from parkstar.store import open_store
from parkstar.vocab import PS, RDF

ROOT = Path(__file__).resolve().parents[1]
BASE, DRAFT, HANGZHOU = "zj-star-1", "zj-star-2-draft", "zj-star-1-hangzhou-example"

#: What the illustrative draft changes, written out by hand: (kind, subject, aspect, old, new);
#: old and new are checked for thresholds and parameter values, not for reworded texts.
DRAFT_CHANGES = {
    ("text_changed", "psc:L3-scale-manufacturing", "ps:clause"),
    ("text_changed", "psc:L3-scale-manufacturing", "sh:name"),
    ("threshold_changed", "psc:L3-scale-manufacturing", "ps:landAreaMu sh:minInclusive", 50, 60),
    ("text_changed", "psc:L4-specialisation-share", "ps:clause"),
    ("text_changed", "psc:L4-specialisation-share", "sh:name"),
    ("text_changed", "psc:L4-specialisation-share", "sh:message"),
    ("threshold_changed", "psc:L4-specialisation-share", "ps:leadingIndustryShare sh:minInclusive", 70, 75),
    ("requirement_added", "psc:L5-operations-carbon-plan", None),
    ("text_changed", "psc:L4-services-tech-results", "sh:name"),
    ("threshold_changed", "psc:L4-services-tech-results", "ps:techResultCount sh:minInclusive", 10, 15),
    ("text_changed", "psc:L5-services-tech-results", "sh:name"),
    ("threshold_changed", "psc:L5-services-tech-results", "ps:techResultCount sh:minInclusive", 10, 15),
    ("parameter_changed", "param:significantTechResults", "ps:value", 10, 15),
    ("parameter_text_changed", "param:significantTechResults", "ps:rationale"),
}
HANGZHOU_CHANGES = {
    ("text_changed", "psc:L3-scale-other", "ps:clause"),
    ("text_changed", "psc:L3-scale-other", "sh:name"),
    ("threshold_changed", "psc:L3-scale-other", "ps:floorAreaSqm sh:minInclusive", 20000, 25000),
}


def summary(changes) -> set[tuple]:
    found = set()
    for c in changes:
        if c.kind in ("threshold_changed", "parameter_changed"):
            found.add((c.kind, c.subject, c.aspect, c.old, c.new))
        else:
            found.add((c.kind, c.subject, c.aspect))
    return found


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> Path:
    """A small generated province (the impact acceptance runs on thousands; see README)."""
    path = tmp_path_factory.mktemp("population") / "parks.nt"
    write_population(path, 150, seed=7)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the criteria (shapes/ and editions/) that a test may edit as text."""
    shutil.copytree(ROOT / "shapes", tmp_path / "shapes")
    shutil.copytree(ROOT / "editions", tmp_path / "editions")
    monkeypatch.setattr(paths, "SHAPES_DIR", tmp_path / "shapes")
    monkeypatch.setattr(paths, "EDITIONS_DIR", tmp_path / "editions")
    return tmp_path


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file.name}"
    file.write_text(text.replace(old, new), encoding="utf-8")


# ── the catalog ──────────────────────────────────────────────────────────────
def test_the_catalog_lists_the_base_edition_the_draft_and_the_variant(catalog) -> None:
    by_id = {e.identifier: e for e in catalog.editions}
    assert set(by_id) == {BASE, DRAFT, HANGZHOU}
    assert by_id[BASE].predecessor is None and not by_id[BASE].draft
    assert by_id[DRAFT].draft and by_id[DRAFT].illustrative
    assert by_id[DRAFT].predecessor == by_id[HANGZHOU].predecessor == by_id[BASE].iri
    assert compact(catalog.ontology, by_id[HANGZHOU].region) == "region:330100"
    assert "示例" in by_id[DRAFT].title.zh and "not an official text" in by_id[DRAFT].title.en


def test_drafts_and_variants_are_never_chosen_by_date(catalog) -> None:
    assert catalog.in_force(date(2026, 1, 1)).identifier == BASE
    assert catalog.in_force(date(2030, 1, 1)).identifier == BASE
    assert catalog.choose(DRAFT).identifier == DRAFT
    with pytest.raises(ParkstarError):
        catalog.in_force(date(2024, 12, 31))


def test_a_published_edition_is_in_force_from_its_effective_date(home: Path) -> None:
    edit(home / "editions" / DRAFT / "edition.ttl", "ps:draft true ;", "ps:draft false ;")
    catalog = load_catalog()
    assert catalog.in_force(date(2027, 6, 30)).identifier == BASE
    assert catalog.in_force(date(2027, 7, 1)).identifier == DRAFT
    for day, edition in (("2027-06-30", "edition-1"), ("2027-07-01", "edition-2-draft")):
        result = run("rate", "--as-of", day, "--format", "ttl")
        assert result.exit_code == 0, result.output
        graph = Graph().parse(data=result.output, format="turtle")
        assert set(graph.objects(None, PS.edition)) == {URIRef(f"https://w3id.org/parkstar/criteria/{edition}")}


def test_every_edition_passes_the_criteria_lint(catalog) -> None:
    for edition in catalog.editions:
        assert lint(catalog.criteria(edition)) == [], edition.identifier


def test_an_edition_has_its_predecessors_requirements_with_its_changes(catalog) -> None:
    base, draft = catalog.criteria(BASE), catalog.criteria(DRAFT)
    assert {r.iri for r in draft.requirements} - {r.iri for r in base.requirements} == {
        URIRef("https://w3id.org/parkstar/criteria/L5-operations-carbon-plan")
    }
    changed = next(r for r in draft.requirements if r.iri.endswith("L3-scale-manufacturing"))
    assert changed.source.parent.name == DRAFT
    untouched = next(r for r in draft.requirements if r.iri.endswith("L3-scale-other"))
    assert untouched.source.parent.name == "shapes"


# ── the diff ─────────────────────────────────────────────────────────────────
def test_the_diff_of_the_draft_lists_exactly_the_changes_made(catalog) -> None:
    changes = diff_editions(BASE, DRAFT, catalog)
    assert summary(changes) == DRAFT_CHANGES
    assert len(changes) == len(DRAFT_CHANGES)
    carbon = next(c for c in changes if c.kind == "requirement_added")
    assert (carbon.indicator, carbon.level, carbon.category) == (5, 5, None)
    land = next(c for c in changes if c.subject == "psc:L3-scale-manufacturing" and c.kind == "threshold_changed")
    assert (land.indicator, land.level, land.category) == (2, 3, "pscat:manufacturing")
    assert "50 亩 → 60 亩" in land.text.zh and "50 mu → 60 mu" in land.text.en


def test_the_diff_of_the_variant_against_its_base(catalog) -> None:
    assert summary(diff_editions(BASE, HANGZHOU, catalog)) == HANGZHOU_CHANGES


def test_the_diff_backwards_is_the_mirror(catalog) -> None:
    forward = {c.key for c in diff_editions(BASE, DRAFT, catalog)}
    backward = diff_editions(DRAFT, BASE, catalog)
    mirrored = {
        ("requirement_added" if c.kind == "requirement_removed" else c.kind, c.subject, c.aspect, c.key[4], c.key[3])
        for c in backward
    }
    assert mirrored == forward


@pytest.mark.parametrize("edition", [BASE, DRAFT, HANGZHOU])
def test_an_edition_does_not_differ_from_itself(catalog, edition: str) -> None:
    assert diff_editions(edition, edition, catalog) == []


def _numeric_slots(catalog) -> list[tuple[str, str, object]]:
    """Every numeric bound of the base edition that its (shape, path, kind) names alone."""
    criteria = catalog.criteria(BASE)
    found = []
    for r in criteria.requirements:
        leaves, todo = [], [r.test]
        while todo:
            t = todo.pop()
            if isinstance(t, PropertyTest):
                leaves.append(t)
            else:
                todo.extend(t.parts)
        values: dict[str, list] = {}
        for leaf in leaves:
            for c in leaf.constraints:
                if not isinstance(c.value, tuple) and number(c.value) is not None:
                    values.setdefault(f"{leaf.path_key} sh:{c.kind}", []).append(number(c.value))
        shape = compact(criteria.context, r.iri)
        found += [(shape, aspect, v[0]) for aspect, v in sorted(values.items()) if len(v) == 1]
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_single_threshold_edit_is_exactly_what_the_diff_names(catalog, data) -> None:
    shape, aspect, old = data.draw(st.sampled_from(_numeric_slots(catalog)))
    new = old + data.draw(st.integers(min_value=1, max_value=40))
    box = sandbox(catalog, BASE, {(shape, aspect): int(new)})
    changes = diff_criteria(catalog.criteria(BASE), box.criteria)
    assert [(c.kind, c.subject, c.aspect, c.old, c.new) for c in changes] == [
        ("threshold_changed", shape, aspect, int(old) if old == int(old) else float(old), int(new))
    ]


def test_the_diff_command_as_table_and_json() -> None:
    table = run("criteria", "diff", BASE, DRAFT, "--lang", "en")
    assert table.exit_code == 0, table.output
    assert "threshold changed" in table.output and "psc:L5-operations-carbon-plan" in table.output
    zh = run("criteria", "diff", BASE, DRAFT)
    assert "阈值变更" in zh.output and "新增要求" in zh.output
    data = json.loads(run("criteria", "diff", BASE, DRAFT, "--format", "json").output)
    assert len(data) == len(DRAFT_CHANGES)
    assert {d["kind"] for d in data} >= {"threshold_changed", "requirement_added", "parameter_changed"}
    assert all(d["text"]["zh"] and d["text"]["en"] for d in data)


def test_editing_one_threshold_in_an_edition_file_changes_the_diff_and_the_impact(home: Path, population) -> None:
    share = "psc:L4-specialisation-share"
    before = impact_of(BASE, DRAFT, population.read_bytes())
    edit(
        home / "editions" / DRAFT / "level-4.ttl",
        "sh:path ps:leadingIndustryShare ; sh:minCount 1 ; sh:minInclusive 75 ]",
        "sh:path ps:leadingIndustryShare ; sh:minCount 1 ; sh:minInclusive 79 ]",
    )
    changes = diff_editions(BASE, DRAFT)
    assert [(c.old, c.new) for c in changes if c.kind == "threshold_changed" and c.subject == share] == [(70, 79)]
    data = json.loads(run("criteria", "diff", BASE, DRAFT, "--format", "json").output)
    assert any(d["subject"] == share and d["new"] == 79 for d in data)
    after = impact_of(BASE, DRAFT, population.read_bytes())

    def moved_by_share(result) -> set[str]:
        return {c.park for c in result.changes if any(x.requirement == share for x in c.causes)}

    assert moved_by_share(before) < moved_by_share(after)
    assert sum(c.after < c.before for c in after.changes) > sum(c.after < c.before for c in before.changes)


# ── the impact ───────────────────────────────────────────────────────────────
def test_every_moved_park_is_explained_and_re_rating_by_hand_agrees(catalog, population: Path) -> None:
    data = population.read_bytes()
    result = impact_of(BASE, DRAFT, data, catalog)
    assert result.parks == 150
    assert sum(sum(row.values()) for row in result.matrix.values()) == 150
    moved = sum(n for a, row in result.matrix.items() for b, n in row.items() if a != b)
    assert moved == len(result.changes) > 0
    assert all(c.causes for c in result.changes)
    # the whole population, rated the ordinary way (with explanations), agrees park by park
    full = {r.park: r for r in Rater(catalog.criteria(DRAFT)).rate(data)}
    base = {r.park: r for r in Rater(catalog.criteria(BASE)).rate(data)}
    for a in result.matrix:
        for b in result.matrix[a]:
            assert result.matrix[a][b] == sum(1 for p in full if base[p].stars == a and full[p].stars == b)
    # one moved park, cut out of the data and rated alone under the new edition
    change = result.changes[0]
    graph = read_graph([population])
    park = URIRef(change.park)
    parks = set(graph.subjects(RDF.type, PS.Park))
    rater = Rater(catalog.criteria(DRAFT))
    alone = next(r for r in rater.rate(park_subgraph(graph, park, parks, rater.incoming)) if r.park == park)
    assert alone.stars == change.after
    outcomes = {str(r.requirement.iri): r.outcome.value for c in alone.cells for r in c.results}
    for cause in change.causes:
        iri = str(catalog.criteria(DRAFT).context.namespace_manager.expand_curie(cause.requirement))
        assert outcomes.get(iri, "absent") == cause.after


def test_the_impact_command_as_table_json_and_csv(population: Path) -> None:
    table = run("impact", "--from", BASE, "--to", DRAFT, "--data", str(population), "--lang", "en")
    assert table.exit_code == 0, table.output
    assert "transition matrix" in table.output and "psc:L5-operations-carbon-plan" in table.output
    data = json.loads(
        run("impact", "--from", BASE, "--to", DRAFT, "--data", str(population), "--format", "json").output
    )
    assert data["parks"] == 150 and data["lost"] == len(data["changes"]) - data["gained"]
    assert sum(g["gained"] + g["lost"] for g in data["by_city"]) == len(data["changes"])
    assert sum(g["gained"] + g["lost"] for g in data["by_category"]) == len(data["changes"])
    csv_text = run("impact", "--from", BASE, "--to", DRAFT, "--data", str(population), "--format", "csv").output
    rows = csv_text.strip().splitlines()
    assert rows[0].startswith("park,name,city,category,stars_before,stars_after,requirement")
    assert len(rows) - 1 == sum(len(c["causes"]) for c in data["changes"])


def test_the_impact_of_a_regional_variant_covers_its_region_only(catalog, population: Path) -> None:
    result = impact_of(BASE, HANGZHOU, population.read_bytes(), catalog)
    assert result.region == "region:330100"
    assert 0 < result.parks < 150
    assert all(c.city == "region:330100" for c in result.changes)
    assert all(x.requirement == "psc:L3-scale-other" for c in result.changes for x in c.causes)


def test_the_impact_of_the_sample_data_between_an_edition_and_itself_is_nothing() -> None:
    data = json.loads(run("impact", "--from", BASE, "--to", BASE, "--format", "json").output)
    assert data["parks"] == 15 and data["changes"] == [] and data["shared_population"]


# ── ratings name their edition ───────────────────────────────────────────────
def test_a_rating_exported_from_the_store_names_its_edition(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    loaded = run("load", str(ROOT / "data" / "sample"), "--graph", "sample", "--store", store)
    assert loaded.exit_code == 0, loaded.output
    out = run("rate", "--stored", "--store", store, "--as-of", "2026-01-01", "--format", "ttl")
    assert out.exit_code == 0, out.output
    graph = Graph().parse(data=out.output, format="turtle")
    ratings = set(graph.subjects(RDF.type, PS.Rating))
    assert len(ratings) == 15
    edition = URIRef("https://w3id.org/parkstar/criteria/edition-1")
    assert all((r, PS.edition, edition) in graph for r in ratings)
    draft = run("rate", "--stored", "--store", store, "--edition", DRAFT, "--format", "ttl")
    assert draft.exit_code == 0, draft.output
    assert "psc:edition-2-draft" in draft.output
    assert run("rerate", "--store", store, "--edition", HANGZHOU).exit_code == 0
    query = "SELECT ?e (COUNT(?r) AS ?n) WHERE { GRAPH ?g { ?r a ps:Rating ; ps:edition ?e } } GROUP BY ?e"
    rows = open_store(Path(store), read_only=True).query(f"PREFIX ps: <{PS}> {query}")
    stored = {r["e"].value.rsplit("/", 1)[-1]: int(r["n"].value) for r in rows}
    assert stored == {"edition-1": 15, "edition-2-draft": 15, "edition-1-hangzhou-example": 15}
    exported = tmp_path / "export.trig"
    out = run("export", "--ratings", "--edition", DRAFT, "--store", store, "-o", str(exported))
    assert out.exit_code == 0, out.output
    dataset = Dataset()
    dataset.parse(exported, format="trig")
    ratings = {q[0] for q in dataset.quads((None, RDF.type, PS.Rating, None))}
    assert len(ratings) == 15
    editions = {q[2] for r in ratings for q in dataset.quads((r, PS.edition, None, None))}
    assert editions == {URIRef("https://w3id.org/parkstar/criteria/edition-2-draft")}
    assert len({q[0] for q in dataset.quads((None, RDF.type, PS.Park, None))}) == 15  # the data comes with them
    table = run("rate", "--stored", "--store", store, "--as-of", "2026-01-01", "--format", "csv").output
    assert {row["edition"] for row in csv.DictReader(io.StringIO(table))} == {BASE}


def test_explain_and_criteria_take_an_edition() -> None:
    out = run("explain", "changxing-xinneng", "--edition", DRAFT, "--lang", "en")
    assert out.exit_code == 0, out.output
    assert "75%" in out.output and f"edition: {DRAFT}" in out.output
    rated = json.loads(run("rate", "--format", "json", "--as-of", "2026-06-01").output)
    assert {r["edition"] for r in rated} == {BASE}
    table = run("criteria", "--edition", DRAFT, "--format", "json")
    ids = {r["id"] for cell in json.loads(table.output)["cells"] for r in cell["requirements"]}
    assert "psc:L5-operations-carbon-plan" in ids
    assert "psc:L5-operations-carbon-plan" not in run("criteria", "--format", "json").output


def test_an_edition_that_starts_after_the_as_of_date_is_refused() -> None:
    out = run("rate", "--edition", DRAFT, "--as-of", "2026-01-01")
    assert out.exit_code == 2 and "2027-07-01" in out.output


# ── what-if sandboxes ────────────────────────────────────────────────────────
def test_a_sandbox_overrides_a_parameter_and_the_thresholds_it_governs(catalog) -> None:
    box = sandbox(catalog, BASE, {("param:distinctiveServices", "ps:value"): 3}, "whatif")
    assert lint(box.criteria) == []
    assert summary(diff_criteria(catalog.criteria(BASE), box.criteria)) == {
        ("parameter_changed", "param:distinctiveServices", "ps:value", 2, 3),
        ("threshold_changed", "psc:L4-services-distinctive", "ps:distinctiveServiceCount sh:minInclusive", 2, 3),
        ("threshold_changed", "psc:L5-services-distinctive", "ps:distinctiveServiceCount sh:minInclusive", 2, 3),
    }
    assert (
        catalog.criteria(BASE)
        .shapes.value(URIRef("https://w3id.org/parkstar/criteria/param/distinctiveServices"), PS.value)
        .toPython()
        == 2
    ), "the base edition is untouched"


def test_a_written_sandbox_is_a_draft_the_cli_reads(home: Path) -> None:
    catalog = load_catalog()
    box = sandbox(catalog, DRAFT, {("psc:L3-scale-manufacturing", "ps:landAreaMu sh:minInclusive"): 70}, "what-if-70")
    file = write_sandbox(box)
    assert file.parent.parent == home / "editions"
    again = load_catalog()
    written = again.get("what-if-70")
    assert written.draft and written.predecessor == again.get(DRAFT).iri
    assert {c.key for c in diff_criteria(catalog.criteria(DRAFT), box.criteria)} == {
        c.key for c in diff_editions(DRAFT, "what-if-70", again)
    }
    out = run("criteria", "diff", DRAFT, "what-if-70", "--format", "json")
    assert [(d["old"], d["new"]) for d in json.loads(out.output)] == [(60, 70)]
    with pytest.raises(ParkstarError):
        write_sandbox(box)


@pytest.mark.parametrize(
    "override",
    [
        ("psc:L3-nothing", "sh:minInclusive"),
        ("psc:L3-scale-manufacturing", "sh:minInclusive"),  # two bounds: the path is needed
        ("psc:L3-scale-manufacturing", "ps:landAreaMu sh:maxInclusive"),
        ("param:nothing", "ps:value"),
    ],
)
def test_a_sandbox_refuses_what_it_cannot_find(catalog, override: tuple[str, str]) -> None:
    with pytest.raises(ParkstarError) as error:
        sandbox(catalog, BASE, {override: 5})
    assert error.value.zh and error.value.en


# ── errors in edition files ──────────────────────────────────────────────────
def assert_clear_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "错误：" in result.output and "Error:" in result.output
    for word in words:
        assert word in result.output, result.output


def test_an_unknown_predecessor_is_a_clear_error(home: Path) -> None:
    edit(home / "editions" / DRAFT / "edition.ttl", "ps:predecessor psc:edition-1 ;", "ps:predecessor psc:edition-0 ;")
    assert_clear_error(run("criteria", "diff", BASE, DRAFT), "edition.ttl", "edition-0", "predecessor")


def test_a_cycle_of_predecessors_is_a_clear_error(home: Path) -> None:
    edit(
        home / "editions" / DRAFT / "edition.ttl",
        "ps:predecessor psc:edition-1 ;",
        "ps:predecessor psc:edition-1-hangzhou-example ;",
    )
    edit(
        home / "editions" / HANGZHOU / "edition.ttl",
        "ps:predecessor psc:edition-1 ;",
        "ps:predecessor psc:edition-2-draft ;",
    )
    assert_clear_error(run("editions"), "edition.ttl", "cycle", "循环")


def test_a_replaced_shape_missing_from_the_delta_is_a_clear_error(home: Path) -> None:
    (home / "editions" / DRAFT / "level-3.ttl").unlink()
    assert_clear_error(
        run("criteria", "diff", BASE, DRAFT), "edition.ttl", "psc:L3-scale-manufacturing", "does not define"
    )


def test_replacing_a_shape_the_predecessor_lacks_is_a_clear_error(home: Path) -> None:
    edit(
        home / "editions" / HANGZHOU / "edition.ttl",
        "ps:replaces psc:L3-scale-other .",
        "ps:replaces psc:L3-scale-other , psc:L3-nothing .",
    )
    assert_clear_error(run("rate", "--edition", HANGZHOU), "psc:L3-nothing", "predecessor")


def test_a_definition_not_listed_as_a_change_is_a_clear_error(home: Path) -> None:
    edit(
        home / "editions" / DRAFT / "edition.ttl",
        "ps:adds psc:L5-operations-carbon-plan .",
        "ps:adds psc:L5-operations-carbon-plan , psc:L5-other .",
    )
    assert_clear_error(run("criteria", "diff", BASE, DRAFT), "psc:L5-other")
    edit(home / "editions" / DRAFT / "edition.ttl", "ps:adds psc:L5-operations-carbon-plan , psc:L5-other .", ".")
    assert_clear_error(run("criteria", "diff", BASE, DRAFT), "not listed")


def test_a_missing_effective_date_and_an_unknown_edition_are_clear_errors(home: Path) -> None:
    assert_clear_error(run("rate", "--edition", "zj-star-9"), "zj-star-9")
    edit(home / "editions" / DRAFT / "edition.ttl", 'ps:effectiveDate "2027-07-01"^^xsd:date ;', "")
    assert_clear_error(run("editions"), "edition.ttl", "effectiveDate")


def test_two_folders_describing_the_same_edition_are_a_clear_error(home: Path) -> None:
    shutil.copytree(home / "editions" / DRAFT, home / "editions" / "copy-of-draft")
    assert_clear_error(run("editions"), "zj-star-2-draft", "duplicates", "重复")


def test_check_standard_lints_every_edition_and_names_the_edition_of_a_problem(home: Path) -> None:
    edit(
        home / "editions" / DRAFT / "level-4.ttl",
        "sh:minInclusive 15 ; ps:parameter param:significantTechResults",
        "sh:minInclusive 12 ; ps:parameter param:significantTechResults",
    )
    result = run("check-standard", "--lang", "en")
    assert result.exit_code == 1, result.output
    assert f"[{DRAFT}]" in result.output and "significantTechResults" in result.output
    assert f"[{BASE}]" not in result.output
    assert run("check-standard", "--edition", BASE).exit_code == 0
