"""Keeping ``body[start:end] == quote`` for every mention when a source's text changes.

Holds re-anchoring a source's mentions after its body changed (a revert, an
editor's edit of the text) and re-anchoring one mention against a body (a
restored mention uses it). A mention whose words are gone is flagged when it
is an editor's work (kept, emptied to a zero-length span where its words were,
back in the review queue, the same state the linker gives it) and deleted when
it is the linker's own (the next re-link would drop it anyway); both are
listed in the result. Runs in the caller's transaction; never changes the
source itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import models, transaction

from sources.editorial.ownership import is_editors, stamp_review
from sources.linking.sentences import Sentence, covering_sentence, split_sentences
from sources.models import Mention, Source

# Mentions whose new span another mention of the same claim still holds are
# parked out of the way first: the unique (claim, source, start, end) rule is
# checked row by row, not at the end of the transaction.
PARK_AT = 1_000_000_000

ANCHOR_FIELDS = ("quote", "start", "end", "sentence", "sentence_start")


@dataclass
class ReanchorResult:
    """What a change of a source's text did to its mentions; str() tells the editor."""

    source: Source
    unchanged: int = 0  # still on their words, at the same offsets
    moved: int = 0  # re-anchored onto their words in the new text
    flagged: list[str] = field(default_factory=list)  # editors' mentions whose words are gone
    removed: list[str] = field(default_factory=list)  # automatic ones whose words are gone

    def add(self, other: ReanchorResult) -> ReanchorResult:
        """This result with ``other``'s counts added (the body's and the headline's, say)."""
        self.unchanged += other.unchanged
        self.moved += other.moved
        self.flagged += other.flagged
        self.removed += other.removed
        return self

    def __str__(self) -> str:
        total = self.unchanged + self.moved + len(self.flagged) + len(self.removed)
        if not total:
            return f"“{self.source}” has no mentions to re-anchor."
        text = (
            f"Mentions of “{self.source}”: {self.moved} re-anchored to their words in the "
            f"new text, {self.unchanged} unchanged."
        )
        if self.flagged:
            text += (
                f" {len(self.flagged)} of yours need review, their words are gone (kept "
                f"where they were, unreviewed): {'; '.join(self.flagged)}."
            )
        if self.removed:
            text += (
                f" {len(self.removed)} automatic removed, their words are gone: "
                f"{'; '.join(self.removed)}."
            )
        return text


def position_map(old: str, new: str) -> Callable[[int], int]:
    """A function taking an offset in ``old`` to the matching offset in ``new``.

    The texts are matched paragraph by paragraph (lines), then inside a changed
    stretch word by word, then character by character where the stretch is
    short; an offset in what is left keeps its distance into its stretch.
    No database access.
    """
    if old == new:
        return lambda position: position
    return _unit_map(old, new, level=0)


# Each level splits a changed stretch finer: lines, then words and the spaces
# between them, then characters.
_SPLITTERS: tuple[Callable[[str], list[str]], ...] = (
    lambda text: text.splitlines(keepends=True),
    lambda text: re.findall(r"\S+|\s+", text),
    list,
)
# Matching costs up to the product of the two lengths in units; characters are
# matched only in a stretch this short (a few sentences), words in one this short.
UNIT_LIMITS = (None, 200_000, 2_000)


def _unit_map(old: str, new: str, *, level: int) -> Callable[[int], int]:
    split = _SPLITTERS[level]
    old_units, new_units = split(old), split(new)
    old_starts, new_starts = _line_starts(old_units), _line_starts(new_units)
    opcodes = SequenceMatcher(None, old_units, new_units).get_opcodes()
    block_starts = [old_starts[i1] for _, i1, _, _, _ in opcodes]
    finer: dict[int, Callable[[int], int]] = {}

    def to_new(position: int) -> int:
        if not opcodes or position >= len(old):
            return len(new)
        index = max(bisect_right(block_starts, position) - 1, 0)
        tag, i1, i2, j1, j2 = opcodes[index]
        offset = position - old_starts[i1]
        if tag == "equal":
            return new_starts[j1] + offset
        old_part = old[old_starts[i1] : old_starts[i2]]
        new_part = new[new_starts[j1] : new_starts[j2]]
        if index not in finer and old_part and new_part and level + 1 < len(_SPLITTERS):
            limit = UNIT_LIMITS[level + 1]
            if len(old_part) + len(new_part) <= limit:
                finer[index] = _unit_map(old_part, new_part, level=level + 1)
        if index in finer:
            return new_starts[j1] + finer[index](offset)
        return min(new_starts[j1] + offset, new_starts[j2])

    return to_new


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def anchor_mention(
    mention: Mention,
    *,
    body: str,
    near: int,
    sentences: list[Sentence] | None = None,
    taken: set[tuple[int, int, int]] | None = None,
) -> bool:
    """Put the mention on its quote's occurrence in ``body`` nearest ``near`` (no save).

    The covering sentence is recomputed by the one rule. A span already held
    by another mention of the same claim (``taken``: claim, start, end) is
    skipped. A mention already emptied (its words were gone before) stays
    empty, moved to ``near``. Returns False, leaving the mention untouched,
    when the words are not in ``body``.
    """
    taken = taken if taken is not None else set()
    quote = mention.quote
    if quote:
        starts = [
            match.start()
            for match in re.finditer(re.escape(quote), body)
            if (mention.claim_id, match.start(), match.end()) not in taken
        ]
        if not starts:
            return False
        start = min(starts, key=lambda s: abs(s - near))
    else:
        start = _free_point(mention.claim_id, min(near, len(body)), body, taken)
    mention.start, mention.end = start, start + len(quote)
    mention.sentence, mention.sentence_start = covering_sentence(
        sentences if sentences is not None else split_sentences(body),
        mention.start,
        mention.end,
        body,
    )
    return True


