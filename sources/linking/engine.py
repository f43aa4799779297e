"""Link sources to claims: find, sentence by sentence, where each article reports each claim.

Entry points (the contract other modules code against):

* ``link_sources(sources=[...]) -> LinkResult``: (re)link these sources to every claim;
* ``relink_all() -> LinkResult``: every source against every claim;
* ``preview_rules(rules=..., sources=None) -> list[RulePreviewMatch]``: what a claim's
  rules would match, without writing anything;
* ``validate_rules(rules) -> list[str]``: an editor's mistakes in a rules object, as sentences.

All of them are safe to re-run: linking twice in a row changes nothing the second time.

Claim.match_rules
=================

A JSON object an editor can edit. ``{}`` means "never link this claim automatically"::

    {
      "patterns": [
        {
          "terms": [["distill*", "trained", "used", "relied on"], ["model*", "output*"]],
          "entities": ["xai", "openai"],
          "window": 0,
          "near": 12
        },
        {
          "terms": [["partly", "partially", "in part"]],
          "answer": ["confirmed", "said", "answered"],
          "entities": ["xai", "openai"],
          "window": 2,
          "near": 6
        }
      ],
      "exclude": ["xAI Holdings"],
      "dispute": ["vague", "unclear", "does not bar"],
      "predicates": ["bar*", "forbid*"],
      "qualifiers": ["only a little"]
    }

``patterns`` (a list; a sentence matches the claim when ANY pattern matches, tried in
order, the first one deciding the quote). A pattern's conditions must ALL hold:

* ``terms``: concept groups; the sentence must contain at least one term of EACH group.
  A term is a word or phrase, matched case-insensitively on word boundaries, curly and
  straight quotes alike (``"OpenAI's"`` matches ``OpenAI’s``). A word ending in ``*`` is a
  stem: ``distill*`` matches distill, distilled, distillation. Synonyms go in one group.
* ``answer``: verbs that introduce an answer ("said", "conceded"). With it, a term of the
  first ``terms`` group counts only as the answer to one of them: right after the verb
  (only punctuation, quotation marks or "yes" between: he agreed to an extent; He said
  "partly.") or alone in a quotation in a sentence holding one ("Partly," he answered;
  confirming directly: "Partly."). A hedge inside a longer statement ("the lawsuit was
  partly about control", he said) is not an answer.
* ``entities``: entity slugs (see Entity.names: the name and every alias) that must each
  be named in the sentence itself or in one of the ``window`` sentences before it in the
  same paragraph. This is how "he confirmed it had been done “partly.”" attaches to a
  claim about xAI and OpenAI named a sentence earlier. The ``terms`` (anchors) must
  always be in the sentence itself.
* ``context``: concept groups like ``terms``, but, like entities, allowed in the window.
* ``window``: how many preceding sentences of the paragraph count (0 to 5; default 0).
* ``cross_paragraphs``: true lets the window reach into the paragraphs before (for a
  sentence like "The White House said exactly that." that opens a paragraph).
* ``near``: the largest number of words the matched terms and numbers may span; keeps
  words scattered across a long sentence from matching. (Put a name in ``terms`` when it
  must sit next to the other words.)
* ``numbers``: a list of ``{"value": 49, "tolerance": 0, "near": ["intelligence index"],
  "distance": 6}``: the sentence must contain a number equal to ``value`` (give or take
  ``tolerance``), with one of the ``near`` words within ``distance`` words of it when
  ``near`` is given. Numbers are read whole: "4.20" is 4.2, never 4, 20 or 49;
  "16 million" is 16000000; "24,000" is 24000; "$50K" is 50000. A number written with a
  currency sign ("$49") or as a percentage ("49%", "49 percent") only counts when the
  spec asks for that ``"unit"``: "currency" or "percent" (plain numbers always count).

A pattern needs ``terms`` or ``numbers``. The other keys apply to the whole claim:

* ``exclude``: terms that veto a sentence for this claim.
* ``dispute``: terms that make the stance "disputes" (added to a generic list of denials
  applied to every claim, see GENERIC_DISPUTE).
* ``predicates``: what the claim says happened ("bar", "forbid*" for a clause). A negation
  (NEGATIONS: not, never, no longer, and "n't") up to NEGATION_GAP words before one
  makes the stance "disputes" ("xAI has not used..."). Without it, the matched term of the
  pattern's first ``terms`` group is the predicate: put the claim's verbs first.
* ``qualifiers``: extra hedges for this claim, added to HEDGES ("partly", "in part"...).
* ``no_qualifier``: true when a hedge can never qualify this claim (its answer sits in
  the same sentence as another claim's "Partly.").

What a match records (a Mention):

* ``quote``/``start``/``end``: the shortest stretch of the sentence covering one term of
  each group, the numbers and the entities named in the sentence, widened to whole words,
  to the qualifier and to a quotation it touches. ``body[start:end] == quote`` always.
* ``qualifier``: a hedge within three words of the matched words, or alone in a quotation
  after them (Musk answered "Partially"; "Yes, partly."), lower-cased ("partially").
  A hedge elsewhere in the sentence, in a longer quotation ("partly about ego"), or in
  another sentence, is not the claim's.
* ``variant``: for quotes and policy clauses, how this source rendered it: the quotation
  carrying the qualifier or touching the matched words (``Partly.``), else (quotes only)
  the qualifier as written, else empty. Readers group variants with text.fold_variant.
* ``stance``: "disputes" when a dispute cue is in the sentence or a negation comes just
  before a predicate (see ``predicates``); "mentions" when the
  sentence is a question or only conditional (if/whether/unless...) with no verb of
  confirmation (confirmed, testified, said...); otherwise "supports".

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

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sources.linking.sentences import (
    Sentence,
    covering_sentence,
    find_numbers,
    find_quotations,
    normalize_for_matching,
    split_sentences,
)
from sources.models import CandidateClaim, Claim, Entity, Mention, Source

HEDGES = (
    "partly",
    "partially",
    "in part",
    "to an extent",
    "to some extent",
    "to a certain extent",
    "to a limited extent",
    "to a degree",
    "to some degree",
    "somewhat",
    "in some ways",
)
GENERIC_DISPUTE = (
    "denied",
    "denies",
    "deny",
    "disputed",
    "refuted",
    "refutes",
    "rebutted",
    "untrue",
    "not true",
    "false",
    "no evidence",
    "misleading",
    "inaccurate",
    "contradict*",
    "did not say",
    "didn't say",
    "never said",
    "did not admit",
    "didn't admit",
    "never admitted",
    "did not confirm",
    "didn't confirm",
    "did not testify",
    "didn't testify",
)
# Negations that, just before a claim's predicate, deny it ("xAI has not used...");
# "n't" contractions are recognised too (see _is_contraction).
NEGATIONS = ("not", "never", "no longer", "cannot")
NOT_NEGATING_NEXT = frozenset({"only", "just", "merely"})  # "not only used": still affirms
CONDITIONAL = (
    "if",
    "whether",
    "unless",
    "suppose",
    "supposing",
    "assuming",
    "in case",
    "allegedly",
)
AFFIRMATION = (
    "confirm*",
    "admit*",
    "acknowledg*",
    "testified",
    "testifies",
    "said",
    "says",
    "told",
    "answered",
    "agreed",
    "conceded",
    "concedes",
    "replied",
    "stated",
    "according to",
)
ATTRIBUTION = (
    "said",
    "says",
    "testified",
    "testifies",
    "told",
    "argued",
    "argues",
    "acknowledged",
    "acknowledges",
    "confirmed",
    "confirms",
    "admitted",
    "admits",
    "claimed",
    "according to",
    "stated",
    "noted",
    "wrote",
    "explained",
    "insisted",
    "alleged",
    "denied",
    "conceded",
    "answered",
    "replied",
    "warned",
    "accused",
)
MONTHS = frozenset(
    str.split(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    )
)
# Words after a number that do not make it a measurement.
NOT_UNITS = frozenset(
    str.split(
        "this these those is was has his its as us thus plus series news always perhaps "
        "whereas unless"
    )
)

QUALIFIER_GAP = 3  # words allowed between a hedge and the claim's matched words
# Words that may stand beside a hedge in an answer: "Yes, partly." is still just the answer.
ANSWER_FILLERS = frozenset({"yes"})
NEGATION_GAP = 3  # words allowed between a negation and the predicate it denies
MIN_QUOTE_WORDS = 3  # shorter quotations ("theft") are not proposed as candidates
MAX_WINDOW = 5
PATTERN_KEYS = {
    "terms",
    "answer",
    "entities",
    "context",
    "window",
    "cross_paragraphs",
    "near",
    "numbers",
}
RULE_KEYS = {"patterns", "exclude", "dispute", "predicates", "qualifiers", "no_qualifier"}
MIN_QUOTE_WORDS_IN_MENTION = 3  # a shorter span ("smaller") is widened to its sentence
NUMBER_KEYS = {"value", "tolerance", "near", "distance", "unit"}
NUMBER_UNITS = ("currency", "percent")  # what a number may carry when its rule asks for it
_WORD = re.compile(r"\w+")
_PHRASE_WORD = re.compile(r"\w+\*?")
_GAP_OK = re.compile(r"[\s\-'./]{0,3}")


# --- Validating rules --------------------------------------------------------------------


def _term_errors(terms, where: str) -> list[str]:
    if not isinstance(terms, list) or not terms:
        return [f"{where} must be a non-empty list of words or phrases."]
    errors = []
    for term in terms:
        if not isinstance(term, str) or not _WORD.search(term):
            errors.append(f"{where}: {term!r} is not a word or phrase.")
        elif re.search(r"\*\S|(?<!\w)\*", term):
            errors.append(f"{where}: in {term!r}, '*' may only end a word (like 'distill*').")
    return errors


def _groups_errors(groups, where: str) -> list[str]:
    if not isinstance(groups, list) or not groups:
        return [f'{where} must be a list of groups, each a list of terms: [["a", "b"], ...].']
    errors = []
    for n, group in enumerate(groups, 1):
        if isinstance(group, str):
            errors.append(f"{where} group {n} must be a list of terms, not the string {group!r}.")
        else:
            errors += _term_errors(group, f"{where} group {n}")
    return errors


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _number_errors(numbers, where: str) -> list[str]:
    if not isinstance(numbers, list) or not numbers:
        return [f'{where} must be a non-empty list of {{"value": ..., "near": [...]}}.']
    errors = []
    for n, spec in enumerate(numbers, 1):
        label = f"{where} {n}"
        if not isinstance(spec, dict):
            errors.append(f'{label} must be an object like {{"value": 49}}.')
            continue
        if unknown := sorted(set(spec) - NUMBER_KEYS):
            errors.append(f"{label}: unknown key(s) {', '.join(unknown)}.")
        if not _is_number(spec.get("value")):
            errors.append(f'{label} needs a numeric "value".')
        if "tolerance" in spec and not (_is_number(spec["tolerance"]) and spec["tolerance"] >= 0):
            errors.append(f'{label}: "tolerance" must be a number, 0 or more.')
        if "distance" in spec and not (
            isinstance(spec["distance"], int) and 1 <= spec["distance"] <= 50
        ):
            errors.append(f'{label}: "distance" must be a whole number of words from 1 to 50.')
        if "near" in spec:
            errors += _term_errors(spec["near"], f'{label} "near"')
        if "unit" in spec and spec["unit"] not in NUMBER_UNITS:
            errors.append(f'{label}: "unit" must be one of {", ".join(NUMBER_UNITS)}.')
    return errors


def validate_rules(rules, *, known_entities: Iterable[str] | None = None) -> list[str]:
    """Every problem with a match_rules object, as sentences an editor can act on.

    ``known_entities`` are the entity slugs that exist (read from the database when
    omitted). Returns [] for valid rules. Read-only.
    """
    if not isinstance(rules, dict):
        return ['The rules must be a JSON object like {"patterns": [...]}.']
    errors = []
    if unknown := sorted(set(rules) - RULE_KEYS):
        errors.append(f"Unknown key(s) {', '.join(unknown)}; use {', '.join(sorted(RULE_KEYS))}.")
    for key in ("exclude", "dispute", "predicates", "qualifiers"):
        if key in rules:
            errors += _term_errors(rules[key], f'"{key}"')
    if not isinstance(rules.get("no_qualifier", False), bool):
        errors.append('"no_qualifier" must be true or false.')
    if not rules or ("patterns" not in rules and not errors):
        return errors  # {} is valid: the claim is only linked by hand
    patterns = rules.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        return [*errors, '"patterns" must be a non-empty list of pattern objects.']
    if known_entities is None:
        known_entities = Entity.objects.values_list("slug", flat=True)
    known = set(known_entities)
    for n, pattern in enumerate(patterns, 1):
        where = f"Pattern {n}"
        if not isinstance(pattern, dict):
            errors.append(f'{where} must be an object with "terms" and/or "numbers".')
            continue
        if unknown := sorted(set(pattern) - PATTERN_KEYS):
            errors.append(
                f"{where}: unknown key(s) {', '.join(unknown)}; "
                f"use {', '.join(sorted(PATTERN_KEYS))}."
            )
        if "terms" not in pattern and "numbers" not in pattern:
            errors.append(f'{where} needs "terms" or "numbers" (entities alone are too broad).')
        if "terms" in pattern:
            errors += _groups_errors(pattern["terms"], f'{where} "terms"')
        if "answer" in pattern:
            errors += _term_errors(pattern["answer"], f'{where} "answer"')
            if "terms" not in pattern:
                errors.append(f'{where}: "answer" needs "terms" (the words that answer).')
        if "context" in pattern:
            errors += _groups_errors(pattern["context"], f'{where} "context"')
        if "numbers" in pattern:
            errors += _number_errors(pattern["numbers"], f"{where} number")
        entities = pattern.get("entities", [])
        if not isinstance(entities, list) or not all(isinstance(s, str) for s in entities):
            errors.append(f'{where}: "entities" must be a list of entity slugs.')
        else:
            missing = [slug for slug in entities if slug not in known]
            if missing:
                errors.append(f"{where}: no entity with slug {', '.join(missing)}.")
        window = pattern.get("window", 0)
        if not (isinstance(window, int) and not isinstance(window, bool)) or not (
            0 <= window <= MAX_WINDOW
        ):
            errors.append(f'{where}: "window" must be a whole number from 0 to {MAX_WINDOW}.')
        if not isinstance(pattern.get("cross_paragraphs", False), bool):
            errors.append(f'{where}: "cross_paragraphs" must be true or false.')
        near = pattern.get("near")
        if near is not None and not (isinstance(near, int) and 1 <= near <= 100):
            errors.append(f'{where}: "near" must be a whole number of words from 1 to 100.')
    return errors


# --- The matching engine (no database) ---------------------------------------------------


def _phrase(term: str) -> tuple[tuple[str, bool], ...]:
    """``"distill* from"`` -> (("distill", True), ("from", False))."""
    words = _PHRASE_WORD.findall(normalize_for_matching(term))
    return tuple((word.rstrip("*"), word.endswith("*")) for word in words)


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
        for term in AFFIRMATION:
            self._add(term, ("A",))
        for term in ATTRIBUTION:
            self._add(term, ("V",))
        wanted = set()
        for spec in claims:
            for pattern in (spec.rules or {}).get("patterns") or []:
                wanted.update(pattern.get("entities") or [])
        for slug in wanted:
            for name in entity_names.get(slug, ()):
                self._add(name.replace("*", ""), ("E", slug))
        for spec in claims:
            self._compile(spec, entity_names)
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
        phrase_id = self._phrase_id(term)
        if phrase_id is not None and feature not in self._features[phrase_id]:
            self._features[phrase_id].append(feature)

    def _add_group_term(self, term: str, uid: int, group: int) -> None:
        phrase_id = self._phrase_id(term)
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
        for term in rules.get("qualifiers", []):
            self._add(term, ("HC", ci))
        for term in rules.get("predicates", []):
            self._add(term, ("P", ci))
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
            )
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

    def scan(self, body: str) -> tuple[list[Match], list[FoundCandidate]]:
        """Every claim match and every candidate in ``body``. Pure; safe to call repeatedly."""
        norm = normalize_for_matching(body)
        sentences = split_sentences(body)
        if not sentences:
            return [], []
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(norm)]
        token_starts = [t[0] for t in tokens]
        sentence_ends = [s.end for s in sentences]
        # By sentence: the phrases found (phrase, first token, last token), and the
        # features they stand for (feature -> spans) other than claims' terms.
        per_sentence: list[dict[tuple, list[tuple[int, int]]]] = [{} for _ in sentences]
        hits_by_sentence: list[list[tuple[int, int, int]]] = [[] for _ in sentences]
        phrases = self._phrases
        phrase_features = self._features
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
                last = i + len(phrase) - 1
                if len(phrase) > 1 and not self._rest_matches(phrase, i, tokens, norm, n_tokens):
                    continue
                if tokens[last][1] > limit:
                    continue
                hits_by_sentence[sentence_index].append((phrase_id, i, last))
                if phrase_features[phrase_id]:
                    features = per_sentence[sentence_index]
                    for feature in phrase_features[phrase_id]:
                        features.setdefault(feature, []).append((i, last))

        # Numbers are read once per body, whole ("4.20" is one number).
        numbers_by_sentence: dict[int, list] = {}
        sentence_starts = [x.start for x in sentences]
        for number in find_numbers(norm):
            s = bisect.bisect_right(sentence_starts, number.start) - 1
            if s >= 0 and number.end <= sentences[s].end:
                first = bisect.bisect_left(token_starts, number.start)
                last = bisect.bisect_left(token_starts, number.end) - 1
                numbers_by_sentence.setdefault(s, []).append((number, first, max(first, last)))

        matches: list[Match] = []
        matched_sentences: set[int] = set()
        group_refs = self._group_refs
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
                    )
                    if found is None:
                        continue
                    elements, predicates = found
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
                    )
                    matches.append(match)
                    matched_sentences.add(s)
                    break
        candidates = self._candidates(
            sentences, matched_sentences, per_sentence, numbers_by_sentence, tokens, norm, body
        )
        return matches, candidates

    @staticmethod
    def _rest_matches(phrase, i, tokens, norm, n_tokens) -> bool:
        if i + len(phrase) > n_tokens:
            return False
        for offset in range(1, len(phrase)):
            word, is_stem = phrase[offset]
            token = tokens[i + offset]
            text = token[2]
            if not (text.startswith(word) if is_stem else text == word):
                return False
            gap = norm[tokens[i + offset - 1][1] : token[0]]
            if not _GAP_OK.fullmatch(gap):
                return False
        return True

    def _pattern_elements(
        self, pattern, group_spans, s, sentences, per_sentence, numbers_by_sentence, tokens, norm
    ):
        """The token spans that make ``pattern`` match sentence ``s``, or None.

        Returns (elements, predicates): every span chosen, and those of them from
        the first terms group (what a negation before them denies).
        """
        features = per_sentence[s]
        ci, pi = pattern.claim, pattern.index
        required: list[list[tuple[int, int]]] = list(group_spans)
        if pattern.answer:
            sentence = sentences[s]
            required[0] = _answer_spans(
                required[0],
                features.get(("AV", ci, pi), []),
                find_quotations(norm, sentence.start, sentence.end),
                tokens,
                norm,
            )
            if not required[0]:
                return None
        paragraph = sentences[s].paragraph
        window = [
            k
            for k in range(max(0, s - pattern.window), s + 1)
            if pattern.cross or sentences[k].paragraph == paragraph
        ]
        for gi in range(pattern.contexts):
            if not any(("K", ci, pi, gi) in per_sentence[k] for k in window):
                return None
        named_here: list[list[tuple[int, int]]] = []
        for slug in pattern.entities:
            here = features.get(("E", slug))
            if here:
                named_here.append(here)
            elif not any(("E", slug) in per_sentence[k] for k in window):
                return None
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
        if pattern.near is not None:
            anchors = _covering(required)
            width = max(b for _, b in anchors) - min(a for a, _ in anchors) + 1
            if width > pattern.near:
                return None
        elements = _covering(required + named_here)
        first_group = set(required[0]) if pattern.groups else set()
        return elements, [span for span in elements if span in first_group]

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
    ):
        first = min(a for a, _ in elements)
        last = max(b for _, b in elements)
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
        if variant_quote is None and kind in (Claim.Kind.QUOTE, Claim.Kind.POLICY_CLAUSE):
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
        elif kind == Claim.Kind.QUOTE and qualifier_span:
            variant = body[q_start:q_end]
        else:
            variant = ""

        # The claim's own predicates when its rules name them, else the pattern's first group.
        if claim.spec.rules.get("predicates"):
            predicates = features.get(("P", ci), [])
        negations = features.get(("NEG",), [])
        if (
            ("DC", ci) in features
            or ("D",) in features
            or _negated(predicates, negations, sentence.start, tokens, norm)
        ):
            stance = Mention.Stance.DISPUTES
        elif norm[sentence.start : sentence.end].rstrip("\"') ").endswith("?") or (
            any(a < last for a, _ in features.get(("C",), ())) and ("A",) not in features
        ):
            stance = Mention.Stance.MENTIONS
        else:
            stance = Mention.Stance.SUPPORTS
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
                    add(CandidateClaim.Kind.QUOTE, q.start, q.end, sentence)
            elif any(
                _is_measurement(number, first, last, tokens)
                for number, first, last in numbers_by_sentence.get(s, [])
            ):
                add(CandidateClaim.Kind.NUMBER, sentence.start, sentence.end, sentence)
            elif ("V",) in per_sentence[s] and not sentence.text.startswith("|"):
                add(CandidateClaim.Kind.ATTRIBUTION, sentence.start, sentence.end, sentence)
        return list(found.values())


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


def _is_contraction(i: int, tokens, norm: str) -> bool:
    """Token ``i`` is the "t" of a "n't" (hasn't, didn't, don't)."""
    return (
        i > 0
        and tokens[i][2] == "t"
        and tokens[i - 1][2].endswith("n")
        and norm[tokens[i - 1][1] : tokens[i][0]] == "'"
    )


def _negated(predicates, negations, sentence_start: int, tokens, norm: str) -> bool:
    """A negation ("not", "never", "n't", "no longer") just before one of the predicates."""
    for a, _b in predicates:
        for _x, y in negations:
            follows = tokens[y + 1][2] if y + 1 < len(tokens) else ""
            if y < a and a - y - 1 <= NEGATION_GAP and follows not in NOT_NEGATING_NEXT:
                return True
        for i in range(max(0, a - NEGATION_GAP - 1), a):
            if tokens[i][0] >= sentence_start and _is_contraction(i, tokens, norm):
                return True
    return False


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


# --- Database side -----------------------------------------------------------------------


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

    def __str__(self) -> str:
        text = (
            f"{self.sources} sources: {self.created} mentions created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.kept} kept by editors"
        )
        if self.reanchored or self.lost:
            text += f" ({self.reanchored} re-anchored, {self.lost} lost their words)"
        return text + (f"; {self.candidates} new candidates, {self.candidates_removed} removed")


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
        sources = Source.objects.only("id", "title", "body", "origin").order_by("pk")
    found = []
    for source in sources:
        matches, _ = engine.scan(source.body)
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
            )
            for m in matches
        ]
    return found


