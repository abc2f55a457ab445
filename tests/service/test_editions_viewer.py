"""The editions pages on the real server over the sample store: the catalog, a diff equal
to the CLI's, an impact equal to impact_of() on the same data, a park rated on the fly
under another edition, what-if with its checks, and a sandbox saved as a draft the CLI
then reads — into the session's copy of editions/, never into the repo. Then the same
path in a real browser."""

import json
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
OLD, NEW = "zj-star-1", "zj-star-2-draft"
# xiaoshan-shuchuang ("other" park, 3★) has 38,500 m²: 3★ floor area 20,000 → 40,000 moves it to 2★.
# (3★ land area moves no sample park: every 3★+ manufacturing park also passes on floor area.)
FLOOR = "psc:L3-scale-other|ps:floorAreaSqm sh:minInclusive"
MOVED, CAUSE = "xiaoshan-shuchuang", "psc:L3-scale-other"


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _git_status() -> str:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True)
    return status.stdout.decode() if status.returncode == 0 else ""  # not a git checkout: the folder check remains


@pytest.fixture(scope="module", autouse=True)
def repo_untouched():
    """Nothing the tests do may write into the repo (drafts go to the session's copy)."""
    before = (_files(ROOT / "editions"), _git_status())
    yield
    assert (_files(ROOT / "editions"), _git_status()) == before


@pytest.fixture(scope="module")
def sample_data():
    from parkstar.rdf.reading import rdf_files, read_quads

    return read_quads(rdf_files([SAMPLE]))


