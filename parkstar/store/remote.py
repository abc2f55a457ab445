"""A SPARQL 1.1 server as the store: the scale-out backend, with the embedded store's
interface and only standard protocols — SPARQL 1.1 Query (POST, results as SPARQL JSON,
graphs as N-Triples), SPARQL 1.1 Update, and the Graph Store HTTP Protocol for bulk
uploads. Any server with those, named graphs and atomic update requests will do
(Oxigraph, Fuseki, GraphDB; see docs/sparql-server.md).

Every change is one update request. New content is first uploaded into a fresh staging
graph (Graph Store Protocol), then one SPARQL update drops the old graph, moves the
staging graph into place and rewrites the provenance. Readers see the old graph or the
new one, never a mixture. The MOVE is not SILENT: if a staging graph disappeared, the
whole update fails and nothing changes. A failure before the update leaves only a
staging graph; its name carries its creation time, and opening the store for writing
discards staging graphs older than `staging_grace` seconds (not younger ones: another
client may be uploading into them right now)."""

import base64
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef

from parkstar.errors import ParkstarError
from parkstar.rdf.terms import graph_to_quads, triples_to_rdflib
from parkstar.store.embedded import GraphRecord, _forget_provenance, _insert_provenance, provenance_of
from parkstar.store.kept import KeptChunks, KeptRatings
from parkstar.store.names import PROVENANCE_GRAPH, STAGING_PREFIX, is_data_graph
from parkstar.store.provenance import load_times, source_names
from parkstar.vocab import PROV, PS, RDF, RDFS


@dataclass(frozen=True)
class Layout:
    """Where a server keeps its three services, relative to the base URL ("" is the base
    itself); a full http(s) URL is used as it is."""

    query: str
    update: str
    data: str


LAYOUTS = {
    "oxigraph": Layout("query", "update", "store"),  # oxigraph serve: http://host:7878
    "fuseki": Layout("query", "update", "data"),  # base http://host:3030/<dataset>
    "graphdb": Layout("", "statements", "rdf-graphs/service"),  # base http://host:7200/repositories/<repo>
}
DEFAULT_TIMEOUT = 60.0  # seconds, for connecting and for each read or write on the socket
STAGING_GRACE = 3600.0  # seconds a staging graph is left alone by other clients
BLANK_DEPTH = 3  # levels of blank nodes below a node that park_quads follows
BATCH = 100  # IRIs in one VALUES block

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, application/sparql-results+xml;q=0.5"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.5"
_NT = "application/n-triples"


