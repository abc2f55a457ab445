"""The viewer's pages over HTTP on the real server: every page in both languages, each JSON
twin equal to what its page shows, the downloads (CSV, Turtle, JSON-LD, the SHACL report)
parsed and checked against the sample's expected ratings."""

import csv
import io
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
PARK_BASE = "https://w3id.org/parkstar/id/park/"
PS = Namespace("https://w3id.org/parkstar/def#")
EXPECTED = {
    row["park"].removeprefix(PARK_BASE): int(row["stars"])
    for row in csv.DictReader((SAMPLE / "expected-ratings.csv").open(encoding="utf-8"))
}
PAGES = ["/", "/parks", "/parks/changxing-xinneng", "/parks/changxing-xinneng/print", "/standard"]
HTML = {"Accept": "text/html"}


def rows_of(html: str) -> list[str]:
    """The park ids of the parks table, in the order shown."""
    return re.findall(r'<tr data-park="([^"]+)"', html)


def download_rows(reply) -> list[dict]:
    assert reply.body.startswith(b"\xef\xbb\xbf"), "the CSV starts with a byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(reply.body.decode("utf-8-sig"))))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("lang", "marker"), [("zh", "小微企业园星级评定"), ("en", "Park star ratings")])
def test_every_page_in_both_languages(server, path, lang, marker):
    reply = server.request(path, {"lang": lang}, headers=HTML)
    assert reply.status == 200, reply.text[:500]
    assert reply.content_type.startswith("text/html")
    assert marker in reply.text
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in reply.text


@pytest.mark.parametrize("path", ["/index.json", "/parks.json", "/parks/changxing-xinneng.json", "/standard.json"])
def test_twins_are_json(server, path):
    reply = server.request(path)
    assert reply.status == 200 and reply.content_type.startswith("application/json")
    assert reply.json()


def test_overview_twin_is_the_shown_counts(server):
    data = server.request("/index.json").json()
    assert data["parks"] == 15
    expected = {str(level): list(EXPECTED.values()).count(level) for level in range(6)}
    assert data["stars"] == expected
    html = server.request("/", headers=HTML).text
    shown = re.search(r'<table id="table-stars".*?</table>', html, re.S).group(0)
    counts = re.findall(r'<td class="num">(\d+)</td>', shown)
    assert [int(c) for c in counts] == list(expected.values())
    # the heat map's table: changxing-xinneng (3★) is blocked by indicator 4 only, so the cell 4 → 4★ counts it
    cell = next(b for b in data["blocking"] if b["level"] == 4 and b["indicator"] == 4)
    link = 'href="/parks?next=4&amp;blocks=4"'
    assert cell["not_met"] >= 1 and link in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"city": "region:330500"}, ["changxing-xinneng"]),
        ({"stars": "3"}, sorted(p for p, s in EXPECTED.items() if s == 3)),
        ({"stars": "0", "category": "pscat:manufacturing"}, None),
        ({"next": "4", "blocks": "4"}, None),
        ({"q": "Keqiao"}, ["keqiao-qingfang"]),
        ({"q": "柯桥"}, ["keqiao-qingfang"]),
        ({"fails": "psc:L3-performance-grade"}, None),
    ],
)
def test_parks_filtered_page_twin_and_csv_agree(server, params, expected):
    data = server.request("/parks.json", params).json()
    twin_ids = [p["id"] for p in data["parks"]]
    assert data["count"] == len(twin_ids) and data["total"] == 15
    if expected is not None:
        assert sorted(twin_ids) == sorted(expected)
    html = server.request("/parks", params, headers=HTML).text
    assert rows_of(html) == twin_ids
    table = download_rows(server.request("/parks.csv", params))
    assert [r["id"] for r in table] == twin_ids
    for row in table:
        assert int(row["stars"]) == EXPECTED[row["id"]]
    assert twin_ids, "every example matches some park"


def test_facet_meanings(server):
    """Each facet filters on what it says: checked against the rows' own fields."""
    everything = server.request("/parks.json").json()["parks"]
    blocked = server.request("/parks.json", {"next": "4", "blocks": "4"}).json()["parks"]
    assert {p["id"] for p in blocked} == {
        p["id"] for p in everything if p["next_level"] == 4 and 4 in p["gap_indicators"]
    }
    assert "changxing-xinneng" in {p["id"] for p in blocked}
    grade = server.request("/parks.json", {"fails": "psc:L3-performance-grade"}).json()["parks"]
    assert "yongkang-wujin" in {p["id"] for p in grade}  # grade C: fails 3★'s grade B
    assert not {p["id"] for p in grade} & {"shengzhou-jingchuang", "yiwu-lugang"}  # 5★ parks fail nothing


