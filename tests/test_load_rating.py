"""A load that holds all the data is rated on the way, chunk by chunk, from the same
populations its checks build; the chunks are kept for re-rating everyone. Both must give
exactly the ratings that loading first and rating from the store give, and kept chunks
must never outlive the data they were cut from."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from parkstar.engine import Rater
from parkstar.engine import chunks as chunking
from parkstar.exchange import loading
from parkstar.exchange.loading import RejectedData, load_files
from parkstar.rdf.reading import read_graph
from parkstar.rdf.terms import graph_to_quads
from parkstar.results import RatingResults
from parkstar.store import EmbeddedStore, graph_name, open_store
from parkstar.store.names import is_data_graph
from parkstar.vocab import PS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
GRAPH = graph_name("sample")


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunking, "CHUNK_PARKS", 4)  # 15 sample parks: four chunks, workers


@pytest.fixture(scope="module")
def rater() -> Rater:
    return Rater()


def records(store: EmbeddedStore) -> dict[str, str]:
    """Each park's stored record (the JSON reports are rebuilt from) under the current edition."""
    graph = RatingResults(store).graph
    query = f"""SELECT ?park ?record WHERE {{ GRAPH <{graph}> {{
        ?rating <{PS.ratingOf}> ?park ; <{PS.record}> ?record }} }}"""
    return {row["park"].value: row["record"].value for row in store.query(query)}


@pytest.fixture(scope="module")
def rated_afterwards(tmp_path_factory: pytest.TempPathFactory, rater: Rater) -> dict[str, str]:
    """The reference: loaded without rating, then every park rated from the store."""
    store = open_store(tmp_path_factory.mktemp("afterwards") / "store")
    result = load_files(store, [SAMPLE], GRAPH, "tester")
    assert result.rated == 0
    assert RatingResults(store, rater).refresh() == 15
    return records(store)


def test_a_load_of_all_the_data_is_rated_on_the_way_as_rating_afterwards_would(
    tmp_path: Path, rater: Rater, rated_afterwards: dict[str, str]
) -> None:
    store = open_store(tmp_path / "store")
    result = load_files(store, [SAMPLE], GRAPH, "tester", rater=rater)
    assert result.rated == 15
    assert RatingResults(store, rater).stale() == ([], [])
    assert records(store) == rated_afterwards
    kept = store.kept_chunks().valid_for(store.load_times())
    assert kept is not None and sorted(str(p) for c in kept for p in c.parks) == sorted(rated_afterwards)


def test_re_rating_everyone_reads_the_kept_chunks_and_gives_the_same_ratings(
    tmp_path: Path, rater: Rater, rated_afterwards: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "store")
    load_files(store, [SAMPLE], GRAPH, "tester", rater=rater)

    dump = store.dump_data_to

    def no_data_dump(path: Path, names: list[URIRef] | None = None) -> None:
        if names is None or any(is_data_graph(str(n)) for n in names):
            raise AssertionError("the data was dumped although the kept chunks match it")
        dump(path, names)  # the current ratings, to change only what differs

    monkeypatch.setattr(store, "dump_data_to", no_data_dump)
    assert RatingResults(store, rater).refresh_all() == 15
    assert records(store) == rated_afterwards
    assert store.kept_chunks().valid_for(store.load_times()) is not None  # still there for the next edition


def test_changing_the_data_any_other_way_forgets_the_kept_chunks(tmp_path: Path, rater: Rater) -> None:
    store = open_store(tmp_path / "store")
    load_files(store, [SAMPLE], GRAPH, "tester", rater=rater)
    results = RatingResults(store, rater)
    park = sorted(records(store))[0]
    before = {str(r.park): r.stars for r in results.ratings()}[park]
    year = f"GRAPH ?g {{ <{park}> <{PS.dataYear}> ?y }}"
    store.update(f"DELETE {{ {year} }} WHERE {{ {year} }}")
    assert store.kept_chunks().valid_for(store.load_times()) is None
    assert not store.kept_chunks().folder.exists()
    assert results.refresh_all() == 15  # from a dump of the store as it is now
    after = {str(r.park): (r.stars, r.pending_level) for r in results.ratings()}[park]
    direct = {str(r.park): (r.stars, r.pending_level) for r in rater.rate(store.graph())}[park]
    assert after == direct
    assert before > 0 and after[0] < before  # no data year: enterprises with tenancy dates cannot be counted


def test_a_second_graph_is_not_rated_on_the_way_and_the_chunks_no_longer_match(
    tmp_path: Path, rater: Rater, rated_afterwards: dict[str, str]
) -> None:
    store = open_store(tmp_path / "store")
    files = sorted(SAMPLE.glob("*.ttl"))
    first = load_files(store, files[:7], graph_name("first"), "tester", rater=rater)
    assert first.rated == 7
    second = load_files(store, files[7:], graph_name("second"), "tester", rater=rater)
    assert second.rated == 0  # a park's subgraph could reach into the first graph
    assert store.kept_chunks().valid_for(store.load_times()) is None
    assert RatingResults(store, rater).refresh() == 8
    assert records(store) == rated_afterwards


def test_a_rejected_load_stores_no_ratings_and_keeps_the_chunks_it_found(tmp_path: Path, rater: Rater) -> None:
    store = open_store(tmp_path / "store")
    load_files(store, [SAMPLE], GRAPH, "tester", rater=rater)
    before = records(store)
    graphs_before = sorted(str(g) for g in store._store.named_graphs())
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        (SAMPLE / "yiwu-lugang.ttl").read_text(encoding="utf-8")
        + "\n<http://example.org/stray> a <https://w3id.org/parkstar/def#Enterprise> ;\n"
        + '    <https://w3id.org/parkstar/def#creditCode> "91330683MA2JQPJT6X" .\n',  # wrong check character
        encoding="utf-8",
    )
    with pytest.raises(RejectedData):
        load_files(store, [bad], GRAPH, "tester", rater=rater)
    assert records(store) == before
    assert sorted(str(g) for g in store._store.named_graphs()) == graphs_before
    assert store.kept_chunks().valid_for(store.load_times()) is not None


def test_one_n_triples_file_is_split_as_it_is_and_rated_as_the_same_data_in_turtle(
    tmp_path: Path, rater: Rater, rated_afterwards: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "sample.nt"
    quads = graph_to_quads(read_graph([SAMPLE]))
    data.write_bytes(
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    )

    def converted(*args, **kwargs) -> None:
        raise AssertionError("the file was converted")

    monkeypatch.setattr(loading, "_canonical", converted)
    store = open_store(tmp_path / "store")
    assert load_files(store, [data], GRAPH, "tester", rater=rater).rated == 15
    assert records(store) == rated_afterwards
