"""Linked data on the real server: the project's IRIs resolve at the same path as HTML,
Turtle, JSON-LD and N-Triples (parsed back with rdflib, offline); the ontology and the
criteria as documents; a clear 404; and no answer shows a path of this machine."""

import json

import pytest
from rdflib import Graph, URIRef

from tests.service.conftest import ROOT

BASE = "https://w3id.org/parkstar/"
PARK = "id/park/changxing-xinneng"
ENTERPRISE = "id/enterprise/91330522728857824Q"
CONCEPT = "code/region/330522"
SHAPE = "criteria/L4-specialisation-share"
RESOURCES = [PARK, ENTERPRISE, CONCEPT, SHAPE, "code/industry/C38", "id/graph/sample"]
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def parsed(body: bytes, fmt: str) -> Graph:
    return Graph().parse(data=body.decode("utf-8"), format=fmt)  # JSON-LD: context inline, nothing fetched


@pytest.mark.parametrize("path", RESOURCES)
def test_an_iri_resolves_as_html(server, path):
    reply = server.request(f"/{path}", headers={"Accept": "text/html"})
    assert reply.status == 200 and reply.content_type.startswith("text/html")
    assert f"{BASE}{path}" in reply.text


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    "media,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")]
)
def test_an_iri_resolves_as_rdf(server, path, media, fmt):
    reply = server.request(f"/{path}", headers={"Accept": media})
    assert reply.status == 200 and reply.content_type.startswith(media)
    graph = parsed(reply.body, fmt)
    assert (URIRef(f"{BASE}{path}"), None, None) in graph
    if fmt == "json-ld":
        assert "@context" in json.loads(reply.body) and "w3id.org/parkstar/context.jsonld" not in reply.text


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_suffixes_for_browsers(server, suffix, fmt):
    reply = server.request(f"/{PARK}{suffix}")
    assert reply.status == 200
    assert (URIRef(f"{BASE}{PARK}"), RDF_TYPE, URIRef(f"{BASE}def#Park")) in parsed(reply.body, fmt)


def test_the_park_description_is_its_cbd(server):
    graph = parsed(server.request(f"/{PARK}.ttl").body, "turtle")
    park = URIRef(f"{BASE}{PARK}")
    assert set(graph.subjects()) == {park}  # its own triples (no blank nodes in a park's top level)
    assert (park, URIRef(f"{BASE}def#leadingIndustry"), URIRef(f"{BASE}code/industry/C38")) in graph


def test_a_shape_includes_its_blank_nodes(server):
    graph = parsed(server.request(f"/{SHAPE}.ttl").body, "turtle")
    values = list(graph.objects(None, URIRef("http://www.w3.org/ns/shacl#minInclusive")))
    assert [int(v) for v in values] == [70]


def test_the_park_page_links_to_its_viewer_page_and_labels_its_links(server):
    page = server.request(f"/{PARK}", headers={"Accept": "text/html"}).text
    assert 'href="/parks/changxing-xinneng"' in page
    assert "长兴县新能源电池小微企业园" in page
    assert 'href="/code/industry/C38"' in page and "电气机械和器材制造业" in page  # labelled, resolvable
    assert 'href="/id/enterprise/' in page  # incoming: resident enterprises
    assert 'href="/def#Park"' in page


def test_a_concept_lists_what_uses_it(server):
    page = server.request(f"/{CONCEPT}", headers={"Accept": "text/html"}).text
    assert "长兴县" in page and 'href="/id/park/changxing-xinneng"' in page


def test_the_json_form(server):
    data = server.request(f"/{ENTERPRISE}.json").json()
    assert data["iri"] == f"{BASE}{ENTERPRISE}"
    properties = {p["property"]["compact"] for p in data["properties"]}
    assert {"ps:creditCode", "ps:residentIn"} <= properties


