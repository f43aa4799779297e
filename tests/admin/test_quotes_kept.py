"""No path that changes an article's text breaks a quote: History → Revert, an editor's
correction of the text, re-ingestion and restoring a deleted claim all leave every mention
with ``body[start:end] == quote``, and keep what the editor owns."""

import pytest
from django.urls import reverse

from sources.ingest.load import ingest_documents
from sources.ingest.records import Document
from sources.models import Claim, Mention, Source
from tests.admin.articles import BODY, HEARING, change_url, upload
from tests.factories import make_claim, make_mention, make_outlet, make_source
from tests.helpers import form_data

pytestmark = pytest.mark.django_db

# The same article with a paragraph added at the top: every later offset moves.
UPDATED = HEARING.replace(
    "By Dana Whitfield\n",
    "By Dana Whitfield\n\nUpdated overnight with the judge's remarks and a correction from "
    "the court clerk about the order of witnesses.\n",
)


def assert_every_mention_slices(source: Source) -> int:
    source.refresh_from_db()
    mentions = list(Mention.objects.filter(source=source))
    for mention in mentions:
        assert mention.text_in(source)[mention.start : mention.end] == mention.quote, mention
    return len(mentions)


def test_history_revert_re_anchors_mentions_and_keeps_the_editors_fields(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    first_body = source.body
    outlet = make_outlet(name="Courtroom Wire")
    url = change_url(source)
    editor_client.post(url, form_data(editor_client.get(url), outlet=outlet.pk))
    corrected = Source.history.filter(id=source.pk).order_by("-history_date").first()

    upload(editor_client, ("hearing.txt", UPDATED.encode()))
    source.refresh_from_db()
    assert source.body != first_body and source.mentions.exists()
    editor_client.post(url, form_data(editor_client.get(url), title="Musk: xAI 'partly' did it"))

    revert_url = reverse("admin:sources_source_simple_history", args=[source.pk, corrected.pk])
    page = editor_client.get(revert_url)
    response = editor_client.post(revert_url, form_data(page), follow=True)

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Reverted “" in content and "re-anchored to their words in the new text" in content
    assert assert_every_mention_slices(source) >= 1
    assert source.body == first_body
    assert source.outlet == outlet
    # The revert never clears what the editor owns: the later title correction stays owned.
    assert {"outlet", "title"} <= set(source.editor_owned_fields)

    # The next ingest of the newer file keeps the corrected outlet and still slices.
    upload(editor_client, ("hearing.txt", UPDATED.encode()))
    source.refresh_from_db()
    assert source.outlet == outlet
    assert assert_every_mention_slices(source) >= 1


def test_a_fact_checker_cannot_revert_a_source(fact_checker_client):
    source = make_source(body=BODY)
    source.title = "Changed"
    source.save()
    record = Source.history.filter(id=source.pk).order_by("history_date").first()
    url = reverse("admin:sources_source_simple_history", args=[source.pk, record.pk])
    assert fact_checker_client.post(url, {}).status_code == 403
    source.refresh_from_db()
    assert source.title == "Changed"


def test_an_editors_correction_of_the_text_moves_its_mentions(editor_client):
    source = make_source(body=BODY)
    points = make_mention(source=source, quote="49 points")
    vague = make_mention(source=source, quote="called the terms vague", method="editor")
    gone = make_mention(source=source, quote="only public benchmarks")
    url = change_url(source)
    new_body = "Correction: the score was revised. " + BODY.replace(
        "He said the company used “only public benchmarks” for testing. ", ""
    )
    page = editor_client.get(url)
    response = editor_client.post(url, form_data(page, body=new_body), follow=True)

    content = response.content.decode()
    assert "2 re-anchored to their words in the new text" in content
    assert "1 automatic removed, their words are gone" in content
    assert assert_every_mention_slices(source) == 2
    points.refresh_from_db()
    vague.refresh_from_db()
    assert source.body[points.start : points.end] == "49 points"
    assert points.start == new_body.index("49 points")
    assert vague.method == "editor"
    assert not Mention.objects.filter(pk=gone.pk).exists()
    assert source.word_count == len(new_body.split())


def test_re_ingesting_a_changed_file_without_linking_keeps_every_quote(story):
    ingest_documents([Document(origin="hearing.txt", data=HEARING.encode())], link=True)
    source = Source.objects.get(origin="hearing.txt")
    before = assert_every_mention_slices(source)
    assert before >= 1

    ingest_documents([Document(origin="hearing.txt", data=UPDATED.encode())], link=False)
    assert assert_every_mention_slices(source) == before
    assert "Updated overnight" in source.body


def test_restoring_a_claim_puts_its_mentions_on_the_current_text(editor_client):
    source = make_source(body=BODY)
    claim = make_claim(slug="grok-score")
    make_mention(claim=claim, source=source, quote="49 points")
    editor_client.post(
        reverse("admin:sources_claim_delete", args=[claim.pk]), {"post": "yes"}, follow=True
    )
    assert not Claim.objects.filter(pk=claim.pk).exists()
    url = change_url(source)
    editor_client.post(url, form_data(editor_client.get(url), body="Update: " + BODY))

    response = editor_client.post(
        reverse("admin:sources_claim_restore", args=[claim.pk]), follow=True
    )
    assert response.status_code == 200
    mention = Mention.objects.get(claim_id=claim.pk)
    assert assert_every_mention_slices(source) == 1
    assert mention.start == ("Update: " + BODY).index("49 points")
