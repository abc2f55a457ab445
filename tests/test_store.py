"""The embedded store: loads are checked and transactional, graphs carry provenance,
exports round-trip, a killed import changes nothing. The scenarios live in
tests/store_cases.py and run against a SPARQL server too (tests/test_remote_store.py)."""

import json
import time
from pathlib import Path

import pytest
import store_cases as cases
from rdflib import URIRef

from parkstar.rdf.reading import read_graph


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def test_rating_the_store_equals_rating_the_files(store_dir: Path) -> None:
    cases.rating_the_store_equals_rating_the_files(store_dir)


def test_each_graph_has_provenance(store_dir: Path) -> None:
    cases.each_graph_has_provenance(store_dir)


def test_data_with_errors_changes_nothing(store_dir: Path, tmp_path: Path) -> None:
    cases.data_with_errors_changes_nothing(store_dir, tmp_path)


def test_reloading_a_graph_replaces_it_and_drop_removes_only_it(store_dir: Path) -> None:
    cases.reloading_a_graph_replaces_it_and_drop_removes_only_it(store_dir)


def test_dropping_an_unknown_graph_is_a_clear_error(store_dir: Path) -> None:
    cases.dropping_an_unknown_graph_is_a_clear_error(store_dir)


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_export_import_round_trip_keeps_graphs_and_provenance(store_dir: Path, tmp_path: Path, fmt: str) -> None:
    cases.export_import_round_trip_keeps_graphs_and_provenance(store_dir, tmp_path / "fresh", tmp_path, fmt)


def test_export_carries_a_dcat_void_description(store_dir: Path, tmp_path: Path) -> None:
    cases.export_carries_a_dcat_void_description(store_dir, tmp_path)


def test_turtle_export_merges_graphs_and_reads_back(store_dir: Path, tmp_path: Path) -> None:
    cases.turtle_export_merges_graphs_and_reads_back(store_dir, tmp_path)


def test_killing_a_large_import_leaves_the_store_as_it_was(store_dir: Path, tmp_path: Path) -> None:
    cases.killing_a_large_import_leaves_the_store_as_it_was(store_dir, tmp_path)


def test_jsonld_with_the_parkstar_context_by_iri_reads_offline(tmp_path: Path) -> None:
    doc = {
        "@context": "https://w3id.org/parkstar/context.jsonld",
        "@id": "https://w3id.org/parkstar/id/park/x",
        "@type": "ps:Park",
        "ps:landAreaMu": 25,
    }
    path = tmp_path / "park.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    started = time.monotonic()
    g = read_graph([path])
    assert time.monotonic() - started < 5
    park = URIRef("https://w3id.org/parkstar/id/park/x")
    assert (park, URIRef("https://w3id.org/parkstar/def#landAreaMu"), None) in g
