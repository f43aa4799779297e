"""The story chart and the side-by-side view in Chromium: keyboard, links, the table fallback."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.pages.conftest import build_corpus
from tests.pages.travel_corpus import add_travelled

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo story with reuse detected and reporting verbs set."""
    call_command("load_story", verbosity=0)
    call_command("detect_reuse", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


@pytest.fixture
def travelled_site(transactional_db, live_server):
    corpus = build_corpus()
    return live_server.url, corpus, add_travelled(corpus)


def _drawn(page, site):
    page.goto(site + reverse("timeline:story"))
    page.wait_for_selector("#story-chart[data-drawn='true']")
    page.wait_for_function("Number(document.querySelector('#story-chart').dataset.linked) > 0")


def test_keyboard_reaches_a_mark_and_enter_opens_its_sentence(demo, page):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _drawn(page, demo)
    for _ in range(60):  # Tab from the top of the page until a mark has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#story-chart path.point')"):
            break
    else:
        pytest.fail("Tab never reached a chart mark")
    first = page.evaluate("document.activeElement.dataset.order")
    assert first == "1"
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("1. ") and "open the sentence" in label
    # The hover label appears for the focused mark, as it would for the mouse.
    page.wait_for_selector("#story-chart .hoverlayer .hovertext")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.order") == "2"
    url = page.evaluate("document.activeElement.dataset.url")
    target = url.split("#")[1]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/sources/\d+/#{target}$"))
    assert page.evaluate(f"document.querySelector('#{target}').matches(':target')")
    assert errors == []


def test_the_table_holds_the_same_articles_as_the_chart(demo, page):
    _drawn(page, demo)
    marks = page.eval_on_selector_all(
        "#story-chart path.point[data-url]", "els => els.map(e => e.dataset.url).sort()"
    )
    rows = page.eval_on_selector_all(
        "#story-marks tbody tr a", "els => els.map(e => e.getAttribute('href')).sort()"
    )
    assert marks and marks == rows
    # In the same order too: the table's row numbers are the keyboard's order.
    ordered = page.eval_on_selector_all(
        "#story-chart path.point[data-url]",
        "els => els.sort((a, b) => a.dataset.order - b.dataset.order).map(e => e.dataset.url)",
    )
    table = page.eval_on_selector_all(
        "#story-marks tbody tr a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert ordered == table


def test_clicking_a_mark_opens_its_sentence(travelled_site, page):
    site, corpus, travelled = travelled_site
    _drawn(page, site)
    mention = travelled.copy_mention
    point = page.locator(f"#story-chart path.point[data-url$='#mention-{mention.pk}']")
    box = point.bounding_box()
    # Plotly's drag layer takes the pointer: click where the mark is drawn, as a reader does.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(rf"/sources/{mention.source_id}/#mention-{mention.pk}$"))


def test_side_by_side_marks_shared_words_and_shows_the_dropped_partly(travelled_site, page):
    site, corpus, travelled = travelled_site
    page.goto(site + travelled.copy.get_absolute_url())
    page.get_by_role("link", name="See them side by side").click()
    page.wait_for_url(re.compile(r"/reuse/\d+/$"))
    dropped = page.locator(".reuse-changes del")
    assert "Partly." in dropped.first.inner_text()
    assert page.locator(".reuse-changes ins").first.inner_text() == "admitted it."
    original = page.locator(".reuse-body[data-side='original']")
    assert "Partly." in original.locator("del").first.inner_text()
    assert original.locator("mark").count() >= 2
    assert page.locator(".reuse-body[data-side='copy'] mark").count() >= 2
    # Struck-through and underlined as a reader expects, not just present in the markup.
    decoration = original.locator("del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert "line-through" in decoration


def test_travel_pages_have_no_serious_accessibility_violations_or_sideways_scroll(
    travelled_site, page
):
    from axe_playwright_python.sync_playwright import Axe

    site, corpus, travelled = travelled_site
    pages = {
        "story": reverse("timeline:story"),
        "story_chart": reverse("timeline:story_chart"),
        "claim": corpus.hedged.get_absolute_url(),
        "copy": travelled.copy.get_absolute_url(),
        "side_by_side": reverse(
            "sources:reuse_pair", args=[travelled.copy.pk, travelled.original.pk]
        ),
    }
    axe, problems = Axe(), []
    for name, path in pages.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        if name == "story":
            _drawn(page, site)
        else:
            page.goto(site + path)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                problems.append((name, violation["id"], [n["target"] for n in violation["nodes"]]))
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (name, width)
    assert problems == []