class RemoteStore:
    """The store on a SPARQL 1.1 server at `endpoint_base_url`.

    The services' paths come from `layout` ("oxigraph", the default, "fuseki" or
    "graphdb") and can be set one by one (`query`, `update`, `data`: a path under the
    base URL or a full URL); unset arguments are read from `PARKSTAR_SPARQL_LAYOUT`,
    `PARKSTAR_SPARQL_QUERY`, `PARKSTAR_SPARQL_UPDATE`, `PARKSTAR_SPARQL_DATA` and
    `PARKSTAR_SPARQL_TIMEOUT`. A user and password in the URL are sent as HTTP Basic
    authentication and never shown in messages."""

    def __init__(
        self,
        endpoint_base_url: str,
        read_only: bool = False,
        *,
        layout: str | None = None,
        query: str | None = None,
        update: str | None = None,
        data: str | None = None,
        timeout: float | None = None,
        staging_grace: float = STAGING_GRACE,
    ) -> None:
        parts = urlsplit(endpoint_base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ParkstarError(
                f"SPARQL 服务器地址无效：{endpoint_base_url}", f"invalid SPARQL server URL: {endpoint_base_url}"
            )
        self._headers: dict[str, str] = {}
        if parts.username is not None:
            token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        netloc = parts.netloc.rsplit("@", 1)[-1]
        self.url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        env = os.environ.get
        name = layout or env("PARKSTAR_SPARQL_LAYOUT") or "oxigraph"
        if name not in LAYOUTS:
            known = ", ".join(LAYOUTS)
            raise ParkstarError(
                f"未知的 SPARQL 服务器布局“{name}”（可选：{known}）",
                f"unknown SPARQL server layout '{name}' (known: {known})",
            )
        preset = LAYOUTS[name]
        self.query_url = _endpoint(self.url, _first(query, env("PARKSTAR_SPARQL_QUERY"), preset.query))
        self.update_url = _endpoint(self.url, _first(update, env("PARKSTAR_SPARQL_UPDATE"), preset.update))
        self.data_url = _endpoint(self.url, _first(data, env("PARKSTAR_SPARQL_DATA"), preset.data))
        self.timeout = timeout if timeout is not None else _seconds(env("PARKSTAR_SPARQL_TIMEOUT"))
        self.read_only = read_only
        self.staging_grace = staging_grace
        if not read_only:
            self._discard_staging()

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, read_only={self.read_only})"

    # ── reading ──────────────────────────────────────────────────────────────
    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._named_graphs() if is_data_graph(g.value))

    def settled(self) -> bool:
        """No load is half-written: a load here writes into staging graphs and moves them
        into place at the end, so none may be present."""
        return not any(g.value.startswith(STAGING_PREFIX) for g in self._named_graphs())

    def graphs(self) -> list[GraphRecord]:
        """Every data graph with its size and provenance."""
        prov = self.provenance()
        sizes = {
            URIRef(row["g"].value): int(row["n"].value)
            for row in self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        }
        records = []
        for name in self.graph_names():
            activity = prov.value(name, PROV.wasGeneratedBy)
            agent = prov.value(name, PROV.wasAttributedTo)
            label = prov.value(agent, RDFS.label) if agent is not None else None
            records.append(
                GraphRecord(
                    name=str(name),
                    triples=sizes.get(name, 0),
                    loaded_at=_text(prov.value(name, PROV.generatedAtTime)),
                    agent=_text(label),
                    sources=source_names(prov, activity),
                )
            )
        return records

    def count(self, name: URIRef) -> int:
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        return int(next(iter(result))["n"].value)

    def provenance(self) -> Graph:
        return triples_to_rdflib(self._graph_triples(PROVENANCE_GRAPH))

    def graph(self, names: Iterable[URIRef] | None = None) -> Graph:
        """The union of data graphs (all by default) as one rdflib graph, e.g. to rate."""
        merged = Graph()
        for name in names if names is not None else self.graph_names():
            triples_to_rdflib(self._graph_triples(name), merged)
        return merged

    def quads(self, names: Iterable[URIRef] | None = None, with_provenance: bool = True) -> Iterator[ox.Quad]:
        """The quads of the chosen data graphs (all by default) and their provenance."""
        chosen = list(names) if names is not None else self.graph_names()
        for name in chosen:
            node = ox.NamedNode(str(name))
            for t in self._graph_triples(name):
                yield ox.Quad(t.subject, t.predicate, t.object, node)
        if with_provenance:
            keep = provenance_of(self.provenance(), chosen)
            yield from graph_to_quads(keep, ox.NamedNode(str(PROVENANCE_GRAPH)))

    def dump_data(self, names: Iterable[URIRef] | None = None) -> bytes:
        """The chosen data graphs (all by default) as one N-Triples document, from one
        CONSTRUCT answer (so blank-node labels are unique across the graphs)."""
        chosen = list(names) if names is not None else self.graph_names()
        if not chosen:
            return b""
        values = " ".join(f"<{n}>" for n in chosen)
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _RDF_ACCEPT}
        with self._send("POST", self.query_url, sparql.encode("utf-8"), headers) as response:
            media = response.headers.get_content_type()
            body = self._read(response, self.query_url)
        if media == _NT:
            return body
        rdf_format = ox.RdfFormat.from_media_type(media)
        try:
            if rdf_format is None:
                raise SyntaxError(f"unexpected content type {media}")
            return ox.serialize(ox.parse(body, format=rdf_format), format=_NT_FORMAT)
        except SyntaxError as error:
            raise self._bad_answer(self.query_url, error) from None

    def load_times(self) -> dict[str, str]:
        """Each data graph and when it was loaded: the version of its data."""
        return load_times(self.provenance(), self.graph_names())

    def kept_chunks(self) -> KeptChunks | None:
        """None: others may change a server's data, so chunks are never kept for it."""
        return None

    def kept_ratings(self) -> KeptRatings | None:
        """None: the ratings are read back from the server to compare with new ones."""
        return None

    def scratch(self) -> Path | None:
        """Temporary files go to the system's temporary folder."""
        return None

    def dump_data_to(self, path: Path, names: Iterable[URIRef] | None = None) -> None:
        """Like `dump_data`, into a file, laid out as Oxigraph writes N-Triples (one triple
        a line, single spaces), which is what `engine.chunks` reads."""
        with path.open("wb") as out:
            ox.serialize(ox.parse(self.dump_data(names), format=_NT_FORMAT), out, _NT_FORMAT)

    def query(self, sparql: str, **options):
        """A SPARQL query, answered like pyoxigraph's `Store.query`: solutions (rows
        indexed by variable name or position, unbound variables None), a boolean, or
        triples. Options: `default_graph` and `named_graphs` (IRIs, sent as the protocol's
        default-graph-uri and named-graph-uri)."""
        params = _dataset_params(options)
        with self._send(
            "POST",
            self.query_url,
            sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT},
            params,
        ) as response:
            media = response.headers.get_content_type()
            body = self._read(response, self.query_url)
        results_format = ox.QueryResultsFormat.from_media_type(media)
        try:
            if results_format is not None:
                return ox.parse_query_results(body, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise SyntaxError(f"unexpected content type {media}")
            return iter([ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf_format)])
        except SyntaxError as error:
            raise self._bad_answer(self.query_url, error) from None

    def quads_about(self, subject: ox.NamedNode | ox.BlankNode, graph: URIRef | None = None) -> list[ox.Quad]:
        if not isinstance(subject, ox.NamedNode):
            raise ParkstarError(
                f"SPARQL 服务器 {self.url} 上无法按空白节点查询", f"blank nodes cannot be looked up on {self.url}"
            )
        where = f"GRAPH ?g {{ {subject} ?p ?o }}"
        if graph is not None:
            where = f"VALUES ?g {{ <{graph}> }} {where}"
        return [
            ox.Quad(subject, row["p"], row["o"], row["g"]) for row in self.query(f"SELECT ?p ?o ?g WHERE {{ {where} }}")
        ]

    def park_quads(self, park: URIRef, incoming: set[URIRef]) -> list[ox.Quad]:
        """One park's own data: its closure over outgoing links and the `incoming`
        properties (resident enterprises), other parks not expanded — in every data graph.

        Walked breadth first, one query per round for all the nodes reached. Blank
        nodes cannot be named in a query, so those below a node (up to BLANK_DEPTH
        levels, and blank resident enterprises) come in the same answer as the node."""
        root = ox.NamedNode(str(park))
        links = sorted(str(p) for p in incoming)
        seen: set[ox.NamedNode | ox.BlankNode] = {root}
        found: dict[ox.Quad, None] = {}
        frontier = [root]
        while frontier:
            reached: list[ox.NamedNode] = []
            for batch in _batches(frontier):
                for row in self.query(_round_query(batch, links)):
                    quad = ox.Quad(row["s"], row["p"], row["o"], row["g"])
                    if row["in"] is not None:  # a link into a node of the batch
                        if isinstance(quad.subject, ox.NamedNode) and quad.subject not in seen:
                            seen.add(quad.subject)
                            reached.append(quad.subject)
                        continue
                    if not isinstance(quad.graph_name, ox.NamedNode) or not is_data_graph(quad.graph_name.value):
                        continue
                    found[quad] = None
                    if isinstance(quad.object, ox.NamedNode) and quad.object not in seen:
                        seen.add(quad.object)
                        reached.append(quad.object)
            parks = self._parks(reached)
            frontier = [node for node in reached if node not in parks]
        return list(found)

    # ── writing ──────────────────────────────────────────────────────────────
    def commit(self, graphs: dict[URIRef, Iterable[ox.Quad | ox.Triple]], provenance: Graph | None) -> None:
        """Replace each named graph with new content and its provenance (unless None), all
        in one step: uploads into staging graphs, then one update request."""
        self._writable()
        stamp = int(time.time())
        staged = {name: ox.NamedNode(f"{STAGING_PREFIX}{stamp}-{uuid.uuid4().hex}") for name in graphs}
        try:
            filled = {name for name, content in graphs.items() if self._upload(staged[name], content)}
            changes = []
            for name, stage in staged.items():
                changes.append(f"DROP SILENT GRAPH <{name}> ;")
                if name in filled:
                    changes.append(f"MOVE GRAPH {stage} TO <{name}> ;")
            if provenance is not None:
                changes += [_forget_provenance(list(graphs)), _insert_provenance(provenance)]
            self.update("\n".join(changes).rstrip(" ;"))
        except Exception:
            self._drop_quietly(staged.values())
            raise

    # ── large loads (the embedded store's interface; here every graph is staged) ──
    def begin_load(self, names: Iterable[URIRef]) -> dict[URIRef, ox.NamedNode]:
        """A fresh staging graph for each graph a load writes."""
        self._writable()
        stamp = int(time.time())
        return {name: ox.NamedNode(f"{STAGING_PREFIX}{stamp}-{uuid.uuid4().hex}") for name in names}

    def bulk_load(self, to_graph: ox.NamedNode, **options) -> None:
        """Parse a file (`path=`) or document (`input=`) of a `format=` locally and post it
        into a staging graph."""
        self._writable()
        self._upload(to_graph, ox.parse(**options))

    def finish_load(self, targets: dict[URIRef, ox.NamedNode], provenance: Graph) -> None:
        """One update request: staged graphs moved into place, provenance rewritten."""
        changes = []
        for name, stage in targets.items():
            changes += [f"DROP SILENT GRAPH <{name}> ;", f"MOVE GRAPH {stage} TO <{name}> ;"]
        changes += [_forget_provenance(list(targets)), _insert_provenance(provenance)]
        try:
            self.update("\n".join(changes).rstrip(" ;"))
        except Exception:
            self._drop_quietly(targets.values())
            raise

    def abandon_load(self, targets: dict[URIRef, ox.NamedNode]) -> None:
        self._drop_quietly(targets.values())

    def add_graph(self, name: URIRef, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Fill a graph nobody reads yet (results written beside the current ones before
        a pointer switches to them): posted straight into it, no staging."""
        self._writable()
        self._upload(ox.NamedNode(str(name)), quads)

    def remove_graph(self, name: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{name}>")

    def update(self, sparql: str, data: bool = True) -> None:
        """One SPARQL update request (the server applies it as one transaction); `data`
        is for the embedded store's kept chunks (a server keeps none)."""
        self._writable()
        self._exchange(
            self.update_url, sparql.encode("utf-8"), {"Content-Type": "application/sparql-update; charset=utf-8"}
        )

    def drop(self, name: URIRef) -> None:
        """Remove a data graph and its provenance in one step."""
        if name not in self.graph_names():
            raise ParkstarError(f"数据库中没有图 <{name}>", f"the store has no graph <{name}>")
        self.update(f"DROP GRAPH <{name}> ;\n{_forget_provenance([name])}")

    def flush(self) -> None:
        """Nothing to do: the server has applied every request when it answered."""

    # ── the protocol ─────────────────────────────────────────────────────────
    def _graph_triples(self, name: URIRef) -> Iterator[ox.Triple]:
        """One graph's triples, streamed from a CONSTRUCT answer in N-Triples."""
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _RDF_ACCEPT}
        with self._send("POST", self.query_url, sparql.encode("utf-8"), headers) as response:
            rdf_format = ox.RdfFormat.from_media_type(response.headers.get_content_type())
            if rdf_format is None:
                raise self._bad_answer(self.query_url, f"unexpected content type {response.headers.get_content_type()}")
            try:
                for q in ox.parse(response, format=rdf_format):
                    yield ox.Triple(q.subject, q.predicate, q.object)
            except SyntaxError as error:
                raise self._bad_answer(self.query_url, error) from None
            except (OSError, http.client.HTTPException) as error:
                raise self._unreachable(self.query_url, error) from None

    def _upload(self, target: ox.NamedNode, content: Iterable[ox.Quad | ox.Triple]) -> bool:
        """Post the content as N-Triples into a graph (Graph Store Protocol), in one
        request so that its blank nodes stay one; False if there was nothing to post."""
        with tempfile.TemporaryFile() as buffer:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in content), buffer, _NT_FORMAT)
            size = buffer.tell()
            if size == 0:
                return False
            buffer.seek(0)
            self._post_graph(target, buffer, size)
        return True

    def _post_graph(self, target: ox.NamedNode, body: bytes | IO[bytes], size: int) -> None:
        headers = {"Content-Type": _NT, "Content-Length": str(size)}
        self._exchange(self.data_url, body, headers, {"graph": target.value})

    def _parks(self, nodes: list[ox.NamedNode]) -> set[ox.NamedNode]:
        parks: set[ox.NamedNode] = set()
        for batch in _batches(nodes):
            values = " ".join(str(n) for n in batch)
            sparql = (
                f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ ?x <{RDF.type}> <{PS.Park}> }} }}"
            )
            parks.update(row["x"] for row in self.query(sparql))
        return parks

    def _named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph. `GRAPH ?g { }` lists them at no cost where it is evaluated as
        the standard says (Oxigraph >= 0.4.7, Jena); RDF4J (GraphDB) and Virtuoso answer
        it with one row binding nothing, so there every graph's triples are scanned."""
        rows = list(self.query("SELECT ?g WHERE { GRAPH ?g { } }"))
        if any(row["g"] is None for row in rows):
            rows = list(self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return [row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)]

    def _discard_staging(self) -> None:
        """Drop staging graphs left by failed commits (older than the grace period)."""
        now = time.time()
        stale = []
        for g in self._named_graphs():
            if not g.value.startswith(STAGING_PREFIX):
                continue
            stamp = g.value[len(STAGING_PREFIX) :].split("-", 1)[0]
            if not stamp.isdigit() or now - int(stamp) >= self.staging_grace:
                stale.append(g)
        if stale:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in stale))

    def _drop_quietly(self, graphs: Iterable[ox.NamedNode]) -> None:
        try:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))
        except ParkstarError:
            pass  # left for the next writer to discard

    def _writable(self) -> None:
        if self.read_only:
            raise ParkstarError(
                f"SPARQL 服务器 {self.url} 以只读方式打开，不能写入",
                f"the SPARQL server {self.url} was opened read-only",
            )

    def _exchange(self, url: str, body: bytes | IO[bytes], headers: dict[str, str], params=None) -> None:
        with self._send("POST", url, body, headers, params) as response:
            self._read(response, url)

    def _send(self, method: str, url: str, body, headers: dict[str, str], params=None):
        target = url if not params else url + ("&" if "?" in url else "?") + urlencode(params)
        request = urllib.request.Request(target, data=body, method=method, headers={**self._headers, **headers})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            with error:
                detail = error.read(2000).decode("utf-8", "replace").strip()
            if len(detail) > 500:
                detail = detail[:500] + "…"
            raise ParkstarError(
                f"SPARQL 服务器 {url} 拒绝了请求（HTTP {error.code}）：{detail}",
                f"the SPARQL server {url} refused the request (HTTP {error.code}): {detail}",
            ) from None
        except (OSError, http.client.HTTPException) as error:  # URLError and timeouts are OSErrors
            raise self._unreachable(url, error) from None

    def _read(self, response, url: str) -> bytes:
        try:
            return response.read()
        except (OSError, http.client.HTTPException) as error:
            raise self._unreachable(url, error) from None

    def _unreachable(self, url: str, error: BaseException) -> ParkstarError:
        reason = getattr(error, "reason", None) or error
        if isinstance(reason, TimeoutError):
            return ParkstarError(
                f"SPARQL 服务器 {url} 在 {self.timeout:g} 秒内没有响应",
                f"the SPARQL server {url} did not answer within {self.timeout:g} s",
            )
        return ParkstarError(
            f"无法连接 SPARQL 服务器 {url}：{reason}", f"cannot reach the SPARQL server {url}: {reason}"
        )

    def _bad_answer(self, url: str, error) -> ParkstarError:
        return ParkstarError(
            f"SPARQL 服务器 {url} 的回答无法读取：{error}",
            f"the SPARQL server {url} gave an unreadable answer: {error}",
        )


