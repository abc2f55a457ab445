"""The SPARQL 1.1 endpoint on the real server: a standard client (SPARQLWrapper) and raw
HTTP for every result format and both POST forms, the service description, and every
kind of refused query answered with a clean 400 — with nothing ever fetched."""

import csv
import io
import json
import socket
import threading
import xml.dom.minidom

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PARK = "https://w3id.org/parkstar/def#Park"

PARKS = f"SELECT ?park ?name WHERE {{ ?park a <{PARK}> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name . }}"
PARK_IRIS = f"SELECT ?park WHERE {{ ?park a <{PARK}> }} ORDER BY ?park"
CONSTRUCT_PARKS = f"CONSTRUCT {{ ?park a <{PARK}> }} WHERE {{ ?park a <{PARK}> }}"


def client(server, query: str, fmt: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    return wrapper


# ── a standard client ────────────────────────────────────────────────────────
def test_sparqlwrapper_select_json(server):
    result = client(server, PARKS, JSON).query().convert()
    assert result["head"]["vars"] == ["park", "name"]
    parks = {b["park"]["value"] for b in result["results"]["bindings"]}
    assert len(parks) == 15
    names = {b["name"].get("xml:lang") for b in result["results"]["bindings"]}
    assert names == {"zh", "en"}


def test_sparqlwrapper_select_xml(server):
    document = client(server, PARK_IRIS, XML).query().convert()
    assert isinstance(document, xml.dom.minidom.Document)
    assert len(document.getElementsByTagName("result")) == 15


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_tsv(server, fmt, delimiter):
    body = client(server, PARK_IRIS, fmt).query().convert()
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    assert rows[0] in (["park"], ["?park"])
    assert len(rows) == 16


@pytest.mark.parametrize("method", [POST, POSTDIRECTLY])
def test_sparqlwrapper_post(server, method):
    wrapper = client(server, PARK_IRIS, JSON)
    wrapper.setMethod(POST)
    if method == POSTDIRECTLY:
        wrapper.setRequestMethod(POSTDIRECTLY)
    assert len(wrapper.query().convert()["results"]["bindings"]) == 15


def test_sparqlwrapper_ask(server):
    assert client(server, f"ASK {{ ?p a <{PARK}> }}", JSON).query().convert()["boolean"] is True
    assert client(server, "ASK { ?s <http://example.org/nothing> ?o }", JSON).query().convert()["boolean"] is False


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, XML])
def test_sparqlwrapper_construct(server, fmt):
    result = client(server, CONSTRUCT_PARKS, fmt).query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert len(graph) == 15


def test_sparqlwrapper_update_is_refused(server):
    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")
    with pytest.raises(QueryBadFormed):
        wrapper.query()


# ── raw HTTP, every content type ─────────────────────────────────────────────
def _rows(reply, key: str) -> list[str]:
    if key == "csv":
        rows = list(csv.reader(io.StringIO(reply.text)))
        assert rows[0] == ["park"]
        return [r[0] for r in rows[1:]]
    fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}
    return [s["park"].value for s in ox.parse_query_results(reply.body, format=fmt[key])]


@pytest.mark.parametrize(
    "accept,key,media",
    [
        (None, "json", "application/sparql-results+json"),
        ("*/*", "json", "application/sparql-results+json"),
        ("application/sparql-results+json", "json", "application/sparql-results+json"),
        ("application/json", "json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
        ("text/csv", "csv", "text/csv"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "csv", "text/csv"),
    ],
)
def test_select_formats(server, accept, key, media):
    reply = server.query(PARK_IRIS, accept)
    assert reply.status == 200, reply.text
    assert reply.content_type.startswith(media)
    assert reply.headers["x-parkstar-truncated"] == "false"
    rows = _rows(reply, key)
    assert len(rows) == 15 and rows == sorted(rows)


@pytest.mark.parametrize("key", ["json", "xml", "csv", "tsv"])
def test_format_parameter_overrides_accept(server, key):
    reply = server.query(PARK_IRIS, "application/sparql-results+json", format=key)
    assert reply.status == 200
    assert len(_rows(reply, key)) == 15


@pytest.mark.parametrize(
    "accept,media,expected",
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"boolean":true'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<boolean>true</boolean>"),
        ("text/csv", "text/csv", b"true"),
        ("text/tab-separated-values", "text/tab-separated-values", b"true"),
    ],
)
def test_ask_formats(server, accept, media, expected):
    reply = server.query(f"ASK {{ ?p a <{PARK}> }}", accept)
    assert reply.status == 200 and reply.content_type.startswith(media)
    assert expected in reply.body


