"""The pages in a real browser: Debian's Chromium driven by Playwright against a live uvicorn server.

`make test` installs Chromium (apt-get) when /usr/bin/chromium is missing; these tests skip only when it could
not be installed. Playwright never downloads a browser here: it launches the system one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docs.screenshots import ARGS
from docs.screenshots import CHROMIUM as CHROMIUM_BINARY

CHROMIUM = Path(CHROMIUM_BINARY)
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not at /usr/bin/chromium: `make test` installs Debian's chromium with apt-get as root; "
    "it could not here (not root, no sudo, or no package archive)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, embedded_live: str) -> Iterator[Any]:
    """A fresh page at laptop width; any uncaught script error or failed request fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=embedded_live)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    # A download ends its navigation as ERR_ABORTED: that one is expected, any other failure is not.
    tab.on(
        "requestfailed",
        lambda req: None if req.failure == "net::ERR_ABORTED" else errors.append(f"{req.url}: {req.failure}"),
    )
    yield tab
    context.close()
    assert not errors, errors


def test_home_search_and_item(page: Any) -> None:
    page.goto("/")
    rows = page.locator("table.regimes tbody tr")
    regimes = {
        r["key"]: r for r in page.request.get("/regimes").json()
    }  # the API's answer, not a pinned count
    assert rows.count() == len(regimes)
    eu = rows.filter(has_text="eu-ai-act")
    assert (
        "Artificial Intelligence Act" in eu.inner_text()
        and str(regimes["eu-ai-act"]["items"]) in eu.inner_text()
    )
    page.fill("#q", "GOVERN 1.1")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/ui/search\?q=GOVERN"))
    page.click("ol.hits a:has-text('GOVERN 1.1')")
    page.wait_for_url(re.compile(r"/id/nist-ai-rmf/GOVERN-1\.1$"))
    assert page.inner_text("h1").startswith("GOVERN 1.1")
    assert "Legal and regulatory requirements involving AI" in page.inner_text("blockquote.official")
    groups = page.locator("section.group h3").all_inner_texts()
    assert any("Artificial Intelligence Act" in g for g in groups)
    assert page.get_attribute("a:has-text('Turtle')", "href") == "/id/nist-ai-rmf/GOVERN-1.1?format=turtle"


def test_regime_tree_expands_and_collapses(page: Any) -> None:
    page.goto("/ui/regimes/nist-ai-rmf")
    assert "NIST" in page.inner_text("h1")
    subcategory = page.locator("ul.tree a:has-text('GOVERN 1.1')")
    page.click("button[data-tree=open]")
    assert subcategory.is_visible()
    page.click("button[data-tree=close]")
    assert not subcategory.is_visible()
    summary = page.locator("ul.tree summary").first
    summary.focus()
    page.keyboard.press("Enter")  # a keyboard opens a branch
    assert page.locator("ul.tree a:has-text('GOVERN 1')").first.is_visible()


def test_item_page_shows_counterparts_with_derived_paths(page: Any) -> None:
    page.goto("/id/eu-ai-act/Article-9")
    assert page.inner_text("h1") == "Article 9 Risk management system"
    facts = page.inner_text("dl.facts")
    assert "eur-lex.europa.eu" in page.get_attribute("dl.facts a[rel=noopener]", "href")
    assert "eu-reuse-notice" in facts
    m593 = page.locator("section.group", has_text="M/593")
    assert "Item 1" in m593.inner_text()
    derived = page.locator("tr.derived").first
    assert "derived" in derived.inner_text() and "via" in derived.inner_text()
    page.click("details.more summary")
    assert "10. For providers of high-risk AI systems" in page.inner_text("blockquote.official")


def test_coverage_cell_links_to_its_mappings(page: Any) -> None:
    page.goto("/ui/coverage")
    cells = page.locator("figure.heatmap svg a")
    assert cells.count() > 20
    assert page.locator("table.standards tbody tr").count() == 10
    assert page.locator("table.standards .badge").first.inner_text() in {"covered", "gap"}
    page.click('figure.heatmap svg a[href="/ui/crosswalk?from=m593&to=eu-ai-act"] rect')
    page.wait_for_url(re.compile(r"/ui/crosswalk\?from=m593&to=eu-ai-act$"))
    table = page.inner_text("table.mappings")
    assert "Item 1" in table and "Article 9" in table
    assert page.locator("table.mappings tbody tr").count() >= 10


