"""Candidate decisions undone from the desk; an accepted candidate is a draft claim that
readers, exports and the API never see until an editor publishes it."""

import pytest
from django.test import Client
from django.urls import reverse

from sources.models import CandidateClaim, Claim
from tests.admin.articles import BODY
from tests.factories import make_candidate, make_claim, make_mention, make_source

pytestmark = pytest.mark.django_db

WORDS = "only public benchmarks"


def accept(editor_client) -> tuple[CandidateClaim, Claim]:
    source = make_source(body=BODY, title="Cross-examination day")
    make_mention(source=source, quote="49 points", claim=make_claim(slug="grok-score"))
    candidate = make_candidate(source=source, text=WORDS, sentence="He said…")
    editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]), {"decision": "accept"}
    )
    candidate.refresh_from_db()
    return candidate, candidate.claim


def test_an_accepted_candidate_is_a_draft_no_reader_sees(editor_client, editor):
    candidate, claim = accept(editor_client)
    assert not claim.is_published
    assert claim.mentions.get().reviewed_by == editor
    reader = Client()
    assert reader.get(claim.get_absolute_url()).status_code == 404
    source_page = reader.get(candidate.source.get_absolute_url()).content.decode()
    assert "grok-score" in source_page and claim.slug not in source_page
    assert reader.get(f"/api/claims/{claim.slug}/").status_code == 404
    slugs = [c["slug"] for c in reader.get("/api/claims/").json()["results"]]
    assert slugs == ["grok-score"]
    mentions = reader.get("/api/mentions/").json()
    assert mentions["count"] == 1
    export = reader.get(reverse("export", kwargs={"table": "mentions", "fmt": "csv"}))
    assert WORDS not in b"".join(export.streaming_content).decode()


def test_the_claim_list_filters_drafts_and_publish_refuses_the_articles_words(editor_client):
    _, claim = accept(editor_client)
    changelist = reverse("admin:sources_claim_changelist")
    drafts = editor_client.get(f"{changelist}?published=no")
    assert [c.slug for c in drafts.context["cl"].result_list] == [claim.slug]

    page = editor_client.get(reverse("admin:sources_claim_change", args=[claim.pk]))
    publish_url = reverse("admin:sources_claim_publish", args=[claim.pk])
    assert f'action="{publish_url}"' in page.content.decode()
    refused = editor_client.post(publish_url, follow=True)
    assert "still the article&#x27;s own words" in refused.content.decode()
    claim.refresh_from_db()
    assert not claim.is_published

    claim.statement = "xAI says it tested Grok on public benchmarks only."
    claim.save()
    published = editor_client.post(publish_url, follow=True)
    assert f"Published {claim.slug}: readers can see it now." in published.content.decode()
    claim.refresh_from_db()
    assert claim.is_published
    assert Client().get(claim.get_absolute_url()).status_code == 200


def test_publish_selected_drafts_from_the_list(editor_client):
    draft = make_claim(slug="drafted", statement="Written by the desk.", is_published=False)
    editor_client.post(
        reverse("admin:sources_claim_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published


def test_a_fact_checker_cannot_publish(fact_checker_client):
    draft = make_claim(slug="drafted", statement="Written by the desk.", is_published=False)
    response = fact_checker_client.post(reverse("admin:sources_claim_publish", args=[draft.pk]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_undo_an_accept_from_the_candidate_page(editor_client):
    candidate, claim = accept(editor_client)
    url = reverse("admin:sources_candidateclaim_change", args=[candidate.pk])
    assert "Undo this decision" in editor_client.get(url).content.decode()

    response = editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]),
        {"decision": "undo"},
        follow=True,
    )
    assert "is pending again" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == CandidateClaim.Status.PENDING and candidate.claim is None
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_undo_a_rejection_in_bulk_and_a_refused_undo_is_explained(editor_client):
    rejected = make_candidate(source=make_source(body=BODY), text="49 points", status="rejected")
    editor_client.post(
        reverse("admin:sources_candidateclaim_changelist") + "?status=all",
        {"action": "undo_selected", "_selected_action": [rejected.pk]},
    )
    rejected.refresh_from_db()
    assert rejected.status == CandidateClaim.Status.PENDING

    candidate, claim = accept(editor_client)
    claim.statement = "Written by the desk."
    claim.is_published = True
    claim.save()
    response = editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]),
        {"decision": "undo"},
        follow=True,
    )
    assert "Cannot undo accepting" in response.content.decode()
    assert Claim.objects.filter(pk=claim.pk).exists()
