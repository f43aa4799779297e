"""An editor logs in, pastes an article and sees what it says about the story."""

from pathlib import Path

import pytest

from sources.models import Source
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