def test_gap_form_recruitment_provider_eu(page: Any) -> None:
    page.goto("/ui/gaps")
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('#gap-form input, #gap-form select, form.upload input, form.upload textarea')]"
        ".filter(el => el.type !== 'hidden' && el.labels.length === 0).map(el => el.name)"
    )
    assert unlabelled == []
    page.fill("#name", "CV screener")
    page.check("input[name=purposes][value=recruitment]")
    page.check("input[name=roles][value=provider]")
    page.check("input[name=markets][value=EU]")
    page.fill("#measure_addresses-1", "eu-ai-act:Article-10")
    page.click("#add-measure")
    assert page.locator("#measure-rows tbody tr").count() == 4
    page.fill("#measure_addresses-4", "nist-ai-rmf:MAP-1.1")
    page.select_option("#measure_status-4", "partial")
    page.click("button.primary")
    page.wait_for_selector("h1:has-text('Gap report: CV screener')")
    eu = page.locator("#regime-eu-ai-act")
    classification = eu.locator(".classification").inner_text()
    assert "high-risk" in classification and "Annex III, point 4(a)" in classification
    assert "recruitment" in classification
    article_9 = eu.locator("#req-eu-ai-act-Article-9")
    assert article_9.locator(".badge").first.inner_text() == "partly met"  # MAP-1.1 intersects it
    assert "nist-ai-rmf:MAP-1.1 intersectsWith eu-ai-act:Article-9" in article_9.inner_text()
    assert eu.locator("#req-eu-ai-act-Article-10 .badge").first.inner_text() == "met"
    article_12 = eu.locator("#req-eu-ai-act-Article-12")
    assert article_12.locator(".badge").first.inner_text() == "unmet"
    assert "Article 16" in article_12.inner_text()  # why it applies
    with page.expect_download() as download:
        page.click("button:has-text('Download CSV')")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("system_id,") and "eu-ai-act:Article-9" in csv_text


def test_gap_report_unmet_without_measures_and_json_download(page: Any) -> None:
    page.goto("/ui/gaps")
    for name, code in (("purposes", "recruitment"), ("roles", "provider"), ("markets", "EU")):
        page.check(f"input[name={name}][value={code}]")
    page.click("button.primary")
    row = page.locator("#req-eu-ai-act-Article-9")
    assert row.locator(".badge").inner_text() == "unmet"
    assert "no measure reaches it" in row.inner_text()
    with page.expect_download() as download:
        page.click("button:has-text('Download JSON')")
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    tiers = [t["tier"] for t in report["classification"]["eu-ai-act"]]
    assert tiers == ["eu-high-risk-annex-iii"]
    assert {r["id"]: r["status"] for r in report["requirements"]}["eu-ai-act:Article-9"] == "unmet"


def test_upload_a_description_and_see_validation_errors(page: Any, tmp_path: Path) -> None:
    page.goto("/ui/gaps")
    page.set_input_files("#description_file", str(EXAMPLES / "credit-scoring-bank.json"))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("h1:has-text('Retail credit scoring at a bank')")
    assert "Article 27" in page.inner_text("#regime-eu-ai-act")
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"id": "urn:x", "purposes": ["time-travel"], "markets": ["EU"]}), encoding="utf-8"
    )
    page.goto("/ui/gaps")
    page.set_input_files("#description_file", str(bad))
    page.click("form.upload button[type=submit]")
    alert = page.locator("#errors[role=alert]")
    assert "purposes" in alert.inner_text() and "time-travel" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "errors"


def test_sparql_query_in_yasgui(page: Any) -> None:
    page.goto("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    tabs = page.locator(".tabsList .tab").all_inner_texts()
    assert any("Coverage" in t for t in tabs) and any("Regimes" in t for t in tabs)
    query = (
        "SELECT ?key WHERE { ?r <https://w3id.org/ai-crosswalk/ontology#key> ?key "
        'FILTER (?key IN ("eu-ai-act", "nist-ai-rmf")) } ORDER BY ?key'
    )
    page.evaluate("q => yasgui.getTab().getYasqe().setValue(q)", query)
    page.click(".yasqe_queryButton")
    cells = page.locator(".yasr table.dataTable tbody td")
    cells.filter(has_text="nist-ai-rmf").first.wait_for()
    texts = [t.strip() for t in cells.all_inner_texts()]
    assert '"eu-ai-act"' in texts[1] or "eu-ai-act" in texts[1]
    assert "nist-ai-rmf" in " ".join(texts)


@pytest.mark.parametrize("path", ["/", "/id/nist-ai-rmf/GOVERN-1.1", "/ui/gaps", "/ui/coverage"])
def test_phone_width_has_no_sideways_scrolling(browser: Any, embedded_live: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=embedded_live)
    tab = context.new_page()
    tab.goto(path)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than a phone"


def test_changes_page_shows_the_omnibus(page: Any) -> None:
    """The changes page, in Chromium: the 2026 amendment's changes between two dates, a feed a reader can follow,
    and the gap form's as_of answering with the law of that day."""
    page.goto("/ui/changes")
    page.fill("#from", "2026-06-01")
    page.fill("#to", "2026-09-01")
    page.select_option("#regime", "eu-ai-act")
    page.click("form.changes button")
    page.wait_for_url(re.compile(r"/ui/changes\?from=2026-06-01&to=2026-09-01&regime=eu-ai-act$"))
    heading = page.inner_text("section.version h2")
    assert "2026/1744" in heading
    rows = page.locator("tr.change", has_text="Article 9 Risk management").all_inner_texts()
    assert any("annex-iii" in r and "2027-12-02" in r for r in rows)
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    api = page.request.get("/changes?from=2026-06-01&to=2026-09-01&regime=eu-ai-act").json()
    assert page.locator("tr.change").count() == api["count"]