def link_sources(*, sources: Iterable[Source], engine: Engine | None = None) -> LinkResult:
    """(Re)link these sources to every claim; reconcile with what is stored. Safe to re-run.

    The bodies are read fresh from the database, so stale instances are fine.
    """
    ids = sorted({source.pk for source in sources})
    engine = engine or build_engine()
    result = LinkResult()
    for offset in range(0, len(ids), BATCH):
        _link_batch(engine, ids[offset : offset + BATCH], result)
    return result


def relink_all() -> LinkResult:
    """Every source against every claim (what load_story runs). Safe to re-run."""
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    engine = build_engine()
    result = LinkResult()
    for offset in range(0, len(ids), BATCH):
        _link_batch(engine, ids[offset : offset + BATCH], result)
    return result


BATCH = 200
MENTION_FIELDS = ("quote", "start", "end", "sentence", "sentence_start", "qualifier", "variant")
JUDGED_FIELDS = ("stance",)


def _is_protected(mention: Mention) -> bool:
    return (
        mention.method == Mention.Method.EDITOR
        or mention.reviewed
        or bool(mention.editor_owned_fields)
    )


def _blocked_spans(kept: list[Mention]) -> list[tuple[int, int, int]]:
    """(claim, start, end) where no automatic mention may be created.

    An editor's, reviewed or moved mention blocks its own claim there; a moved
    one also blocks the claim it was moved away from, and only that one: the
    other claims found in the same words keep their mentions.
    """
    blocked = []
    for mention in kept:
        if mention.method == Mention.Method.EDITOR or mention.reviewed or mention.owns("claim"):
            blocked.append((mention.claim_id, mention.start, mention.end))
        if mention.moved_from_id is not None:
            blocked.append((mention.moved_from_id, mention.start, mention.end))
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