@pytest.mark.parametrize(
    "accept,media,fmt",
    [
        (None, "text/turtle", ox.RdfFormat.TURTLE),
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
@pytest.mark.parametrize("query", [CONSTRUCT_PARKS, "DESCRIBE <https://w3id.org/parkstar/id/park/changxing-xinneng>"])
def test_graph_formats(server, accept, media, fmt, query):
    reply = server.query(query, accept)
    assert reply.status == 200, reply.text
    assert reply.content_type.startswith(media)
    triples = list(ox.parse(reply.body, format=fmt))
    assert len(triples) == 15 if query is CONSTRUCT_PARKS else len(triples) > 10


def test_turtle_keeps_the_query_prefixes(server):
    query = f"PREFIX ps: <https://w3id.org/parkstar/def#> CONSTRUCT {{ ?p a ps:Park }} WHERE {{ ?p a <{PARK}> }}"
    reply = server.query(query, "text/turtle")
    assert "@prefix ps: <https://w3id.org/parkstar/def#>" in reply.text
    assert "a ps:Park" in reply.text


def test_post_forms(server):
    form = server.post_form({"query": PARK_IRIS}, "text/csv")
    direct = server.post_body(PARK_IRIS, "application/sparql-query", "text/csv")
    get = server.query(PARK_IRIS, "text/csv")
    assert form.status == direct.status == 200
    assert form.body == direct.body == get.body


def test_unicode_query(server):
    reply = server.post_body(
        'SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "长兴县新能源电池小微企业园"@zh }',
        "application/sparql-query; charset=utf-8",
    )
    assert reply.status == 200
    assert reply.json()["results"]["bindings"][0]["p"]["value"].endswith("changxing-xinneng")


def test_not_acceptable(server):
    reply = server.query(PARK_IRIS, "image/png")
    assert reply.status == 406
    assert reply.content_type.startswith("text/plain")


def test_protocol_errors(server):
    assert server.post_body(PARK_IRIS, "text/plain").status == 415
    assert server.request("/sparql", [("query", PARK_IRIS), ("query", PARK_IRIS)]).status == 400
    assert server.post_form({}).status == 400
    assert server.request("/sparql", method="DELETE").status == 405


def test_service_description(server):
    reply = server.request("/sparql")
    assert reply.status == 200 and reply.content_type.startswith("text/turtle")
    graph = Graph().parse(data=reply.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    answer = graph.query(
        f"""PREFIX sd: <{sd}> SELECT ?endpoint (COUNT(DISTINCT ?format) AS ?formats) WHERE {{
            ?service a sd:Service ; sd:endpoint ?endpoint ; sd:supportedLanguage sd:SPARQL11Query ;
                sd:feature sd:UnionDefaultGraph ; sd:resultFormat ?format ;
                sd:defaultDataset/sd:namedGraph/sd:name <https://w3id.org/parkstar/id/graph/sample> .
        }} GROUP BY ?endpoint"""
    )
    rows = list(answer)
    assert len(rows) == 1
    assert str(rows[0][0]) == server.sparql
    assert int(rows[0][1]) == 8
    ld = server.request("/sparql", headers={"Accept": "application/ld+json"})
    assert ld.status == 200 and json.loads(ld.body)


# ── refused, cleanly, before evaluation ──────────────────────────────────────
REFUSED_QUERIES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
    "CLEAR ALL",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }",
    r"SELECT * WHERE { \u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o",
]


def _assert_clean_400(reply):
    assert reply.status == 400, reply.text
    assert reply.content_type.startswith("text/plain")
    lines = reply.text.strip().splitlines()
    assert len(lines) == 2 and lines[0] != lines[1]  # Chinese, then English
    assert "Traceback" not in reply.text and 'File "' not in reply.text


@pytest.mark.parametrize("query", REFUSED_QUERIES)
def test_refused_by_get(server, query):
    _assert_clean_400(server.query(query))


@pytest.mark.parametrize("query", REFUSED_QUERIES[:3] + REFUSED_QUERIES[5:8])
def test_refused_by_post(server, query):
    _assert_clean_400(server.post_form({"query": query}))
    _assert_clean_400(server.post_body(query, "application/sparql-query"))


def test_updates_refused_in_every_protocol_form(server):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    _assert_clean_400(server.post_form({"update": update}))
    _assert_clean_400(server.post_body(update, "application/sparql-update"))
    _assert_clean_400(server.request("/sparql", {"update": update}))
    assert server.query("ASK { <http://example.org/a> ?p ?o }").json()["boolean"] is False


def test_dataset_parameters_refused(server):
    _assert_clean_400(server.request("/sparql", {"query": PARK_IRIS, "default-graph-uri": "file:///etc/passwd"}))
    _assert_clean_400(server.post_form({"query": PARK_IRIS, "named-graph-uri": "http://example.org/g"}))


def test_keywords_in_strings_and_comments_are_not_refused(server):
    query = 'SELECT ("SERVICE <http://example.org/> { }" AS ?x) WHERE { } # FROM <file:///etc/passwd>\n'
    reply = server.query(query)
    assert reply.status == 200
    assert reply.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_nothing_is_fetched(server):
    """SERVICE and FROM pointing at a listener we own: no connection ever arrives."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    arrived: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            arrived.append(connection.recv(4096))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        for query in [
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} }} }}",
            f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
            f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        ]:
            _assert_clean_400(server.query(query))
            _assert_clean_400(server.post_body(query, "application/sparql-query"))
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert arrived == []
