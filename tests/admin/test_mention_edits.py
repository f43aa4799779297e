"""A mention belongs to its article: its source is never editable, its quote and offsets
move only within that article's text, a refused edit is a form error (never a 500), and
every edit or review records who made it."""

import pytest
from django.urls import reverse

from sources.models import Mention
from tests.admin.articles import BODY
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import form_data, inline_prefix

pytestmark = pytest.mark.django_db


def mention_url(mention: Mention) -> str:
    return reverse("admin:sources_mention_change", args=[mention.pk])


def test_the_source_of_a_mention_is_read_only_and_a_forged_move_is_ignored(editor_client):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    other = make_source(body="Techlusive says the model scored 49 points on the index.")
    page = editor_client.get(mention_url(mention))
    content = page.content.decode()
    assert 'name="source"' not in content
    assert mention.source.title in content  # shown, read-only

    response = editor_client.post(mention_url(mention), form_data(page, source=other.pk))
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.source_id != other.pk
    assert mention.source.body[mention.start : mention.end] == mention.quote


def test_a_quote_from_another_article_is_a_form_error_not_a_500(editor_client):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    page = editor_client.get(mention_url(mention))
    response = editor_client.post(
        mention_url(mention), form_data(page, quote="Techlusive's own words")
    )
    assert response.status_code == 200
    assert "is not in the text of" in response.content.decode()
    mention.refresh_from_db()
    assert mention.quote == "49 points"


def test_a_quote_adjusted_within_its_article_moves_its_offsets(editor_client, editor):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    page = editor_client.get(mention_url(mention))
    response = editor_client.post(mention_url(mention), form_data(page, quote="scored 49 points"))
    assert response.status_code == 302, response.context["errors"]
    mention.refresh_from_db()
    assert (mention.start, mention.end) == (
        BODY.index("scored 49 points"),
        BODY.index("scored 49 points") + len("scored 49 points"),
    )
    assert mention.edited and mention.provenance == "automatic, edited"
    assert mention.owns("quote")


def test_offsets_typed_off_the_quote_snap_back_onto_it(editor_client):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    page = editor_client.get(mention_url(mention))
    response = editor_client.post(mention_url(mention), form_data(page, start=0, end=9))
    assert response.status_code == 302
    mention.refresh_from_db()
    assert BODY[mention.start : mention.end] == "49 points"


def test_the_claim_pages_inline_shows_the_source_read_only(editor_client):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    page = editor_client.get(reverse("admin:sources_claim_change", args=[mention.claim_id]))
    prefix = inline_prefix(page, "mention")
    assert f'name="{prefix}-0-source"' not in page.content.decode()
    assert f'name="{prefix}-0-stance"' in page.content.decode()


def test_reviewing_in_the_inline_records_who_and_when(editor_client, editor):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    url = reverse("admin:sources_source_change", args=[mention.source_id])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "mention")
    response = editor_client.post(url, form_data(page, **{f"{prefix}-0-reviewed": "on"}))
    assert response.status_code == 302, response.context["errors"]
    mention.refresh_from_db()
    assert mention.reviewed and mention.reviewed_by == editor and mention.reviewed_at


def test_a_fact_checkers_review_on_the_mention_page_names_them(fact_checker_client, fact_checker):
    mention = make_mention(source=make_source(body=BODY), quote="49 points")
    page = fact_checker_client.get(mention_url(mention))
    response = fact_checker_client.post(
        mention_url(mention), form_data(page, reviewed=True, stance="disputes")
    )
    assert response.status_code == 302, response.context["errors"]
    mention.refresh_from_db()
    assert mention.stance == "disputes"
    assert mention.reviewed_by == fact_checker


def test_an_editors_new_mention_is_reviewed_by_them(editor_client, editor):
    source = make_source(body=BODY)
    claim = make_claim()
    editor_client.post(
        reverse("admin:sources_mention_add"),
        {"claim": claim.pk, "source": source.pk, "quote": "49 points", "stance": "supports"},
    )
    mention = claim.mentions.get()
    assert mention.reviewed_by == editor and mention.provenance == "editor"
