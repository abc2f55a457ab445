"""The SPARQL editor (/query): every example query answers with rows through the real
endpoint, in JSON and CSV; the page lists them, loads one on a click, runs it and shows a
table, offers the CSV, and switches language — in a real browser, with no outside request."""

import csv
import io
import urllib.parse

import pytest

from service.examples import QUERIES, examples, read_example

EXAMPLES = examples()


def test_there_are_a_dozen_examples_with_titles_in_both_languages():
    assert len(EXAMPLES) >= 12
    assert len({e.name for e in EXAMPLES}) == len(EXAMPLES)
    for example in EXAMPLES:
        assert example.title["zh"] and example.title["en"] and example.description["zh"]
        assert example.description["en"]


def test_a_query_file_without_its_header_is_refused(tmp_path):
    from parkstar.errors import ParkstarError

    bad = tmp_path / "99-bare.rq"
    bad.write_text("# title-zh: 只有中文标题\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(ParkstarError) as raised:
        read_example(bad)
    assert "title-en" in raised.value.en and "description-zh" in raised.value.en
    assert read_example(QUERIES / f"{EXAMPLES[0].name}.rq") == EXAMPLES[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_every_example_returns_rows_in_json_and_csv(server, example):
    reply = server.query(example.query, accept="application/sparql-results+json")
    assert reply.status == 200, reply.text
    bindings = reply.json()["results"]["bindings"]
    assert len(bindings) >= 1
    assert reply.headers["x-parkstar-truncated"] == "false"
    table = server.query(example.query, format="csv")
    assert table.status == 200 and table.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert len(rows) - 1 == len(bindings)


def test_the_one_short_example_finds_the_near_miss_park(server):
    query = next(e for e in EXAMPLES if e.name.endswith("one-short-of-next-star")).query
    rows = server.query(query, accept="application/sparql-results+json").json()["results"]["bindings"]
    missing = {r["park"]["value"].rsplit("/", 1)[-1]: r["missing"]["value"] for r in rows}
    assert missing["changxing-xinneng"].endswith("/L4-specialisation-share")  # 69.7 % < 70 %
    assert missing["yongkang-wujin"].endswith("/L3-performance-grade")  # grade C


def test_the_json_twin_lists_the_examples(server):
    reply = server.request("/query.json")
    assert reply.status == 200
    listed = reply.json()["examples"]
    assert [e["name"] for e in listed] == [e.name for e in EXAMPLES]
    assert listed[0]["title"] == EXAMPLES[0].title and listed[0]["query"] == EXAMPLES[0].query


def test_an_unknown_example_is_404(server):
    assert server.request("/query", {"example": "no-such-query"}).status == 404


def test_the_editor_runs_an_example_in_a_browser(web, server):
    page = web.page
    page.goto("/query")
    example = EXAMPLES[1]
    page.click(f"button[data-example='{example.name}']")
    page.wait_for_function(
        "name => window.parkstarQuery.yasqe.getValue().includes(name)", arg=example.query.splitlines()[-1]
    )
    assert page.text_content("#example-description") == example.description["zh"]
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr")
    assert page.locator(".yasr table tbody tr").count() >= 1
    assert "changxing-xinneng" in page.text_content(".yasr table")

    href = page.get_attribute("#csv-link", "href")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["query"][0]
    assert query == example.query
    with page.expect_download() as download:
        page.click("#csv-link")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0][:2] == ["cityCode", "park"] and len(rows) >= 2

    page.click("#lang-switch")
    page.wait_for_selector(f"button[data-example='{example.name}']")
    assert page.text_content(f"button[data-example='{example.name}']").strip() == example.title["en"]