def test_facet_counts(server):
    data = server.request("/parks.json", {"category": "pscat:manufacturing"}).json()
    facets = {f["facet"]: f for f in data["facets"]}
    stars = {v["value"]: v["count"] for v in facets["stars"]["values"]}
    assert sum(stars.values()) == data["count"]  # the other facets count among the chosen category
    category = {v["value"]: v["count"] for v in facets["category"]["values"]}
    assert sum(category.values()) == 15  # its own facet ignores its choice, so the alternatives show
    assert next(v for v in facets["category"]["values"] if v["value"] == "pscat:manufacturing")["selected"]
    html = server.request("/parks", {"category": "pscat:manufacturing"}, headers=HTML).text
    assert f"({stars['3']})" in html


@pytest.mark.parametrize(("sort", "order"), [("stars", "desc"), ("stars", "asc"), ("name", "asc"), ("city", "desc")])
def test_parks_sorted(server, sort, order):
    data = server.request("/parks.json", {"sort": sort, "order": order}).json()
    key = {"stars": lambda p: p["stars"], "name": lambda p: p["name"]["zh"], "city": lambda p: p["city"]}[sort]
    values = [key(p) for p in data["parks"]]
    assert values == sorted(values, reverse=order == "desc")
    html = server.request("/parks", {"sort": sort, "order": order}, headers=HTML).text
    assert rows_of(html) == [p["id"] for p in data["parks"]]
    assert 'aria-sort="' + ("descending" if order == "desc" else "ascending") + '"' in html