def flag_mention(
    mention: Mention,
    *,
    body: str,
    near: int,
    sentences: list[Sentence] | None = None,
    taken: set[tuple[int, int, int]] | None = None,
) -> None:
    """An editor's mention whose words are gone: keep it, empty, back in review (no save).

    It becomes a zero-length span at ``near`` (so it still slices: "" == ""),
    unreviewed, with its quote editor-owned so the linker keeps it for an
    editor to decide on. The lost words stay in its history.
    """
    mention.quote = ""
    mention.reviewed = False
    stamp_review(mention, by=None)
    mention.mark_editor_owned("quote")
    anchor_mention(mention, body=body, near=near, sentences=sentences, taken=taken)


def _free_point(claim_id: int, point: int, body: str, taken: set[tuple[int, int, int]]) -> int:
    """The nearest zero-length span to ``point`` no other mention of the claim holds."""
    for distance in range(len(body) + 1):
        for candidate in (point - distance, point + distance):
            if 0 <= candidate <= len(body) and (claim_id, candidate, candidate) not in taken:
                return candidate
    return point


def reanchor_mentions(
    *, source: Source, old_body: str, field: str = Mention.Field.BODY
) -> ReanchorResult:
    """Re-anchor every mention of ``source`` after its body changed from ``old_body``.

    ``field`` names the text that changed ("title" or "dek" for the headline's or the
    dek's mentions): only the mentions in that text move, against it.

    ``source`` is saved already with its new body. Each mention moves to its
    quote's occurrence nearest where its old offset falls in the new text, with
    its covering sentence recomputed; an editor's mention whose words are gone
    is flagged (see ``flag_mention``), an automatic one is deleted; both are
    listed. Editor ownership is kept (only "quote" is added to a flagged one).
    Writes in the caller's transaction (a savepoint if there is none). Afterwards
    every mention of the source has ``body[start:end] == quote``. Safe to re-run:
    a second run finds every mention in place.
    """
    body = getattr(source, field) or ""
    result = ReanchorResult(source=source)
    mentions = list(Mention.objects.filter(source=source, field=field).order_by("start", "pk"))
    if not mentions:
        return result
    to_new = position_map(old_body, body)
    sentences = split_sentences(body)
    stored = {mention.pk: _anchor(mention) for mention in mentions}
    taken: set[tuple[int, int, int]] = set()
    changed: list[Mention] = []
    removed: list[Mention] = []
    # Editors' mentions choose their spans first, so an automatic twin yields to them.
    for mention in sorted(mentions, key=lambda m: not is_editors(m)):
        near = to_new(mention.start)
        if not anchor_mention(mention, body=body, near=near, sentences=sentences, taken=taken):
            label = f"“{mention.quote[:60]}”"
            if not is_editors(mention):
                removed.append(mention)
                result.removed.append(label)
                continue
            flag_mention(mention, body=body, near=near, sentences=sentences, taken=taken)
            result.flagged.append(label)
        elif _anchor(mention) == stored[mention.pk]:
            taken.add((mention.claim_id, mention.start, mention.end))
            result.unchanged += 1
            continue
        else:
            result.moved += 1
        taken.add((mention.claim_id, mention.start, mention.end))
        changed.append(mention)
    with transaction.atomic():
        for mention in removed:
            mention._change_reason = "Removed: its words left the article's text"
            mention.delete()
        _save_moved(changed, stored)
    return result


def _anchor(mention: Mention) -> tuple:
    return tuple(getattr(mention, name) for name in ANCHOR_FIELDS)


def _save_moved(changed: list[Mention], stored: dict[int, tuple]) -> None:
    """Save re-anchored mentions (one history record each).

    When one takes a span another still holds in the database, all of them are
    parked first (no history record), so the saves run in any order.
    """
    held = {(m.claim_id, stored[m.pk][1], stored[m.pk][2]): m.pk for m in changed}
    if any(held.get((m.claim_id, m.start, m.end), m.pk) != m.pk for m in changed):
        Mention.objects.filter(pk__in=[m.pk for m in changed]).update(
            start=models.F("pk") + PARK_AT, end=models.F("pk") + PARK_AT
        )
    for mention in changed:
        mention._change_reason = "Re-anchored: the article's text changed"
        mention.save()
