"""The candidate review queue: accept, merge and reject, one by one and in bulk."""

import pytest
from django.urls import reverse

from sources.models import CandidateClaim, Claim, Mention
from tests.admin.articles import BODY
from tests.factories import make_candidate, make_claim, make_source

pytestmark = pytest.mark.django_db


def test_candidate_queue_lists_pending_candidates_with_their_sentence(editor_client):
    source = make_source(body=BODY, title="Cross-examination day")
    make_candidate(source=source, text="“only public benchmarks”", sentence=BODY.split(". ")[1])
    decided = make_candidate(source=source, text="49 points", status="rejected")
    page = editor_client.get(reverse("admin:sources_candidateclaim_changelist"))
    content = page.content.decode()
    assert "only public benchmarks" in content
    assert "He said the company used" in content  # the sentence around it
    assert "Cross-examination day" in content
    assert decided.text not in content  # the queue opens on pending ones
    queue = reverse("admin:sources_candidateclaim_changelist")
    everything = editor_client.get(f"{queue}?status=all")
    assert decided.text in everything.content.decode()


def test_accept_a_candidate_creates_a_claim_and_an_editor_mention(editor_client):
    source = make_source(body=BODY)
    candidate = make_candidate(source=source, text="only public benchmarks", sentence="He said…")
    page = editor_client.get(reverse("admin:sources_candidateclaim_change", args=[candidate.pk]))
    assert "Accept as a new claim" in page.content.decode()

    response = editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]), {"decision": "accept"}
    )
    candidate.refresh_from_db()
    claim = candidate.claim
    assert response["Location"] == reverse("admin:sources_claim_change", args=[claim.pk])
    assert candidate.status == CandidateClaim.Status.ACCEPTED
    assert candidate.decided_at is not None
    assert claim.slug == "only-public-benchmarks"
    mention = claim.mentions.get()
    assert (mention.start, mention.end) == (candidate.start, candidate.end)
    assert source.body[mention.start : mention.end] == "only public benchmarks"
    assert mention.method == Mention.Method.EDITOR and mention.reviewed
    assert "He said the company used" in mention.sentence


def test_accepted_slugs_never_collide(editor_client):
    make_claim(slug="only-public-benchmarks")
    candidate = make_candidate(source=make_source(body=BODY), text="only public benchmarks")
    editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]), {"decision": "accept"}
    )
    candidate.refresh_from_db()
    assert candidate.claim.slug == "only-public-benchmarks-2"


def test_merge_a_candidate_into_an_existing_claim(editor_client):
    claim = make_claim(slug="grok-420-aa-index-49")
    candidate = make_candidate(source=make_source(body=BODY), text="49 points", kind="number")
    editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]),
        {"decision": "merge", "claim": claim.pk},
    )
    candidate.refresh_from_db()
    assert candidate.status == CandidateClaim.Status.MERGED and candidate.claim == claim
    assert claim.mentions.get().quote == "49 points"


def test_reject_a_candidate(editor_client):
    candidate = make_candidate(source=make_source(body=BODY), text="49 points")
    editor_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]), {"decision": "reject"}
    )
    candidate.refresh_from_db()
    assert candidate.status == CandidateClaim.Status.REJECTED
    assert not Mention.objects.exists()


def test_bulk_accept_merge_and_reject(editor_client):
    source = make_source(body=BODY)
    words = ["only public benchmarks", "49 points", "Critics called the terms vague", "Musk"]
    candidates = [make_candidate(source=source, text=text) for text in words]
    changelist = reverse("admin:sources_candidateclaim_changelist")

    editor_client.post(
        changelist, {"action": "accept_selected", "_selected_action": [candidates[0].pk]}
    )
    editor_client.post(
        changelist, {"action": "reject_selected", "_selected_action": [candidates[3].pk]}
    )
    target = make_claim(slug="terms-vague")
    choose = editor_client.post(
        changelist,
        {"action": "merge_selected", "_selected_action": [c.pk for c in candidates[1:3]]},
    )
    assert "Merge into claim" in choose.content.decode()  # asks which claim first
    assert not target.mentions.exists()
    editor_client.post(
        changelist,
        {
            "action": "merge_selected",
            "_selected_action": [c.pk for c in candidates[1:3]],
            "apply": "1",
            "claim": target.pk,
        },
    )
    statuses = [CandidateClaim.objects.get(pk=c.pk).status for c in candidates]
    assert statuses == ["accepted", "merged", "merged", "rejected"]
    assert sorted(target.mentions.values_list("quote", flat=True)) == [
        "49 points",
        "Critics called the terms vague",
    ]
    assert Claim.objects.filter(slug="only-public-benchmarks").exists()


def test_fact_checker_cannot_decide_candidates(fact_checker_client):
    candidate = make_candidate(source=make_source(body=BODY), text="49 points")
    page = fact_checker_client.get(
        reverse("admin:sources_candidateclaim_change", args=[candidate.pk])
    )
    assert page.status_code == 200
    assert "Accept as a new claim" not in page.content.decode()
    response = fact_checker_client.post(
        reverse("admin:sources_candidateclaim_decide", args=[candidate.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert CandidateClaim.objects.get(pk=candidate.pk).status == "pending"


def test_candidate_words_are_marked_in_their_sentence_with_the_readers_markup(editor_client):
    source = make_source(body=BODY + " <b>Nothing</b> else.")
    make_candidate(source=source, text="49 points", sentence=BODY.split(". ")[2])
    make_candidate(source=source, text="<b>Nothing</b>", sentence="Vague.", kind="number")
    page = editor_client.get(reverse("admin:sources_candidateclaim_changelist"))
    content = page.content.decode()
    assert (
        '<span class="in-context">The model scored <mark>49 points</mark> on the index</span>'
        in content
    )
    # Words not found in their sentence: only the words, escaped.
    assert '<span class="in-context"><mark>&lt;b&gt;Nothing&lt;/b&gt;</mark></span>' in content
