"""Sources at the desk: text side by side, editor-owned fields, buttons, and edits
that survive re-ingestion."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.admin.articles import BODY, HEARING, change_url, upload
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import form_data, inline_prefix

pytestmark = pytest.mark.django_db


def test_source_page_shows_text_side_by_side_with_mentions_in_context(editor_client):
    source = make_source(body=BODY, raw_input=b"<p>Raw bytes as received</p>")
    claim = make_claim(slug="grok-score")
    make_mention(claim=claim, source=source, quote="49 points", sentence=BODY.split(". ")[2])
    page = editor_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    content = page.content.decode()
    assert "&lt;p&gt;Raw bytes as received&lt;/p&gt;" in content
    assert '<mark class="mention" title="grok-score (supports)">49 points</mark>' in content
    assert "The model scored <mark>49 points</mark> on the index" in content
    assert source.origin in content and source.content_hash in content
    assert 'name="origin"' not in content and 'name="content_hash"' not in content


def test_editor_can_see_and_clear_editor_owned_fields(editor_client):
    source = make_source(editor_owned_fields=["title", "published"])
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = editor_client.get(url)
    data = form_data(page, editor_owned_fields=["published"])
    editor_client.post(url, data)
    source.refresh_from_db()
    assert source.editor_owned_fields == ["published"]


def test_mark_all_mentions_reviewed_from_the_source_page(editor_client, fact_checker_client):
    source = make_source(body=BODY)
    make_mention(source=source, quote="49 points")
    make_mention(source=source, quote="Musk")
    url = reverse("admin:sources_source_review_all", args=[source.pk])
    fact_checker_client.post(url)
    assert not source.mentions.filter(reviewed=False).exists()
    staff_view = editor_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert "Mark all mentions reviewed" in staff_view.content.decode()


def test_an_edited_field_survives_re_ingestion(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    url = reverse("admin:sources_source_change", args=[source.pk])
    editor_client.post(url, form_data(editor_client.get(url), title="Musk: xAI 'partly' distilled"))
    source.refresh_from_db()
    assert source.editor_owned_fields == ["title"]

    changed = HEARING.replace("second week", "2nd week").replace("leaned on", "relied on")
    upload(editor_client, ("hearing.txt", changed.encode()))
    source.refresh_from_db()
    assert source.title == "Musk: xAI 'partly' distilled"  # the editor's title kept
    assert "2nd week" in source.body  # the rest updated
    assert bytes(source.raw_input) == changed.encode()


def test_an_edited_citation_survives_re_ingestion(editor_client, story):
    cited = HEARING + "\nBased on the Courtroom Wire report, with additional reporting.\n"
    upload(editor_client, ("hearing.txt", cited.encode()))
    source = Source.objects.get(origin="hearing.txt")
    citation = source.citations.get()
    url = change_url(source)
    page = editor_client.get(url)
    prefix = inline_prefix(page, "citation")
    data = form_data(page)
    index = next(i for i in range(10) if str(data.get(f"{prefix}-{i}-id")) == str(citation.pk))
    data[f"{prefix}-{index}-cited_title"] = "Musk testimony, day three"
    editor_client.post(url, data)
    source.refresh_from_db()
    assert "citations" in source.editor_owned_fields

    upload(editor_client, ("hearing.txt", cited.replace("second week", "2nd week").encode()))
    source.refresh_from_db()
    assert "2nd week" in source.body
    assert [c.cited_title for c in source.citations.all()] == ["Musk testimony, day three"]


def test_manual_source_is_linked_and_editor_owned(editor_client, story):
    response = editor_client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Typed in by hand",
            "body": HEARING,
            "published_precision": "unknown",
            "language": "en",
            "captions": "[]",
            "initial-captions": "[]",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    source = Source.objects.get()
    assert source.title == "Typed in by hand"
    assert "title" in source.editor_owned_fields
    assert source.body == HEARING.strip()
    assert bytes(source.raw_input) == source.body.encode()
    assert source.mentions.filter(claim__slug="xai-distilled-openai").exists()


def test_captions_are_edited_one_per_line(editor_client):
    source = make_source(captions=["Elon Musk in court. Photo: AP"])
    url = change_url(source)
    page = editor_client.get(url)
    assert "Elon Musk in court. Photo: AP</textarea>" in page.content.decode()

    data = form_data(page, captions="Elon Musk in court. Photo: AP\nSam Altman. Photo: Reuters")
    assert editor_client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.captions == ["Elon Musk in court. Photo: AP", "Sam Altman. Photo: Reuters"]
    assert "captions" in source.editor_owned_fields


def test_inline_shows_twenty_mentions_and_links_to_all_of_them(editor_client):
    body = " ".join(f"Musk said xAI partly used OpenAI models, time {n}." for n in range(25))
    source = make_source(body=body)
    claim = make_claim()
    for n in range(25):
        make_mention(claim=claim, source=source, quote=f"time {n}.")
    url = change_url(source)
    page = editor_client.get(url)
    content = page.content.decode()
    prefix = inline_prefix(page, "mention")
    assert content.count(f'name="{prefix}-') and f'name="{prefix}-19-stance"' in content
    assert f'name="{prefix}-20-stance"' not in content
    assert "Showing the first 20 of 25 mentions, in text order." in content
    full_list = f"{reverse('admin:sources_mention_changelist')}?source__id__exact={source.pk}"
    assert f'href="{full_list}"' in content.replace("&amp;", "&")
    listed = editor_client.get(full_list)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 25

    # The page still saves: the twenty shown are posted back and judged.
    data = form_data(page, **{f"{prefix}-0-stance": "disputes"})
    assert editor_client.post(url, data).status_code == 302
    first = source.mentions.order_by("start").first()
    assert first.stance == "disputes" and first.reviewed
