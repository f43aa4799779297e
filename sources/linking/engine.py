"""The matching engine: claims' rules compiled once, then ``scan(body)`` per article.

Pure: no database access, safe to re-run. The rules it reads are specified in
sources/linking/rules.py; sources/linking/reconcile.py stores what it finds.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sources.linking.rules import (
    _WORD,
    ANSWER_FILLERS,
    ATTRIBUTION,
    CONDITIONAL,
    CONJECTURE_VERBS,
    CONJECTURE_WORDS,
    CONTRASTS,
    GENERIC_DISPUTE,
    HEDGES,
    MIN_QUOTE_WORDS,
    MIN_QUOTE_WORDS_IN_MENTION,
    MODEL_NOUNS,
    MONTHS,
    NEGATIONS,
    NOT_UNITS,
    QUALIFIER_GAP,
    QUESTION_VERBS,
    REPORT_VERBS,
    SET_AGAINST,
    SUBJECT_FILLERS,
    expand_term,
    inflect,
    validate_rules,
)
from sources.linking.sentences import (
    Sentence,
    find_numbers,
    find_quotations,
    is_lower_case,
    normalize_for_matching,
    split_sentences,
)
from sources.linking.stance import stance_of

# The models' choice values as plain strings: the engine never imports the models
# (tests/linking/test_engine.py checks these against Claim, Mention and CandidateClaim).
QUOTE_KIND = "quote"  # Claim.Kind.QUOTE: its variant is the qualifier as written
VARIANT_KINDS = ("quote", "policy_clause")  # claim kinds whose quotation is their variant
BODY, TITLE, DEK = "body", "title", "dek"  # Mention.Field
# How the headline and the dek open the text scan_article reads: each a paragraph of its
# own, before the body, so they lend names to it as an earlier paragraph would.
FIELD_SEPARATOR = "\n\n"
CANDIDATE_QUOTE, CANDIDATE_NUMBER, CANDIDATE_ATTRIBUTION = "quote", "number", "attribution"
_PHRASE_WORD = re.compile(r"~\d+|\w+\*?")
_GAP_OK = re.compile(r"[\s\-'./]{0,3}")
# What a gap never skips ("models developed by OpenAI" is fine): the end of a clause or
# a sentence, a quotation mark, a bracket, a line break.
_GAP_BREAK = re.compile(r"[.;:!?\"()\[\]\n]")
# How sure a match is (Mention.confidence): 1.0 when every cue is in the sentence, close
# together; each cue lent by an earlier sentence, an answer read across sentences, a match
# resting on one or two cues, or words spread over more than CLOSE_WORDS, costs a share.
CONFIDENCE_LENT = 0.85  # an entity or context named in an earlier sentence of the paragraph
CONFIDENCE_LENT_FAR = 0.8  # ...or only in an earlier paragraph
CONFIDENCE_LENT_AFTER = 0.8  # ...or only in a sentence after it ("window_after")
CONFIDENCE_ANSWER = 0.9  # a hedge read as the answer to a question
CONFIDENCE_BY_CUES = {0: 0.7, 1: 0.8, 2: 0.9, 3: 1.0}  # terms groups + numbers + names
CLOSE_WORDS = 8
CONFIDENCE_FLOOR = 0.6
GAP = "~"  # a phrase element (GAP, n): up to n words may stand here
GAP_NEVER_SKIPS = frozenset({"and", "or", "but", "nor", "than", "that", "which", "who", "while"})
# Between a name and the model-like noun it owns ("OpenAI's own models"): never one of these,
# nor another name ("Grok on OpenAI's models" is OpenAI's, not Grok's).
OWNER_BREAKS = (
    frozenset({"on", "from", "of", "to", "with", "by", "in", "into", "at", "for", "than", "as"})
    | GAP_NEVER_SKIPS
)
OWNER_GAP = 3  # words allowed between a name and its model noun
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "models from OpenAI", "systems developed by Google": the words that hand a model to a name.
OWNER_PREPOSITIONS = frozenset({"from", "by", "of"})
OWNER_VERBS = frozenset({"developed", "made", "built", "trained", "released", "created", "run"})
SUBJECT_REACH = 12  # tokens a subject may stand before its verb (coordinated names included)
_SUBJECT_JOIN = re.compile(r"[\s,&]*")
_MODEL_STEMS = tuple(noun.rstrip("*") for noun in MODEL_NOUNS if noun.endswith("*"))
_MODEL_WORDS = frozenset(noun for noun in MODEL_NOUNS if not noun.endswith("*"))
# A transcript turn: a speaker's name and a colon opening the line ("Musk: Partly.").
_TURN = re.compile(r"[ \t]*([A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2})[ \t]*:[ \t]")


def _phrase(term: str) -> tuple[tuple[str, bool | int], ...]:
    """``"distill* from"`` -> (("distill", True), ("from", False)); ``~3`` -> ("~", 3)."""
    words = _PHRASE_WORD.findall(normalize_for_matching(term))
    return tuple(
        (GAP, int(word[1:])) if word[0] == GAP else (word.rstrip("*"), word.endswith("*"))
        for word in words
    )


@dataclass(frozen=True)
class ClaimSpec:
    """What the engine needs of a claim: a key to report it by, its kind and its rules."""

    key: object
    kind: str
    rules: dict


@dataclass
class Match:
    """One sentence reporting one claim (what becomes a Mention)."""

    key: object
    start: int
    end: int
    quote: str
    sentence: str
    sentence_start: int
    qualifier: str
    variant: str
    stance: str
    confidence: float = 1.0  # 0-1: how many cues agreed, how close (see _pattern_elements)
    field: str = BODY  # the text the offsets index into: "body", "title" or "dek"


@dataclass
class FoundCandidate:
    kind: str
    text: str
    start: int
    end: int
    sentence: str

    @property
    def fingerprint(self) -> str:
        return candidate_fingerprint(self.kind, self.text)


def candidate_fingerprint(kind: str, text: str) -> str:
    """The key a candidate is proposed once per source by (same as CandidateClaim.fingerprint)."""
    return hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()


@dataclass
class _Pattern:
    claim: int
    index: int
    groups: int
    entities: tuple[str, ...]
    contexts: int
    window: int
    cross: bool
    near: int | None
    # value, tolerance, near-key, distance, unit ("", "currency" or "percent")
    numbers: list[tuple[float, float, int | None, int, str]]
    answer: bool = False  # the first terms group must be the answer to an "answer" verb
    stand_ins: bool = False  # some entity may be named by a stand-in once the article named it
    window_after: int = 0  # sentences after this one that may lend entities and context
    subject: str = ""  # the entity that must be the subject of the first terms group
    rivals: tuple[str, ...] = ()  # other labs: named here, or as owners nearby, they veto
    not_subject: tuple[str, ...] = ()  # entities that, as the verb's subject, veto it


class _Reading(NamedTuple):
    """One text read once: what scan and near_misses work from."""

    norm: str
    sentences: list[Sentence]
    tokens: list[tuple[int, int, str]]
    per_sentence: list[dict[tuple, list[tuple[int, int]]]]
    hits_by_sentence: list[list[tuple[int, int, int]]]
    numbers_by_sentence: dict[int, list]


@dataclass
class _Claim:
    spec: ClaimSpec
    patterns: list[_Pattern] = field(default_factory=list)


class Engine:
    """Claims' rules compiled once, then ``scan(body)`` per article. No database access.

    ``entity_names`` maps an entity slug to the names it goes by. Building is
    O(total terms); scanning tokenises the body once and looks each word up in a
    dictionary, so its cost hardly grows with the number of claims.
    """

    def __init__(self, claims: Sequence[ClaimSpec], entity_names: dict[str, Sequence[str]]):
        self.claims: list[_Claim] = []
        self._phrases: list[tuple[tuple[str, bool], ...]] = []
        self._phrase_ids: dict[tuple, int] = {}
        self._features: list[list[tuple]] = []  # by phrase: what finding it means
        self._group_refs: list[list[tuple[int, int]]] = []  # by phrase: (pattern, group)
        self.patterns: list[_Pattern] = []
        self._cache: dict[str, tuple[int, ...]] = {}
        for term in HEDGES:
            self._add(term, ("H",))
        for term in GENERIC_DISPUTE:
            self._add(term, ("D",))
        for term in NEGATIONS:
            self._add(term, ("NEG",))
        for term in CONDITIONAL:
            self._add(term, ("C",))
        # What frames a claim's words (sources/linking/stance.py): verbs of reporting, of
        # conjecture or accusation, and of asking.
        for verb in REPORT_VERBS:
            for form in inflect(verb):
                self._add(form, ("R",))
        self._add("according to", ("R",))
        for verb in CONJECTURE_VERBS:
            for form in inflect(verb):
                self._add(form, ("S",))
        for word in CONJECTURE_WORDS:
            self._add(word, ("S",))
        for verb in QUESTION_VERBS:
            for form in inflect(verb):
                self._add(form, ("Q",))
        for term in ATTRIBUTION:
            self._add(term, ("V",))
        wanted = set()
        for spec in claims:
            for pattern in (spec.rules or {}).get("patterns") or []:
                wanted.update(pattern.get("entities") or [])
                wanted.update(pattern.get("rivals") or [])
        for slug in wanted:
            for name in entity_names.get(slug, ()):
                self._add(name.replace("*", ""), ("E", slug))
        for spec in claims:
            self._compile(spec, entity_names)
        # The hedges (and the claims' own): "partly or wholly", "in whole or in part" are
        # alternatives, any extent at all, never a qualifier nor an answer.
        self._hedges = frozenset(
            phrase_id
            for phrase_id, features in enumerate(self._features)
            if any(feature[0] in ("H", "HC") for feature in features)
        )
        self._build_index()

    def _phrase_id(self, term: str) -> int | None:
        phrase = _phrase(term)
        if not phrase:
            return None
        phrase_id = self._phrase_ids.get(phrase)
        if phrase_id is None:
            phrase_id = self._phrase_ids[phrase] = len(self._phrases)
            self._phrases.append(phrase)
            self._features.append([])
            self._group_refs.append([])
        return phrase_id

    def _add(self, term: str, feature: tuple) -> None:
        for expanded in expand_term(term):
            phrase_id = self._phrase_id(expanded)
            if phrase_id is not None and feature not in self._features[phrase_id]:
                self._features[phrase_id].append(feature)

    def _add_group_term(self, term: str, uid: int, group: int) -> None:
        for expanded in expand_term(term):
            phrase_id = self._phrase_id(expanded)
            if phrase_id is not None and (uid, group) not in self._group_refs[phrase_id]:
                self._group_refs[phrase_id].append((uid, group))

    def _compile(self, spec: ClaimSpec, entity_names) -> None:
        ci = len(self.claims)
        claim = _Claim(spec=spec)
        self.claims.append(claim)
        rules = spec.rules if isinstance(spec.rules, dict) else {}
        if validate_rules(rules, known_entities=entity_names.keys()):
            return  # invalid rules never match; the admin refuses to save them anyway
        for term in rules.get("exclude", []):
            self._add(term, ("X", ci))
        for term in rules.get("dispute", []):
            self._add(term, ("DC", ci))
        for term in rules.get("conjecture", []):
            self._add(term, ("SC", ci))
        for term in rules.get("qualifiers", []):
            self._add(term, ("HC", ci))
        for term in rules.get("predicates", []):
            self._add(term, ("P", ci))
        # Who the claim's words are: the speaker's names, as the subject of a verb of
        # reporting (sources/linking/stance.py).
        if rules.get("speaker"):
            for name in entity_names.get(rules["speaker"], ()):
                self._add(name.replace("*", ""), ("SP", ci))
            for term in rules.get("speaker_stand_ins", []):
                self._add(term, ("SP", ci))
        for pi, raw in enumerate(rules.get("patterns", [])):
            uid = len(self.patterns)
            groups = raw.get("terms", [])
            for gi, group in enumerate(groups):
                for term in group:
                    self._add_group_term(term, uid, gi)
            for term in raw.get("answer", []):
                self._add(term, ("AV", ci, pi))
            contexts = raw.get("context", [])
            for gi, group in enumerate(contexts):
                for term in group:
                    self._add(term, ("K", ci, pi, gi))
            numbers = []
            for ni, number in enumerate(raw.get("numbers", [])):
                near_terms = number.get("near") or []
                for term in near_terms:
                    self._add(term, ("N", ci, pi, ni))
                numbers.append(
                    (
                        float(number["value"]),
                        float(number.get("tolerance", 0)),
                        ni if near_terms else None,
                        int(number.get("distance", 6)),
                        number.get("unit", ""),
                    )
                )
            pattern = _Pattern(
                claim=ci,
                index=pi,
                groups=len(groups),
                entities=tuple(raw.get("entities", [])),
                contexts=len(contexts),
                window=raw.get("window", 0),
                cross=bool(raw.get("cross_paragraphs", False)),
                near=raw.get("near"),
                numbers=numbers,
                answer="answer" in raw,
                stand_ins=bool(raw.get("stand_ins")),
                window_after=raw.get("window_after", 0),
                subject=raw.get("subject", ""),
                rivals=tuple(raw.get("rivals", ())),
                not_subject=tuple(raw.get("not_subject", ())),
            )
            for slug, terms in (raw.get("stand_ins") or {}).items():
                for term in terms:
                    self._add(term, ("SI", ci, pi, slug))
            claim.patterns.append(pattern)
            self.patterns.append(pattern)

    def _build_index(self) -> None:
        self._full_masks = [(1 << pattern.groups) - 1 for pattern in self.patterns]
        # Patterns made of numbers only, found by the value of their first number
        # (those with a tolerance are checked against every sentence with a number).
        self._by_number: dict[float, list[int]] = {}
        self._number_any: list[int] = []
        for uid, pattern in enumerate(self.patterns):
            if not pattern.groups:
                value, tolerance = pattern.numbers[0][:2]
                if tolerance:
                    self._number_any.append(uid)
                else:
                    self._by_number.setdefault(value, []).append(uid)
        self._exact: dict[str, list[int]] = {}
        self._stems: dict[str, list[int]] = {}
        for phrase_id, phrase in enumerate(self._phrases):
            word, is_stem = phrase[0]
            (self._stems if is_stem else self._exact).setdefault(word, []).append(phrase_id)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})

    def _first_word_phrases(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is None:
            found = list(self._exact.get(word, ()))
            for length in self._stem_lengths:
                if length > len(word):
                    break
                found.extend(self._stems.get(word[:length], ()))
            cached = self._cache[word] = tuple(found)
        return cached

    # -- scanning ---------------------------------------------------------------------------

    def scan_article(
        self, body: str, *, title: str = "", dek: str = ""
    ) -> tuple[list[Match], list[FoundCandidate]]:
        """Every match in an article's headline, dek and body, each with its ``field`` and
        offsets into that field's text; candidates from the body only. Pure.

        The three are read as one text (headline and dek as paragraphs before the body),
        so a headline naming xAI and OpenAI lends them to an answer in the body; a match
        never spans two fields (each is its own paragraph).
        """
        if not (title.strip() or dek.strip()):
            return self.scan(body)
        text, ranges = article_text(body, title=title, dek=dek)
        matches, candidates = self.scan(text, lower_case=is_lower_case(body))
        offset_of_body = ranges[-1][1]
        for match in matches:
            name, begin, _end = next((r for r in ranges if r[1] <= match.start <= r[2]), ranges[-1])
            match.field = name
            match.start -= begin
            match.end -= begin
            match.sentence_start -= begin
        body_candidates = []
        for candidate in candidates:
            if candidate.start >= offset_of_body:
                candidate.start -= offset_of_body
                candidate.end -= offset_of_body
                body_candidates.append(candidate)
        return matches, body_candidates

    def _read(self, body: str, lower_case: bool | None = None) -> _Reading | None:
        """Sentences, tokens and, by sentence, the phrases and features found (None: no
        sentence). What scan and near_misses both start from."""
        norm = normalize_for_matching(body)
        sentences = split_sentences(body, lower_case)
        if not sentences:
            return None
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(norm)]
        token_starts = [t[0] for t in tokens]
        sentence_ends = [s.end for s in sentences]
        # By sentence: the phrases found (phrase, first token, last token), and the
        # features they stand for (feature -> spans) other than claims' terms.
        per_sentence: list[dict[tuple, list[tuple[int, int]]]] = [{} for _ in sentences]
        hits_by_sentence: list[list[tuple[int, int, int]]] = [[] for _ in sentences]
        phrases = self._phrases
        phrase_features = self._features
        hedges = self._hedges
        n_tokens = len(tokens)
        sentence_index = 0
        for i, (start, _end, word) in enumerate(tokens):
            candidates = self._first_word_phrases(word)
            if not candidates:
                continue
            while sentence_index < len(sentences) and sentence_ends[sentence_index] <= start:
                sentence_index += 1
            if sentence_index >= len(sentences) or start < sentences[sentence_index].start:
                continue  # a word outside every sentence (a skipped table rule)
            limit = sentence_ends[sentence_index]
            for phrase_id in candidates:
                phrase = phrases[phrase_id]
                last = i if len(phrase) == 1 else _phrase_end(phrase, i, tokens, norm, n_tokens)
                if last < 0 or tokens[last][1] > limit:
                    continue
                if phrase_id in hedges and _in_alternative(i, last, tokens):
                    continue
                hits_by_sentence[sentence_index].append((phrase_id, i, last))
                if phrase_features[phrase_id]:
                    features = per_sentence[sentence_index]
                    for feature in phrase_features[phrase_id]:
                        features.setdefault(feature, []).append((i, last))

        # A transcript turn's label ("Musk: Partly.") introduces an answer as a verb would.
        for s, sentence in enumerate(sentences):
            if ":" not in sentence.text[:60]:
                continue
            line_start = body.rfind("\n", 0, sentence.start) + 1
            turn = _TURN.match(body, sentence.start)
            if turn is None or body[line_start : sentence.start].strip():
                continue
            first = bisect.bisect_left(token_starts, turn.start(1))
            last = bisect.bisect_left(token_starts, turn.end(1)) - 1
            per_sentence[s][("TURN",)] = [(first, last)]

        # Numbers are read once per body, whole ("4.20" is one number).
        numbers_by_sentence: dict[int, list] = {}
        sentence_starts = [x.start for x in sentences]
        for number in find_numbers(norm):
            s = bisect.bisect_right(sentence_starts, number.start) - 1
            if s >= 0 and number.end <= sentences[s].end:
                first = bisect.bisect_left(token_starts, number.start)
                last = bisect.bisect_left(token_starts, number.end) - 1
                numbers_by_sentence.setdefault(s, []).append((number, first, max(first, last)))

        return _Reading(
            norm, sentences, tokens, per_sentence, hits_by_sentence, numbers_by_sentence
        )

    def scan(
        self, body: str, *, lower_case: bool | None = None
    ) -> tuple[list[Match], list[FoundCandidate]]:
        """Every claim match and every candidate in ``body``. Pure; safe to call repeatedly."""
        reading = self._read(body, lower_case)
        if reading is None:
            return [], []
        norm, sentences, tokens, per_sentence, hits_by_sentence, numbers_by_sentence = reading
        matches: list[Match] = []
        matched_sentences: set[int] = set()
        group_refs = self._group_refs
        owners: dict[int, set[str]] = {}  # by sentence, read only when a pattern has rivals
        for s, sentence in enumerate(sentences):
            features = per_sentence[s]
            hits = hits_by_sentence[s]
            # Patterns with a term of every group in the sentence (a bit per group).
            masks: dict[int, int] = {}
            for phrase_id, _first, _last in hits:
                for uid, group in group_refs[phrase_id]:
                    masks[uid] = masks.get(uid, 0) | (1 << group)
            ready = [uid for uid, mask in masks.items() if mask == self._full_masks[uid]]
            if s in numbers_by_sentence:
                ready += self._number_any
                for number, _first, _last in numbers_by_sentence[s]:
                    ready += self._by_number.get(number.value, ())
            if not ready:
                continue
            by_claim: dict[int, list[int]] = {}
            for uid in sorted(set(ready)):
                by_claim.setdefault(self.patterns[uid].claim, []).append(uid)
            for ci, uids in by_claim.items():
                claim = self.claims[ci]
                if ("X", ci) in features:
                    continue
                for uid in uids:
                    pattern = self.patterns[uid]
                    group_spans: list[list[tuple[int, int]]] = [[] for _ in range(pattern.groups)]
                    for phrase_id, first, last in hits:
                        for ref_uid, group in group_refs[phrase_id]:
                            if ref_uid == uid:
                                group_spans[group].append((first, last))
                    found = self._pattern_elements(
                        pattern,
                        group_spans,
                        s,
                        sentences,
                        per_sentence,
                        numbers_by_sentence,
                        tokens,
                        norm,
                        body,
                        owners,
                    )
                    if found is None:
                        continue
                    elements, predicates, confidence = found
                    sentence_numbers = [n for n, _, _ in numbers_by_sentence.get(s, [])]
                    match = self._make_match(
                        claim,
                        ci,
                        elements,
                        predicates,
                        sentence,
                        features,
                        sentence_numbers,
                        tokens,
                        norm,
                        body,
                        confidence,
                        own_terms=frozenset(a for spans in group_spans for a, _ in spans),
                    )
                    matches.append(match)
                    matched_sentences.add(s)
                    break
        candidates = self._candidates(
            sentences, matched_sentences, per_sentence, numbers_by_sentence, tokens, norm, body
        )
        return matches, candidates

    def _pattern_elements(
        self,
        pattern,
        group_spans,
        s,
        sentences,
        per_sentence,
        numbers_by_sentence,
        tokens,
        norm,
        body,
        owners: dict,
    ):
        """The token spans that make ``pattern`` match sentence ``s``, or None.

        Returns (elements, predicates, confidence): every span chosen, those of them
        from the first terms group (what a negation before them denies), and how sure
        the match is (0-1, see CONFIDENCE_LENT and the constants beside it).
        ``owners`` caches, per sentence, the entities named there as owners of models.
        """
        features = per_sentence[s]
        ci, pi = pattern.claim, pattern.index
        required: list[list[tuple[int, int]]] = list(group_spans)
        if pattern.subject:
            # "OpenAI and Anthropic have accused...": the verb's subject, not any name nearby.
            subjects = features.get(("E", pattern.subject), [])
            names = [span for key, spans in features.items() if key[0] == "E" for span in spans]
            required[0] = [
                span
                for span in required[0]
                if _has_subject(span[0], subjects, names, tokens, norm, body, sentences[s].start)
            ]
            if not required[0]:
                return None
        if pattern.not_subject:
            # "OpenAI trained GPT-4 on...", "xAI said OpenAI had trained...": the verb is the
            # other party's, whatever else the sentence names.
            names = [span for key, spans in features.items() if key[0] == "E" for span in spans]
            others = [
                span for slug in pattern.not_subject for span in features.get(("E", slug), ())
            ]
            # A relative clause's verb is its antecedent's: "former OpenAI researchers who
            # trained OpenAI's models" is theirs, "xAI, which trained Grok on..." is xAI's.
            own = {
                i
                for slug in pattern.entities
                if slug not in pattern.not_subject
                for key in (("E", slug), ("SI", ci, pi, slug))
                for a, b in features.get(key, ())
                for i in range(a, b + 1)
            }
            required[0] = [
                span
                for span in required[0]
                if not (
                    others
                    and _has_subject(span[0], others, names, tokens, norm, body, sentences[s].start)
                )
                and _relative_antecedent(span[0], tokens, norm, sentences[s].start) in own | {None}
            ]
            if not required[0]:
                return None
        if pattern.answer:
            sentence = sentences[s]
            required[0] = _answer_spans(
                required[0],
                features.get(("AV", ci, pi), []) + features.get(("TURN",), []),
                find_quotations(norm, sentence.start, sentence.end),
                tokens,
                norm,
            )
            if not required[0]:
                return None
        paragraph = sentences[s].paragraph
        window = pattern_window(pattern, s, sentences)
        if pattern.rivals and self._rival_near(
            pattern, s, window, per_sentence, tokens, norm, owners
        ):
            return None
        for gi in range(pattern.contexts):
            if not any(("K", ci, pi, gi) in per_sentence[k] for k in window):
                return None
        # Confidence: every cue lent by another sentence (not in this one) costs a little.
        confidence = CONFIDENCE_ANSWER if pattern.answer else 1.0
        for gi in range(pattern.contexts):
            if ("K", ci, pi, gi) not in features:
                lent_before = any(("K", ci, pi, gi) in per_sentence[k] for k in window if k < s)
                confidence *= CONFIDENCE_LENT if lent_before else CONFIDENCE_LENT_AFTER
        named_here: list[list[tuple[int, int]]] = []
        for slug in pattern.entities:
            here = features.get(("E", slug))
            if here:
                named_here.append(here)
                continue
            stand_in = features.get(("SI", ci, pi, slug)) if pattern.stand_ins else None
            # With rivals, a stand-in in the sentence is what names the entity there: a name
            # in the window ("OpenAI sued a startup.") does not say whose terms these are.
            lenders = [
                k
                for k in window
                if ("E", slug) in per_sentence[k] and not (stand_in and pattern.rivals)
            ]
            if not lenders:
                if not stand_in or not any(("E", slug) in per_sentence[k] for k in range(s)):
                    return None
                # With rivals, "the host's terms" is OpenAI's only where OpenAI alone is
                # named as the owner of the models the article is about.
                everywhere = range(len(sentences))
                if pattern.rivals and self._owners_in(
                    everywhere, (slug, *pattern.rivals), per_sentence, tokens, norm, owners
                ) != {slug}:
                    return None
                named_here.append(stand_in)  # "the company Musk is suing", once named
                confidence *= CONFIDENCE_LENT
                continue
            if any(k < s and sentences[k].paragraph == paragraph for k in lenders):
                confidence *= CONFIDENCE_LENT
            elif any(k < s for k in lenders):
                confidence *= CONFIDENCE_LENT_FAR
            else:
                confidence *= CONFIDENCE_LENT_AFTER
        for value, tolerance, near_key, distance, unit in pattern.numbers:
            spans = []
            near_spans = features.get(("N", ci, pi, near_key), []) if near_key is not None else []
            for number, first, last in numbers_by_sentence.get(s, []):
                if abs(number.value - value) > tolerance:
                    continue
                if _number_unit(number, norm) not in ("", unit):
                    continue  # "$49" or "49 percent" is not a score of 49
                if near_key is None:
                    spans.append((first, last))
                    continue
                for a, b in near_spans:
                    gap = max(a - last, first - b)
                    if gap <= distance:
                        spans.append((min(first, a), max(last, b)))
            if not spans:
                return None
            required.append(spans)
        # "near" bounds the terms and numbers; entities only have to be named nearby.
        anchors = _covering(required)
        width = max(b for _, b in anchors) - min(a for a, _ in anchors) + 1
        if pattern.near is not None and width > pattern.near:
            return None
        if _contrast_between(min(a for a, _ in anchors), max(b for _, b in anchors), tokens, norm):
            return None  # "xAI trained Grok on X posts; OpenAI trained GPT-4 on..."
        if any(_set_against(a, tokens) for a, _ in anchors):
            return None  # "Unlike OpenAI's models, Grok was trained on X data"
        elements = _covering(required + named_here)
        first_group = set(required[0]) if pattern.groups else set()
        # ...and so does a match that rests on few cues, or on words spread far apart.
        confidence *= CONFIDENCE_BY_CUES[min(len(required) + len(pattern.entities), 3)]
        if width > CLOSE_WORDS:
            confidence *= max(CONFIDENCE_FLOOR, 1 - (width - CLOSE_WORDS) / 30)
        predicates = [span for span in elements if span in first_group]
        return elements, predicates, round(confidence, 2)

    def _rival_near(self, pattern, s, window, per_sentence, tokens, norm, owners) -> bool:
        """A rival of ``pattern`` is named in sentence ``s``, or as the owner of models
        ("Anthropic's models", "models from Google") in its window."""
        if any(("E", slug) in per_sentence[s] for slug in pattern.rivals):
            return True
        return bool(self._owners_in(window, pattern.rivals, per_sentence, tokens, norm, owners))

    def _owners_in(self, indexes, slugs, per_sentence, tokens, norm, owners: dict) -> set[str]:
        """Which of ``slugs`` the sentences ``indexes`` name as the owner of models."""
        found: set[str] = set()
        for k in indexes:
            if k not in owners:
                owners[k] = _model_owners(per_sentence[k], tokens, norm)
            found |= owners[k]
        return found & set(slugs)

    def _make_match(
        self,
        claim,
        ci,
        elements,
        predicates,
        sentence: Sentence,
        features,
        numbers,
        tokens,
        norm,
        body,
        confidence: float = 1.0,
        own_terms: frozenset[int] = frozenset(),
    ):
        first = min(a for a, _ in elements)
        last = max(b for _, b in elements)
        # Where the claim's own words begin (its predicate, its verb, its answer): a
        # condition whose clause closes before them does not make them hypothetical.
        own = features.get(("P", ci), []) if claim.spec.rules.get("predicates") else []
        anchor = min((a for a, _ in own or predicates), default=first)
        start, end = tokens[first][0], tokens[last][1]
        quotations = find_quotations(norm, sentence.start, sentence.end)

        # The qualifier: a hedge close to the matched words, or alone in a short quotation.
        qualifier_span = None
        best = None
        hedge_keys = () if claim.spec.rules.get("no_qualifier") else (("H",), ("HC", ci))
        for key in hedge_keys:
            for a, b in features.get(key, []):
                gap = min(max(a - y, x - b) - 1 for x, y in elements)
                # An answer follows what it answers: only a quotation after the claim's words,
                # and only one that says nothing but the hedge ("partly about ego" is not).
                in_answer = a > first and _alone_in_quotation(a, b, quotations, tokens, norm)
                if gap <= QUALIFIER_GAP or in_answer:
                    rank = (max(gap, 0), a)
                    if best is None or rank < best:
                        best, qualifier_span = rank, (a, b)
        qualifier = ""
        variant_quote = None
        if qualifier_span:
            q_start, q_end = tokens[qualifier_span[0]][0], tokens[qualifier_span[1]][1]
            qualifier = " ".join(norm[q_start:q_end].split())
            start, end = min(start, q_start), max(end, q_end)
            variant_quote = next(
                (q for q in quotations if q.inner_start <= q_start and q_end <= q.inner_end), None
            )
        kind = claim.spec.kind
        if variant_quote is None and kind in VARIANT_KINDS:
            variant_quote = next(
                (q for q in quotations if q.inner_start < end and start < q.inner_end), None
            )
        # Whole numbers ("$500K") and whole quotations: a span never stops inside one.
        for number in numbers:
            if number.start < end and start < number.end:
                start, end = min(start, number.start), max(end, number.end)
        for q in quotations:
            if q.start < end and start < q.end:
                start, end = min(start, q.start), max(end, q.end)
        start, end = _snap(body, start, end)
        if len(_WORD.findall(body[start:end])) < MIN_QUOTE_WORDS_IN_MENTION:
            start, end = sentence.start, sentence.end
        if variant_quote is not None:
            variant = body[variant_quote.inner_start : variant_quote.inner_end].strip()
        elif kind == QUOTE_KIND and qualifier_span:
            variant = body[q_start:q_end]
        else:
            variant = ""

        # The claim's own predicates when its rules name them, else the pattern's first group.
        if claim.spec.rules.get("predicates"):
            predicates = features.get(("P", ci), [])
        stance = stance_of(
            anchor=anchor,
            last=last,
            predicates=predicates,
            denial_cues=[span for key in (("DC", ci), ("D",)) for span in features.get(key, ())],
            conjecture_cues=features.get(("S",), []) + features.get(("SC", ci), []),
            own_terms=own_terms,
            features=features,
            sentence=sentence,
            tokens=tokens,
            norm=norm,
            speaker=features.get(("SP", ci), []) if claim.spec.rules.get("speaker") else None,
            body=body,
        )
        return Match(
            key=claim.spec.key,
            start=start,
            end=end,
            quote=body[start:end],
            sentence=sentence.text,
            sentence_start=sentence.start,
            qualifier=qualifier[:100],
            variant=variant[:300],
            stance=stance,
            confidence=confidence,
        )

    def _candidates(
        self, sentences, matched, per_sentence, numbers_by_sentence, tokens, norm, body
    ):
        found: dict[str, FoundCandidate] = {}

        def add(kind: str, start: int, end: int, sentence: Sentence) -> None:
            candidate = FoundCandidate(kind, body[start:end], start, end, sentence.text)
            found.setdefault(candidate.fingerprint, candidate)

        for s, sentence in enumerate(sentences):
            if s in matched:
                continue
            quoted = [
                q
                for q in find_quotations(norm, sentence.start, sentence.end)
                if len(_WORD.findall(norm[q.inner_start : q.inner_end])) >= MIN_QUOTE_WORDS
            ]
            if quoted:
                for q in quoted:
                    add(CANDIDATE_QUOTE, q.start, q.end, sentence)
            elif any(
                _is_measurement(number, first, last, tokens)
                for number, first, last in numbers_by_sentence.get(s, [])
            ):
                add(CANDIDATE_NUMBER, sentence.start, sentence.end, sentence)
            elif ("V",) in per_sentence[s] and not sentence.text.startswith("|"):
                add(CANDIDATE_ATTRIBUTION, sentence.start, sentence.end, sentence)
        return list(found.values())


def article_text(
    body: str, *, title: str = "", dek: str = ""
) -> tuple[str, list[tuple[str, int, int]]]:
    """The headline, the dek and the body as one text (each its own paragraph, empty ones
    left out), and each field's (name, start, end) in it."""
    fields = [(name, text) for name, text in ((TITLE, title), (DEK, dek)) if text.strip()]
    fields.append((BODY, body))
    ranges: list[tuple[str, int, int]] = []
    position = 0
    for name, text in fields:
        ranges.append((name, position, position + len(text)))
        position += len(text) + len(FIELD_SEPARATOR)
    return FIELD_SEPARATOR.join(text for _, text in fields), ranges


