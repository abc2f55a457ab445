"""/check on the real server: a workbook and RDF files are rated in memory (the ratings
those files should get), a broken file is refused with its problems located (422, no
traceback), a too-large upload is a clear 413 — and the store never changes."""

import csv
import json
import uuid
from pathlib import Path

import openpyxl
import pytest

from tests.service.conftest import ROOT, SAMPLE

WORKBOOK = ROOT / "data" / "sample-workbook.xlsx"
TWINS = ROOT / "data" / "workbook-twins"
EXPECTED = {row["park"]: int(row["stars"]) for row in csv.DictReader((SAMPLE / "expected-ratings.csv").open())}
STORE_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def upload(server, name: str, content: bytes, accept: str = "application/json", path: str = "/check"):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": accept}
    return server.request(path, data=body, headers=headers, method="POST", timeout=120)


def store_size(server) -> int:
    reply = server.query(STORE_SIZE, accept="application/sparql-results+json")
    return int(reply.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def size_before(server) -> int:
    return store_size(server)


def stars(reply) -> dict[str, int]:
    return {r["park"]: r["stars"] for r in reply.json()["result"]["ratings"]}


def test_the_form(server):
    reply = server.request("/check", headers={"Accept": "text/html"})
    assert reply.status == 200
    assert 'enctype="multipart/form-data"' in reply.text and 'type="file"' in reply.text


@pytest.mark.parametrize("name", ["changxing-xinneng.ttl", "yongjia-oubei.ttl", "shengzhou-jingchuang.ttl"])
def test_a_sample_park_is_rated_as_expected(server, size_before, name):
    reply = upload(server, name, (SAMPLE / name).read_bytes())
    assert reply.status == 200, reply.text
    result = reply.json()["result"]
    assert result["accepted"] and result["kind"] == "rdf"
    assert stars(reply) == {park: EXPECTED[park] for park in stars(reply)}
    rating = result["ratings"][0]
    assert len(rating["matrix"]) == 40
    if rating["next_level"]:
        assert rating["gap"] and all(g["level"] == rating["next_level"] for g in rating["gap"])


def test_the_near_miss_shows_actual_and_required_values(server):
    reply = upload(server, "changxing-xinneng.ttl", (SAMPLE / "changxing-xinneng.ttl").read_bytes(), "text/html")
    assert reply.status == 200
    page = reply.text
    assert 'data-stars="3"' in page
    assert "69.72" in page and "70" in page  # the gap: leading-industry share 69.72 %, needs ≥ 70 %
    assert "psc:L4-specialisation-share" in page


def test_the_workbook_rates_like_its_turtle_twins(server):
    reply = upload(server, WORKBOOK.name, WORKBOOK.read_bytes())
    assert reply.status == 200, reply.text
    assert reply.json()["result"]["kind"] == "workbook"
    from_workbook = stars(reply)
    from_twins: dict[str, int] = {}
    for twin in sorted(TWINS.glob("*.ttl")):
        from_twins |= stars(upload(server, twin.name, twin.read_bytes()))
    assert from_workbook == from_twins
    assert sorted(from_workbook.values()) == [2, 3, 5]  # as the twins' comments intend


def test_json_ld_and_the_json_suffix(server):
    from rdflib import Graph

    turtle = (SAMPLE / "keqiao-qingfang.ttl").read_text(encoding="utf-8")
    jsonld = Graph().parse(data=turtle, format="turtle").serialize(format="json-ld")
    reply = upload(server, "keqiao.jsonld", jsonld.encode(), accept="text/html", path="/check.json")
    assert reply.status == 200 and reply.content_type.startswith("application/json")
    assert stars(reply) == {"https://w3id.org/parkstar/id/park/keqiao-qingfang": 2}


@pytest.mark.parametrize("suffix,fmt", [(".nt", "nt"), (".rdf", "xml"), (".trig", "trig"), (".nq", "nquads")])
def test_every_rdf_format_rates_the_same(server, suffix, fmt):
    from rdflib import Dataset, Graph

    graph = Graph().parse(SAMPLE / "jiangshan-mumen.ttl", format="turtle")
    if fmt in ("trig", "nquads"):  # the park in a named graph of a dataset
        dataset = Dataset()
        named = dataset.graph("https://w3id.org/parkstar/id/graph/upload")
        for triple in graph:
            named.add(triple)
        text = dataset.serialize(format=fmt)
    else:
        text = graph.serialize(format=fmt)
    reply = upload(server, f"jiangshan{suffix}", text.encode("utf-8"))
    assert reply.status == 200, reply.text
    assert stars(reply) == {"https://w3id.org/parkstar/id/park/jiangshan-mumen": 1}


def test_an_rdf_syntax_error_is_located(server):
    text = (SAMPLE / "nanhu-kechuang.ttl").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "ps:landAreaMu" in t)
    text[line - 1] = text[line - 1].replace("ps:landAreaMu", "ps:landAreaMu ;; oops")
    reply = upload(server, "broken.ttl", "\n".join(text).encode())
    assert reply.status == 422
    result = reply.json()["result"]
    assert not result["accepted"] and result["ratings"] == []
    problem = result["problems"][0]
    assert problem["severity"] == "error" and problem["line"] == line
    assert f"broken.ttl line {line}" in problem["where"]["en"] and f"第 {line} 行" in problem["where"]["zh"]
    page = upload(server, "broken.ttl", "\n".join(text).encode(), accept="text/html")
    assert page.status == 422 and "Traceback" not in page.text and f"broken.ttl 第 {line} 行" in page.text
    assert str(Path("/tmp")) not in page.text and "parkstar-check-" not in page.text  # no server path


