"""The store's scenarios, for every backend. Each takes the store's `location`: a folder
(the embedded store) or a SPARQL server's URL (the remote store), exactly what `--store`
and `open_store` take. tests/test_remote_store.py runs them against an Oxigraph server;
tests/test_store.py can run them on the embedded store the same way."""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from parkstar.cli import main
from parkstar.engine import Rater
from parkstar.rdf.reading import read_graph
from parkstar.store import PROVENANCE_GRAPH, RemoteStore, graph_name, is_remote, open_store
from parkstar.store.names import LOADING, LOADING_GRAPH, STAGING_PREFIX
from parkstar.store.provenance import file_digest

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

# What `parkstar load` does, as a process of its own that can be killed.
LOADER = """
import sys
from pathlib import Path
from parkstar.exchange.loading import load_files
from parkstar.store import graph_name, open_store
load_files(open_store(sys.argv[1]), [Path(sys.argv[2])], graph_name(sys.argv[3]), "tester")
"""


# ── helpers ──────────────────────────────────────────────────────────────────
def run(*args: str, store: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--store", str(store)])
    return result.exit_code, result.output


def load(location: str | Path, graph: str, files: list[Path], agent: str = "tester") -> None:
    code, out = run("load", *map(str, files), "--graph", graph, "--agent", agent, store=location)
    assert code == 0, out


def snapshot(location: str | Path, staging: bool = True) -> set[str]:
    """Every quad of the store (blank nodes included), as text, read without parkstar;
    unless `staging`, what readers see: without staging graphs and without the graphs a
    load is still writing (named in the loading graph)."""
    if is_remote(location):
        quads = _server_quads(str(location))
    else:
        store = ox.Store.read_only(str(location))
        quads = {
            (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in store.quads_for_pattern(None, None, None, None)
        }
        del store
    loading = {q[0] for q in quads if q[3] == f"<{LOADING_GRAPH}>" and q[1] == f"<{LOADING}>"}
    hidden = (lambda g: g.startswith(f"<{STAGING_PREFIX}") or g in loading) if not staging else (lambda g: False)
    return {" ".join(q) for q in quads if not hidden(q[3])}


def _server_quads(url: str) -> set[tuple[str, str, str, str]]:
    sparql = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
    request = urllib.request.Request(
        url.rstrip("/") + "/query",
        data=sparql.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]

    def text(term: dict | None) -> str:
        if term is None:
            return "DEFAULT"
        if term["type"] == "uri":
            return f"<{term['value']}>"
        if term["type"] == "bnode":
            return f"_:{term['value']}"
        suffix = f"@{term['xml:lang']}" if "xml:lang" in term else f"^^<{term.get('datatype', '')}>"
        return json.dumps(term["value"], ensure_ascii=False) + suffix

    return {(text(r["s"]), text(r["p"]), text(r["o"]), text(r.get("g"))) for r in rows}


def discard_staging(location: str | Path) -> None:
    """Open the store for writing with no grace for leftover staging graphs."""
    store = RemoteStore(str(location), staging_grace=0) if is_remote(location) else open_store(location)
    del store


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


# ── scenarios ────────────────────────────────────────────────────────────────
def rating_the_store_equals_rating_the_files(location: str | Path) -> None:
    load(location, "wenzhou-2025", WENZHOU)
    load(location, "jinhua-2025", JINHUA)
    code, out = run("rate", "--stored", "--format", "json", store=location)
    assert code == 0, out
    stored = {r["park"]: (r["stars"], r["pending_level"]) for r in json.loads(out)}
    direct = {str(r.park): (r.stars, r.pending_level) for r in Rater().rate(read_graph(WENZHOU + JINHUA))}
    assert stored == direct
    assert len(stored) == 3


def each_graph_has_provenance(location: str | Path) -> None:
    load(location, "wenzhou-2025", WENZHOU, agent="温州市经信局")
    records = open_store(location, read_only=True).graphs()
    assert [r.name for r in records] == [str(graph_name("wenzhou-2025"))]
    record = records[0]
    assert record.agent == "温州市经信局"
    assert record.loaded_at and record.loaded_at.startswith("20")
    assert record.sources == sorted(p.name for p in WENZHOU)
    prov = open_store(location, read_only=True).provenance()
    published = prov.serialize(format="nt")  # the files by content and base name, never by path
    assert str(WENZHOU[0].parent) not in published and "file:" not in published
    for file in WENZHOU:
        assert f"urn:sha256:{file_digest(file)}" in published
    assert any("parkstar" in str(o) for o in prov.objects(None, URIRef("https://w3id.org/parkstar/def#toolVersion")))
    assert record.triples == len(read_graph(WENZHOU))


def data_with_errors_changes_nothing(location: str | Path, tmp_path: Path) -> None:
    load(location, "wenzhou-2025", WENZHOU)
    before = snapshot(location)
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    code, out = run("load", str(bad), "--graph", "wenzhou-2025", store=location)
    assert code == 2
    assert "校验位" in out and "GB 32100" in out
    assert "未写入数据库" in out and "nothing was written" in out
    assert snapshot(location) == before


def reloading_a_graph_replaces_it_and_drop_removes_only_it(location: str | Path) -> None:
    load(location, "wenzhou-2025", WENZHOU)
    load(location, "jinhua-2025", JINHUA)
    load(location, "wenzhou-2025", WENZHOU[:1])  # a resubmission with one park fewer
    store = open_store(location, read_only=True)
    assert store.count(graph_name("wenzhou-2025")) == len(read_graph(WENZHOU[:1]))
    del store
    jinhua_before = open_store(location, read_only=True).count(graph_name("jinhua-2025"))
    code, out = run("drop", "wenzhou-2025", store=location)
    assert code == 0, out
    store = open_store(location, read_only=True)
    assert store.graph_names() == [graph_name("jinhua-2025")]
    assert store.count(graph_name("jinhua-2025")) == jinhua_before
    prov = store.provenance()
    assert (graph_name("wenzhou-2025"), None, None) not in prov
    assert (graph_name("jinhua-2025"), None, None) in prov


def dropping_an_unknown_graph_is_a_clear_error(location: str | Path) -> None:
    code, out = run("drop", "nowhere", store=location)
    assert code == 2
    assert "没有图" in out and "has no graph" in out


def export_import_round_trip_keeps_graphs_and_provenance(
    location: str | Path, fresh: str | Path, tmp_path: Path, fmt: str
) -> None:
    """Export, load the export into a fresh store (`fresh`, which may be of the other
    kind), export again: the same graphs, isomorphic."""
    load(location, "wenzhou-2025", WENZHOU, agent="温州市经信局")
    load(location, "jinhua-2025", JINHUA, agent="金华市经信局")
    first = tmp_path / f"first.{fmt}"
    code, out = run("export", "--format", fmt, "-o", str(first), "--region", "330000", store=location)
    assert code == 0, out
    code, out = run("load", str(first), store=fresh)
    assert code == 0, out
    second = tmp_path / f"second.{fmt}"
    code, out = run("export", "--format", fmt, "-o", str(second), "--region", "330000", store=fresh)
    assert code == 0, out
    a, b = graphs_of(dataset(first)), graphs_of(dataset(second))
    expected = {str(graph_name("wenzhou-2025")), str(graph_name("jinhua-2025")), str(PROVENANCE_GRAPH)}
    assert set(a) == set(b) == expected
    for name in a:
        assert isomorphic(a[name], b[name]), name


def export_carries_a_dcat_void_description(location: str | Path, tmp_path: Path) -> None:
    load(location, "wenzhou-2025", WENZHOU)
    out_file = tmp_path / "export.trig"
    code, out = run("export", "-o", str(out_file), "--publisher", "温州市经信局", "--region", "330300", store=location)
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


def turtle_export_merges_graphs_and_reads_back(location: str | Path, tmp_path: Path) -> None:
    load(location, "wenzhou-2025", WENZHOU)
    out_file = tmp_path / "export.ttl"
    code, out = run("export", "--format", "ttl", "-o", str(out_file), store=location)
    assert code == 0, out
    merged = Graph().parse(out_file)
    data = read_graph(WENZHOU)
    assert all(t in merged for t in data if "_:" not in str(t))


def killing_a_large_import_leaves_the_store_as_it_was(location: str | Path, tmp_path: Path) -> None:
    """Kill a large load at several moments: each time readers see the store exactly as
    before or (if the kill came after the commit) with the whole graph; what a killed
    load leaves (a staging graph) goes when the store is next opened for writing."""
    load(location, "jinhua-2025", JINHUA)
    before = snapshot(location)
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as handle:
        for i in range(400_000):
            handle.write(f'<urn:x:doc{i}> <http://www.w3.org/2000/01/rdf-schema#label> "文件 {i}" .\n')
    outcomes = set()
    for delay in (0.5, 1.5, 3.0, 5.0):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOADER, str(location), str(big), "big"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        after = snapshot(location, staging=False)
        if after == before:
            outcomes.add("unchanged")
        else:
            store = open_store(location, read_only=True)
            assert store.count(graph_name("big")) == 400_000, "a partial graph reached the store"
            del store
            outcomes.add("complete")
            code, out = run("drop", "big", store=location)  # put the store back for the next round
            assert code == 0, out
        discard_staging(location)
        assert snapshot(location) == before
    assert "unchanged" in outcomes
