"""The coverage, compare and outlets pages on a 390 px phone: cards, not cut-off tables.

Each page must fit the screen's width, show a known claim, stance and outlet in the
viewport once scrolled to, name each card field by its column, keep its links working,
and save a phone screenshot into test-output/.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from sources.models import Claim, Mention, Outlet

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(transactional_db, live_server) -> str:
    """The live server with the real demo corpus loaded."""
    call_command("load_story", verbosity=0)
    return live_server.url


def open_on_phone(page, url: str, shot) -> None:
    """Open ``url`` at phone size; the page may not scroll sideways."""
    page.set_viewport_size(PHONE)
    response = page.goto(url)
    assert response.status == 200
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    # Nor is any table cut off inside a box that scrolls sideways.
    cut_off = page.eval_on_selector_all(
        ".table-scroll", "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth).length"
    )
    assert cut_off == 0
    page.screenshot(path=shot, full_page=True)


def assert_in_view(locator) -> None:
    """Scrolled to, the element is visible and wholly inside the phone's viewport."""
    locator.scroll_into_view_if_needed()
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def label_shown(locator) -> str:
    """The column name a phone card draws before a cell (``none`` when not drawn)."""
    return locator.evaluate("el => getComputedStyle(el, '::before').content")


def test_coverage_is_a_card_per_claim_on_a_phone(site, page, screenshot_dir):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    mention = Mention.objects.filter(claim=claim).order_by("pk").first()
    open_on_phone(page, site + reverse("sources:coverage"), screenshot_dir / "phone-coverage.png")

    card = page.locator("table.matrix tbody tr").filter(
        has=page.get_by_role("link", name=claim.statement, exact=True)
    )
    assert_in_view(card.get_by_role("link", name=claim.statement, exact=True))
    assert card.evaluate("el => getComputedStyle(el).display") == "block"
    # A reported cell: its stance badge in view, labelled with its article.
    cell = card.locator("td").filter(has=page.locator(".stance")).first
    stance = cell.locator(".stance").first
    assert_in_view(stance)
    assert stance.inner_text() in {"Supports", "Disputes", "Mentions"}
    outlet_name = mention.source.outlet.name if mention.source.outlet else "Unknown outlet"
    labels = [label_shown(td) for td in card.locator("td").all()]
    assert any(label.startswith(f'"{outlet_name}, ') for label in labels), labels
    assert label_shown(cell).strip('"') == cell.get_attribute("data-label")
    # The articles of the page's columns stay listed, with their links.
    header = page.locator("table.matrix thead th a").first
    assert_in_view(header)
    # The cell still links to the quote in its article.
    href = cell.locator("a.cell").get_attribute("href")
    cell.locator("a.cell").click()
    page.wait_for_url(re.compile(re.escape(href.split("#")[0]) + r"#mention-\d+$"))


def test_compare_is_a_card_per_row_on_a_phone(site, page, screenshot_dir):
    open_on_phone(page, site + reverse("sources:compare"), screenshot_dir / "phone-compare.png")

    terms = page.locator("#terms-caption").locator("xpath=..")
    first = terms.locator("tbody tr").first
    assert first.evaluate("el => getComputedStyle(el).display") == "block"
    clause = first.locator('td[data-label="The clause, as quoted"]')
    assert label_shown(clause) == '"The clause, as quoted"'
    assert_in_view(clause.locator("a").first)
    claim_cell = first.locator('td[data-label="Claim"]')
    assert_in_view(claim_cell.locator("a").first)

    qualifier = page.locator("#qualifier-caption").locator("xpath=..")
    row = qualifier.locator("tbody tr").first
    outlet = row.locator("th a")
    assert_in_view(outlet)
    assert outlet.inner_text() in set(Outlet.objects.values_list("name", flat=True)) | {
        "Unknown outlet"
    }
    kept = row.locator('td[data-label="Qualifier"] .qualifier')
    assert_in_view(kept)
    assert label_shown(row.locator('td[data-label="Qualifier"]')) == '"Qualifier"'
    quote = row.locator(".quote-link").first
    assert_in_view(quote)
    href = quote.get_attribute("href")
    quote.click()
    page.wait_for_url(re.compile(re.escape(href.split("#")[0]) + r"#mention-\d+$"))


def test_outlets_are_a_card_per_outlet_on_a_phone(site, page, screenshot_dir):
    outlet = Outlet.objects.filter(sources__isnull=False).order_by("name").first()
    open_on_phone(page, site + reverse("sources:outlet_list"), screenshot_dir / "phone-outlets.png")

    card = page.locator("table.outlets tbody tr").filter(
        has=page.get_by_role("link", name=outlet.name, exact=True)
    )
    assert card.evaluate("el => getComputedStyle(el).display") == "block"
    assert_in_view(card.get_by_role("link", name=outlet.name, exact=True))
    articles = card.locator('td[data-label="Articles"]')
    assert_in_view(articles)
    assert label_shown(articles) == '"Articles"'
    assert int(articles.inner_text()) == outlet.sources.count()
    card.get_by_role("link", name=outlet.name, exact=True).click()
    page.wait_for_url(re.compile(re.escape(outlet.get_absolute_url()) + "$"))


def test_the_tables_stay_tables_on_a_desktop(site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    for name in ("sources:coverage", "sources:compare", "sources:outlet_list"):
        page.goto(site + reverse(name))
        row = page.locator("table.cards tbody tr").first
        assert row.evaluate("el => getComputedStyle(el).display") == "table-row", name
        assert label_shown(row.locator("td").first) == "none", name


def test_the_phone_cards_pass_axe(site, page):
    """Drawn as cards, the tables raise no serious or critical accessibility problem."""
    page.set_viewport_size(PHONE)
    problems = []
    for name in ("sources:coverage", "sources:compare", "sources:outlet_list"):
        page.goto(site + reverse(name))
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                problems.append((name, violation["id"], violation["nodes"][0]["target"]))
    assert problems == []