def test_park_twin_is_explain(server):
    """The park page's twin carries parkstar explain's JSON unchanged (rated afresh from the
    sample files here), plus what the page adds around it."""
    explained = subprocess.run(
        [sys.executable, "-m", "parkstar", "explain", "changxing-xinneng", str(SAMPLE), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    expected = json.loads(explained.stdout)
    twin = server.request("/parks/changxing-xinneng.json").json()
    for key, value in expected.items():
        assert twin[key] == value, key
    assert twin["stars"] == EXPECTED["changxing-xinneng"] == 3
    holdings = {h["key"]: h for h in twin["holdings"]}
    assert len(holdings["enterprises"]["rows"]) > 20
    assert all(re.fullmatch(r"[0-9A-Z]{18}", row["values"][0]) for row in holdings["enterprises"]["rows"])
    html = server.request("/parks/changxing-xinneng", headers=HTML).text
    assert html.count('class="failure') == len(twin["failures"])
    for failure in twin["gap"]:
        anchor = failure["requirement"].split(":", 1)[1]
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
        assert unescape(failure["detail"]["zh"]) in unescape(html)
    for row in holdings["enterprises"]["rows"][:3]:
        assert row["name"]["zh"] in html and row["values"][0] in html


def test_park_by_its_iri(server):
    twin = server.request(f"/parks/{PARK_BASE}keqiao-qingfang.json").json()
    assert twin["id"] == "keqiao-qingfang" and twin["stars"] == 2
    page = server.request(f"/parks/{PARK_BASE}keqiao-qingfang", headers=HTML)
    assert page.status == 200 and "柯桥" in page.text


def test_unknown_park(server):
    page = server.request("/parks/no-such-park", headers=HTML)
    assert page.status == 404 and page.content_type.startswith("text/html")
    assert "no-such-park" in page.text and 'role="alert"' in page.text
    twin = server.request("/parks/no-such-park.json")
    assert twin.status == 404 and twin.content_type.startswith("application/json")
    assert twin.json()["error"]["en"] == "no park 'no-such-park'"
    assert server.request("/parks/no-such-park/report.ttl").status == 404


@pytest.mark.parametrize("park", ["ruian-tangxia", "yongjia-oubei", "yiwu-lugang"])
def test_report_is_a_shacl_validation_report(server, park):
    twin = server.request(f"/parks/{park}.json").json()
    reply = server.request(f"/parks/{park}/report.ttl")
    assert reply.status == 200 and reply.content_type.startswith("text/turtle")
    graph = Graph().parse(data=reply.text, format="turtle")
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(twin["failures"])
    assert graph.value(reports[0], SH.conforms) == Literal(not twin["failures"])
    assert graph.value(reports[0], PS.edition) == URIRef("https://w3id.org/parkstar/criteria/edition-1")
    expected = {(f["requirement"].split(":", 1)[1], f["level"]) for f in twin["failures"]}
    found = set()
    for result in results:
        assert graph.value(result, SH.focusNode) == URIRef(PARK_BASE + park)
        shape = graph.value(result, SH.sourceShape)
        found.add((str(shape).rsplit("/", 1)[1], graph.value(result, PS.level).toPython()))
        languages = {m.language for m in graph.objects(result, SH.resultMessage)}
        assert languages == {"zh", "en"}
        assert graph.value(result, PS.indicator) is not None
    assert found == expected


@pytest.mark.parametrize("park", ["keqiao-qingfang", "ruian-tangxia"])
def test_data_in_turtle_and_json_ld_is_the_same_graph(server, park):
    turtle = server.request(f"/parks/{park}/data.ttl")
    jsonld = server.request(f"/parks/{park}/data.jsonld")
    assert turtle.status == jsonld.status == 200
    assert jsonld.content_type.startswith("application/ld+json")
    assert "w3id.org/parkstar/context.jsonld" not in jsonld.text  # the context is embedded, never fetched
    a = Graph().parse(data=turtle.text, format="turtle")
    b = Graph().parse(data=jsonld.text, format="json-ld")
    assert len(a) > 100 and isomorphic(a, b)
    assert (URIRef(PARK_BASE + park), RDF.type, PS.Park) in a
    assert len(a) == server.request(f"/parks/{park}.json").json()["triples"]


def test_printable_page(server):
    reply = server.request("/parks/changxing-xinneng/print", headers=HTML)
    assert reply.status == 200
    assert "<nav" not in reply.text and 'id="matrix"' in reply.text
    assert "zj-star-1" in reply.text and re.search(r"\d{4}-\d{2}-\d{2}", reply.text)


def test_standard(server):
    data = server.request("/standard.json").json()
    assert len(data["cells"]) == 40
    cell = next(c for c in data["cells"] if c["indicator"] == 1 and c["level"] == 3)
    grade = next(r for r in cell["requirements"] if r["id"] == "psc:L3-performance-grade")
    failing = server.request("/parks.json", {"fails": "psc:L3-performance-grade"}).json()["count"]
    assert grade["parks_failing"] == failing > 0
    html = server.request("/standard", {"lang": "en"}, headers=HTML).text
    assert "grade B or better" in html and 'href="/parks?fails=psc:L3-performance-grade"' in html
    zh = server.request("/standard", {"lang": "zh"}, headers=HTML).text
    assert "B 档及以上" in zh
    table = download_rows(server.request("/standard.csv"))
    assert len(table) == 40 and any("B 档及以上" in r["clause_zh"] for r in table)


@pytest.mark.parametrize("table", ["stars", "cities", "categories", "blocking"])
def test_overview_tables_as_csv(server, table):
    rows = download_rows(server.request(f"/overview/{table}.csv"))
    data = server.request("/index.json").json()
    if table == "stars":
        assert {r["stars"]: int(r["parks"]) for r in rows} == data["stars"]
    elif table == "cities":
        assert sum(int(r["parks"]) for r in rows) == 15 and len(rows) == len(data["by_city"])
    elif table == "categories":
        assert {r["category"] for r in rows} == {"pscat:manufacturing", "pscat:other"}
    else:
        assert len(rows) == 40


def test_park_tables_as_csv(server):
    twin = server.request("/parks/ruian-tangxia.json").json()
    failures = download_rows(server.request("/parks/ruian-tangxia/failures.csv"))
    assert [(r["requirement"], r["outcome"]) for r in failures] == [
        (f["requirement"], f["outcome"]) for f in twin["failures"]
    ]
    assert any("76.3" in r["detail_zh"] for r in failures)  # 5★ share: 76.3 % < 80 %
    for holding in twin["holdings"]:
        rows = download_rows(server.request(f"/parks/ruian-tangxia/{holding['key']}.csv"))
        assert [r["iri"] for r in rows] == [row["node"] for row in holding["rows"]]
    services = download_rows(server.request("/parks/ruian-tangxia/services.csv", {"lang": "en"}))
    assert "free" in {r["ps:feeBasis"] for r in services}  # code-list labels in the page's language
    assert server.request("/parks/ruian-tangxia/nothing.csv").status == 404


def test_parks_table_in_pages(server):
    """A page of the table, its twin the same page; the CSV has every filtered row."""
    every = [p["id"] for p in server.request("/parks.json", {"sort": "stars", "order": "desc"}).json()["parks"]]
    seen = []
    for page in (1, 2, 3, 4):
        params = {"sort": "stars", "order": "desc", "per_page": "4", "page": str(page)}
        data = server.request("/parks.json", params).json()
        assert (data["page"], data["pages"], data["count"]) == (page, 4, 15)
        html = server.request("/parks", params, headers=HTML).text
        assert rows_of(html) == [p["id"] for p in data["parks"]]
        seen += rows_of(html)
    assert seen == every
    assert 'rel="next"' in server.request("/parks", {"per_page": "4"}, headers=HTML).text
    table = download_rows(server.request("/parks.csv", {"per_page": "4", "page": "2"}))
    assert len(table) == 15
    assert server.request("/parks.json", {"page": "99", "per_page": "x"}).json()["page"] == 1


def test_standard_cell_counts_parks_failing_any_of_its_requirements(server):
    cells = server.request("/standard.json").json()["cells"]
    for cell in cells:
        failing = set()
        for requirement in cell["requirements"]:
            rows = server.request("/parks.json", {"fails": requirement["id"]}).json()["parks"]
            assert len(rows) == requirement["parks_failing"]
            failing |= {p["id"] for p in rows}
        assert cell["parks_failing"] == len(failing), (cell["indicator"], cell["level"])
    yongkang = next(c for c in cells if (c["indicator"], c["level"]) == (1, 3))
    assert yongkang["parks_failing"] >= 1  # yongkang-wujin's grade C fails 3★'s grade B