def _what_if(server, fields: dict, **extra: str):
    form = server.request("/standard/what-if.json").json()
    body = urllib.parse.urlencode({"csrf": form["csrf"], "base": OLD, **fields, **extra}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return server.request("/standard/what-if.json", data=body, headers=headers, timeout=120)


def test_the_editions_page_lists_the_three_editions_with_their_diffs(server):
    data = server.request("/editions.json").json()
    ids = {e["id"] for e in data["editions"]}
    assert ids == {OLD, NEW, "zj-star-1-hangzhou-example"}
    draft = next(e for e in data["editions"] if e["id"] == NEW)
    assert draft["diff"] == f"/editions/diff?from={OLD}&to={NEW}" and draft["draft"] is True
    assert all("folder" not in e for e in data["editions"])  # no server path shown
    page = server.request("/editions", {"lang": "en"}).text
    assert f'href="/editions/diff?from={OLD}&amp;to={NEW}"' in page and "illustrative" in page


def test_the_diff_lists_exactly_the_changes_of_the_cli(server):
    from parkstar.cli import main

    result = CliRunner().invoke(main, ["criteria", "diff", OLD, NEW, "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = json.loads(result.output)
    data = server.request("/editions/diff.json", {"from": OLD, "to": NEW}).json()
    assert data["changes"] == expected and data["count"] == len(expected) > 0
    csv = server.request("/editions/diff.csv", {"from": OLD, "to": NEW})
    assert csv.status == 200 and csv.text.lstrip("\ufeff").count("\r\n") == len(expected) + 1
    page = server.request("/editions/diff", {"from": OLD, "to": NEW}).text
    assert "60" in page and "psc:L3-scale-manufacturing" in page
    assert server.request("/editions/diff.json", {"from": OLD, "to": "nope"}).status == 404


def test_the_impact_equals_impact_of_on_the_same_data_and_is_cached(server, sample_data):
    from parkstar.editions import impact_of

    expected = impact_of(OLD, NEW, sample_data).as_dict()
    first = server.request("/editions/impact.json", {"from": OLD, "to": NEW}, timeout=120).json()
    impact = first["impact"]
    assert impact["matrix"] == expected["matrix"] and impact["parks"] == 15
    assert [c["park"] for c in impact["changes"]] == [c["park"] for c in expected["changes"]] != []
    for change in impact["changes"]:
        assert change["causes"], change
        assert change["href_after"] == f"/parks/{change['id']}?edition={NEW}"
    again = server.request("/editions/impact.json", {"from": OLD, "to": NEW}).json()
    assert again["cached"] is True and again["impact"]["matrix"] == impact["matrix"]
    page = server.request("/editions/impact", {"from": OLD, "to": NEW}).text
    assert 'id="chart-matrix"' in page and "psc:L5-operations-carbon-plan" in page


def test_a_park_rated_on_the_fly_under_the_draft_equals_rating_its_data_under_the_draft(server, sample_data):
    from parkstar.editions import load_catalog
    from parkstar.engine import Rater

    park = "shengzhou-jingchuang"
    direct = next(r for r in Rater(load_catalog().criteria(NEW)).rate(sample_data) if str(r.park).endswith(f"/{park}"))
    data = server.request(f"/parks/{park}.json", {"edition": NEW}).json()
    assert data["on_the_fly"] is True and data["edition"] == NEW
    assert data["stars"] == direct.stars == 4  # loses 5★ for want of a carbon-management plan
    assert data["levels"] == {str(level): direct.level_outcome(level).value for level in direct.levels}
    stored = server.request(f"/parks/{park}.json").json()
    assert stored["stars"] == 5 and stored["on_the_fly"] is False
    page = server.request(f"/parks/{park}", {"edition": NEW}).text
    assert "即时评定" in page and NEW in page
    assert server.request(f"/parks/{park}.json", {"edition": "nope"}).status == 404


def test_what_if_names_the_park_it_moves_and_the_criterion(server):
    reply = _what_if(server, {FLOOR: "40000"})
    assert reply.status == 200, reply.text
    impact = reply.json()["impact"]
    moved = {c["id"]: c for c in impact["changes"]}
    assert set(moved) == {MOVED}
    assert (moved[MOVED]["stars_before"], moved[MOVED]["stars_after"]) == (3, 2)
    assert [c["requirement"] for c in moved[MOVED]["causes"]] == [CAUSE]
    published = server.request("/editions/impact.json", {"from": OLD, "to": OLD}).json()["impact"]
    assert published["changes"] == []  # the published edition is unchanged


@pytest.mark.parametrize(("value", "message"), [("abc", "is not a number"), ("-5", "cannot be negative")])
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_computed(server, value, message):
    reply = _what_if(server, {FLOOR: value})
    assert reply.status == 422
    data = reply.json()
    assert data["impact"] is None
    field = next(f for f in data["fields"] if f["name"] == FLOOR)
    assert message in field["error"]["en"] and field["error"]["zh"]
    assert all(f["error"] is None for f in data["fields"] if f["name"] != FLOOR)
    form = server.request("/standard/what-if.json").json()
    body = urllib.parse.urlencode({"csrf": form["csrf"], "base": OLD, FLOOR: value, "lang": "en"}).encode()
    page = server.request(
        "/standard/what-if?lang=en", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    row = re.search(r'<tr id="field-[^"]*" data-field="' + re.escape(FLOOR) + r'".*?</tr>', page.text, re.S)
    assert page.status == 422 and message in row.group(0) and 'id="impact"' not in page.text


def test_a_post_without_a_valid_token_is_refused(server):
    body = urllib.parse.urlencode({"csrf": "forged", "base": OLD, FLOOR: "40000"}).encode()
    reply = server.request(
        "/standard/what-if.json", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert reply.status == 400 and reply.json()["impact"] is None


def test_save_as_draft_writes_an_edition_the_cli_reads(server, editions_dir, monkeypatch):
    from parkstar import paths
    from parkstar.cli import main

    draft = "test-floor-40k"
    try:
        refused = _what_if(server, {FLOOR: "40000"}, action="save", draft="bad id!")
        assert refused.status == 422 and "letters, digits" in refused.json()["draft_error"]["en"]
        reply = _what_if(server, {FLOOR: "40000"}, action="save", draft=draft)
        assert reply.status == 200, reply.text
        assert reply.json()["saved"]["id"] == draft
        assert (editions_dir / draft / "edition.ttl").is_file()
        assert _what_if(server, {FLOOR: "40000"}, action="save", draft=draft).status == 422  # never overwrites

        monkeypatch.setattr(paths, "EDITIONS_DIR", editions_dir)
        listed = CliRunner().invoke(main, ["editions", "--format", "json"])
        assert draft in {e["id"] for e in json.loads(listed.output)}
        diff = CliRunner().invoke(main, ["criteria", "diff", OLD, draft, "--format", "json"])
        changes = [(c["kind"], c["subject"], c["aspect"], c["old"], c["new"]) for c in json.loads(diff.output)]
        assert changes == [("threshold_changed", CAUSE, "ps:floorAreaSqm sh:minInclusive", 20000, 40000)]
        assert draft in {e["id"] for e in server.request("/editions.json").json()["editions"]}
    finally:
        shutil.rmtree(editions_dir / draft, ignore_errors=True)


def test_in_the_browser_change_a_threshold_save_and_open_the_report_under_the_draft(web, editions_dir):
    page = web.page
    draft = "browser-floor-40k"
    try:
        page.goto("/standard")
        page.locator("#what-if-link").click()
        expect(page.locator("h1")).to_contain_text("假设分析")
        page.locator(f'tr[data-field="{FLOOR}"] input').fill("40000")
        page.locator("#draft").fill(draft)
        page.locator("#save").click()
        expect(page.locator("#saved")).to_contain_text(draft)
        row = page.locator(f'#moved-parks tr[data-park="{MOVED}"]')
        expect(row).to_contain_text("3★ → 2★")
        expect(row.locator(f'li[data-requirement="{CAUSE}"]')).to_be_visible()
        expect(page.locator("#chart-matrix")).to_have_attribute("data-ready", "true")
        row.locator("a.report-after").click()
        expect(page).to_have_url(re.compile(f"/parks/{MOVED}\\?edition={draft}$"))
        expect(page.locator("#on-the-fly")).to_contain_text(draft)
        expect(page.locator(".park-stars strong")).to_contain_text("2")
        page.locator("#lang-switch").click()
        expect(page.locator("#on-the-fly")).to_contain_text("Rated on the fly under edition")
    finally:
        shutil.rmtree(editions_dir / draft, ignore_errors=True)
