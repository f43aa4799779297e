"""Candidates, claim merges and mention judgements, driven through the admin."""

import pytest
from django.urls import reverse

from sources.models import CandidateClaim, Claim, Mention
from tests.factories import make_candidate, make_claim, make_event, make_mention, make_source
from tests.helpers import form_data, inline_prefix

pytestmark = pytest.mark.django_db

BODY = (
    "Musk was asked about distillation. He said the company used “only public benchmarks” "
    "for testing. The model scored 49 points on the index. Critics called the terms vague."
)


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


def test_merge_claims_moves_mentions_and_keeps_the_editors_duplicate(editor_client):
    source = make_source(body=BODY)
    other_source = make_source(body=BODY)
    target = make_claim(slug="xai-distilled-openai")
    duplicate = make_claim(slug="musk-distillation")
    automatic = make_mention(claim=target, source=source, quote="Musk was asked about distillation")
    reviewed = make_mention(
        claim=duplicate,
        source=source,
        quote="Musk was asked about distillation",
        reviewed=True,
        stance="disputes",
    )
    moved = make_mention(claim=duplicate, source=other_source, quote="49 points")
    candidate = make_candidate(source=source, text="49 points", status="merged", claim=duplicate)
    event = make_event()
    event.claims.add(duplicate)
    changelist = reverse("admin:sources_claim_changelist")
    selected = {"action": "merge_claims", "_selected_action": [target.pk, duplicate.pk]}

    choose = editor_client.post(changelist, selected)
    assert "Keep this claim" in choose.content.decode()
    response = editor_client.post(changelist, {**selected, "apply": "1", "claim": target.pk})
    assert response["Location"] == reverse("admin:sources_claim_change", args=[target.pk])

    assert not Claim.objects.filter(pk=duplicate.pk).exists()
    kept = {m.pk: m for m in target.mentions.all()}
    assert set(kept) == {reviewed.pk, moved.pk}  # one mention per span; the reviewed one won
    assert not Mention.objects.filter(pk=automatic.pk).exists()
    assert kept[reviewed.pk].stance == "disputes"
    assert "claim" in kept[moved.pk].editor_owned_fields  # re-linking keeps the move
    candidate.refresh_from_db()
    assert candidate.claim == target
    assert list(event.claims.all()) == [target]
    # Nothing lost: the merged claim is in history and can come back.
    deleted = editor_client.get(reverse("admin:sources_claim_deleted")).context["deleted"]
    assert [item.pk for item in deleted] == [duplicate.pk]
    assert duplicate.history.filter(history_type="-").get().history_user.username == "edna"


def test_editor_stance_change_in_the_inline_marks_the_mention_reviewed(editor_client):
    mention = make_mention(stance="supports", qualifier="")
    url = reverse("admin:sources_source_change", args=[mention.source_id])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "mention")
    data = form_data(page, **{f"{prefix}-0-stance": "disputes", f"{prefix}-0-qualifier": "partly"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    mention.refresh_from_db()
    assert mention.stance == "disputes" and mention.qualifier == "partly"
    assert mention.reviewed
    assert {"stance", "qualifier"} <= set(mention.editor_owned_fields)


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


def test_setting_a_verdict_stamps_its_time(editor_client):
    claim = make_claim()
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url), verdict="needs_context")
    data.pop("match_rules", None)
    data["match_rules"] = "{}"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    claim.refresh_from_db()
    assert claim.verdict == "needs_context" and claim.verdict_updated_at is not None
    assert "verdict" in claim.editor_owned_fields


def test_mark_all_mentions_reviewed_from_the_source_page(editor_client, fact_checker_client):
    source = make_source(body=BODY)
    make_mention(source=source, quote="49 points")
    make_mention(source=source, quote="Musk")
    url = reverse("admin:sources_source_review_all", args=[source.pk])
    fact_checker_client.post(url)
    assert not source.mentions.filter(reviewed=False).exists()
    staff_view = editor_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert "Mark all mentions reviewed" in staff_view.content.decode()


def test_add_a_mention_by_typing_its_words(editor_client):
    source = make_source(body=BODY)
    claim = make_claim()
    response = editor_client.post(
        reverse("admin:sources_mention_add"),
        {"claim": claim.pk, "source": source.pk, "quote": "scored 49 points", "stance": "supports"},
    )
    assert response.status_code == 302, response.context["errors"]
    mention = claim.mentions.get()
    assert source.body[mention.start : mention.end] == "scored 49 points"
    assert mention.sentence == "The model scored 49 points on the index."
    assert mention.method == "editor" and mention.reviewed

    missing = editor_client.post(
        reverse("admin:sources_mention_add"),
        {"claim": claim.pk, "source": source.pk, "quote": "not in the text", "stance": "supports"},
    )
    assert missing.status_code == 200
    assert "is not in the text" in missing.content.decode()