def pattern_window(pattern, s: int, sentences: Sequence[Sentence]) -> list[int]:
    """The sentences whose names and context count for ``pattern`` in sentence ``s``: itself,
    ``window`` before and ``window_after`` after, within its paragraph unless ``cross``."""
    paragraph = sentences[s].paragraph
    last = min(len(sentences) - 1, s + pattern.window_after)
    return [
        k
        for k in range(max(0, s - pattern.window), last + 1)
        if pattern.cross or sentences[k].paragraph == paragraph
    ]


def _relative_antecedent(verb: int, tokens, norm: str, floor: int) -> int | None:
    """The token a relative pronoun just before the verb stands for ("researchers who
    trained": researchers), or None when the verb opens no relative clause."""
    i = verb - 1
    while i >= 0 and tokens[i][0] >= floor and tokens[i][2] in SUBJECT_FILLERS:
        i -= 1
    if i < 1 or tokens[i - 1][0] < floor or tokens[i][2] not in RELATIVE_PRONOUNS:
        return None
    if _GAP_BREAK.search(norm, tokens[i][1], tokens[verb][0]):
        return None
    return i - 1


def _contrast_between(first: int, last: int, tokens, norm: str) -> bool:
    """A semicolon or a contrast ("while", "whereas", "unlike") parts tokens first..last: the
    words on either side belong to two clauses, two subjects' doings."""
    if ";" in norm[tokens[first][1] : tokens[last][0]]:
        return True
    return any(tokens[k][2] in CONTRASTS for k in range(first + 1, last))


