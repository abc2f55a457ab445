"""The viewer in a real browser (Debian's chromium, every request off the server blocked,
every script error failing the test): the charts render, a click on the heat map or its
table leads to the parks table, a park, and the criterion that keeps it from its next
star — three clicks — the language switch, and the CSV download button."""

import csv
import io
import re

from playwright.sync_api import expect

# changxing-xinneng (3★) lacks only 4★'s leading-industry share (indicator 4): 69.7 % < 70 %
PARK = "changxing-xinneng"
SHARE = "psc:L4-specialisation-share"


def test_three_clicks_from_the_overview_to_why_a_park_lacks_its_next_star(web):
    page = web.page
    page.goto("/")
    for chart in ("stars", "cities", "categories", "blocking"):
        expect(page.locator(f"#chart-{chart} svg").first).to_be_attached()
    expect(page.locator("#chart-blocking")).to_have_attribute("data-ready", "true")

    page.locator('#table-blocking a[href*="next=4"][href*="blocks=4"]').click()  # 1
    expect(page).to_have_url(re.compile(r"/parks\?next=4&blocks=4$"))
    row = page.locator(f'#parks-table tr[data-park="{PARK}"]')
    expect(row).to_be_visible()
    row.locator("a").first.click()  # 2
    expect(page).to_have_url(re.compile(f"/parks/{PARK}$"))
    gap = page.locator("#gap")
    expect(gap).to_be_in_viewport()
    expect(gap.locator(f'li[data-requirement="{SHARE}"]')).to_contain_text("70%")

    page.locator('#matrix td[data-indicator="4"][data-level="4"] a').click()  # 3
    expect(page).to_have_url(re.compile(r"#cell-4-4$"))
    failure = page.locator(f'article[data-requirement="{SHARE}"]')
    expect(failure).to_be_in_viewport()
    expect(failure.locator(".clause")).to_contain_text("主导产业及关联产业规模占园区总量的比重不低于70%")
    expect(failure.locator(".detail")).to_contain_text("69.7")


def test_a_heat_map_cell_opens_the_parks_it_counts(web):
    """A click on the chart itself, at the position ECharts drew the cell indicator 8 → 2★:
    jiangshan-mumen (1★) lacks only 2★'s park-management platform."""
    page = web.page
    page.goto("/")
    chart = page.locator("#chart-blocking")
    expect(chart).to_have_attribute("data-ready", "true")
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-blocking'));
            const data = JSON.parse(document.getElementById('overview-data').textContent);
            const levels = [...new Set(data.blocking.map(c => c.level))];
            const indicators = [...new Set(data.blocking.map(c => c.indicator))];
            return chart.convertToPixel({seriesIndex: 0}, [levels.indexOf(2), indicators.indexOf(8)]);
        }"""
    )
    box = chart.bounding_box()  # in the viewport, where the mouse clicks
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"/parks\?next=2&blocks=8$"))
    expect(page.locator("#parks-table tbody tr")).to_have_count(1)
    expect(page.locator('#parks-table tr[data-park="jiangshan-mumen"]')).to_be_visible()


def test_language_switch_keeps_the_page(web):
    page = web.page
    page.goto(f"/parks/{PARK}")
    expect(page.locator("#gap h2")).to_contain_text("升至")
    page.locator("#lang-switch").click()
    expect(page).to_have_url(re.compile(f"/parks/{PARK}\\?lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#gap h2")).to_contain_text("What it lacks for 4★")
    expect(page.locator(f'li[data-requirement="{SHARE}"] .clause')).to_contain_text("leading + related")
    page.goto("/standard")  # the cookie remembers the choice
    expect(page.locator("h1")).to_have_text("The standard")


def test_download_the_filtered_parks_table_as_csv(web):
    page = web.page
    page.goto("/parks?stars=3&sort=name")
    shown = page.locator("#parks-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.park)")
    assert len(shown) == 4
    with page.expect_download() as info:
        page.locator('a[data-download="csv"]').click()
    download = info.value
    assert download.suggested_filename == "parks.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == shown
    assert {r["stars"] for r in rows} == {"3"}
    assert any("长兴" in r["name_zh"] for r in rows)


def test_facets_filter_on_the_server(web):
    page = web.page
    page.goto("/parks")
    page.locator('select[name="city"]').select_option("region:330300")
    page.locator('form.facets button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"city=region%3A330300"))
    expect(page.locator("#parks-table tbody tr")).to_have_count(2)
    expect(page.locator("#active-filters")).to_contain_text("温州市")


def test_an_unknown_park_is_a_page_saying_so(web):
    page = web.page
    response = page.goto("/parks/no-such-park")
    assert response.status == 404
    expect(page.locator('[role="alert"]')).to_contain_text("no-such-park")
    expect(page.locator("header.site nav")).to_be_visible()  # the reader can go on from here
    # chromium reports the page's own 404 on the console; nothing else may be there
    assert [e for e in web.errors if "404" not in e] == []
    web.errors.clear()


def test_a_star_bar_opens_the_parks_with_those_stars(web):
    page = web.page
    page.goto("/")
    chart = page.locator("#chart-stars")
    expect(chart).to_have_attribute("data-ready", "true")
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart-stars'))
                  .convertToPixel({seriesIndex: 0}, [3, 1])"""  # inside the 3★ bar (4 parks)
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"/parks\?stars=3$"))
    expect(page.locator("#parks-table tbody tr")).to_have_count(4)
