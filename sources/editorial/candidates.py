"""Candidate claims the linker proposed, decided by an editor: accept, merge, reject.

Each decision writes in one transaction and records it on the candidate.
Never touches the linker's rules.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sources.editorial.mentions import create_editor_mention
from sources.editorial.ownership import EditorialError
from sources.models import CandidateClaim, Claim, Mention

CANDIDATE_KIND_TO_CLAIM_KIND = {
    CandidateClaim.Kind.QUOTE: Claim.Kind.QUOTE,
    CandidateClaim.Kind.NUMBER: Claim.Kind.STATISTIC,
    CandidateClaim.Kind.ATTRIBUTION: Claim.Kind.QUOTE,
}


def unique_claim_slug(text: str, *, max_length: int = 60) -> str:
    """A slug for a new claim from its words, suffixed until no claim uses it."""
    words = slugify(text)[:max_length].rstrip("-") or "claim"
    slug, n = words, 2
    while Claim.objects.filter(slug=slug).exists():
        slug = f"{words}-{n}"
        n += 1
    return slug


def _decide(candidate: CandidateClaim, *, status: str, claim: Claim | None) -> None:
    candidate.status = status
    candidate.claim = claim
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "claim", "decided_at"])


def _candidate_mention(*, candidate: CandidateClaim, claim: Claim) -> Mention:
    source = candidate.source
    if source.body[candidate.start : candidate.end] != candidate.text:
        raise EditorialError(
            f"The text of “{source}” changed since this candidate was found; re-link the source."
        )
    return create_editor_mention(
        claim=claim, source=source, quote=candidate.text, start=candidate.start
    )


def accept_candidate(
    *, candidate: CandidateClaim, statement: str = "", kind: str = ""
) -> tuple[Claim, Mention]:
    """Make a new claim from a candidate, with an editor mention at the candidate's words.

    The claim's slug comes from the text; its statement defaults to the words
    themselves (editors rewrite it afterwards). Raises EditorialError for a
    candidate already decided. Returns (claim, mention).
    """
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        claim = Claim.objects.create(
            slug=unique_claim_slug(candidate.text),
            statement=statement or candidate.text,
            kind=kind or CANDIDATE_KIND_TO_CLAIM_KIND.get(candidate.kind, Claim.Kind.QUOTE),
            editor_owned_fields=["statement", "kind"],
        )
        mention = _candidate_mention(candidate=candidate, claim=claim)
        _decide(candidate, status=CandidateClaim.Status.ACCEPTED, claim=claim)
    return claim, mention


def merge_candidate(*, candidate: CandidateClaim, claim: Claim) -> Mention:
    """Record a candidate as one more mention of an existing claim. Returns the mention."""
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        mention = _candidate_mention(candidate=candidate, claim=claim)
        _decide(candidate, status=CandidateClaim.Status.MERGED, claim=claim)
    return mention


def reject_candidate(*, candidate: CandidateClaim) -> None:
    """Set a candidate aside; the linker does not propose the same words again for the source."""
    if candidate.status == CandidateClaim.Status.REJECTED:
        return
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    _decide(candidate, status=CandidateClaim.Status.REJECTED, claim=None)
