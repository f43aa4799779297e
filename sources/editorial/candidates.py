"""Candidate claims the linker proposed, decided by an editor: accept, merge, reject, undo.

Each decision writes in one transaction and records it on the candidate; an
undo puts the candidate back to pending and removes what the decision made
when nothing else depends on it. An accepted candidate becomes a draft claim,
hidden from readers until an editor writes its statement and publishes it.
Never touches the linker's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sources.editorial.mentions import create_editor_mention
from sources.editorial.ownership import EditorialError, apply_claim_edit
from sources.models import CandidateClaim, Claim, Mention, unique_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CANDIDATE_KIND_TO_CLAIM_KIND = {
    CandidateClaim.Kind.QUOTE: Claim.Kind.QUOTE,
    CandidateClaim.Kind.NUMBER: Claim.Kind.STATISTIC,
    CandidateClaim.Kind.ATTRIBUTION: Claim.Kind.QUOTE,
}


def unique_claim_slug(text: str, *, max_length: int = 60) -> str:
    """A slug for a new claim from its words, suffixed until no claim uses it."""
    return unique_slug(Claim, text, max_length=max_length, default="claim")


def _decide(candidate: CandidateClaim, *, status: str, claim: Claim | None) -> None:
    candidate.status = status
    candidate.claim = claim
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "claim", "decided_at"])


def _candidate_mention(
    *, candidate: CandidateClaim, claim: Claim, by: User | None = None
) -> Mention:
    source = candidate.source
    if source.body[candidate.start : candidate.end] != candidate.text:
        raise EditorialError(
            f"The text of “{source}” changed since this candidate was found; re-link the source."
        )
    return create_editor_mention(
        claim=claim, source=source, quote=candidate.text, start=candidate.start, by=by
    )


def accept_candidate(
    *, candidate: CandidateClaim, statement: str = "", kind: str = "", by: User | None = None
) -> tuple[Claim, Mention]:
    """Make a new draft claim from a candidate, with an editor mention at the candidate's words.

    The claim's slug comes from the text; its statement defaults to the words
    themselves, so the claim is a draft (``is_published`` False) that readers
    do not see until an editor writes its statement and calls
    ``publish_claim``. The mention counts as reviewed by ``by``. Raises
    EditorialError for a candidate already decided. Returns (claim, mention).
    """
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        claim = Claim.objects.create(
            slug=unique_claim_slug(candidate.text),
            statement=statement or candidate.text,
            kind=kind or CANDIDATE_KIND_TO_CLAIM_KIND.get(candidate.kind, Claim.Kind.QUOTE),
            editor_owned_fields=["statement", "kind"],
            is_published=False,
        )
        mention = _candidate_mention(candidate=candidate, claim=claim, by=by)
        _decide(candidate, status=CandidateClaim.Status.ACCEPTED, claim=claim)
    return claim, mention


def merge_candidate(*, candidate: CandidateClaim, claim: Claim, by: User | None = None) -> Mention:
    """Record a candidate as one more mention of an existing claim, reviewed by ``by``.

    Returns the mention.
    """
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        mention = _candidate_mention(candidate=candidate, claim=claim, by=by)
        _decide(candidate, status=CandidateClaim.Status.MERGED, claim=claim)
    return mention


def reject_candidate(*, candidate: CandidateClaim) -> None:
    """Set a candidate aside; the linker does not propose the same words again for the source."""
    if candidate.status == CandidateClaim.Status.REJECTED:
        return
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    _decide(candidate, status=CandidateClaim.Status.REJECTED, claim=None)


# --- Undoing a decision; publishing a draft ---------------------------------

# A decision writes its claim and mention moments before stamping ``decided_at``,
# in the same transaction; what was created this long before it is the decision's.
DECISION_WINDOW = timedelta(seconds=60)


@dataclass
class UndoResult:
    """What undoing a candidate decision did; str() is the admin's message."""

    candidate: CandidateClaim
    undone: str  # the decision, as the queue names it ("Accepted", "Merged into a claim"…)
    removed: list[str] = field(default_factory=list)  # what the decision made, now deleted
    kept: list[str] = field(default_factory=list)  # what it made that stays, and why

    def __str__(self) -> str:
        text = f"“{self.candidate}” is pending again ({self.undone.lower()} was undone)."
        if self.removed:
            text += f" Removed {', '.join(self.removed)}."
        if self.kept:
            text += f" Kept {'; '.join(self.kept)}."
        return text


