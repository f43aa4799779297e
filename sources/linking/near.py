"""Near misses: sentences where one of a claim's patterns lacks exactly one cue.

Where the rules end, the editors begin (issue 13 §6): the rule preview lists, beside what
the rules match, the sentences that nearly matched and which cue was missing (a terms
group, an entity, a context), so an editor can widen a rule with evidence.

Pure: no database access. It reads an Engine's compiled rules and the same reading of a
text that ``Engine.scan`` makes; reconcile.preview_near_misses shows it to editors.
"""

from __future__ import annotations

from dataclasses import dataclass

from sources.linking.engine import Engine, article_text, pattern_window
from sources.linking.sentences import is_lower_case

MAX_TERMS_SHOWN = 4  # a missing group is named by its first few terms


@dataclass
class NearMiss:
    """A sentence one cue short of matching a claim's pattern."""

    key: object  # the claim's key, as given to the Engine
    pattern: int  # the pattern's index in the claim's rules
    sentence: str
    sentence_start: int
    missing: str  # which cue, in an editor's words
    field: str = "body"  # the text the sentence is in: "body", "title" or "dek"


def near_misses(engine: Engine, body: str, *, title: str = "", dek: str = "") -> list[NearMiss]:
    """Every sentence of the article where some pattern lacks exactly one cue, once per
    claim and sentence, and only where that claim did not match the sentence. Pure.

    A cue is a terms group, an entity (named in the sentence or lent by the pattern's
    window, as the engine counts it) or a context group. A sentence with none of a
    pattern's terms is never a near miss: a bare name is not evidence of the claim.
    """
    text, ranges = article_text(body, title=title, dek=dek)
    lower_case = is_lower_case(body)
    matches, _ = engine.scan(text, lower_case=lower_case)
    matched = {(m.key, m.sentence_start) for m in matches}
    reading = engine._read(text, lower_case)
    if reading is None:
        return []
    sentences, per_sentence = reading.sentences, reading.per_sentence
    found: list[NearMiss] = []
    for s, sentence in enumerate(sentences):
        masks: dict[int, int] = {}
        for phrase_id, _first, _last in reading.hits_by_sentence[s]:
            for uid, group in engine._group_refs[phrase_id]:
                masks[uid] = masks.get(uid, 0) | (1 << group)
        seen: set = set()
        for uid in sorted(masks):
            pattern = engine.patterns[uid]
            claim = engine.claims[pattern.claim]
            key = claim.spec.key
            if key in seen or (key, sentence.start) in matched:
                continue
            if ("X", pattern.claim) in per_sentence[s]:
                continue  # the rules say no to this sentence on purpose
            missing = _missing_cues(engine, pattern, masks[uid], s, sentences, per_sentence)
            if len(missing) != 1:
                continue
            seen.add(key)
            name, begin, _end = _field_of(ranges, sentence.start)
            found.append(
                NearMiss(
                    key=key,
                    pattern=pattern.index,
                    sentence=sentence.text,
                    sentence_start=sentence.start - begin,
                    missing=missing[0],
                    field=name,
                )
            )
    return found


def _missing_cues(engine: Engine, pattern, mask: int, s: int, sentences, per_sentence):
    """The cues of ``pattern`` sentence ``s`` lacks, each in words (stops counting at two)."""
    rules = engine.claims[pattern.claim].spec.rules["patterns"][pattern.index]
    missing: list[str] = []
    for gi in range(pattern.groups):
        if not mask & (1 << gi):
            terms = rules["terms"][gi]
            shown = ", ".join(f"“{t}”" for t in terms[:MAX_TERMS_SHOWN])
            more = "…" if len(terms) > MAX_TERMS_SHOWN else ""
            missing.append(f"a word of terms group {gi + 1} ({shown}{more})")
    if len(missing) > 1:
        return missing
    window = pattern_window(pattern, s, sentences)
    ci, pi = pattern.claim, pattern.index
    for slug in pattern.entities:
        if any(("E", slug) in per_sentence[k] for k in window):
            continue
        stand_in = pattern.stand_ins and ("SI", ci, pi, slug) in per_sentence[s]
        if stand_in and any(("E", slug) in per_sentence[k] for k in range(s)):
            continue
        missing.append(f"the entity “{slug}” (not named in the sentence or its window)")
    for gi in range(pattern.contexts):
        if not any(("K", ci, pi, gi) in per_sentence[k] for k in window):
            terms = rules["context"][gi]
            shown = ", ".join(f"“{t}”" for t in terms[:MAX_TERMS_SHOWN])
            missing.append(f"a word of context group {gi + 1} ({shown})")
    return missing


def _field_of(ranges: list[tuple[str, int, int]], position: int) -> tuple[str, int, int]:
    return next((r for r in ranges if r[1] <= position <= r[2]), ranges[-1])
