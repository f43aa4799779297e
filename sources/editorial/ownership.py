"""The ownership rules: what an editor's edit marks as theirs, so machines keep it.

Holds which source and claim fields an editor may own, what an edit to a
source, claim or mention marks as editor-owned, and how a mention's move to
another claim is remembered; who reviewed a mention and whether an editor
changed it; the rule that a mention stays on its own article's words. Machines
(ingestion, linking, the curated claims loader) never overwrite what these
functions mark. Nothing here saves: the caller (the admin's form handling)
saves in its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from sources.linking.sentences import sentence_around
from sources.models import Claim, Mention, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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
# An editor's change to any of these makes an automatic mention "automatic, edited"
# (``Mention.edited``; its ``method`` still says the linker found it).
EDIT_FIELDS = frozenset({"claim", "qualifier", "stance", "quote"})


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


def apply_mention_edit(
    *, mention: Mention, changed_fields: Iterable[str], by: User | None = None
) -> bool:
    """An editor's edit of a mention: ownership, provenance, and its words checked (no save).

    A stance/qualifier/variant change marks the mention reviewed and owned. A
    move to another claim is remembered (``moved_from``), so re-linking neither
    moves it back nor links the old claim to the same words again. An editor's
    change of the claim, qualifier, stance or quote of an automatic mention makes
    it "automatic, edited". Becoming reviewed (or being ticked reviewed) records
    ``by`` and the time; unticking clears them.

    A mention belongs to its article: changing its source is refused, and its
    quote and offsets may only move within its own article's text. A changed
    quote is found in the text (nearest the old offsets); whatever the edit,
    the mention must end with ``body[start:end] == quote`` or EditorialError
    says why. Reads the stored mention; does not save. Re-linking then keeps
    the editor's judgement. Returns True when the mention became reviewed
    because of this edit. Safe to re-run.
    """
    changed = list(changed_fields)
    stored = _stored_ids(mention)
    if "source" in changed or (stored is not None and stored[1] != mention.source_id):
        raise EditorialError(
            "A mention belongs to its article: its quote and offsets index that article's "
            "text, so its source cannot change. To credit these words to another article, "
            "add a mention there."
        )
    _keep_on_its_words(mention, quote_edited="quote" in changed)
    judged = [name for name in changed if name in MENTION_JUDGEMENT_FIELDS]
    if judged:
        mention.mark_editor_owned(*judged)
    if "quote" in changed:
        mention.mark_editor_owned("quote")
    if "claim" in changed:
        _record_move(mention, away_from=stored[0] if stored else None)
    if mention.method == Mention.Method.AUTOMATIC and EDIT_FIELDS.intersection(changed):
        mention.edited = True  # "automatic, edited": the method stays what found it
    became_reviewed = bool(judged) and not mention.reviewed
    if became_reviewed:
        mention.reviewed = True
    if became_reviewed or "reviewed" in changed:
        stamp_review(mention, by=by)
    return became_reviewed


def stamp_review(mention: Mention, *, by: User | None) -> None:
    """Record who reviewed the mention and when, or clear both when it is not reviewed."""
    if mention.reviewed:
        mention.reviewed_by, mention.reviewed_at = by, timezone.now()
    else:
        mention.reviewed_by, mention.reviewed_at = None, None


def is_editors(mention: Mention) -> bool:
    """An editor made, edited, reviewed or owns part of this mention: never delete it unasked."""
    return (
        mention.method == Mention.Method.EDITOR
        or mention.edited
        or mention.reviewed
        or bool(mention.editor_owned_fields)
    )


def _keep_on_its_words(mention: Mention, *, quote_edited: bool) -> None:
    """Make sure ``body[start:end] == quote`` in the mention's own article (no save).

    Offsets that do not slice to the quote are moved to the quote's occurrence
    nearest them; an edited quote is looked for the same way. Raises
    EditorialError when the words are not in the article.
    """
    body, quote = mention.text_in(), mention.quote
    fits = mention.end is not None and body[mention.start : mention.end] == quote
    if fits and not quote_edited:
        return
    if not quote:
        raise EditorialError(
            "The quote is empty: type the words of the article this mention points to."
        )
    near = mention.start or 0
    starts = [m.start() for m in re.finditer(re.escape(quote), body)]
    if not starts:
        raise EditorialError(
            f"“{quote[:80]}” is not in the text of “{mention.source}”. A mention can only "
            "point to words of its own article: copy them from its text."
        )
    start = min(starts, key=lambda s: abs(s - near))
    mention.start, mention.end = start, start + len(quote)
    mention.sentence, mention.sentence_start = sentence_around(body, mention.start, mention.end)


def _stored_ids(mention: Mention) -> tuple[int, int] | None:
    """(claim id, source id) as in the database (a form has already changed the instance)."""
    if mention.pk is None:
        return None
    return Mention.objects.filter(pk=mention.pk).values_list("claim_id", "source_id").first()


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