_SET_AGAINST = tuple(tuple(phrase.split()) for phrase in SET_AGAINST)


def _set_against(first: int, tokens) -> bool:
    """The words just before token ``first`` set what follows against the rest ("unlike")."""
    return any(
        first >= len(words) and tuple(t[2] for t in tokens[first - len(words) : first]) == words
        for words in _SET_AGAINST
    )


def _in_alternative(first: int, last: int, tokens) -> bool:
    """Tokens first..last stand beside an "or": "partly or wholly", "in whole or in part"."""
    before = tokens[first - 1][2] if first > 0 else ""
    after = tokens[last + 1][2] if last + 1 < len(tokens) else ""
    return before == "or" or after in ("or", "nor")


def _is_model_noun(word: str) -> bool:
    return word in _MODEL_WORDS or word.startswith(_MODEL_STEMS)


def _model_owners(features: dict, tokens, norm: str) -> set[str]:
    """The entities a sentence names as the owner of models: a model-like noun a few words
    after the name ("OpenAI's own models") with no preposition or other name between, or
    handed to it by a preposition ("models from OpenAI", "systems developed by Google").
    Never across a clause's or a sentence's end."""
    spans = [(span, key[1]) for key, found in features.items() if key[0] == "E" for span in found]
    named = {i for (a, b), _ in spans for i in range(a, b + 1)}

    def joined(i: int, j: int) -> bool:  # tokens i < j with no break between them
        return not _GAP_BREAK.search(norm, tokens[i][1], tokens[j][0])

    owners = set()
    for (a, b), slug in spans:
        for j in range(b + 1, min(b + 2 + OWNER_GAP, len(tokens))):
            word = tokens[j][2]
            if not joined(b, j) or word in OWNER_BREAKS or j in named:
                break
            if _is_model_noun(word):
                owners.add(slug)
                break
        if a >= 2 and tokens[a - 1][2] in OWNER_PREPOSITIONS:
            before = a - 2
            if tokens[before][2] in OWNER_VERBS and before >= 1:
                before -= 1
            if _is_model_noun(tokens[before][2]) and joined(before, a):
                owners.add(slug)
    return owners


