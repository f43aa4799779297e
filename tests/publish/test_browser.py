"""The published copy in Chromium, served by a plain static file server."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# What a host may send for the copy (it has no inline script, so no nonce): the chart's
# figure must come from the copy itself, as connect-src 'self' allows.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'"
)


class _Strict(_Quiet):
    def end_headers(self):
        self.send_header("Content-Security-Policy", STRICT_CSP)
        super().end_headers()


@pytest.fixture
def static_site(transactional_db, tmp_path):
    """The demo story published to OUTDIR, served as plain files on a free local port."""
    call_command("load_story", verbosity=0)
    outdir = tmp_path / "site"
    call_command("publish", str(outdir), "--site-url", "", verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Strict, directory=str(outdir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_story_to_claim_to_source_to_the_quote(static_site, page):
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(static_site + "/")
    expect(page.locator("h1").first).to_be_visible()
    page.locator("main a[href^='/claims/']").first.click()
    page.wait_for_url("**/claims/*/")
    claim_url = page.url

    quote_link = page.get_by_role("link", name="See it in the article").first
    href = quote_link.get_attribute("href")
    assert href.startswith("/sources/") and "#mention-" in href
    quote_link.click()
    page.wait_for_url("**/sources/*/#mention-*")
    anchor = "#" + href.partition("#")[2]
    expect(page.locator(anchor)).to_be_visible()
    expect(page.locator(anchor)).to_be_in_viewport()

    # The source page's own list jumps to the same words.
    page.goto(static_site + href.partition("#")[0])
    page.locator(f"a[href='{anchor}']").first.click()
    expect(page.locator(anchor)).to_be_in_viewport()
    assert page.url.endswith(anchor)

    # The article names the claim it quotes: its link leads back to the claim's page.
    claim_path = "/" + claim_url.split("/", 3)[3]
    page.locator(f"main a[href='{claim_path}']").first.click()
    page.wait_for_url(claim_url)
    assert failed == [] and errors == []


def test_the_timeline_chart_draws_from_the_basic_bundle(static_site, page):
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(static_site + "/timeline/")
    page.wait_for_selector("#timeline-chart[data-drawn='true']")
    assert page.locator("#timeline-chart .main-svg").count() > 0
    assert page.locator("#timeline-chart .bars .point").count() > 0
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any("/vendor/plotly/basic/plotly.min." in src for src in scripts)
    assert failed == [] and errors == []


def test_the_story_chart_draws_from_its_published_figure(static_site, page):
    failed: list[str] = []
    errors: list[str] = []
    fetched: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(static_site + "/")
    page.wait_for_selector("#story-chart[data-drawn='true']")
    page.wait_for_function("Number(document.querySelector('#story-chart').dataset.linked) > 0")
    assert static_site + "/story/chart.json" in fetched
    # Each drawn mark is a row of the table (the demo's marks fit on its first page).
    marks = page.eval_on_selector_all(
        "#story-chart path.point[data-url]", "els => els.map(e => e.dataset.url).sort()"
    )
    rows = page.eval_on_selector_all(
        "#story-marks tbody tr a", "els => els.map(e => e.getAttribute('href')).sort()"
    )
    assert marks and marks == rows
    assert failed == [] and errors == []
