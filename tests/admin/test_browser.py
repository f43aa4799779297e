"""An editor logs in, pastes an article and sees what it says about the story."""

from pathlib import Path

import pytest

from sources.models import Mention, Source
from sources.roles import EDITOR, setup_roles
from tests.helpers import PASSWORD, make_user

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

ARTICLE = """xAI used OpenAI's models "partly", Musk tells the court

Elon Musk acknowledged on Thursday that xAI had partly distilled OpenAI's models while training \
Grok, saying in cross-examination that the technique is standard across the industry.

OpenAI's terms of use forbid using its outputs to develop models that compete with OpenAI.
"""


@pytest.mark.browser
def test_editor_pastes_an_article_and_sees_its_mentions(page, live_server, screenshot_dir):
    from sources.curated.claims import load_claims
    from sources.curated.reference import load_reference_data

    setup_roles()
    load_reference_data(FIXTURES)
    load_claims(FIXTURES / "claims.toml")
    make_user("edna", group=EDITOR)

    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "edna")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/sources/source/")
    page.click("text=Paste text")
    page.fill("#id_text", ARTICLE)
    page.fill("#id_new_outlet", "Court Daily")
    page.fill("#id_published", "2026-04-30")
    page.click("input[value='Ingest this text']")

    page.wait_for_selector("mark.mention")
    source = Source.objects.get()
    assert page.url.endswith(f"/admin/sources/source/{source.pk}/change/")
    marks = page.locator("mark.mention")
    assert marks.count() >= 1
    titles = " ".join(marks.nth(i).get_attribute("title") for i in range(marks.count()))
    assert "xai-distilled-openai" in titles
    assert "xai-distilled-openai" in page.locator("#mentions-group").inner_text()
    assert page.locator("#id_title").input_value() == source.title
    page.screenshot(path=str(screenshot_dir / "admin-paste-mentions.png"), full_page=True)


# A long, realistic sentence: the mention columns must wrap it, not scroll sideways.
SENTENCE = (
    "Asked under oath in the federal courtroom in Oakland whether xAI had distilled OpenAI's "
    "models to build Grok, Elon Musk answered that it had done so only partly, adding that "
    "the technique was a general practice across the artificial intelligence industry."
)


def _editor_screen_corpus() -> Source:
    """One long article with 30 mentions of claims with long slugs, and another article."""
    from tests.factories import make_claim, make_source

    body = " ".join(f"{SENTENCE} (Paragraph {n}.)" for n in range(30))
    source = make_source(
        body=body,
        title="Musk concedes xAI leaned on OpenAI outputs during a long cross-examination "
        "in the second week of Musk v. Altman",
    )
    claims = [
        make_claim(slug=f"xai-distilled-openai-models-to-train-grok-variant-{n}") for n in range(3)
    ]
    at = 0
    for n in range(30):
        start = body.index(SENTENCE, at)
        quote = "only partly"
        quote_at = body.index(quote, start)
        Mention.objects.create(
            claim=claims[n % 3],
            source=source,
            quote=quote,
            qualifier="partly",
            sentence=SENTENCE,
            sentence_start=start,
            start=quote_at,
            end=quote_at + len(quote),
        )
        at = start + len(SENTENCE)
    return source


def _fits(page, selector: str) -> None:
    """Every element matched is inside the 1366 px viewport, and nothing scrolls sideways:
    neither the page nor the table's own scrolling box."""
    boxes = [box for box in (el.bounding_box() for el in page.locator(selector).all()) if box]
    assert boxes, f"nothing matches {selector}"
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (selector, box)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    scrollers = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((el) => {
             for (let box = el.parentElement; box; box = box.parentElement) {
               const style = getComputedStyle(box);
               if (box.scrollWidth > box.clientWidth + 1 && style.overflowX !== 'visible')
                 return box.className || box.tagName;
             }
             return null; }).filter(Boolean)""",
        selector,
    )
    assert not scrollers, f"{selector} sits in a box that scrolls sideways: {set(scrollers)}"


@pytest.mark.browser
def test_editor_screen_fits_1366_with_the_editable_columns_in_view(
    page, live_server, screenshot_dir
):
    setup_roles()
    make_user("edna", group=EDITOR)
    source = _editor_screen_corpus()

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "edna")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/sources/mention/")
    page.screenshot(path=str(screenshot_dir / "admin-mention-list-1366.png"))
    _fits(page, "#result_list select[name$='-stance']")
    _fits(page, "#result_list input[name$='-reviewed']")
    overflow = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return [r.scrollWidth, r.clientWidth]; }"
    )
    assert overflow[0] <= overflow[1], f"the mention table scrolls sideways: {overflow}"

    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/change/")
    page.locator("#mentions-group").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "admin-source-mentions-1366.png"))
    _fits(page, "#mentions-group select[name$='-stance']")
    _fits(page, "#mentions-group input[name$='-reviewed']")
    _fits(page, "#mentions-group input[name$='-qualifier']")
    _fits(page, "#mentions-group input[name$='-variant']")
    assert page.locator("#mentions-group select[name$='-stance']").count() == 20
    count = page.locator("#mentions-count")
    assert "Showing the first 20 of 30 mentions" in count.inner_text()
    count.locator("a").click()
    page.wait_for_url(f"**/admin/sources/mention/?source__id__exact={source.pk}")
    assert page.locator("#result_list select[name$='-stance']").count() == 30
