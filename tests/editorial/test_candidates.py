"""Candidate decisions can be undone; an accepted candidate is a draft until published."""

import pytest

from sources.editorial import (
    EditorialError,
    accept_candidate,
    merge_candidate,
    publish_claim,
    reject_candidate,
    undo_candidate_decision,
)
from sources.models import CandidateClaim, Claim, Mention
from tests.factories import make_candidate, make_claim, make_event, make_mention, make_source

pytestmark = pytest.mark.django_db

BODY = "Musk said xAI partly used OpenAI models. Grok 4.20 scored 49 on the AA index."


@pytest.fixture
def candidate():
    return make_candidate(source=make_source(body=BODY), text="Grok 4.20 scored 49")


def test_an_accepted_candidate_is_a_draft_until_its_statement_is_written(candidate):
    claim, _ = accept_candidate(candidate=candidate)
    assert not claim.is_published

    with pytest.raises(EditorialError, match="still the article's own words"):
        publish_claim(claim=claim)
    result = publish_claim(claim=claim, statement="Grok 4.20 scored 49 on the AA index.")

    claim.refresh_from_db()
    assert claim.is_published and claim.owns("statement")
    assert str(result) == f"Published {claim.slug}: readers can see it now."
    assert publish_claim(claim=claim).already  # re-running keeps it published


def test_existing_claims_stay_public():
    assert make_claim().is_published


def test_undo_an_accept_removes_the_draft_claim_and_its_mention(candidate):
    claim, mention = accept_candidate(candidate=candidate)

    result = undo_candidate_decision(candidate=candidate)

    candidate.refresh_from_db()
    assert (candidate.status, candidate.claim, candidate.decided_at) == ("pending", None, None)
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Mention.objects.filter(pk=mention.pk).exists()
    assert claim.slug in str(result) and "pending again" in str(result)
    accept_candidate(candidate=candidate)  # and it can be decided again


def test_undo_an_accept_is_refused_while_the_claim_is_in_use(candidate):
    claim, _ = accept_candidate(candidate=candidate)
    make_event().claims.add(claim)
    make_mention(claim=claim, source=make_source(body=BODY), quote="AA index")

    with pytest.raises(EditorialError, match="timeline events link to it") as error:
        undo_candidate_decision(candidate=candidate)
    assert "1 other mentions" in str(error.value)
    candidate.refresh_from_db()
    assert candidate.status == "accepted" and Claim.objects.filter(pk=claim.pk).exists()


def test_undo_a_merge_removes_only_the_mention_it_made(candidate):
    claim = make_claim(slug="grok-score")
    kept = make_mention(claim=claim, source=candidate.source, quote="AA index")
    mention = merge_candidate(candidate=candidate, claim=claim)

    result = undo_candidate_decision(candidate=candidate)

    assert not Mention.objects.filter(pk=mention.pk).exists()
    assert Mention.objects.filter(pk=kept.pk).exists()
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert "Removed the mention" in str(result)


def test_undo_a_reject(candidate):
    reject_candidate(candidate=candidate)
    undo_candidate_decision(candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == CandidateClaim.Status.PENDING


def test_nothing_to_undo_on_a_pending_candidate(candidate):
    with pytest.raises(EditorialError, match="no decision to undo"):
        undo_candidate_decision(candidate=candidate)
