"""Link sources to claims: run the engine and reconcile its matches with what is stored.

Entry points (the contract other modules code against):

* ``link_sources(sources=[...]) -> LinkResult``: (re)link these sources to every claim;
* ``relink_all() -> LinkResult``: every source against every claim;
* ``preview_rules(rules=..., sources=None) -> list[RulePreviewMatch]``: what a claim's
  rules would match, without writing anything;
* ``preview_near_misses(rules=..., sources=None) -> list[RulePreviewNearMiss]``: the
  sentences those rules nearly match (one cue missing), and which cue;
* ``validate_rules(rules) -> list[str]``: an editor's mistakes in a rules object, as sentences.

All of them are safe to re-run: linking twice in a row changes nothing the second time.

Re-linking
==========

Automatic matches are reconciled with what is stored, per source:

* mentions made by an editor (method=editor), reviewed ones, and any mention with
  editor-owned fields are never deleted; only an unreviewed automatic mention has its
  fields refreshed, and never those listed in its ``editor_owned_fields``;
* an unreviewed automatic mention is updated in place when the same claim matches the
  same span (or, after an edit of the body, the same words elsewhere), deleted when the
  claim no longer matches;
* when a body changed under a kept mention, the mention is re-anchored on its quote (the
  occurrence nearest its old position, compared exactly, then ignoring case and quote
  styles). If the words are gone, the mention is kept, marked unreviewed, with an empty
  quote at its old position (clipped to the body) and its old sentence, so an editor sees
  what it pointed at and can re-attach it; its history holds the old offsets. Its
  "quote" becomes editor-owned, so later runs keep it until an editor deletes it or
  clears the flag. Never deleted silently.
* an automatic match overlapping a kept mention of the same claim is not created again;
  nor one of the claim a kept mention was moved away from (``Mention.moved_from``, set
  by editorial.apply_mention_edit and merge_claims). Other claims' matches there stand.

Candidates: a sentence that produced no mention but has a quotation (three words or more),
a number with a unit, or an attribution verb is proposed as a CandidateClaim (pending),
once per distinct kind+text per source. A candidate an editor decided on (accepted, merged,
rejected) is never re-created or touched; a pending one is removed when its words are gone.

Writes use bulk_create/bulk_update (no per-row history records for machine writes; the
deletions are recorded). Rules are compiled once per run (``Engine``), and the engine is
the same one ``bench_linking`` measures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sources import limits
from sources.linking.engine import ClaimSpec, Engine, FoundCandidate, Match
from sources.linking.near import near_misses
from sources.linking.sentences import (
    Sentence,
    covering_sentence,
    normalize_for_matching,
    split_sentences,
)
from sources.models import CandidateClaim, Claim, Entity, Mention, Source
from sources.travel.verbs import framing_of

BATCH = 200
MENTION_FIELDS = ("quote", "start", "end", "sentence", "sentence_start", "qualifier", "variant")
JUDGED_FIELDS = ("stance",)
FRAMING_FIELDS = ("reporting_verb", "verb_connotation")
MACHINE_FIELDS = ("confidence",)  # the linker's own; an editor never owns them


@dataclass
class LinkResult:
    """What one linking run changed. ``str()`` reads as one line."""

    sources: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0
    reanchored: int = 0
    lost: int = 0
    candidates: int = 0
    candidates_removed: int = 0
    # Sources over a per-article limit (sources.limits): source id -> what was left out.
    limited: dict[int, str] = field(default_factory=dict)

    def __str__(self) -> str:
        text = (
            f"{self.sources} sources: {self.created} mentions created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.kept} kept by editors"
        )
        if self.reanchored or self.lost:
            text += f" ({self.reanchored} re-anchored, {self.lost} lost their words)"
        text += f"; {self.candidates} new candidates, {self.candidates_removed} removed"
        if self.limited:
            text += f"; {len(self.limited)} sources over the per-article limits (ids "
            text += ", ".join(f"{pk}: {why}" for pk, why in sorted(self.limited.items())) + ")"
        return text


@dataclass
class RulePreviewMatch:
    source: Source
    quote: str
    start: int
    end: int
    sentence: str
    qualifier: str
    variant: str
    stance: str
    confidence: float = 1.0
    field: str = "body"  # the source's text the offsets index into (Mention.field)


def entity_names() -> dict[str, list[str]]:
    """Every entity slug with its names (name and aliases). One query."""
    return {entity.slug: entity.names for entity in Entity.objects.only("slug", "name", "aliases")}


def build_engine(*, claims: Iterable[Claim] | None = None) -> Engine:
    """An engine for these claims (all claims by default), keyed by claim id. Two queries."""
    claims = Claim.objects.only("id", "kind", "match_rules") if claims is None else claims
    specs = [ClaimSpec(key=claim.pk, kind=claim.kind, rules=claim.match_rules) for claim in claims]
    return Engine(specs, entity_names())


def preview_rules(
    *, rules: dict, sources: Iterable[Source] | None = None, kind: str = Claim.Kind.QUOTE
) -> list[RulePreviewMatch]:
    """What ``rules`` would match in ``sources`` (all sources by default). Writes nothing.

    ``kind`` is the claim kind the rules are for (it decides whether variants are read).
    Returns the matches in source and text order.
    """
    engine = Engine([ClaimSpec(key="preview", kind=kind, rules=rules)], entity_names())
    if sources is None:
        sources = Source.objects.only("id", "title", "dek", "body", "origin").order_by("pk")
    found = []
    for source in sources:
        matches, _ = engine.scan_article(source.body, title=source.title, dek=source.dek)
        found += [
            RulePreviewMatch(
                source=source,
                quote=m.quote,
                start=m.start,
                end=m.end,
                sentence=m.sentence,
                qualifier=m.qualifier,
                variant=m.variant,
                stance=m.stance,
                confidence=m.confidence,
                field=m.field,
            )
            for m in matches
        ]
    return found


@dataclass
class RulePreviewNearMiss:
    """A sentence one cue short of the previewed rules (see sources/linking/near.py)."""

    source: Source
    sentence: str
    missing: str
    field: str = "body"


def preview_near_misses(
    *, rules: dict, sources: Iterable[Source] | None = None, kind: str = Claim.Kind.QUOTE
) -> list[RulePreviewNearMiss]:
    """The sentences ``rules`` nearly match in ``sources`` (all by default), one cue missing,
    with the cue named: what an editor may widen a rule with. Writes nothing."""
    engine = Engine([ClaimSpec(key="preview", kind=kind, rules=rules)], entity_names())
    if sources is None:
        sources = Source.objects.only("id", "title", "dek", "body", "origin").order_by("pk")
    return [
        RulePreviewNearMiss(
            source=source, sentence=miss.sentence, missing=miss.missing, field=miss.field
        )
        for source in sources
        for miss in near_misses(engine, source.body, title=source.title, dek=source.dek)
    ]


def link_sources(*, sources: Iterable[Source], engine: Engine | None = None) -> LinkResult:
    """(Re)link these sources to every claim; reconcile with what is stored. Safe to re-run.

    The bodies are read fresh from the database, so stale instances are fine.
    """
    ids = sorted({source.pk for source in sources})
    return _link_in_batches(engine or build_engine(), ids)


def relink_all() -> LinkResult:
    """Every source against every claim (what load_story runs). Safe to re-run."""
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    return _link_in_batches(build_engine(), ids)


def _link_in_batches(engine: Engine, ids: list[int]) -> LinkResult:
    """Scan and reconcile ``ids``, BATCH sources per transaction (six queries, plus writes)."""
    result = LinkResult()
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        with transaction.atomic():
            sources = list(Source.objects.filter(pk__in=batch).only("id", "title", "dek", "body"))
            stored: dict[int, list[Mention]] = {}
            for mention in Mention.objects.filter(source_id__in=batch):
                stored.setdefault(mention.source_id, []).append(mention)
            stored_candidates: dict[int, dict[str, CandidateClaim]] = {}
            for candidate in CandidateClaim.objects.filter(source_id__in=batch):
                stored_candidates.setdefault(candidate.source_id, {})[candidate.fingerprint] = (
                    candidate
                )
            writes = _Writes(now=timezone.now(), known_claims={c.spec.key for c in engine.claims})
            for source in sources:
                matches, candidates = engine.scan_article(
                    source.body, title=source.title, dek=source.dek
                )
                matches, candidates, over = limits.cap_article(matches, candidates)
                if over:
                    result.limited[source.pk] = over
                result.sources += 1
                _reconcile_mentions(source, matches, stored.get(source.pk, []), writes, result)
                _reconcile_candidates(
                    source.pk, candidates, stored_candidates.get(source.pk, {}), writes, result
                )
            writes.save()
    return result


def _is_protected(mention: Mention) -> bool:
    return (
        mention.method == Mention.Method.EDITOR
        or mention.reviewed
        or bool(mention.editor_owned_fields)
    )


def _blocked_spans(kept: list[Mention]) -> list[tuple[int, str, int, int]]:
    """(claim, field, start, end) where no automatic mention may be created.

    An editor's, reviewed or moved mention blocks its own claim there; a moved
    one also blocks the claim it was moved away from, and only that one: the
    other claims found in the same words keep their mentions.
    """
    blocked = []
    for mention in kept:
        if mention.method == Mention.Method.EDITOR or mention.reviewed or mention.owns("claim"):
            blocked.append((mention.claim_id, mention.field, mention.start, mention.end))
        if mention.moved_from_id is not None:
            blocked.append((mention.moved_from_id, mention.field, mention.start, mention.end))
    return blocked


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end or a_start == b_start


def _reanchor(mention: Mention, body: str, sentences: list[Sentence]) -> bool:
    """Move a kept mention onto its quote in a changed body. False when the words are gone."""
    quote = mention.quote
    starts: list[int] = []
    if quote:
        starts = [m.start() for m in re.finditer(re.escape(quote), body)]
        if not starts:
            norm_body, norm_quote = normalize_for_matching(body), normalize_for_matching(quote)
            starts = [m.start() for m in re.finditer(re.escape(norm_quote), norm_body)]
    if not starts:
        position = min(mention.start, len(body))
        mention.quote, mention.start, mention.end = "", position, position
        mention.sentence_start = position
        mention.reviewed = False  # back in the review queue...
        # ...and still protected: an editor decides whether it goes, not the next run.
        mention.mark_editor_owned("quote")
        return False
    begin = min(starts, key=lambda s: abs(s - mention.start))
    mention.start, mention.end = begin, begin + len(quote)
    mention.quote = body[mention.start : mention.end]
    mention.sentence, mention.sentence_start = covering_sentence(
        sentences, mention.start, mention.end, body
    )
    return True


@dataclass
class _Writes:
    """What one batch will write, gathered across its sources and written at once."""

    now: datetime
    known_claims: set
    create: list[Mention] = field(default_factory=list)
    update: list[Mention] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    new_candidates: list[CandidateClaim] = field(default_factory=list)
    moved_candidates: list[CandidateClaim] = field(default_factory=list)
    drop_candidates: list[int] = field(default_factory=list)

    def save(self) -> None:
        # The reporting verb follows the sentence the linker (re)wrote.
        for mention in (*self.create, *self.update):
            _frame(mention)
        # Deletions first, so an updated span never collides with one about to go.
        if self.delete:
            Mention.objects.filter(pk__in=self.delete).delete()
        if self.update:
            _avoid_collisions(self.update)
            Mention.objects.bulk_update(
                self.update,
                [
                    *MENTION_FIELDS,
                    *JUDGED_FIELDS,
                    *MACHINE_FIELDS,
                    *FRAMING_FIELDS,
                    "reviewed",
                    "editor_owned_fields",
                    "updated_at",
                ],
                batch_size=500,
            )
        if self.create:
            Mention.objects.bulk_create(self.create, batch_size=500)
        if self.drop_candidates:
            CandidateClaim.objects.filter(pk__in=self.drop_candidates).delete()
        if self.moved_candidates:
            CandidateClaim.objects.bulk_update(
                self.moved_candidates, ["start", "end", "sentence"], batch_size=500
            )
        if self.new_candidates:
            CandidateClaim.objects.bulk_create(self.new_candidates, batch_size=500)


def _frame(mention: Mention) -> None:
    """Set the verb the outlet framed the quote with (sources.travel.verbs), unless an editor
    set it."""
    if mention.owns("reporting_verb"):
        return
    mention.reporting_verb, mention.verb_connotation = framing_of(mention)


def _reconcile_mentions(
    source: Source, matches: list[Match], mentions: list[Mention], writes: _Writes, result
) -> None:
    """One source's matches against its stored mentions: editors' work kept (re-anchored
    when its words moved), free automatic mentions updated in place or deleted."""
    now = writes.now
    sentences: dict[str, list[Sentence]] = {}
    kept: list[Mention] = []
    free: list[Mention] = []
    for mention in mentions:
        (kept if _is_protected(mention) else free).append(mention)

    # Kept mentions stay; re-anchor those whose words moved (in their own field's text).
    for mention in kept:
        text = mention.text_in(source)
        if text[mention.start : mention.end] != mention.quote or (mention.end > len(text)):
            if mention.field not in sentences:
                sentences[mention.field] = split_sentences(text)
            found = _reanchor(mention, text, sentences[mention.field])
            result.reanchored += found
            result.lost += not found
            mention.updated_at = now
            writes.update.append(mention)
        else:
            result.kept += 1
    # Spans as they stand after re-anchoring: a match at a kept mention's new place is it.
    by_span = {(m.claim_id, m.field, m.start, m.end): m for m in mentions}
    blocked = _blocked_spans(kept)

    matched_free: set[int] = set()
    for match in matches:
        if match.key not in writes.known_claims:
            continue
        if any(
            claim_id == match.key
            and field_name == match.field
            and _overlaps(start, end, match.start, match.end)
            for claim_id, field_name, start, end in blocked
        ):
            continue
        existing = by_span.get((match.key, match.field, match.start, match.end))
        if existing is None:
            existing = next(
                (
                    m
                    for m in free
                    if m.pk not in matched_free
                    and m.claim_id == match.key
                    and m.field == match.field
                    and m.quote == match.quote
                ),
                None,
            )
        if existing is not None and (existing.method == Mention.Method.EDITOR or existing.reviewed):
            continue  # an editor's (or reviewed) mention at this span wins
        if existing is None:
            writes.create.append(
                Mention(
                    claim_id=match.key,
                    source_id=source.pk,
                    field=match.field,
                    quote=match.quote,
                    start=match.start,
                    end=match.end,
                    sentence=match.sentence,
                    sentence_start=match.sentence_start,
                    qualifier=match.qualifier,
                    variant=match.variant,
                    stance=match.stance,
                    confidence=match.confidence,
                    method=Mention.Method.AUTOMATIC,
                )
            )
            result.created += 1
            continue
        matched_free.add(existing.pk)
        changed = False
        for name in (*MENTION_FIELDS, *JUDGED_FIELDS, *MACHINE_FIELDS):
            if existing.owns(name) and name not in ("quote", "start", "end"):
                continue
            value = getattr(match, name)
            if getattr(existing, name) != value:
                setattr(existing, name, value)
                changed = True
        if changed:
            existing.updated_at = now
            if existing not in writes.update:
                writes.update.append(existing)
            result.updated += 1
    for mention in free:
        if mention.pk not in matched_free:
            writes.delete.append(mention.pk)
            result.deleted += 1


def _reconcile_candidates(
    source_id: int,
    candidates: list[FoundCandidate],
    stored: dict[str, CandidateClaim],
    writes: _Writes,
    result: LinkResult,
) -> None:
    """Candidates are proposed once per kind+text; editors' decisions are final."""
    computed = {candidate.fingerprint: candidate for candidate in candidates}
    for fingerprint, candidate in computed.items():
        stored_candidate = stored.get(fingerprint)
        if stored_candidate is None:
            writes.new_candidates.append(
                CandidateClaim(
                    source_id=source_id,
                    kind=candidate.kind,
                    text=candidate.text,
                    start=candidate.start,
                    end=candidate.end,
                    sentence=candidate.sentence,
                    fingerprint=fingerprint,
                )
            )
            result.candidates += 1
        elif stored_candidate.status == CandidateClaim.Status.PENDING and (
            stored_candidate.start,
            stored_candidate.end,
            stored_candidate.sentence,
        ) != (candidate.start, candidate.end, candidate.sentence):
            stored_candidate.start, stored_candidate.end = candidate.start, candidate.end
            stored_candidate.sentence = candidate.sentence
            writes.moved_candidates.append(stored_candidate)
    for fingerprint, stored_candidate in stored.items():
        if stored_candidate.status == CandidateClaim.Status.PENDING and fingerprint not in computed:
            writes.drop_candidates.append(stored_candidate.pk)
            result.candidates_removed += 1


def _avoid_collisions(mentions: list[Mention]) -> None:
    """Two mentions of one claim that lost their words at the same place: nudge one along.

    Only empty (lost) quotes are nudged, and an empty span slices to "" anywhere.
    """
    seen: set[tuple[int, int, str, int, int]] = set()
    for mention in mentions:
        key = (mention.claim_id, mention.source_id, mention.field, mention.start, mention.end)
        while key in seen and mention.quote == "" and mention.start > 0:
            mention.start -= 1
            mention.end = mention.start
            mention.sentence_start = mention.start
            key = (mention.claim_id, mention.source_id, mention.field, mention.start, mention.end)
        seen.add(key)