def undo_candidate_decision(*, candidate: CandidateClaim) -> UndoResult:
    """Put a decided candidate back to pending, removing what the decision made.

    A rejection is simply forgotten. A merge's mention is deleted unless it was
    there before the decision or an editor changed it since (then it is kept
    and named). An accept's mention and its draft claim are deleted (history
    keeps both: the claim can be restored); but when something else now
    depends on that claim (it was published, other mentions, candidates or
    timeline events point to it, claims were merged into it) the undo is
    refused with the reasons, since deleting it would take those along. Raises
    EditorialError for a pending candidate.
    """
    status = candidate.status
    if status == CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” is pending: there is no decision to undo.")
    result = UndoResult(candidate=candidate, undone=candidate.get_status_display())
    with transaction.atomic():
        claim = candidate.claim
        if claim is not None:
            mention = _decision_mention(candidate, claim)
            if status == CandidateClaim.Status.ACCEPTED:
                _check_draft_claim_can_go(candidate, claim, mention)
            if mention is None:
                result.kept.append(
                    f"the mention of {claim.slug}: it was there before the decision "
                    "or an editor changed it since"
                )
            else:
                mention._change_reason = f"Undid the decision on candidate {candidate.pk}"
                mention.delete()
                result.removed.append(f"the mention “{candidate.text[:40]}” of {claim.slug}")
            if status == CandidateClaim.Status.ACCEPTED:
                claim._change_reason = f"Undid accepting candidate {candidate.pk}"
                claim.delete()
                result.removed.append(f"the draft claim {claim.slug}")
        candidate.status = CandidateClaim.Status.PENDING
        candidate.claim = None
        candidate.decided_at = None
        candidate.save(update_fields=["status", "claim", "decided_at"])
    return result


def _decision_mention(candidate: CandidateClaim, claim: Claim) -> Mention | None:
    """The mention this decision created at the candidate's words, untouched since; or None."""
    mention = Mention.objects.filter(
        claim=claim, source_id=candidate.source_id, start=candidate.start, end=candidate.end
    ).first()
    if mention is None or candidate.decided_at is None:
        return None
    decided = candidate.decided_at
    made_by_decision = decided - DECISION_WINDOW <= mention.created_at <= decided
    unchanged_since = mention.updated_at <= decided + DECISION_WINDOW
    return mention if made_by_decision and unchanged_since else None


def _check_draft_claim_can_go(
    candidate: CandidateClaim, claim: Claim, mention: Mention | None
) -> None:
    reasons = []
    if claim.is_published:
        reasons.append("it is published")
    others = claim.mentions.exclude(pk=mention.pk if mention else None).count()
    if others:
        reasons.append(f"{others} other mentions point to it")
    if claim.candidates.exclude(pk=candidate.pk).exists():
        reasons.append("other candidates were merged into it")
    if claim.events.exists():
        reasons.append("timeline events link to it")
    if claim.merged_slugs:
        reasons.append(f"{', '.join(claim.merged_slugs)} were merged into it")
    if reasons:
        raise EditorialError(
            f"Cannot undo accepting “{candidate}”: claim {claim.slug} is in use "
            f"({'; '.join(reasons)}). Merge it into another claim or delete it from its page."
        )


@dataclass
class PublishResult:
    claim: Claim
    already: bool = False

    def __str__(self) -> str:
        if self.already:
            return f"{self.claim.slug} was already published."
        return f"Published {self.claim.slug}: readers can see it now."


def publish_claim(*, claim: Claim, statement: str | None = None) -> PublishResult:
    """Make a draft claim public, optionally writing its statement first.

    A claim accepted from a candidate starts with the article's words as its
    statement; publishing is refused (EditorialError) until the statement is
    written in the newsroom's words, i.e. differs from the words of the
    candidate it came from, and is not blank. The statement written here is
    editor-owned. Safe to re-run: a published claim stays published.
    """
    written = statement is not None and statement.strip() != claim.statement
    if written:
        claim.statement = statement.strip()
        apply_claim_edit(claim=claim, changed_fields=["statement"])
    if claim.is_published:
        if written:
            claim.save()
        return PublishResult(claim=claim, already=True)
    if not claim.statement.strip():
        raise EditorialError(f"Write a statement for {claim.slug} before publishing it.")
    accepted = claim.candidates.filter(status=CandidateClaim.Status.ACCEPTED)
    article_words = {text.strip() for text in accepted.values_list("text", flat=True)}
    if claim.statement.strip() in article_words:
        raise EditorialError(
            f"The statement of {claim.slug} is still the article's own words. Write it once "
            "in the newsroom's words, then publish."
        )
    claim.is_published = True
    claim._change_reason = "Published"
    claim.save()
    return PublishResult(claim=claim)