_NT_FORMAT = ox.RdfFormat.N_TRIPLES


def _round_query(nodes: list[ox.NamedNode], links: list[str]) -> str:
    """One round of park_quads: the quads of `nodes` and of the blank nodes below them
    (?in unbound), and the links into them from outside (?in bound)."""
    values = " ".join(str(n) for n in nodes)
    link_values = " ".join(f"<{p}>" for p in links)
    branches = []
    for depth in range(BLANK_DEPTH + 1):  # the nodes, then blank nodes `depth` levels below
        steps = " ".join(f"GRAPH ?g{i} {{ ?b{i} ?p{i} ?b{i + 1} }} FILTER(isBlank(?b{i + 1}))" for i in range(depth))
        branches.append(f"{{ VALUES ?b0 {{ {values} }} {steps} GRAPH ?g {{ ?b{depth} ?p ?o }} BIND(?b{depth} AS ?s) }}")
    if links:
        branches.append(
            f"{{ VALUES ?o {{ {values} }} VALUES ?p {{ {link_values} }} GRAPH ?g {{ ?s ?p ?o }} BIND(1 AS ?in) }}"
        )
        for depth in range(BLANK_DEPTH):  # blank nodes linking in (resident enterprises), and below them
            steps = " ".join(
                f"GRAPH ?g{i} {{ ?b{i} ?p{i} ?b{i + 1} }} FILTER(isBlank(?b{i + 1}))" for i in range(depth)
            )
            branches.append(
                f"{{ VALUES ?t {{ {values} }} VALUES ?l {{ {link_values} }} GRAPH ?gl {{ ?b0 ?l ?t }} "
                f"FILTER(isBlank(?b0)) {steps} GRAPH ?g {{ ?b{depth} ?p ?o }} BIND(?b{depth} AS ?s) }}"
            )
    return "SELECT ?s ?p ?o ?g ?in WHERE {\n" + "\nUNION\n".join(branches) + "\n}"


