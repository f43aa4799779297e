"""The desk in a real browser: a revert after a re-ingest keeps every quote, a mention
cannot leave its article, and a fact-checker reviews on the article page."""

import pytest

from sources.models import Mention, Source
from sources.roles import EDITOR, FACT_CHECKER, setup_roles
from tests.admin.articles import BODY, FIXTURES, HEARING
from tests.factories import make_mention, make_source
from tests.helpers import PASSWORD, make_user

UPDATED = HEARING.replace(
    "By Dana Whitfield\n",
    "By Dana Whitfield\n\nUpdated overnight with the judge's remarks and a correction from "
    "the court clerk about the order of witnesses.\n",
)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def upload_file(page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/admin/sources/source/upload/")
    page.set_input_files(
        "#id_files", {"name": "hearing.txt", "mimeType": "text/plain", "buffer": text.encode()}
    )
    page.click("input[value='Upload and ingest']")
    page.wait_for_selector("#content")


def every_mention_slices(source: Source) -> int:
    source.refresh_from_db()
    mentions = list(Mention.objects.filter(source=source))
    assert all(m.text_in(source)[m.start : m.end] == m.quote for m in mentions)
    return len(mentions)


@pytest.mark.browser
def test_editor_reverts_after_a_re_ingest_and_every_quote_still_slices(
    page, live_server, screenshot_dir
):
    from sources.curated.claims import load_claims
    from sources.curated.reference import load_reference_data

    setup_roles()
    load_reference_data(FIXTURES)
    load_claims(FIXTURES / "claims.toml")
    make_user("edna", group=EDITOR)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "edna")

    upload_file(page, live_server, HEARING)
    source = Source.objects.get(origin="hearing.txt")
    first_body = source.body
    upload_file(page, live_server, UPDATED)
    source.refresh_from_db()
    assert source.body != first_body and every_mention_slices(source) >= 1

    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/history/")
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    page.click("input[value='Revert']")
    page.wait_for_selector(".messagelist")
    message = page.locator(".messagelist").inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-revert-message.png"))
    assert "Reverted" in message and "re-anchored" in message
    assert page.url.endswith(f"/admin/sources/source/{source.pk}/change/")
    assert every_mention_slices(source) >= 1
    assert source.body == first_body


@pytest.mark.browser
def test_editor_cannot_move_a_mention_to_another_article(page, live_server):
    setup_roles()
    make_user("edna", group=EDITOR)
    mention = make_mention(source=make_source(body=BODY, title="Decrypt"), quote="49 points")
    make_source(body="Techlusive writes its own words about the trial.", title="Techlusive")
    log_in(page, live_server, "edna")

    page.goto(f"{live_server.url}/admin/sources/mention/{mention.pk}/change/")
    assert page.locator("select[name=source], input[name=source]").count() == 0
    assert "Decrypt" in page.locator(".field-source").inner_text()
    page.fill("#id_quote", "Techlusive writes its own words")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert "is not in the text of" in page.locator("#content").inner_text()
    mention.refresh_from_db()
    assert mention.source.title == "Decrypt" and mention.quote == "49 points"


@pytest.mark.browser
def test_fact_checker_reviews_on_the_article_page_and_the_desk_says_who(page, live_server):
    setup_roles()
    make_user("fran", group=FACT_CHECKER)
    source = make_source(body=BODY, title="Cross-examination day")
    mention = make_mention(source=source, quote="49 points")
    log_in(page, live_server, "fran")

    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.locator(f"#review-{mention.pk} button").click()
    page.wait_for_selector(f"#review-{mention.pk} .review-state")
    mention.refresh_from_db()
    assert mention.reviewed and mention.reviewed_by.username == "fran"

    page.goto(f"{live_server.url}/admin/sources/mention/")
    assert "reviewed by fran" in page.locator("#result_list").inner_text()
