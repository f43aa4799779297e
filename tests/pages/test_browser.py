"""The reader pages in Chromium: htmx filtering, mention links, phone width, keyboard, axe."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from sources.models import Claim, Mention, Source

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the real demo corpus loaded."""
    call_command("load_story", verbosity=0)
    return live_server.url


def reader_pages() -> dict[str, str]:
    claim = Claim.objects.get(slug="xai-distilled-openai")
    source = Mention.objects.filter(claim=claim).order_by("pk").first().source
    outlet = Source.objects.exclude(outlet=None).order_by("pk").first().outlet
    return {
        "story": reverse("timeline:story"),
        "coverage": reverse("sources:coverage"),
        "claim": claim.get_absolute_url(),
        "source": source.get_absolute_url(),
        "compare": reverse("sources:compare"),
        "timeline": reverse("timeline:timeline"),
        "sources": reverse("sources:source_list"),
        "outlets": reverse("sources:outlet_list"),
        "outlet": outlet.get_absolute_url(),
        "search": reverse("sources:search") + "?q=distillation",
    }


def test_each_page_loads_without_errors_and_screenshots(site, page, screenshot_dir):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in reader_pages().items():
        response = page.goto(site + path)
        assert response.status == 200, name
        assert page.locator("h1").first.is_visible(), name
        if name in {"story", "coverage", "claim"}:
            page.screenshot(path=screenshot_dir / f"pages-{name}.png", full_page=True)
    assert errors == []


def test_coverage_filter_swaps_the_matrix_and_updates_the_url(site, page):
    page.goto(site + reverse("sources:coverage"))
    page.evaluate("window.noReload = true")
    before = page.locator("table.matrix tbody tr").count()
    with page.expect_response(re.compile(r"/coverage/\?kind=policy_clause")):
        page.get_by_label("Policy clause").check()
    page.wait_for_url(re.compile(r"/coverage/\?kind=policy_clause(&outlet=)?$"))
    rows = page.locator("table.matrix tbody tr")
    rows.first.wait_for()
    assert 0 < rows.count() < before
    assert all("Policy clause" in t for t in rows.locator("th .kind").all_inner_texts())
    # Swapped in place, not reloaded; and the export link follows the filter.
    assert page.evaluate("window.noReload") is True
    href = page.get_by_role("link", name="CSV").first.get_attribute("href")
    assert href.endswith("/export/coverage.csv?kind=policy_clause")
    # The pushed URL works on its own (shareable).
    page.goto(page.url)
    assert page.get_by_label("Policy clause").is_checked()


def form_state(page) -> set[tuple[str, str]]:
    """The filter form's non-empty values, as (name, value) pairs."""
    pairs = page.eval_on_selector(
        "form.filters",
        "form => [...new FormData(form)].filter(([name, value]) => value !== '')",
    )
    return {tuple(pair) for pair in pairs}


def url_state(url: str) -> set[tuple[str, str]]:
    return {pair for pair in parse_qsl(urlsplit(url).query) if pair[0] != "page"}


