"""The JSON twins on the real server, checked against the sample's expected ratings, and
the settings read from the environment."""

import csv
from pathlib import Path

import pytest

from parkstar.errors import ParkstarError
from service.config import load_settings
from service.ratings import city_code, park_id

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    row["park"]: int(row["stars"]) for row in csv.DictReader((ROOT / "data/sample/expected-ratings.csv").open())
}


def test_parks(server):
    reply = server.request("/api/parks")
    assert reply.status == 200 and reply.content_type.startswith("application/json")
    data = reply.json()
    assert data["count"] == 15
    assert {p["park"]: p["stars"] for p in data["parks"]} == EXPECTED
    first = data["parks"][0]
    assert set(first) >= {"park", "id", "name", "category", "region", "city", "stars", "pending_level"}
    assert set(first["name"]) == {"zh", "en"}
    assert [p["park"] for p in data["parks"]] == sorted(EXPECTED)
    assert sum(1 for p in data["parks"] if p["pending_level"] is not None) == 2
    changxing = next(p for p in data["parks"] if p["id"] == "changxing-xinneng")
    assert changxing["region"] == "region:330522" and changxing["city"] == "region:330500"
    assert changxing["gap_indicators"] == [4]


@pytest.mark.parametrize(
    "key",
    [
        "changxing-xinneng",
        "https://w3id.org/parkstar/id/park/changxing-xinneng",
        "https:/w3id.org/parkstar/id/park/changxing-xinneng",
    ],
)
def test_one_park(server, key):
    reply = server.request(f"/api/parks/{key}")
    assert reply.status == 200
    data = reply.json()
    assert data["park"] == "https://w3id.org/parkstar/id/park/changxing-xinneng"
    assert data["stars"] == 3 and data["next_level"] == 4
    assert len(data["matrix"]) == 40
    assert [f["indicator"] for f in data["gap"]] == [4]
    assert "70" in data["gap"][0]["detail"]["en"]


def test_one_park_is_the_documented_json(server):
    """Same fields as `parkstar explain --format json` (docs/json-output.md)."""
    data = server.request("/api/parks/ruian-tangxia").json()
    assert list(data) == [
        "park",
        "name",
        "category",
        "category_label",
        "region",
        "stars",
        "pending_level",
        "next_level",
        "levels",
        "matrix",
        "failures",
        "gap",
    ]
    assert data["stars"] == 4 and data["gap"]
    assert all({"requirement", "clause", "outcome", "name", "message"} <= set(f) for f in data["failures"])


def test_unknown_park_is_a_json_404(server):
    reply = server.request("/api/parks/no-such-park")
    assert reply.status == 404 and reply.content_type.startswith("application/json")
    assert set(reply.json()["error"]) == {"zh", "en"}
    missing = server.request("/api/nothing-here")
    assert missing.status == 404 and missing.json()["status"] == 404


def test_overview(server):
    data = server.request("/api/overview").json()
    assert data["parks"] == 15 and data["pending"] == 2
    expected = {str(level): list(EXPECTED.values()).count(level) for level in range(6)}
    assert data["stars"] == expected
    assert len(data["by_city"]) == 11  # the sample has a park in each of Zhejiang's 11 cities
    assert sum(c["parks"] for c in data["by_city"]) == 15
    huzhou = next(c for c in data["by_city"] if c["city"] == "region:330500")
    assert huzhou["name"] == {"zh": "湖州市", "en": "Huzhou"}
    assert {c["category"] for c in data["by_category"]} == {"pscat:manufacturing", "pscat:other"}
    assert sum(c["parks"] for c in data["by_category"]) == 15
    for group in data["by_city"] + data["by_category"]:
        assert sum(group["stars"].values()) == group["parks"]
    assert len(data["blocking"]) == 40
    at_4 = {b["indicator"]: b for b in data["blocking"] if b["level"] == 4}
    assert at_4[4]["not_met"] >= 1  # changxing-xinneng: leading-industry share just under 70 %


def test_city_code_and_park_id():
    from rdflib import URIRef

    assert city_code(URIRef("https://w3id.org/parkstar/code/region/330522")) == "330500"
    assert city_code(None) is None
    assert park_id(URIRef("https://w3id.org/parkstar/id/park/yiwu-lugang")) == "yiwu-lugang"


def test_settings_from_the_environment(tmp_path):
    settings = load_settings(
        environ={
            "PARKSTAR_STORE": str(tmp_path),
            "PARKSTAR_QUERY_TIMEOUT": "2.5",
            "PARKSTAR_ROW_LIMIT": "100",
            "SECRET_KEY": "s",
            "PORT": "9000",
        }
    )
    assert (settings["STORE"], settings["QUERY_TIMEOUT"], settings["ROW_LIMIT"]) == (str(tmp_path), 2.5, 100)
    assert (settings["SECRET_KEY"], settings["PORT"], settings["QUERY_WORKERS"]) == ("s", 9000, 2)
    assert len(load_settings(environ={})["SECRET_KEY"]) == 64  # random when not set
    config = tmp_path / "parkstar.toml"
    config.write_text('query_timeout = 4\nrow_limit = 50\nstore = "/data/store"\n')
    from_file = load_settings(environ={"PARKSTAR_CONFIG": str(config), "PARKSTAR_ROW_LIMIT": "70"})
    assert (from_file["QUERY_TIMEOUT"], from_file["ROW_LIMIT"], from_file["STORE"]) == (4, 70, "/data/store")
    assert load_settings({"row_limit": 5}, environ={"PARKSTAR_ROW_LIMIT": "70"})["ROW_LIMIT"] == 5


@pytest.mark.parametrize(
    "environ", [{"PARKSTAR_ROW_LIMIT": "many"}, {"PARKSTAR_QUERY_TIMEOUT": "-1"}, {"PORT": "70000"}]
)
def test_bad_settings_are_explained(environ):
    with pytest.raises(ParkstarError) as error:
        load_settings(environ=environ)
    assert error.value.zh and error.value.en


def test_missing_store_is_explained(tmp_path):
    """Without a store the pages and the endpoint say so (503, both languages), no traceback."""
    from service import create_app

    app = create_app({"STORE": str(tmp_path / "no-store"), "QUERY_TIMEOUT": 5})
    try:
        client = app.test_client()
        page = client.get("/api/parks")
        assert page.status_code == 503 and "parkstar load" in page.get_json()["error"]["en"]
        query = client.get("/sparql", query_string={"query": "ASK {}"})
        assert query.status_code == 503 and b"Traceback" not in query.data
        assert client.get("/sparql").status_code == 200  # the service description still answers
    finally:
        app.extensions["parkstar"].close()