def _batches(nodes: list[ox.NamedNode]) -> Iterator[list[ox.NamedNode]]:
    for start in range(0, len(nodes), BATCH):
        yield nodes[start : start + BATCH]


def _dataset_params(options: dict) -> list[tuple[str, str]]:
    params = []
    for key, name in (("default_graph", "default-graph-uri"), ("named_graphs", "named-graph-uri")):
        value = options.pop(key, None)
        if value is None:
            continue
        for graph in value if isinstance(value, (list, tuple, set)) else [value]:
            params.append((name, graph.value if isinstance(graph, ox.NamedNode) else str(graph)))
    if options:
        raise TypeError(f"query options not supported on a SPARQL server: {', '.join(sorted(options))}")
    return params


def _endpoint(base: str, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    if not path:
        return base
    return base.rstrip("/") + "/" + path.lstrip("/")


def _first(*values: str | None) -> str:
    return next(v for v in values if v is not None)


def _seconds(text: str | None) -> float:
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise ParkstarError(
            f"PARKSTAR_SPARQL_TIMEOUT 应为正数（秒），而不是“{text}”",
            f"PARKSTAR_SPARQL_TIMEOUT must be a positive number of seconds, not '{text}'",
        )
    return value


def _text(node) -> str | None:
    return None if node is None else str(node)
