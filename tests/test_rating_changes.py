"""A full rating writes only what differs from the ratings it replaces (results/changes.py),
in one update; when too much differs it replaces the whole ratings graph. Either way the
stored ratings must be exactly the new ones."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkstar.engine import Rater
from parkstar.engine import chunks as chunking
from parkstar.exchange.loading import load_files
from parkstar.results import RatingResults
from parkstar.results import refresh as refreshing
from parkstar.results.changes import changes
from parkstar.store import EmbeddedStore, graph_name, open_store
from parkstar.vocab import PS

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

_lines = st.builds(
    lambda s, p, o: f'<http://x/r{s}> <http://x/p{p}> "{o}" .\n'.encode(),
    st.integers(0, 5),
    st.integers(0, 3),
    st.integers(0, 3),
)


@settings(max_examples=200, deadline=None)
@given(old=st.sets(_lines, max_size=30), new=st.sets(_lines, max_size=30))
def test_the_changes_turn_the_old_ratings_into_the_new(tmp_path_factory, old: set, new: set) -> None:
    folder = tmp_path_factory.mktemp("changes")
    (folder / "old.nt").write_bytes(b"".join(sorted(old)))
    (folder / "new.nt").write_bytes(b"".join(sorted(new)))
    found = changes(folder / "old.nt", folder / "new.nt", most=60)
    assert found is not None
    assert set(found.removed) == old - new and set(found.added) == new - old
    assert (old - set(found.removed)) | set(found.added) == new
    too_many = len(old ^ new)
    if too_many:
        assert changes(folder / "old.nt", folder / "new.nt", most=too_many - 1) is None


def test_blank_nodes_are_never_changed_in_place(tmp_path: Path) -> None:
    (tmp_path / "old.nt").write_bytes(b'<http://x/a> <http://x/p> "1" .\n')
    (tmp_path / "new.nt").write_bytes(b"_:b0 <http://x/p> <http://x/a> .\n")
    assert changes(tmp_path / "old.nt", tmp_path / "new.nt", most=10) is None
    assert changes(tmp_path / "new.nt", tmp_path / "old.nt", most=10) is None


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunking, "CHUNK_PARKS", 8)


def stored(store) -> dict[str, tuple]:
    """Each stored rating's triples but the time it was computed."""
    graph = RatingResults(store).graph
    rows = store.query(f"SELECT ?r ?p ?o WHERE {{ GRAPH <{graph}> {{ ?r ?p ?o }} }}")
    found: dict[str, set] = {}
    for row in rows:
        if not row["p"].value.endswith("generatedAtTime"):
            found.setdefault(row["r"].value, set()).add((row["p"].value, str(row["o"])))
    return {r: tuple(sorted(t)) for r, t in found.items()}


def rated_sample(folder: Path) -> tuple[EmbeddedStore, RatingResults]:
    """A store holding the sample, rated on the way."""
    store = open_store(folder / "store")
    rater = Rater()
    load_files(store, [SAMPLE], graph_name("sample"), "tester", rater=rater)
    return store, RatingResults(store, rater)


def dumps_of(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> list:
    """The graphs each dump asked for, from now on."""
    dumps: list = []
    dump = store.dump_data_to
    monkeypatch.setattr(store, "dump_data_to", lambda path, names=None: (dumps.append(names), dump(path, names)))
    return dumps


def test_re_rating_unchanged_data_changes_the_current_ratings_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, results = rated_sample(tmp_path)
    graph, before = results.graph, stored(store)
    updates: list[str] = []
    update = store.update
    monkeypatch.setattr(store, "update", lambda sparql, data=True: (updates.append(sparql), update(sparql, data)))
    monkeypatch.setattr(store, "bulk_load", lambda *a, **k: pytest.fail("the ratings were loaded again in full"))
    assert results.refresh_all() == 15
    assert results.graph == graph and stored(store) == before
    assert len(updates) == 1 and updates[0].count(str(PS.record)) == 0  # only the times changed
    assert results.stale() == ([], [])


def test_when_most_ratings_change_the_whole_graph_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, results = rated_sample(tmp_path)
    graph, before = results.graph, stored(store)
    monkeypatch.setattr(refreshing, "MOST_CHANGES", 0)
    assert results.refresh_all() == 15
    assert results.graph != graph and stored(store) == before
    assert store.count(graph) == 0  # the replaced ratings are gone


def times_per_rating(store) -> set[int]:
    graph = RatingResults(store).graph
    query = f"""SELECT ?r (COUNT(?t) AS ?n) WHERE {{ GRAPH <{graph}> {{
        ?r <http://www.w3.org/ns/prov#generatedAtTime> ?t }} }} GROUP BY ?r"""
    return {int(row["n"].value) for row in store.query(query)}


def test_the_ratings_kept_when_written_are_compared_instead_of_a_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, results = rated_sample(tmp_path)
    before = stored(store)
    dumps = dumps_of(store, monkeypatch)
    for _ in range(2):  # the second from the file the first kept
        assert results.refresh_all() == 15
        assert dumps == [] and stored(store) == before and times_per_rating(store) == {1}


def test_ratings_changed_since_they_were_kept_are_dumped_to_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, results = rated_sample(tmp_path)
    before = stored(store)
    park = sorted(results.data_versions())[3]
    assert results.refresh([park]) == 1  # a new time for one park: the kept file is out of date
    dumps = dumps_of(store, monkeypatch)
    assert results.refresh_all() == 15
    assert dumps == [[results.graph]]
    assert stored(store) == before and times_per_rating(store) == {1}  # the kept file would leave two times

    kept = store.kept_ratings()
    (kept.folder / f"{results.edition_id}.token").write_text("another", encoding="ascii")  # a file from elsewhere
    assert results.refresh_all() == 15
    assert len(dumps) == 2 and stored(store) == before and times_per_rating(store) == {1}