def _has_subject(verb: int, subjects, names, tokens, norm: str, body: str, floor: int) -> bool:
    """One of ``subjects`` (spans of a name) is the subject of the verb at token ``verb``:
    before it in the same clause, with only other names ("OpenAI and Anthropic accused"),
    "and", commas and auxiliaries ("has also accused") between. A passive ("was accused
    by") or any other word between ("OpenAI's lawyers accused") is not."""
    in_name = {i for a, b in names for i in range(a, b + 1)}
    subject_ends = {b for _a, b in subjects}
    i = verb - 1
    while i >= 0 and verb - i <= SUBJECT_REACH and tokens[i][0] >= floor:
        if not _SUBJECT_JOIN.fullmatch(norm, tokens[i][1], tokens[i + 1][0]):
            return False  # "OpenAI's", a quotation mark, a clause's end
        if i in subject_ends:
            return True
        word = tokens[i][2]
        if not (i in in_name or word in SUBJECT_FILLERS or body[tokens[i][0]].isupper()):
            return False
        i -= 1
    return False


def _phrase_end(phrase, i: int, tokens, norm: str, n_tokens: int) -> int:
    """The last token of ``phrase`` read from token ``i`` (its first word), or -1.

    Words follow each other with at most a little punctuation between them ("openai's",
    "co-founded"); a gap element lets up to n words stand between two words, the nearest
    fitting word taken ("openai's own language models" for "openai ~3 model*").
    """
    position = i
    gap = 0
    for word, flag in phrase[1:]:
        if word == GAP:
            gap = flag
            continue
        if not gap:  # the next token, with a little punctuation before it
            j = position + 1
            if j >= n_tokens:
                return -1
            text = tokens[j][2]
            if not (text.startswith(word) if flag else text == word):
                return -1
            if not _GAP_OK.fullmatch(norm, tokens[position][1], tokens[j][0]):
                return -1
            position = j
            continue
        # Compare the words first (cheap), then check what the gap skipped.
        found = -1
        for j in range(position + 1, min(position + 2 + gap, n_tokens)):
            text = tokens[j][2]
            if text.startswith(word) if flag else text == word:
                found = j
                break
            if text in GAP_NEVER_SKIPS:
                return -1  # "OpenAI and xAI models": a gap stays within one phrase
        if found < 0 or _GAP_BREAK.search(norm, tokens[position][1], tokens[found][0]):
            return -1
        position, gap = found, 0
    return position