@pytest.mark.parametrize("suffix,fmt", [("", None), (".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_the_ontology(server, suffix, fmt):
    reply = server.request(f"/def{suffix}", headers={"Accept": "text/html"})
    assert reply.status == 200
    if fmt is None:
        assert 'id="Park"' in reply.text and "小微企业园" in reply.text
        assert "small and micro enterprise park" in reply.text
        assert 'href="/code/region"' in reply.text
    else:
        graph = parsed(reply.body, fmt)
        assert (URIRef(f"{BASE}def#Park"), RDF_TYPE, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
        assert len(graph) > 500
    ttl = server.request("/def", headers={"Accept": "text/turtle"})
    assert ttl.content_type.startswith("text/turtle")


@pytest.mark.parametrize("suffix,fmt", [("", None), (".ttl", "turtle"), (".jsonld", "json-ld")])
def test_the_criteria(server, suffix, fmt):
    reply = server.request(f"/criteria{suffix}", headers={"Accept": "text/html"})
    assert reply.status == 200
    if fmt is None:
        for level in range(1, 6):
            assert f'id="level-{level}"' in reply.text
        assert f'href="/{SHAPE}"' in reply.text
        assert "小微企业园星级评定（申报）标准" in reply.text and 'href="/criteria/edition-1"' in reply.text
        assert "生产制造类" in reply.text  # a category by its label
    else:
        graph = parsed(reply.body, fmt)
        requirements = set(graph.subjects(RDF_TYPE, URIRef(f"{BASE}def#Requirement")))
        assert len(requirements) > 100 and URIRef(f"{BASE}{SHAPE}") in requirements


@pytest.mark.parametrize(
    "path", ["/id/park/no-such-park", "/code/region/999999", "/criteria/L9-nothing", "/id/park/no-such-park.ttl"]
)
def test_unknown_iris_are_a_bilingual_404(server, path):
    page = server.request(path, headers={"Accept": "text/html"})
    assert page.status == 404 and "没有关于" in page.text and "no description" in page.text
    turtle = server.request(path, headers={"Accept": "text/turtle"})
    assert turtle.status == 404


def test_no_answer_shows_a_path_of_this_machine(server, sample_store):
    secrets = {str(ROOT), str(sample_store), str(sample_store.parent), "file:/"}
    answers = [
        server.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept="application/n-triples", format="nt"),
        server.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", accept="text/csv", format="csv"),
        server.request("/sparql"),
        server.request("/id/graph/sample", headers={"Accept": "text/html"}),
        server.request("/id/graph/sample.ttl"),
        server.request("/id/graph/sample/load"),
    ]
    provenance = server.query(
        "SELECT ?file ?sha WHERE { ?load <http://www.w3.org/ns/prov#used> ?f . "
        "?f <http://purl.org/dc/terms/title> ?file ; <https://w3id.org/parkstar/def#sha256> ?sha }",
        accept="application/sparql-results+json",
    ).json()["results"]["bindings"]
    assert {b["file"]["value"] for b in provenance} == {p.name for p in (ROOT / "data" / "sample").glob("*.ttl")}
    for answer in answers:
        for secret in secrets:
            assert secret not in answer.text, (secret, answer.text[:300])


def test_linked_pages_in_a_browser(web):
    page = web.page
    page.goto(f"/{PARK}")
    assert page.text_content("#resource-iri") == f"{BASE}{PARK}"
    page.click("a[href='/code/industry/C38']")
    page.wait_for_url("**/code/industry/C38")
    assert "C38" in page.text_content("#resource-iri")
    page.click("#lang-switch")
    page.wait_for_selector("#resource-label")
    assert page.text_content("#resource-label").strip().startswith("Manufacture of electrical")


def test_the_iri_base_is_a_checked_setting(tmp_path):
    from flask import Flask

    from parkstar.errors import ParkstarError
    from service.config import load_settings
    from service.views.linked import local

    assert load_settings(environ={})["IRI_BASE"] == BASE
    moved = load_settings(environ={"PARKSTAR_IRI_BASE": "https://data.example.org/parks/"})
    assert moved["IRI_BASE"] == "https://data.example.org/parks/"
    for bad in ("ftp://example.org/", "https://example.org/no-slash"):
        with pytest.raises(ParkstarError):
            load_settings(environ={"PARKSTAR_IRI_BASE": bad})
    app = Flask(__name__)
    app.config["IRI_BASE"] = "https://data.example.org/parks/"
    with app.app_context():
        assert local("https://data.example.org/parks/id/park/x") == "/id/park/x"
        assert local("https://data.example.org/parks/def#Park") == "/def#Park"
        assert local(f"{BASE}id/park/x") is None  # not this server's base any more
        assert local("https://data.example.org/parks/elsewhere") is None