def test_an_invalid_credit_code_in_turtle_is_located(server):
    text = (SAMPLE / "qingtian-jinkou.ttl").read_text(encoding="utf-8")
    first = text.index('ps:creditCode "') + len('ps:creditCode "')
    code = text[first : first + 18]
    broken = text[:first] + code[:-1] + ("0" if code[-1] != "0" else "1") + text[first + 18 :]
    line = broken[:first].count("\n") + 1
    reply = upload(server, "qingtian.ttl", broken.encode())
    assert reply.status == 422
    errors = [p for p in reply.json()["result"]["problems"] if p["severity"] == "error"]
    assert errors and errors[0]["line"] is not None and abs(errors[0]["line"] - line) <= 12
    assert errors[0]["message"]["zh"] and errors[0]["message"]["en"]


def test_a_broken_workbook_lists_sheet_row_and_column(server, tmp_path):
    book = openpyxl.load_workbook(WORKBOOK)
    book["入驻企业"]["C3"] = "not-a-credit-code"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    reply = upload(server, broken.name, broken.read_bytes())
    assert reply.status == 422
    errors = [p for p in reply.json()["result"]["problems"] if p["severity"] == "error"]
    hit = next(p for p in errors if p["row"] == 3 and p["column"] == "C")
    assert hit["found"] == "not-a-credit-code" and hit["expected"]["zh"] and hit["expected"]["en"]
    assert "row 3" in hit["where"]["en"] and "第 3 行" in hit["where"]["zh"]
    page = upload(server, broken.name, broken.read_bytes(), accept="text/html")
    assert page.status == 422 and "not-a-credit-code" in page.text and "Traceback" not in page.text


def test_not_a_workbook_and_an_unknown_type(server):
    reply = upload(server, "fake.xlsx", b"this is not a zip file")
    assert reply.status == 422 and reply.json()["result"]["problems"][0]["severity"] == "error"
    reply = upload(server, "notes.docx", b"whatever")
    assert reply.status == 415 and ".xlsx" in reply.json()["error"]["en"]
    reply = server.request("/check", data=b"", headers={"Accept": "application/json"}, method="POST")
    assert reply.status == 400


def test_too_large_an_upload_is_a_clear_413(server):
    reply = upload(server, "huge.ttl", b"#" * (17 * 1024 * 1024), accept="text/html")
    assert reply.status == 413
    assert "16 MB" in reply.text and "too large" in reply.text and "太大" in reply.text


def test_the_store_never_changes(server, size_before):
    upload(server, "changxing-xinneng.ttl", (SAMPLE / "changxing-xinneng.ttl").read_bytes())
    upload(server, WORKBOOK.name, WORKBOOK.read_bytes())
    assert store_size(server) == size_before
    parks = server.request("/api/parks").json()
    assert parks["count"] == 15  # none of the checked workbook's parks was stored
    assert "deqing-leidian" not in json.dumps(parks)


def test_upload_in_a_browser(web):
    page = web.page
    page.goto("/check")
    page.set_input_files("#check-file", str(SAMPLE / "linhai-duqiao.ttl"))
    page.click("#check-submit")
    page.wait_for_selector("article.checked-rating")
    assert page.get_attribute("article.checked-rating", "data-stars") == str(
        EXPECTED["https://w3id.org/parkstar/id/park/linhai-duqiao"]
    )
    assert page.locator("table.matrix tbody tr").count() == 8
    assert page.locator("ul.checklist li").count() >= 1