def _only_fillers(text: str) -> bool:
    """``text`` holds no words but answer fillers ("yes") and punctuation."""
    return all(word in ANSWER_FILLERS for word in _WORD.findall(text))


def _alone_in_quotation(a: int, b: int, quotations, tokens, norm: str) -> bool:
    """Tokens a..b are the whole of a quotation, but for fillers: "Partly." or "Yes, partly"."""
    begin, end = tokens[a][0], tokens[b][1]
    return any(
        q.inner_start <= begin
        and end <= q.inner_end
        and _only_fillers(norm[q.inner_start : begin] + " " + norm[end : q.inner_end])
        for q in quotations
    )


def _answer_spans(answers, verbs, quotations, tokens, norm: str) -> list[tuple[int, int]]:
    """The ``answers`` spans that really are an answer to one of the ``verbs``, widened to it.

    An answer comes right after its verb (he agreed to an extent; He said "partly.")
    or stands alone in a quotation beside one (confirming directly: "Partly.").
    A hedge inside a longer statement (the lawsuit was partly about control) is not.
    """
    found = []
    for a, b in answers:
        before = [
            (x, y) for x, y in verbs if y < a and _only_fillers(norm[tokens[y][1] : tokens[a][0]])
        ]
        if before:
            found.append((max(before)[0], b))
        elif verbs and _alone_in_quotation(a, b, quotations, tokens, norm):
            x, y = min(verbs, key=lambda verb: min(abs(verb[0] - b), abs(a - verb[1])))
            found.append((min(x, a), max(y, b)))
    return found