def test_back_and_forward_keep_the_filter_form_in_step_with_the_url(site, page):
    page.goto(site + reverse("sources:coverage"))
    with page.expect_response(re.compile(r"kind=quote")):
        page.get_by_label("Quote", exact=True).check()
    page.wait_for_url(re.compile(r"kind=quote"))
    with page.expect_response(re.compile(r"stance=supports")):
        page.get_by_label("Supports", exact=True).check()
    page.wait_for_url(re.compile(r"kind=quote.*stance=supports|stance=supports.*kind=quote"))
    assert form_state(page) == url_state(page.url)

    # Back: the form shows the filters of the URL it returns to, not a stale snapshot.
    page.go_back()
    page.wait_for_url(re.compile(r"kind=quote(&outlet=)?$"))
    expect(page.get_by_label("Supports", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Quote", exact=True)).to_be_checked()
    assert url_state(page.url) == {("kind", "quote")}
    assert form_state(page) == url_state(page.url)
    status = page.locator("#matrix .status").inner_text()
    assert "(filtered)" in status

    # The next change builds on the restored filters instead of dropping them.
    with page.expect_response(re.compile(r"stance=mentions")):
        page.get_by_label("Mentions", exact=True).check()
    page.wait_for_url(re.compile(r"stance=mentions"))
    assert url_state(page.url) == {("kind", "quote"), ("stance", "mentions")}
    assert form_state(page) == url_state(page.url)

    # And Back once more.
    page.go_back()
    page.wait_for_url(re.compile(r"kind=quote(&outlet=)?$"))
    expect(page.get_by_label("Mentions", exact=True)).not_to_be_checked()
    assert form_state(page) == url_state(page.url)


def test_back_restores_the_search_box_with_its_results(site, page):
    page.goto(site + reverse("sources:search"))
    box = page.locator("#search-q")
    for word in ("partly", "grok"):
        with page.expect_response(re.compile(rf"q={word}")):
            box.fill(word)
        page.wait_for_url(re.compile(rf"q={word}$"))
    page.go_back()
    page.wait_for_url(re.compile(r"q=partly$"))
    expect(page.locator("#search-q")).to_have_value("partly")
    expect(page.locator("#results .status")).to_contain_text("match “partly”")


def test_a_claim_filter_survives_ticking_a_box(site, page):
    page.goto(site + reverse("sources:coverage") + "?claim=xai-distilled-openai")
    expect(page.locator("#matrix .status")).to_contain_text("against 1 claim (filtered)")
    with page.expect_response(re.compile(r"stance=supports")):
        page.get_by_label("Supports", exact=True).check()
    page.wait_for_url(re.compile(r"stance=supports"))
    assert ("claim", "xai-distilled-openai") in url_state(page.url)
    expect(page.locator("#matrix .status")).to_contain_text("against 1 claim (filtered)")
    # Removing it is a link that keeps the stance.
    page.get_by_role("link", name=re.compile(r"^remove")).click()
    page.wait_for_url(re.compile(r"/coverage/\?stance=supports$"))
    assert page.get_by_label("Supports", exact=True).is_checked()
    assert page.locator("form.filters input[name=claim]").count() == 0


def test_following_a_mention_link_scrolls_to_the_quote(site, page):
    page.set_viewport_size({"width": 1280, "height": 700})
    claim = Claim.objects.get(slug="xai-distilled-openai")
    page.goto(site + claim.get_absolute_url())
    link = page.get_by_role("link", name="See it in the article").last
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(rf"#{target}$"))
    quote = page.locator(f"#{target}")
    box = quote.bounding_box()
    assert box is not None and 0 <= box["y"] < 700
    assert page.evaluate(f"document.querySelector('#{target}').matches(':target')")


def test_phone_width_has_no_horizontal_scroll(site, page):
    page.set_viewport_size({"width": 375, "height": 800})
    for name, path in reader_pages().items():
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (name, width)


def test_keyboard_reaches_the_skip_link_first(site, page):
    page.goto(site + reverse("sources:coverage"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_timeline_chart_is_drawn_from_static_plotly(site, page):
    page.goto(site + reverse("timeline:timeline"))
    page.wait_for_selector("#timeline-chart[data-drawn='true']")
    assert page.locator("#timeline-chart .main-svg").count() > 0
    assert page.locator(".event-list li").count() >= 5


def test_no_serious_accessibility_violations(site, page):
    axe = Axe()
    problems = []
    for name, path in reader_pages().items():
        page.goto(site + path)
        if name == "timeline":
            page.wait_for_selector("#timeline-chart[data-drawn='true']")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                nodes = [(n["target"], n["failureSummary"]) for n in violation["nodes"][:2]]
                problems.append((name, violation["id"], nodes))
    assert problems == []
