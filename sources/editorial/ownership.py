"""The ownership rules: what an editor's edit marks as theirs, so machines keep it.

Holds which source and claim fields an editor may own, what an edit to a
source, claim or mention marks as editor-owned, and how a mention's move to
another claim is remembered. Machines (ingestion, linking, the curated claims
loader) never overwrite what these functions mark. Nothing here saves: the
caller (the admin's form handling) saves in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from sources.models import Claim, Mention, Source

# The source fields an editor may correct by hand; the cleaned body is not
# among them because mention offsets index into it.
SOURCE_METADATA_FIELDS = (
    "outlet",
    "title",
    "dek",
    "authors",
    "published",
    "published_precision",
    "url",
    "language",
    "captions",
    "entities",
    "citations",
)
# Claim fields an editor may own: once an editor changes one, the curated
# claims loader (sources/curated/claims.py) leaves it alone.
CLAIM_EDITABLE_FIELDS = (
    "statement",
    "kind",
    "speaker",
    "value",
    "unit",
    "verdict",
    "verdict_explanation",
    "claimed_on",
    "match_rules",
)
VERDICT_FIELDS = ("verdict", "verdict_explanation")
# A change to any of these means an editor has judged the mention.
MENTION_JUDGEMENT_FIELDS = ("stance", "qualifier", "variant")


class EditorialError(ValueError):
    """An editor's request that cannot be carried out; the message says why."""


# --- Sources, claims and mentions edited in a form -------------------------


def apply_source_edit(
    *, source: Source, changed_fields: Iterable[str], kept_owned: Iterable[str] | None = None
) -> list[str]:
    """Mark the metadata an editor changed as editor-owned (does not save).

    ``kept_owned`` is what the editor left ticked in the editor-owned list
    (None keeps the current list); fields changed now are added to it.
    Returns the new list. Safe to re-run.
    """
    owned = set(source.editor_owned_fields if kept_owned is None else kept_owned)
    owned |= {name for name in changed_fields if name in SOURCE_METADATA_FIELDS}
    source.editor_owned_fields = sorted(owned & set(SOURCE_METADATA_FIELDS))
    return source.editor_owned_fields


def apply_claim_edit(*, claim: Claim, changed_fields: Iterable[str]) -> list[str]:
    """Mark changed claim fields editor-owned and stamp a verdict change (does not save).

    Returns the fields newly marked. Safe to re-run.
    """
    changed = [name for name in changed_fields if name in CLAIM_EDITABLE_FIELDS]
    if any(name in VERDICT_FIELDS for name in changed):
        claim.verdict_updated_at = timezone.now()
    claim.mark_editor_owned(*changed)
    return changed


def apply_mention_edit(*, mention: Mention, changed_fields: Iterable[str]) -> bool:
    """An editor's stance/qualifier/variant change marks the mention reviewed and owned.

    A move to another claim is remembered (``moved_from``), so re-linking neither
    moves it back nor links the old claim to the same words again. Reads the
    stored claim; does not save. Re-linking then keeps the editor's judgement.
    Returns True when the mention became reviewed because of this edit. Safe to re-run.
    """
    changed = list(changed_fields)
    judged = [name for name in changed if name in MENTION_JUDGEMENT_FIELDS]
    if judged:
        mention.mark_editor_owned(*judged)
    if "claim" in changed:
        _record_move(mention, away_from=_stored_claim_id(mention))
    if judged and not mention.reviewed:
        mention.reviewed = True
        return True
    return False


def _stored_claim_id(mention: Mention) -> int | None:
    """The claim a mention has in the database (a form has already changed the instance)."""
    if mention.pk is None:
        return None
    return Mention.objects.filter(pk=mention.pk).values_list("claim_id", flat=True).first()


def _record_move(mention: Mention, *, away_from: int | None) -> None:
    """Mark the mention's claim editor-owned and remember the claim it left (no save).

    Moved on again, it keeps blocking the claim it first left (the one whose rules
    found these words) unless it is moved back there.
    """
    mention.mark_editor_owned("claim")
    if away_from is None or away_from == mention.claim_id:
        return
    if mention.moved_from_id in (None, mention.claim_id):
        mention.moved_from_id = away_from