def _number_unit(number, norm: str) -> str:
    """The unit written with a number: "currency" ($49), "percent" (49%, 49 percent) or ""."""
    text = norm[number.start : number.end]
    if text[:1] in "$€£":
        return "currency"
    if text.endswith(("%", "percent")):
        return "percent"
    return ""


def _snap(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` to whole words, hyphenated ones included ("co-founded", "OpenAI's")."""
    joiners = "-'’"
    while start > 0 and (
        body[start - 1].isalnum()
        or body[start - 1] in joiners
        and start > 1
        and body[start - 2].isalnum()
    ):
        start -= 1
    while end < len(body) and (
        body[end].isalnum()
        or body[end] in joiners
        and end + 1 < len(body)
        and body[end + 1].isalnum()
    ):
        end += 1
    return start, end


def _is_measurement(number, first: int, last: int, tokens) -> bool:
    """A number with a unit: currency, %, a scale word, or a counted noun after it."""
    if number.has_unit:
        return True
    previous = tokens[first - 1][2] if first > 0 else ""
    if previous in MONTHS or (number.value.is_integer() and 1900 <= number.value <= 2100):
        return False  # a date or a year
    for token in tokens[last + 1 : last + 3]:
        word = token[2]
        if word in MONTHS:
            return False
        if len(word) > 3 and word.endswith("s") and word not in NOT_UNITS:
            return True
    return False


def _covering(required: list[list[tuple[int, int]]]) -> list[tuple[int, int]] | None:
    """One span from each list, chosen so that together they cover the fewest tokens."""
    if not required:
        return None
    if len(required) == 1:
        return [min(required[0], key=lambda span: span[1] - span[0])]
    events = sorted(
        (span[0], span[1], group) for group, spans in enumerate(required) for span in spans
    )
    need = len(required)
    counts: dict[int, int] = {}
    best = None
    left = 0
    have = 0
    for right, (_a, _b, group) in enumerate(events):
        counts[group] = counts.get(group, 0) + 1
        if counts[group] == 1:
            have += 1
        while have == need:
            window = events[left : right + 1]
            width = max(e[1] for e in window) - events[left][0]
            if best is None or width < best[0]:
                chosen: dict[int, tuple[int, int]] = {}
                for a, b, g in window:
                    chosen.setdefault(g, (a, b))
                best = (width, list(chosen.values()))
            g = events[left][2]
            counts[g] -= 1
            if counts[g] == 0:
                have -= 1
            left += 1
    return best[1] if best else None