def _link_batch(engine: Engine, ids: list[int], result: LinkResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        sources = list(Source.objects.filter(pk__in=ids).only("id", "body"))
        stored: dict[int, list[Mention]] = {}
        for mention in Mention.objects.filter(source_id__in=ids):
            stored.setdefault(mention.source_id, []).append(mention)
        stored_candidates: dict[int, dict[str, CandidateClaim]] = {}
        for candidate in CandidateClaim.objects.filter(source_id__in=ids):
            stored_candidates.setdefault(candidate.source_id, {})[candidate.fingerprint] = candidate
        known_claims = {claim.spec.key for claim in engine.claims}

        to_create: list[Mention] = []
        to_update: list[Mention] = []
        to_delete: list[int] = []
        new_candidates: list[CandidateClaim] = []
        moved_candidates: list[CandidateClaim] = []
        drop_candidates: list[int] = []
        for source in sources:
            body = source.body
            matches, candidates = engine.scan(body)
            result.sources += 1
            sentences: list[Sentence] | None = None
            mentions = stored.get(source.pk, [])
            kept: list[Mention] = []
            free: list[Mention] = []
            for mention in mentions:
                (kept if _is_protected(mention) else free).append(mention)
            by_span = {(m.claim_id, m.start, m.end): m for m in mentions}

            # Kept mentions stay; re-anchor those whose words moved.
            for mention in kept:
                if body[mention.start : mention.end] != mention.quote or (mention.end > len(body)):
                    if sentences is None:
                        sentences = split_sentences(body)
                    found = _reanchor(mention, body, sentences)
                    result.reanchored += found
                    result.lost += not found
                    mention.updated_at = now
                    to_update.append(mention)
                else:
                    result.kept += 1
            blocked = _blocked_spans(kept)

            matched_free: set[int] = set()
            for match in matches:
                if match.key not in known_claims:
                    continue
                if any(
                    claim_id == match.key and _overlaps(start, end, match.start, match.end)
                    for claim_id, start, end in blocked
                ):
                    continue
                existing = by_span.get((match.key, match.start, match.end))
                if existing is None:
                    existing = next(
                        (
                            m
                            for m in free
                            if m.pk not in matched_free
                            and m.claim_id == match.key
                            and m.quote == match.quote
                        ),
                        None,
                    )
                if existing is not None and (
                    existing.method == Mention.Method.EDITOR or existing.reviewed
                ):
                    continue  # an editor's (or reviewed) mention at this span wins
                if existing is None:
                    to_create.append(
                        Mention(
                            claim_id=match.key,
                            source_id=source.pk,
                            quote=match.quote,
                            start=match.start,
                            end=match.end,
                            sentence=match.sentence,
                            sentence_start=match.sentence_start,
                            qualifier=match.qualifier,
                            variant=match.variant,
                            stance=match.stance,
                            method=Mention.Method.AUTOMATIC,
                        )
                    )
                    result.created += 1
                    continue
                matched_free.add(existing.pk)
                changed = False
                for name in (*MENTION_FIELDS, *JUDGED_FIELDS):
                    if existing.owns(name) and name not in ("quote", "start", "end"):
                        continue
                    value = getattr(match, name)
                    if getattr(existing, name) != value:
                        setattr(existing, name, value)
                        changed = True
                if changed:
                    existing.updated_at = now
                    if existing not in to_update:
                        to_update.append(existing)
                    result.updated += 1
            for mention in free:
                if mention.pk not in matched_free:
                    to_delete.append(mention.pk)
                    result.deleted += 1

            # Candidates: proposed once per kind+text; editors' decisions are final.
            existing_candidates = stored_candidates.get(source.pk, {})
            computed = {candidate.fingerprint: candidate for candidate in candidates}
            for fingerprint, candidate in computed.items():
                stored_candidate = existing_candidates.get(fingerprint)
                if stored_candidate is None:
                    new_candidates.append(
                        CandidateClaim(
                            source_id=source.pk,
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
                    moved_candidates.append(stored_candidate)
            for fingerprint, stored_candidate in existing_candidates.items():
                if (
                    stored_candidate.status == CandidateClaim.Status.PENDING
                    and fingerprint not in computed
                ):
                    drop_candidates.append(stored_candidate.pk)
                    result.candidates_removed += 1

        # Deletions first, so an updated span never collides with one about to go.
        if to_delete:
            Mention.objects.filter(pk__in=to_delete).delete()
        if to_update:
            _avoid_collisions(to_update)
            Mention.objects.bulk_update(
                to_update,
                [*MENTION_FIELDS, *JUDGED_FIELDS, "reviewed", "editor_owned_fields", "updated_at"],
                batch_size=500,
            )
        if to_create:
            Mention.objects.bulk_create(to_create, batch_size=500)
        if drop_candidates:
            CandidateClaim.objects.filter(pk__in=drop_candidates).delete()
        if moved_candidates:
            CandidateClaim.objects.bulk_update(
                moved_candidates, ["start", "end", "sentence"], batch_size=500
            )
        if new_candidates:
            CandidateClaim.objects.bulk_create(new_candidates, batch_size=500)


def _avoid_collisions(mentions: list[Mention]) -> None:
    """Two mentions of one claim that lost their words at the same place: nudge one along.

    Only empty (lost) quotes are nudged, and an empty span slices to "" anywhere.
    """
    seen: set[tuple[int, int, int, int]] = set()
    for mention in mentions:
        key = (mention.claim_id, mention.source_id, mention.start, mention.end)
        while key in seen and mention.quote == "" and mention.start > 0:
            mention.start -= 1
            mention.end = mention.start
            mention.sentence_start = mention.start
            key = (mention.claim_id, mention.source_id, mention.start, mention.end)
        seen.add(key)
