"""Rating and checking chunk by chunk of parks gives every park the outcome it gets in
the whole population, with worker processes or without; triples of no park are still
checked (the rest chunk)."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_differential import outcomes

from parkstar.engine import Rater
from parkstar.engine import chunks as chunking
from parkstar.engine.chunks import split_by_park
from parkstar.exchange.loading import RejectedData, load_files
from parkstar.quality import checker
from parkstar.rdf.reading import read_graph
from parkstar.rdf.terms import graph_to_quads
from parkstar.results import RatingResults
from parkstar.store import graph_name, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def rater() -> Rater:
    return Rater()


def _dump(graph, path: Path) -> Path:
    """N-Triples as Oxigraph writes them (what the store's dump gives the splitter)."""
    store = ox.Store()
    store.bulk_extend(graph_to_quads(graph))
    store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return path


def test_each_chunk_rates_its_parks_as_the_whole_population_does(rater: Rater, tmp_path: Path) -> None:
    graph = read_graph([SAMPLE])
    chunks = split_by_park(_dump(graph, tmp_path / "all.nt"), tmp_path, rater.incoming, size=4)
    assert [len(c.parks) for c in chunks] == [4, 4, 4, 3]
    chunked: dict = {}
    for chunk in chunks:
        mine = {str(p) for p in chunk.parks}
        chunked.update(
            {k: v for k, v in outcomes(rater, chunk.path).items() if (k if isinstance(k, str) else k[0]) in mine}
        )
    assert chunked == outcomes(rater, graph)


def test_triples_of_no_park_are_checked_in_a_rest_chunk(tmp_path: Path) -> None:
    text = (SAMPLE / "yiwu-lugang.ttl").read_text(encoding="utf-8") + (
        "\n<http://example.org/stray> a <https://w3id.org/parkstar/def#Enterprise> ;\n"
        '    <http://www.w3.org/2000/01/rdf-schema#label> "无园区企业" ;\n'
        '    <https://w3id.org/parkstar/def#creditCode> "91330683MA2JQPJT6X" .\n'
    )
    data = tmp_path / "data.ttl"
    data.write_text(text, encoding="utf-8")
    dump = _dump(read_graph([data]), tmp_path / "all.nt")
    chunks = split_by_park(dump, tmp_path, checker().incoming, size=4)
    assert [bool(c.parks) for c in chunks] == [True, False]
    problems = checker().check_file(_dump(read_graph([data]), tmp_path / "again.nt"))
    assert any("stray" in p.focus and p.is_error for p in problems)
    store = open_store(tmp_path / "store")
    with pytest.raises(RejectedData):
        load_files(store, [data], graph_name("stray"), "tester")
    assert store.graph_names() == []


def test_rating_the_store_chunk_by_chunk_in_workers_equals_rating_the_files(
    rater: Rater, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "store")
    load_files(store, [SAMPLE], graph_name("sample"), "tester")
    monkeypatch.setattr(chunking, "CHUNK_PARKS", 4)
    results = RatingResults(store, rater)
    assert results.refresh_all() == 15
    stored = {str(r.park): (r.stars, r.pending_level) for r in results.ratings()}
    direct = {str(r.park): (r.stars, r.pending_level) for r in rater.rate(read_graph([SAMPLE]))}
    assert stored == direct
