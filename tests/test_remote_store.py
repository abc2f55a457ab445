"""The store on a SPARQL 1.1 server: the scenarios of the embedded store (tests/store_cases.py)
against a real `oxigraph serve`, the same answers as the embedded store for the same
loads, atomic commits, and clear errors. The `oxigraph` command comes with the dev extras
(`pip install oxigraph`); nothing is installed here."""

import inspect
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import store_cases as cases
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from parkstar.engine import Rater
from parkstar.errors import ParkstarError
from parkstar.exchange.loading import load_files
from parkstar.rdf.terms import to_rdflib
from parkstar.results import RatingResults
from parkstar.results import refresh as refreshing
from parkstar.store import EmbeddedStore, RemoteStore, graph_name, open_store
from parkstar.store.names import STAGING_PREFIX, is_data_graph
from parkstar.vocab import PROV, PS

OXIGRAPH = shutil.which(
    "oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)


# ── the servers ──────────────────────────────────────────────────────────────
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: str, content_type: str, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _start(folder: Path) -> tuple[subprocess.Popen, str]:
    """`oxigraph serve` on a free port of 127.0.0.1, once it answers."""
    for _ in range(3):  # the port may be taken between choosing and binding
        port = _free_port()
        log = (folder.parent / f"{folder.name}.log").open("wb")
        proc = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                _post(f"{url}/query", "ASK {}", "application/sparql-query", timeout=1)
                return proc, url
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise RuntimeError(f"oxigraph serve did not start; see {folder.parent}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory):
    """Two servers: the store under test and a fresh one to import into."""
    if OXIGRAPH is None:
        message = "the `oxigraph` command is missing: pip install -e '.[dev]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("servers")
    started = [_start(base / name) for name in ("main", "fresh")]
    yield [url for _, url in started]
    for proc, _ in started:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def server(servers: list[str]) -> str:
    """The store under test, empty."""
    for url in servers:
        _post(f"{url}/update", "DROP ALL", "application/sparql-update")
    return servers[0]


@pytest.fixture
def fresh_server(server: str, servers: list[str]) -> str:
    return servers[1]


# ── the store's scenarios, on the server ─────────────────────────────────────
def test_rating_the_store_equals_rating_the_files(server: str) -> None:
    cases.rating_the_store_equals_rating_the_files(server)


def test_each_graph_has_provenance(server: str) -> None:
    cases.each_graph_has_provenance(server)


def test_data_with_errors_changes_nothing(server: str, tmp_path: Path) -> None:
    cases.data_with_errors_changes_nothing(server, tmp_path)


def test_reloading_a_graph_replaces_it_and_drop_removes_only_it(server: str) -> None:
    cases.reloading_a_graph_replaces_it_and_drop_removes_only_it(server)


def test_dropping_an_unknown_graph_is_a_clear_error(server: str) -> None:
    cases.dropping_an_unknown_graph_is_a_clear_error(server)


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_export_import_round_trip_keeps_graphs_and_provenance(
    server: str, fresh_server: str, tmp_path: Path, fmt: str
) -> None:
    cases.export_import_round_trip_keeps_graphs_and_provenance(server, fresh_server, tmp_path, fmt)


@pytest.mark.parametrize("direction", ["embedded-to-server", "server-to-embedded"])
def test_export_from_one_kind_of_store_imports_into_the_other(server: str, tmp_path: Path, direction: str) -> None:
    folder = tmp_path / "embedded"
    source, target = (folder, server) if direction == "embedded-to-server" else (server, folder)
    cases.export_import_round_trip_keeps_graphs_and_provenance(source, target, tmp_path, "trig")


def test_export_carries_a_dcat_void_description(server: str, tmp_path: Path) -> None:
    cases.export_carries_a_dcat_void_description(server, tmp_path)


def test_turtle_export_merges_graphs_and_reads_back(server: str, tmp_path: Path) -> None:
    cases.turtle_export_merges_graphs_and_reads_back(server, tmp_path)


def test_killing_a_large_import_leaves_the_store_as_it_was(server: str, tmp_path: Path) -> None:
    cases.killing_a_large_import_leaves_the_store_as_it_was(server, tmp_path)


# ── the same answers as the embedded store ───────────────────────────────────
TIMES = {URIRef(PROV.generatedAtTime), URIRef(PROV.endedAtTime)}


def _untimed(graph: Graph) -> Graph:
    out = Graph()
    for t in graph:
        if t[1] not in TIMES:
            out.add(t)
    return out


def _unordered(value):
    """JSON with every list sorted: the order of a rating's findings follows the order
    the data came in, which differs between the stores."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def test_the_embedded_store_and_the_server_agree(server: str, tmp_path: Path) -> None:
    folder = tmp_path / "embedded"
    for location in (folder, server):
        cases.load(location, "wenzhou-2025", cases.WENZHOU, agent="温州市经信局")
        cases.load(location, "jinhua-2025", cases.JINHUA, agent="金华市经信局")
        cases.load(location, "wenzhou-2025", cases.WENZHOU[:1], agent="温州市经信局")  # a resubmission
    incoming = {PS.residentIn, PS.hasResident}
    for step in ("loaded", "dropped"):
        local, remote = EmbeddedStore(folder, read_only=True), open_store(server, read_only=True)
        assert local.graph_names() == remote.graph_names()
        for a, b in zip(local.graphs(), remote.graphs(), strict=True):
            assert (a.name, a.triples, a.agent, a.sources) == (b.name, b.triples, b.agent, b.sources)
            assert local.count(URIRef(a.name)) == remote.count(URIRef(b.name)) == a.triples
        assert {str(q) for q in local.quads(with_provenance=False)} == {
            str(q) for q in remote.quads(with_provenance=False)
        }
        assert isomorphic(_untimed(local.provenance()), _untimed(remote.provenance()))
        assert isomorphic(_untimed(local.graph()), _untimed(remote.graph()))
        parks = sorted(local.graph().subjects(None, PS.Park))
        assert parks
        for park in parks:
            assert {str(q) for q in local.park_quads(park, incoming)} == {
                str(q) for q in remote.park_quads(park, incoming)
            }
        sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        counts = [[(r["g"].value, int(r["n"].value)) for r in s.query(sparql)] for s in (local, remote)]
        assert [c for c in counts[0] if is_data_graph(c[0])] == [c for c in counts[1] if is_data_graph(c[0])]
        assert sum(n for _, n in counts[0]) == sum(n for _, n in counts[1])  # ratings graphs too
        del local, remote
        outputs = [cases.run("rate", "--stored", "--format", "json", store=loc) for loc in (folder, server)]
        assert outputs[0][0] == outputs[1][0] == 0
        assert _unordered(json.loads(outputs[0][1])) == _unordered(json.loads(outputs[1][1]))
        if step == "loaded":
            for location in (folder, server):
                code, out = cases.run("drop", "jinhua-2025", store=location)
                assert code == 0, out


BLANK = """@prefix ps: <https://w3id.org/parkstar/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix x: <http://example.org/> .
x:park a ps:Park ; rdfs:label "空白节点园区" ;
    x:has [ x:a 1 ; x:b [ x:c 2 ; x:d x:thing ; x:e [ x:f 3 ] ] ] ;
    x:near x:other .
x:thing x:g [ x:h 4 ] ; x:i x:more .
x:more x:j 5 .
[] ps:residentIn x:park ; rdfs:label "无标识企业" ; x:k [ x:l 6 ] .
x:firm ps:residentIn x:park ; x:m x:other .
x:other a ps:Park ; x:n 7 .
x:elsewhere x:o 8 .
"""


def test_park_quads_follow_blank_nodes_like_the_embedded_store(server: str, tmp_path: Path) -> None:
    name = graph_name("blank")
    content = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(BLANK, format=ox.RdfFormat.TURTLE)]
    local, remote = EmbeddedStore(tmp_path / "embedded"), RemoteStore(server)
    incoming = {PS.residentIn, PS.hasResident}
    for store in (local, remote):
        store.commit({name: content}, None)
    found = []
    for store in (local, remote):
        graph = Graph()
        for q in store.park_quads(URIRef("http://example.org/park"), incoming):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
            assert q.graph_name == ox.NamedNode(str(name))
        found.append(graph)
    assert isomorphic(found[0], found[1])
    text = found[1].serialize(format="nt")
    for wanted in ('"3"', '"4"', '"5"', '"6"', "example.org/firm"):
        assert wanted in text
    assert '"7"' not in text and '"8"' not in text  # another park, not expanded; unrelated data


def test_query_answers_like_pyoxigraph(server: str) -> None:
    store = RemoteStore(server)
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> _:b , "文"@zh , 3 . _:b <urn:q> "x" } }')
    rows = list(store.query("SELECT ?o ?none WHERE { GRAPH <urn:g> { <urn:s> <urn:p> ?o } } ORDER BY ?o"))
    kinds = {type(row["o"]) for row in rows}
    assert kinds == {ox.BlankNode, ox.Literal}
    assert all(row["none"] is None and row[1] is None for row in rows)
    literal = next(row["o"] for row in rows if isinstance(row["o"], ox.Literal) and row["o"].language)
    assert literal.value == "文" and literal.language == "zh"
    number = next(row["o"] for row in rows if isinstance(row["o"], ox.Literal) and not row["o"].language)
    assert int(number.value) == 3
    assert bool(store.query("ASK { GRAPH ?g { <urn:s> ?p ?o } }")) is True
    assert bool(store.query("ASK { <urn:nothing> ?p ?o }")) is False
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:g> { ?s ?p ?o } }"))
    assert len(triples) == 4 and all(isinstance(t, ox.Triple) for t in triples)
    rows = list(store.query("SELECT ?g WHERE { ?s ?p ?o }", default_graph=ox.NamedNode("urn:g")))
    assert len(rows) == 4
    with pytest.raises(TypeError):
        store.query("ASK {}", use_default_graph_as_union=True)


def test_graphs_are_listed_on_servers_that_answer_graph_g_with_one_empty_row(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RDF4J (GraphDB) and Virtuoso answer `GRAPH ?g { }` with one row binding nothing."""
    cases.load(server, "wenzhou-2025", cases.WENZHOU)
    store = RemoteStore(server, read_only=True)
    asked = []

    def like_rdf4j(sparql: str, **options):
        asked.append(sparql)
        if "GRAPH ?g { } }" in sparql:
            answer = '{"head": {"vars": ["g"]}, "results": {"bindings": [{}]}}'
            return ox.parse_query_results(answer, ox.QueryResultsFormat.JSON)
        return RemoteStore.query(store, sparql, **options)

    monkeypatch.setattr(store, "query", like_rdf4j)
    assert store.graph_names() == [graph_name("wenzhou-2025")]
    assert len(asked) == 2


def test_same_interface_as_the_embedded_store() -> None:
    def public(cls) -> dict[str, inspect.Signature]:
        return {n: inspect.signature(f) for n, f in vars(cls).items() if callable(f) and not n.startswith("_")}

    embedded, remote = public(EmbeddedStore), public(RemoteStore)
    assert set(embedded) <= set(remote)
    for name, signature in embedded.items():
        assert list(signature.parameters) == list(remote[name].parameters), name
        assert signature.return_annotation == remote[name].return_annotation, name


# ── atomic commits ───────────────────────────────────────────────────────────
def test_a_commit_failing_before_its_update_changes_nothing(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cases.load(server, "wenzhou-2025", cases.WENZHOU)
    before = cases.snapshot(server)
    store = RemoteStore(server)

    def broken(sparql: str) -> None:
        if "MOVE" in sparql:
            raise ParkstarError("断开", "connection lost")
        RemoteStore.update(store, sparql)

    monkeypatch.setattr(store, "update", broken)
    with pytest.raises(ParkstarError):
        store.commit(
            {graph_name("wenzhou-2025"): [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))]},
            Graph(),
        )
    assert cases.snapshot(server) == before  # the staging graph was removed too


def test_a_commit_whose_staging_graph_vanished_changes_nothing(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another client discarding the staging graph mid-commit makes the commit fail whole."""
    cases.load(server, "wenzhou-2025", cases.WENZHOU)
    before = cases.snapshot(server)
    store = RemoteStore(server)
    upload = store._upload

    def upload_then_lose(target: ox.NamedNode, content) -> bool:
        filled = upload(target, content)
        _post(f"{server}/update", f"DROP GRAPH {target}", "application/sparql-update")
        return filled

    monkeypatch.setattr(store, "_upload", upload_then_lose)
    with pytest.raises(ParkstarError) as error:
        store.commit(
            {graph_name("wenzhou-2025"): [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))]},
            Graph(),
        )
    assert server in error.value.en and server in error.value.zh
    assert cases.snapshot(server) == before


# A commit of 50,000 triples with provenance, saying when it posts and when it updates,
# and pausing after the upload so that a kill can land between upload and update.
COMMITTER = """
import sys, time
import pyoxigraph as ox
from rdflib import Graph, Literal
from parkstar.store import RemoteStore, graph_name
from parkstar.vocab import RDFS
store = RemoteStore(sys.argv[1])
post, update = store._post_graph, store.update
def posting(*args):
    print("posting", flush=True)
    post(*args)
    print("posted", flush=True)
    time.sleep(float(sys.argv[2]))
def updating(sparql):
    print("updating", flush=True)
    update(sparql)
store._post_graph, store.update = posting, updating
label = ox.NamedNode(str(RDFS.label))
content = (ox.Triple(ox.NamedNode(f"urn:x:doc{i}"), label, ox.Literal(f"文件 {i}")) for i in range(50_000))
provenance = Graph()
provenance.add((graph_name("big"), RDFS.label, Literal("big")))
store.commit({graph_name("big"): content}, provenance)
print("done", flush=True)
"""


@pytest.mark.parametrize("kill_at", ["posting", "posted", None])
def test_a_killed_commit_leaves_only_a_staging_graph(server: str, kill_at: str | None) -> None:
    """Killed while uploading or between upload and update: readers see the store as it
    was; the leftover staging graph is kept from other writers for the grace period and
    discarded after it. Not killed: the whole graph with its provenance."""
    cases.load(server, "jinhua-2025", cases.JINHUA)
    before = cases.snapshot(server)
    proc = subprocess.Popen(
        [sys.executable, "-c", COMMITTER, server, "60" if kill_at else "0"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == kill_at:
            proc.kill()
            break
    proc.wait(120)
    seen = cases.snapshot(server, staging=False)
    if kill_at is None:
        assert proc.returncode == 0
        store = RemoteStore(server, read_only=True)
        assert store.count(graph_name("big")) == 50_000
        assert (graph_name("big"), None, None) in store.provenance()
        assert cases.snapshot(server) == seen  # no staging graph left
        return
    assert seen == before
    RemoteStore(server)  # another writer opens the store: a young staging graph is left alone
    if kill_at == "posted":
        assert len(cases.snapshot(server) - before) == 50_000
    cases.discard_staging(server)
    assert cases.snapshot(server) == before


def test_old_staging_graphs_are_discarded_on_open_young_ones_kept(server: str) -> None:
    def stage(name: str) -> None:
        request = urllib.request.Request(
            f"{server}/store?{urlencode({'graph': name})}",
            data=b"<urn:a> <urn:b> <urn:c> .\n",
            headers={"Content-Type": "application/n-triples"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=5).close()

    old, young, unstamped = (
        f"{STAGING_PREFIX}{int(time.time()) - 7200}-x",
        f"{STAGING_PREFIX}{int(time.time())}-y",
        f"{STAGING_PREFIX}z",
    )
    for name in (old, young, unstamped):
        stage(name)

    def staged() -> set[str]:
        rows = RemoteStore(server, read_only=True).query("SELECT ?g WHERE { GRAPH ?g { } }")
        return {r["g"].value for r in rows}

    RemoteStore(server, read_only=True)
    assert staged() == {old, young, unstamped}
    RemoteStore(server)
    assert staged() == {young}
    RemoteStore(server, staging_grace=0)
    assert staged() == set()


def test_a_read_only_store_refuses_writes(server: str) -> None:
    store = open_store(server, read_only=True)
    for write in (lambda: store.update("CLEAR ALL"), lambda: store.commit({graph_name("x"): []}, None)):
        with pytest.raises(ParkstarError) as error:
            write()
        assert "只读" in error.value.zh and "read-only" in error.value.en


# ── errors name the endpoint, in both languages ─────────────────────────────
def test_an_unreachable_server_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(ParkstarError) as error:
        open_store(url)
    assert "无法连接" in error.value.zh and "cannot reach" in error.value.en
    assert url in error.value.zh and url in error.value.en


def test_a_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        accepted = []
        threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        store = RemoteStore(url, read_only=True, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(ParkstarError) as error:
            store.graph_names()
        assert time.monotonic() - started < 5
        assert "0.3 秒内没有响应" in error.value.zh and "did not answer within 0.3 s" in error.value.en
        for connection, _ in accepted:
            connection.close()


def test_a_refused_request_shows_the_server_s_reason(server: str) -> None:
    with pytest.raises(ParkstarError) as error:
        RemoteStore(server, read_only=True).query("SELECT * WHERE { ?s ?p }")
    assert f"{server}/query" in error.value.en and "HTTP 400" in error.value.en and "HTTP 400" in error.value.zh


def test_the_cli_reports_server_errors_in_both_languages() -> None:
    code, out = cases.run("graphs", store=f"http://127.0.0.1:{_free_port()}")
    assert code == 2
    assert "错误：无法连接 SPARQL 服务器" in out and "Error: cannot reach the SPARQL server" in out


# ── where the services are ───────────────────────────────────────────────────
def test_layouts_environment_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LAYOUT", "QUERY", "UPDATE", "DATA", "TIMEOUT"):
        monkeypatch.delenv(f"PARKSTAR_SPARQL_{key}", raising=False)
    oxigraph = RemoteStore("http://localhost:7878/", read_only=True)
    assert (oxigraph.query_url, oxigraph.update_url, oxigraph.data_url) == (
        "http://localhost:7878/query",
        "http://localhost:7878/update",
        "http://localhost:7878/store",
    )
    fuseki = RemoteStore("http://admin:s%40cret@localhost:3030/ds", read_only=True, layout="fuseki")
    assert (fuseki.url, fuseki.query_url, fuseki.update_url, fuseki.data_url) == (
        "http://localhost:3030/ds",
        "http://localhost:3030/ds/query",
        "http://localhost:3030/ds/update",
        "http://localhost:3030/ds/data",
    )
    assert fuseki._headers["Authorization"] == "Basic YWRtaW46c0BjcmV0"  # admin:s@cret
    assert "cret" not in repr(fuseki)
    graphdb = RemoteStore("http://localhost:7200/repositories/parks", read_only=True, layout="graphdb")
    assert (graphdb.query_url, graphdb.update_url, graphdb.data_url) == (
        "http://localhost:7200/repositories/parks",
        "http://localhost:7200/repositories/parks/statements",
        "http://localhost:7200/repositories/parks/rdf-graphs/service",
    )
    monkeypatch.setenv("PARKSTAR_SPARQL_LAYOUT", "fuseki")
    monkeypatch.setenv("PARKSTAR_SPARQL_QUERY", "sparql")
    monkeypatch.setenv("PARKSTAR_SPARQL_DATA", "https://other.example/gsp")
    monkeypatch.setenv("PARKSTAR_SPARQL_TIMEOUT", "7.5")
    mixed = open_store("https://example.org/ds", read_only=True)
    assert isinstance(mixed, RemoteStore)
    assert (mixed.query_url, mixed.update_url, mixed.data_url, mixed.timeout) == (
        "https://example.org/ds/sparql",
        "https://example.org/ds/update",
        "https://other.example/gsp",
        7.5,
    )
    for bad in ({"layout": "virtuoso"}, {"timeout": None}):
        monkeypatch.setenv("PARKSTAR_SPARQL_TIMEOUT", "soon")
        with pytest.raises(ParkstarError):
            RemoteStore("http://localhost:7878", read_only=True, **bad)


def test_open_store_chooses_the_backend_by_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert isinstance(open_store("http://localhost:7878", read_only=True), RemoteStore)
    assert isinstance(open_store(tmp_path / "a"), EmbeddedStore)
    assert isinstance(open_store(str(tmp_path / "b")), EmbeddedStore)
    monkeypatch.setenv("PARKSTAR_STORE", "https://example.org/sparql-store")
    store = open_store(read_only=True)
    assert isinstance(store, RemoteStore) and store.url == "https://example.org/sparql-store"
    monkeypatch.setenv("PARKSTAR_STORE", str(tmp_path / "c"))
    assert isinstance(open_store(), EmbeddedStore)
    with pytest.raises(ParkstarError) as error:
        open_store(Path("http://localhost:7878"))  # what click.Path makes of a URL
    assert "URL" in error.value.en


def test_the_cli_passes_urls_to_the_store(servers: list[str]) -> None:
    code, out = cases.run("graphs", "--format", "json", store=servers[0])
    assert code == 0, out


def test_a_staging_graph_means_a_load_is_half_written(server: str) -> None:
    store = open_store(server)
    assert store.settled()
    _post(
        f"{server}/update",
        "INSERT DATA { GRAPH <urn:parkstar:staging:1-x> { <urn:a> <urn:b> <urn:c> } }",
        "application/sparql-update",
    )
    assert not store.settled()


@pytest.mark.parametrize("most_changes", [200_000, 0])
def test_rating_everyone_again_on_the_server_keeps_the_same_ratings(
    server: str, most_changes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full rating on a server reads the current ratings back (no kept file) and changes
    only what differs, or replaces the whole graph when told that everything differs."""
    store = open_store(server)
    rater = Rater()
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    load_files(store, [sample], graph_name("sample"), "tester", rater=rater)
    results = RatingResults(store, rater)
    assert store.kept_ratings() is None
    first = {str(r.park): (r.stars, r.pending_level) for r in results.ratings()}
    graph = results.graph
    monkeypatch.setattr(refreshing, "MOST_CHANGES", most_changes)
    assert results.refresh_all() == 15
    assert {str(r.park): (r.stars, r.pending_level) for r in results.ratings()} == first
    assert (results.graph == graph) == (most_changes > 0)
    assert results.stale() == ([], [])
    query = f"SELECT (COUNT(?t) AS ?n) WHERE {{ GRAPH <{results.graph}> {{ ?r <{PROV.generatedAtTime}> ?t }} }}"
    assert int(next(iter(store.query(query)))["n"].value) == 15  # one time a rating: the old ones went
