"""report.html rendered in a real headless Chromium: charts drawn, tables filled, Chinese glyphs from a CJK font, no errors."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = shutil.which("chromium") or (Path("/usr/bin/chromium") if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: .ci/run installs Debian's chromium; "
                                                         "run `apt-get install chromium fonts-noto-cjk` to render report.html in a browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def run_dir(demo_run):
    return demo_run


@pytest.fixture(scope="module")
def page(run_dir):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        tab.errors, tab.requests = [], []
        tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on("request", lambda request: tab.requests.append(request.url))
        tab.goto((run_dir / "report.html").resolve().as_uri())
        tab.wait_for_load_state("load")
        yield tab
        browser.close()


def test_no_errors_and_no_network(page):
    assert page.errors == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def test_charts_are_drawn(page):
    boxes = [chart.bounding_box() for chart in page.locator("svg.chart").all()]
    assert len(boxes) == 4
    assert all(box["width"] > 200 and box["height"] > 100 for box in boxes)
    assert page.locator("svg.chart").first.get_attribute("aria-label") == "各规则合规率"


def test_tables_are_filled(page, run_dir):
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert page.locator("#rules-table tbody tr").count() == len(summary["rules"])
    staff = pd.read_csv(run_dir / "scorecards" / "staff.csv")
    assert page.locator("#staff-index tbody tr").count() == len(staff)
    assert page.locator("#overall").inner_text() == f"{summary['compliance']:.1%}"


def test_chinese_is_drawn_with_a_cjk_font(page):
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    heading = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    cjk = [f for f in fonts if any(word in f["familyName"] for word in ("CJK", "Han", "Hei", "YaHei", "PingFang"))]
    assert cjk and sum(f["glyphCount"] for f in cjk) >= len("客户服务标准合规检查报告"), fonts


def test_one_filter_for_the_whole_page(page):
    rows = page.locator("#staff-index tbody tr")
    first_id = rows.first.locator("td").first.inner_text()
    page.fill("#filter-text", first_id)
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) >= 1 and all(first_id in r.inner_text() for r in visible)
    page.click("#filter-clear")
    site = page.locator("#filter-site option").nth(1).get_attribute("value")
    page.select_option("#filter-site", site)
    shown = [r.locator("td").nth(3).inner_text() for r in rows.all() if r.is_visible()]
    assert shown and set(shown) == {site}  # the staff index shows that site's people only
    other_pages = page.locator(f"section.staff-page:not([data-site='{site}'])")
    assert other_pages.count() > 0 and not any(p.is_visible() for p in other_pages.all())
    rule = page.locator("#filter-rule option").nth(1).get_attribute("value")
    page.select_option("#filter-rule", rule)
    assert page.locator(f"#rule-{rule}").is_visible()
    assert not any(s.is_visible() for s in page.locator(f"section.rule:not([data-rule='{rule}'])").all())
    cases = [r for r in page.locator("section.rule tbody tr.f").all() if r.is_visible()]
    assert all(r.get_attribute("data-site") == site and r.get_attribute("data-rule") == rule for r in cases)
    page.click("#filter-clear")
    assert all(r.is_visible() for r in rows.all())


def test_sort_works(page):
    page.locator("#staff-index thead th").nth(4).click()  # score, ascending
    scores = [float(t) for t in page.locator("#staff-index tbody tr td:nth-child(5)").all_inner_texts() if t.strip()]
    assert scores == sorted(scores)


def _below_the_navigation(page, selector):
    nav = page.locator("nav").bounding_box()
    box = page.locator(selector).bounding_box()
    return box["y"] >= nav["y"] + nav["height"] - 1 and box["y"] + box["height"] <= 1000


def _follow_first_overview_link(page, prefix):
    """Click the overview's first link to an anchor starting with prefix, from the top of the page: its href."""
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator(f"section#overview table a[href^='{prefix}']").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_timeout(200)
    return target


def test_a_worst_site_link_lands_on_the_site_section(page):
    target = _follow_first_overview_link(page, "#site-")
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target} h3").is_visible() and _below_the_navigation(page, f"{target} h3")


def test_a_person_jumped_to_is_not_hidden_under_the_navigation(page):
    target = _follow_first_overview_link(page, "#staff-")
    assert _below_the_navigation(page, f"{target} h3")


def test_chart_text_is_readable(page):
    """Every text of every chart renders at least 11 px tall on a 1280 px screen (7–8 px was unreadable)."""
    heights = page.evaluate("""Array.from(document.querySelectorAll('svg.chart text')).map(t => t.getBoundingClientRect().height)
                              .filter(h => h > 0)""")
    assert heights and min(heights) >= 11, sorted(heights)[:5]
