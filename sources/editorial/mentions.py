"""Mentions and sources an editor makes by hand: quotes found in the text, reviews.

Holds locating a quote in a source's cleaned text, filling and creating an
editor's mention (offsets and covering sentence from the quote), marking
mentions reviewed (by whom, when) and completing a source typed in by hand. Never changes a
source's body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils.text import slugify

from sources.editorial.ownership import EditorialError, apply_source_edit, stamp_review
from sources.linking.sentences import sentence_around
from sources.models import Claim, Mention, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def mark_mentions_reviewed(*, mentions: models.QuerySet[Mention], by: User | None = None) -> int:
    """Mark these mentions reviewed by ``by``, now (one history record each).

    Mentions already reviewed keep who reviewed them and when. Returns how many
    changed. Safe to re-run.
    """
    changed = 0
    with transaction.atomic():
        for mention in mentions.filter(reviewed=False):
            mention.reviewed = True
            stamp_review(mention, by=by)
            mention.save(update_fields=["reviewed", "reviewed_by", "reviewed_at", "updated_at"])
            changed += 1
    return changed


def locate_quote(
    *, source: Source, quote: str, near: int | None = None, field: str = Mention.Field.BODY
) -> tuple[int, int]:
    """Offsets of ``quote`` in the source's cleaned text (the occurrence nearest ``near``).

    ``field`` is the text looked in: the body, the title or the dek (Mention.field).
    Raises EditorialError when the words are not in the text.
    """
    if not quote:
        raise EditorialError("The quote is empty.")
    starts = [m.start() for m in re.finditer(re.escape(quote), getattr(source, field) or "")]
    if not starts:
        raise EditorialError(f"“{quote[:80]}” is not in the text of “{source}”.")
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return start, start + len(quote)


def prepare_editor_mention(
    *, mention: Mention, near: int | None = None, by: User | None = None
) -> Mention:
    """Fill an unsaved mention's offsets and sentence from its quote; mark it the editor's.

    ``near`` (or the mention's own ``start``, when it already slices to the
    quote) picks the occurrence. The mention counts as reviewed by ``by``, now.
    Raises EditorialError when the words are not in the source's text. Does
    not save.
    """
    body, quote = mention.text_in(), mention.quote
    start = mention.start if near is None else near
    if start is not None and body[start : start + len(quote)] == quote and quote:
        begin, end = start, start + len(quote)
    else:
        begin, end = locate_quote(
            source=mention.source, quote=quote, near=start, field=mention.field
        )
    mention.start, mention.end, mention.quote = begin, end, body[begin:end]
    mention.sentence, mention.sentence_start = sentence_around(body, begin, end)
    mention.method = Mention.Method.EDITOR
    mention.reviewed = True
    stamp_review(mention, by=by)
    return mention


def create_editor_mention(
    *,
    claim: Claim,
    source: Source,
    quote: str,
    start: int | None = None,
    stance: str = Mention.Stance.SUPPORTS,
    qualifier: str = "",
    variant: str = "",
    by: User | None = None,
    field: str = Mention.Field.BODY,
) -> Mention:
    """Link ``claim`` to ``quote`` in ``source`` as an editor-made mention reviewed by ``by``.

    ``start`` pins the occurrence; without it the first occurrence is used. If
    the same span is already linked to the claim, that mention is adopted by
    the editor instead of duplicated, so re-running is safe. The words must be
    in ``source``'s own text (EditorialError otherwise): its body, or its title or dek
    (``field``).
    """
    draft = prepare_editor_mention(
        mention=Mention(claim=claim, source=source, quote=quote, start=start, field=field), by=by
    )
    if draft.text_in(source)[draft.start : draft.end] != draft.quote:  # the one rule
        raise EditorialError(f"“{quote[:80]}” does not slice out of the text of “{source}”.")
    mention, _ = Mention.objects.update_or_create(
        claim=claim,
        source=source,
        field=field,
        start=draft.start,
        end=draft.end,
        defaults={
            "quote": draft.quote,
            "sentence": draft.sentence,
            "sentence_start": draft.sentence_start,
            "stance": stance,
            "qualifier": qualifier,
            "variant": variant,
            "method": Mention.Method.EDITOR,
            "reviewed": True,
            "reviewed_by": draft.reviewed_by,
            "reviewed_at": draft.reviewed_at,
        },
    )
    return mention


def prepare_manual_source(*, source: Source, filled_fields: Iterable[str]) -> Source:
    """Complete a source an editor typed in by hand (does not save).

    The typed text is its raw input; the origin is made from the title and the
    text's hash (so the same text typed twice collides instead of duplicating);
    every field the editor filled is editor-owned.
    """
    raw = (source.body or "").encode("utf-8")
    source.raw_input = raw
    source.content_hash = hashlib.sha256(raw).hexdigest()
    source.word_count = len((source.body or "").split())
    if not source.origin:
        source.origin = f"manual-{slugify(source.title)[:60] or 'source'}-{source.content_hash[:8]}"
    apply_source_edit(source=source, changed_fields=filled_fields, kept_owned=[])
    return source
