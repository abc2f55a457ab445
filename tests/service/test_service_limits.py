"""The endpoint's limits on the real server (2 s, 500 rows, 2 workers): a runaway query is
stopped at the time limit while pages and other queries keep answering, and a truncated
result says so in its headers and, where the format has a place for it, in its body."""

import csv
import io
import threading
import time

import pyoxigraph as ox

QUERY_TIMEOUT = 2
ROW_LIMIT = 500
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^12 rows to count
ALL = "SELECT * WHERE { ?s ?p ?o }"


def _in_background(call):
    box: dict = {}

    def run() -> None:
        started = time.monotonic()
        box["reply"] = call()
        box["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def test_runaway_query_is_stopped_while_the_site_answers(server):
    thread, box = _in_background(lambda: server.query(RUNAWAY, timeout=30))
    time.sleep(0.5)  # the runaway query is now running in a worker
    for _ in range(3):
        started = time.monotonic()
        page = server.request("/api/overview")
        quick = server.query("ASK { ?s ?p ?o }")
        elapsed = time.monotonic() - started
        assert page.status == 200 and quick.status == 200
        assert elapsed < 1.5, f"the site slowed down: {elapsed:.2f} s"
        assert thread.is_alive()
    thread.join()
    reply = box["reply"]
    assert reply.status == 503
    assert "time limit" in reply.text and "时间上限" in reply.text
    assert "Traceback" not in reply.text
    assert QUERY_TIMEOUT <= box["seconds"] < QUERY_TIMEOUT + 3
    # the killed worker was replaced: both workers answer again
    assert server.query("ASK { ?s ?p ?o }").status == 200
    assert server.post_body("ASK { ?s ?p ?o }", "application/sparql-query").status == 200


def test_two_runaway_queries_do_not_stop_the_pages(server):
    runs = [_in_background(lambda: server.post_body(RUNAWAY, "application/sparql-query", timeout=30)) for _ in "ab"]
    time.sleep(0.5)  # both workers are busy now
    started = time.monotonic()
    assert server.request("/api/parks").status == 200
    assert server.request("/api/parks/changxing-xinneng").status == 200
    assert server.request("/sparql").status == 200  # the service description needs no worker
    assert time.monotonic() - started < 1.5
    for thread, box in runs:
        thread.join()
        assert box["reply"].status == 503
    assert server.query("ASK { ?s ?p ?o }").status == 200


def test_truncated_json_says_so(server):
    reply = server.query(ALL, "application/sparql-results+json")
    assert reply.status == 200
    assert reply.headers["x-parkstar-truncated"] == "true"
    assert reply.headers["x-parkstar-row-limit"] == str(ROW_LIMIT)
    document = reply.json()
    assert len(document["results"]["bindings"]) == ROW_LIMIT
    link = f"{server.url}/sparql/limits"
    assert document["head"]["link"] == [link]
    assert f"<{link}>" in reply.headers["link"]
    limits = server.request("/sparql/limits").json()
    assert limits["row_limit"] == ROW_LIMIT and limits["query_timeout_seconds"] == QUERY_TIMEOUT
    assert limits["message"]["zh"] and limits["message"]["en"]


def test_truncated_xml_csv_tsv(server):
    xml = server.query(ALL, "application/sparql-results+xml")
    assert xml.headers["x-parkstar-truncated"] == "true"
    assert f'<link href="{server.url}/sparql/limits"/>' in xml.text
    assert len(list(ox.parse_query_results(xml.body, format=ox.QueryResultsFormat.XML))) == ROW_LIMIT
    table = server.query(ALL, "text/csv")
    assert table.headers["x-parkstar-truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(table.text)))) == ROW_LIMIT + 1
    tsv = server.query(ALL, "text/tab-separated-values")
    assert tsv.headers["x-parkstar-truncated"] == "true"
    assert len(list(ox.parse_query_results(tsv.body, format=ox.QueryResultsFormat.TSV))) == ROW_LIMIT


def test_truncated_graph(server):
    turtle = server.query("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert turtle.headers["x-parkstar-truncated"] == "true"
    assert turtle.text.startswith("# truncated")
    assert len(list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))) == ROW_LIMIT
    ld = server.query("CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json")
    assert ld.headers["x-parkstar-truncated"] == "true"
    assert len(list(ox.parse(ld.body, format=ox.RdfFormat.JSON_LD))) == ROW_LIMIT


def test_exactly_the_limit_is_not_truncated(server):
    reply = server.query(f"{ALL} LIMIT {ROW_LIMIT}")
    assert reply.headers["x-parkstar-truncated"] == "false"
    assert "link" not in reply.json()["head"]
    assert len(reply.json()["results"]["bindings"]) == ROW_LIMIT
