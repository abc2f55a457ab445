"""The persistent store: loads are checked and transactional, graphs carry provenance,
exports round-trip, a killed import changes nothing."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from parkstar.cli import main
from parkstar.engine import Rater
from parkstar.rdf.reading import read_graph
from parkstar.store import PROVENANCE_GRAPH, graph_name, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
WENZHOU = [SAMPLE / "ruian-tangxia.ttl", SAMPLE / "yongjia-oubei.ttl"]
JINHUA = [SAMPLE / "yiwu-lugang.ttl"]

BAD = """@prefix ps: <https://w3id.org/parkstar/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/p> a ps:Park ; rdfs:label "坏园区" ; ps:landAreaMu -3 .
<http://example.org/e> ps:residentIn <http://example.org/p> ; rdfs:label "某公司" ;
    ps:creditCode "91330683MA2JQPJT6X" .
"""


def run(*args: str, store: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--store", str(store)])
    return result.exit_code, result.output


def snapshot(store_dir: Path) -> set[str]:
    """Every quad of the store (blank nodes included), as text."""
    store = ox.Store.read_only(str(store_dir))
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def dataset(path: Path) -> Dataset:
    ds = Dataset()
    fmt = {".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}[path.suffix]
    ds.parse(path, format=fmt)
    return ds


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g) and not str(g.identifier).endswith("graph/description"):
            out[str(g.identifier)] = g
    return out


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def load(store_dir: Path, graph: str, files: list[Path], agent: str = "tester") -> None:
    code, out = run("load", *map(str, files), "--graph", graph, "--agent", agent, store=store_dir)
    assert code == 0, out


def test_rating_the_store_equals_rating_the_files(store_dir: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU)
    load(store_dir, "jinhua-2025", JINHUA)
    code, out = run("rate", "--stored", "--format", "json", store=store_dir)
    assert code == 0, out
    stored = {r["park"]: (r["stars"], r["pending_level"]) for r in json.loads(out)}
    direct = {str(r.park): (r.stars, r.pending_level) for r in Rater().rate(read_graph(WENZHOU + JINHUA))}
    assert stored == direct
    assert len(stored) == 3


def test_each_graph_has_provenance(store_dir: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU, agent="温州市经信局")
    records = open_store(store_dir, read_only=True).graphs()
    assert [r.name for r in records] == [str(graph_name("wenzhou-2025"))]
    record = records[0]
    assert record.agent == "温州市经信局"
    assert record.loaded_at and record.loaded_at.startswith("20")
    assert sorted(Path(s.removeprefix("file://")).name for s in record.sources) == sorted(p.name for p in WENZHOU)
    prov = open_store(store_dir, read_only=True).provenance()
    assert any("parkstar" in str(o) for o in prov.objects(None, URIRef("https://w3id.org/parkstar/def#toolVersion")))
    assert record.triples == len(read_graph(WENZHOU))


def test_data_with_errors_changes_nothing(store_dir: Path, tmp_path: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU)
    before = snapshot(store_dir)
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    code, out = run("load", str(bad), "--graph", "wenzhou-2025", store=store_dir)
    assert code == 2
    assert "校验位" in out and "GB 32100" in out
    assert "未写入数据库" in out and "nothing was written" in out
    assert snapshot(store_dir) == before


def test_reloading_a_graph_replaces_it_and_drop_removes_only_it(store_dir: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU)
    load(store_dir, "jinhua-2025", JINHUA)
    load(store_dir, "wenzhou-2025", WENZHOU[:1])  # a resubmission with one park fewer
    store = open_store(store_dir, read_only=True)
    assert store.count(graph_name("wenzhou-2025")) == len(read_graph(WENZHOU[:1]))
    del store
    jinhua_before = open_store(store_dir, read_only=True).count(graph_name("jinhua-2025"))
    code, out = run("drop", "wenzhou-2025", store=store_dir)
    assert code == 0, out
    store = open_store(store_dir, read_only=True)
    assert store.graph_names() == [graph_name("jinhua-2025")]
    assert store.count(graph_name("jinhua-2025")) == jinhua_before
    prov = store.provenance()
    assert (graph_name("wenzhou-2025"), None, None) not in prov
    assert (graph_name("jinhua-2025"), None, None) in prov


def test_dropping_an_unknown_graph_is_a_clear_error(store_dir: Path) -> None:
    code, out = run("drop", "nowhere", store=store_dir)
    assert code == 2
    assert "没有图" in out and "has no graph" in out


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_export_import_round_trip_keeps_graphs_and_provenance(store_dir: Path, tmp_path: Path, fmt: str) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU, agent="温州市经信局")
    load(store_dir, "jinhua-2025", JINHUA, agent="金华市经信局")
    first = tmp_path / f"first.{fmt}"
    code, out = run("export", "--format", fmt, "-o", str(first), "--region", "330000", store=store_dir)
    assert code == 0, out
    fresh = tmp_path / "fresh"
    code, out = run("load", str(first), store=fresh)
    assert code == 0, out
    second = tmp_path / f"second.{fmt}"
    code, out = run("export", "--format", fmt, "-o", str(second), "--region", "330000", store=fresh)
    assert code == 0, out
    a, b = graphs_of(dataset(first)), graphs_of(dataset(second))
    assert (
        set(a)
        == set(b)
        == {
            str(graph_name("wenzhou-2025")),
            str(graph_name("jinhua-2025")),
            str(PROVENANCE_GRAPH),
        }
    )
    for name in a:
        assert isomorphic(a[name], b[name]), name


def test_export_carries_a_dcat_void_description(store_dir: Path, tmp_path: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU)
    out_file = tmp_path / "export.trig"
    code, out = run("export", "-o", str(out_file), "--publisher", "温州市经信局", "--region", "330300", store=store_dir)
    assert code == 0, out
    ds = dataset(out_file)
    description = ds.graph(URIRef("https://w3id.org/parkstar/id/graph/description"))
    text = description.serialize(format="nt")
    assert "http://www.w3.org/ns/dcat#Dataset" in text
    assert "http://rdfs.org/ns/void#triples" in text
    assert "温州市经信局" in text
    assert "region/330300" in text
    assert "criteria/edition-1" in text
    assert "creativecommons.org/licenses/by/4.0" in text
    parks = next(description.objects(None, URIRef("https://w3id.org/parkstar/def#parkCount")))
    assert int(parks) == 2


def test_turtle_export_merges_graphs_and_reads_back(store_dir: Path, tmp_path: Path) -> None:
    load(store_dir, "wenzhou-2025", WENZHOU)
    out_file = tmp_path / "export.ttl"
    code, out = run("export", "--format", "ttl", "-o", str(out_file), store=store_dir)
    assert code == 0, out
    merged = Graph().parse(out_file)
    data = read_graph(WENZHOU)
    assert all(t in merged for t in data if not any(isinstance(x, type(None)) for x in t) and "_:" not in str(t))


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


def test_killing_a_large_import_leaves_the_store_as_it_was(store_dir: Path, tmp_path: Path) -> None:
    """Kill `parkstar load` at several moments of a large import: each time the store is
    exactly as before, or (if the kill came after the commit) holds the whole graph."""
    load(store_dir, "jinhua-2025", JINHUA)
    before = snapshot(store_dir)
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as handle:
        for i in range(400_000):
            handle.write(f'<urn:x:doc{i}> <http://www.w3.org/2000/01/rdf-schema#label> "文件 {i}" .\n')
    env = {**os.environ, "PARKSTAR_STORE": str(store_dir)}
    outcomes = set()
    for delay in (0.5, 1.5, 3.0, 5.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "parkstar", "load", str(big), "--graph", "big"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(store_dir)
        extra = after - before
        if not extra:
            outcomes.add("unchanged")
        else:
            store = open_store(store_dir, read_only=True)
            assert store.count(graph_name("big")) == 400_000, "a partial graph reached the store"
            del store
            outcomes.add("complete")
            # put the store back for the next round
            code, out = run("drop", "big", store=store_dir)
            assert code == 0, out
            assert snapshot(store_dir) == before
    assert "unchanged" in outcomes
