"""A match's stance: does its sentence report the claim, dispute it, or only mention it?

Pure: reads the sentence's tokens and the features the engine found in it (denials,
negations, conditions, verbs of reporting, asking and conjecture). No database access.

The claim's words are read from where they stand (the ``anchor``, the claim's own verb):

* disputed when a denial ("denied that xAI had...") or a negation just before the claim's
  predicate ("xAI has not used...") says it did not happen;
* only mentioned when the sentence is a question; when the words are inside an "if" or
  "whether" clause ("If xAI had distilled...", "Whether xAI used... remains unclear"), unless
  that clause is a question put to someone and a verb of reporting outside it gives the
  answer ("Asked whether xAI had..., Musk answered..."); when the nearest verb that frames
  them is a conjecture or a charge ("some suspect", "OpenAI alleges"); when that verb is a
  forecast or an obligation ("would have to admit", "could be forced to acknowledge", "will
  testify"); or when the words carry a modal of their own ("xAI may have used") that no
  verb of reporting frames ("Musk testified that xAI may have used" is his answer, reported);
  or, for a claim with a speaker, when that verb's subject is another party ("critics said
  xAI used..." is not Musk's answer; "OpenAI's lawyer said Musk admitted..." is);
* otherwise supported.
"""

from __future__ import annotations

import bisect
import re

from sources.linking.rules import (
    INVERTED_CONDITIONS,
    IRREALIS_LEADS,
    MODAL_FILLERS,
    MODAL_REACH,
    MODALS,
    NEGATION_GAP,
    NOT_NEGATING_NEXT,
    OBJECT_PRONOUNS,
    OTHER_SPEAKERS,
    QUESTION_CONDITIONS,
    QUESTION_REACH,
    REQUEST_VERBS,
    SPEAKER_FILLERS,
    SPEAKER_REACH,
    SPECULATIVE_ADVERBS,
    SUBJECT_PRONOUNS,
    TRAILING_REACH,
    inflect,
)

SUPPORTS, DISPUTES, MENTIONS = "supports", "disputes", "mentions"  # Mention.Stance
_CLAUSE_END = re.compile(r"[,;:]|\s-\s")
# Words that join a second clause to a question ("asked whether X, and he answered").
_COORDINATORS = frozenset({"and", "but", "then", "before", "after", "so"})
# Words that open a clause of its own, which a negation before them does not reach into.
_CLAUSE_OPENERS = frozenset({"that", "whether", "if"})
_RELATIVES = frozenset({"which", "who", "that", "whom", "whose", "where", "when"})
REPORT, CONJECTURE = "report", "conjecture"
_REQUESTS = frozenset(form for verb in REQUEST_VERBS for form in inflect(verb))


def stance_of(
    *,
    anchor: int,
    last: int,
    predicates,
    denial_cues,
    conjecture_cues,
    own_terms: frozenset[int],
    features: dict,
    sentence,
    tokens,
    norm: str,
    speaker=None,
    body: str = "",
) -> str:
    """SUPPORTS, DISPUTES or MENTIONS for the claim whose words start at token ``anchor``
    and end at token ``last`` in ``sentence``.

    ``predicates`` are the spans a negation before them disputes; ``denial_cues`` and
    ``conjecture_cues`` the denials and conjectures that count for this claim (the generic
    ones and its own); ``own_terms`` the
    first tokens of the claim's own terms in the sentence (a word the claim is about,
    "accused" in an accusation, never frames it as a conjecture). ``speaker`` is None for
    a claim without a speaker, else the spans naming its speaker in the sentence (its names
    and stand-ins); ``body`` the text ``norm`` lower-cases (a name is read by its capital).
    """
    start = sentence.start
    names = frozenset(
        i
        for key, spans in features.items()
        if key[0] == "E"
        for a, b in spans
        for i in range(a, b + 1)
    )
    negations = features.get(("NEG",), [])
    # A denial that is itself denied ("did not deny") disputes nothing, and its negation
    # is spent on it: "did not deny that xAI used..." is no denial of the use.
    denials = [span for span in denial_cues if not negated([span], negations, start, tokens, norm)]
    # "Is expected to deny" or "may dispute" forecasts a denial; it does not make one.
    real_denials = [
        span for span in denials if not under_modal(span[0], start, tokens, norm, names)
    ]
    if real_denials or negated(predicates, negations, start, tokens, norm, denial_cues):
        return DISPUTES
    if denials:
        return MENTIONS
    if norm[sentence.start : sentence.end].rstrip("\"') ").endswith("?"):
        return MENTIONS
    if _conditioned(anchor, last, features, sentence, tokens, norm, names):
        return MENTIONS
    conjectures = [span for span in conjecture_cues if span[0] not in own_terms]
    framing = _framing_verb(anchor, conjectures, features, sentence, tokens, norm)
    if _conjectured(anchor, framing, sentence, tokens, norm, names):
        return MENTIONS
    if (
        speaker is not None
        and framing is not None
        and _spoken_by_another(framing, anchor, speaker, features, sentence, tokens, norm, body)
    ):
        return MENTIONS
    return SUPPORTS


def under_modal(verb: int, sentence_start: int, tokens, norm: str, names=frozenset()) -> bool:
    """A modal or future auxiliary governs the verb at token ``verb``: "would have to admit",
    "could be forced to acknowledge", "may have partly used", "is expected to testify",
    "won't confirm", "possibly used". Only MODAL_FILLERS may stand between, within one clause.

    An infinitive answers to the verb before its "to": "asked him to admit" (a request) and
    "would then ask Musk to admit" are not reports; "appeared to concede" is, as its verb is.
    ``names`` are the tokens of names, which may stand as the object before the "to".
    """
    i = verb - 1
    while i >= 0 and verb - i <= MODAL_REACH and tokens[i][0] >= sentence_start:
        if _CLAUSE_END.search(norm, tokens[i][1], tokens[i + 1][0]):
            return False
        word = tokens[i][2]
        following = tokens[i + 1][2]
        if word in MODALS or word in SPECULATIVE_ADVERBS:
            return True
        if word == "won" and following == "t" and _is_contraction(i + 1, tokens, norm):
            return True
        if word in IRREALIS_LEADS and following == "to":
            return True
        if word in MODAL_FILLERS:
            i -= 1
            continue
        if following == "to":  # the verb that governs the infinitive, past its object
            while i > 0 and (word in OBJECT_PRONOUNS or i in names) and verb - i <= MODAL_REACH:
                i -= 1
                word = tokens[i][2]
            if tokens[i][0] < sentence_start or _CLAUSE_END.search(
                norm, tokens[i][1], tokens[i + 1][0]
            ):
                return False
            return word in _REQUESTS or under_modal(i, sentence_start, tokens, norm, names)
        return False
    return False


def _conditioned(
    anchor: int, last: int, features: dict, sentence, tokens, norm: str, names
) -> bool:
    """The claim's words are inside a condition or a question that the sentence does not
    answer: "if"/"whether"... before them with no clause's end between (or inside the
    matched words), or a sentence opening on an inversion ("Were xAI to rely on...,").

    "Asked whether X, Musk said Y" answers its question; "If X, OpenAI said, Y" is still a
    hypothesis whatever verb of saying stands beside it.
    """
    for a, _ in features.get(("C",), ()):
        if (
            a < last
            and not clause_ends_between(a, anchor, tokens, norm)
            and not _answered_question(a, features, sentence, tokens, norm, names)
        ):
            return True
    first = bisect.bisect_left(tokens, sentence.start, key=lambda token: token[0])
    if first < len(tokens) and tokens[first][2] in INVERTED_CONDITIONS and first < anchor:
        # "Had xAI used OpenAI's models, it would...": the inversion's clause ends at a comma.
        ends = _CLAUSE_END.search(norm, tokens[first][1], sentence.end)
        if ends and tokens[anchor][0] < ends.start():
            return True
    return False


def _answered_question(condition: int, features: dict, sentence, tokens, norm: str, names) -> bool:
    """The "whether"/"if" at token ``condition`` is a question put to someone (a verb of
    asking shortly before it) and a verb of reporting answers it outside its clause: after a
    clause's end or "and"/"but", not under a modal ("will likely say"), not negated
    ("did not answer"), not in another condition."""
    if tokens[condition][2] not in QUESTION_CONDITIONS:
        return False
    if not any(condition - QUESTION_REACH <= q < condition for q, _ in features.get(("Q",), ())):
        return False
    conditions = [a for a, _ in features.get(("C",), ())]
    negations = features.get(("NEG",), [])
    for r, b in features.get(("R",), ()):
        if r <= condition or any(condition < c < r for c in conditions):
            continue
        outside = clause_ends_between(condition, r, tokens, norm) or any(
            tokens[k][2] in _COORDINATORS for k in range(condition + 1, r)
        )
        if (
            outside
            and not under_modal(r, sentence.start, tokens, norm, names)
            and not negated([(r, b)], negations, sentence.start, tokens, norm)
        ):
            return True
    return False


def _conjectured(anchor: int, framing, sentence, tokens, norm: str, names) -> bool:
    """The claim's words are a guess, a charge or a forecast rather than a report.

    The nearest framing verb before them decides (``framing``, see _framing_verb): a
    conjecture or a charge ("some suspect xAI trained...", "OpenAI alleges") makes a guess
    of them; a verb of reporting under a modal ("would have to admit", "might testify") a
    forecast. With no verb of reporting to carry it, a modal on the words themselves ("xAI
    may have used") is a guess too; with one, it is what the speaker said ("Musk testified
    that xAI may have used...").
    """
    if framing is None:
        return under_modal(anchor, sentence.start, tokens, norm, names)
    kind, verb, _last = framing
    if kind == CONJECTURE:
        return True
    return under_modal(verb, sentence.start, tokens, norm, names)


def _spoken_by_another(
    framing, anchor: int, speaker, features: dict, sentence, tokens, norm: str, body: str
) -> bool:
    """The verb of reporting ``framing`` has a subject that is not the claim's speaker:
    another entity ("OpenAI said"), a name not the speaker's ("Jane Roe said"), or a party
    OTHER_SPEAKERS names ("critics said", "OpenAI's lawyers argued", "according to
    analysts"). The speaker's names and stand-ins (``speaker``), a pronoun, or no subject
    found leave the verb the speaker's.
    """
    _kind, verb, last = framing
    if ("TURN",) in features and (verb, last) in features[("TURN",)]:
        span = list(range(verb, last + 1))  # the label is who speaks: "OpenAI: xAI used..."
        named_ok = False
    else:
        verbs = {
            i
            for key in (("R",), ("S",), ("Q",))
            for a, b in features.get(key, ())
            for i in range(a, b + 1)
        }
        span = _subject_of(verb, last, anchor, verbs, sentence, tokens, norm)
        named_ok = True
    if not span:
        return False
    own = {i for a, b in speaker for i in range(a, b + 1)}
    others = {
        i
        for key, spans in features.items()
        if key[0] == "E"
        for a, b in spans
        for i in range(a, b + 1)
    } - own
    head = span[-1]
    word = tokens[head][2]
    if head in own or word in SUBJECT_PRONOUNS:
        return False
    if head in others or word in OTHER_SPEAKERS:
        return True
    # A person or body named by a capital, not the sentence's first word ("Savitt said"),
    # in a sentence not set in title case (a headline capitalises every word).
    if (
        named_ok
        and _capitalised(head, body, tokens)
        and tokens[head][0] > sentence.start
        and not _title_case(sentence, body, tokens)
    ):
        return True
    # A head this does not know ("people familiar with the matter"): the rest of its phrase.
    if any(i in own or tokens[i][2] in SUBJECT_PRONOUNS for i in span):
        return False
    return any(i in others or tokens[i][2] in OTHER_SPEAKERS for i in span)


def _subject_of(verb: int, last: int, anchor: int, verbs, sentence, tokens, norm: str) -> list[int]:
    """The tokens of the subject of the verb of reporting at ``verb``..``last``, its head
    last, or [] when none is found.

    Before the verb, past SPEAKER_FILLERS ("Musk also said"), back to a clause's start or
    another verb (``verbs``: "OpenAI's lawyer said Musk admitted..." is Musk's); past an
    aside between commas ("Musk, asked by OpenAI's lawyer, conceded") or a relative pronoun
    ("Musk, who testified that..."). After it for "according to X" and
    for a trailing attribution that opens on its verb ("..., said one analyst").
    """
    start = sentence.start
    if tokens[verb][2] == "according":
        return _phrase_after(last, sentence, tokens, norm)
    i = verb - 1
    while i >= 0 and tokens[i][0] >= start and _speaker_filler(tokens[i][2]):
        i -= 1
    if i < 0 or tokens[i][0] < start or i < anchor < verb:
        return _phrase_after(last, sentence, tokens, norm) if verb > anchor else []
    if clause_ends_between(i, verb, tokens, norm):
        if verb > anchor:  # "..., said one analyst": the attribution's clause opens on it
            return _phrase_after(last, sentence, tokens, norm)
        i = _before_aside(i, start, tokens, norm)
        if i is None:
            return []
    if tokens[i][2] in _RELATIVES and i > 0 and clause_ends_between(i - 1, i, tokens, norm):
        i = i - 1  # "Musk, who testified...": the relative's antecedent
    span = [i]
    k = i - 1
    while (
        k >= 0
        and tokens[k][0] >= start
        and i - k < SPEAKER_REACH
        and k != anchor
        and k not in verbs
        and not clause_ends_between(k, k + 1, tokens, norm)
        and tokens[k][2] not in _CLAUSE_OPENERS | _COORDINATORS
    ):
        span.insert(0, k)
        k -= 1
    return span


def _speaker_filler(word: str) -> bool:
    """A word between a speaker and its verb: SPEAKER_FILLERS or an adverb in -ly
    ("Musk seemingly admitted", "Musk reluctantly conceded")."""
    return word in SPEAKER_FILLERS or (len(word) > 4 and word.endswith("ly"))


def _capitalised(i: int, body: str, tokens) -> bool:
    """Token ``i`` is written with a capital first and lower case after ("Savitt", not "CEO")."""
    written = body[tokens[i][0] : tokens[i][1]]
    return written[:1].isupper() and not written.isupper()


def _title_case(sentence, body: str, tokens) -> bool:
    """Most of the sentence's words of four letters or more start with a capital."""
    first = bisect.bisect_left(tokens, sentence.start, key=lambda token: token[0])
    words = []
    for k in range(first, len(tokens)):
        if tokens[k][1] > sentence.end:
            break
        if len(tokens[k][2]) >= 4:
            words.append(k)
    return bool(words) and sum(_capitalised(k, body, tokens) for k in words) * 2 > len(words)


def _before_aside(i: int, start: int, tokens, norm: str):
    """The token before the aside that token ``i`` ends ("Musk, asked by his lawyer,"):
    the last token before the clause's end that opens it, or None if none does."""
    k = i - 1
    while k >= 0 and tokens[k][0] >= start:
        if clause_ends_between(k, k + 1, tokens, norm):
            return k
        k -= 1
    return None


def _phrase_after(last: int, sentence, tokens, norm: str) -> list[int]:
    """The words after token ``last`` up to their clause's end, at most SPEAKER_REACH."""
    span = []
    k = last + 1
    while k < len(tokens) and tokens[k][1] <= sentence.end and len(span) < SPEAKER_REACH:
        span.append(k)
        if k + 1 < len(tokens) and clause_ends_between(k, k + 1, tokens, norm):
            break
        k += 1
    return span


def _framing_verb(anchor: int, conjectures, features: dict, sentence, tokens, norm: str):
    """(REPORT or CONJECTURE, first token, last token) of the verb that frames the claim's
    words, or None.

    A transcript turn's or a headline's speaker label ("Musk: xAI may have...") frames them
    as a verb of reporting would.
    """
    reports = features.get(("R",), []) + features.get(("TURN",), [])
    framings = [(a, b, REPORT) for a, b in reports] + [(a, b, CONJECTURE) for a, b in conjectures]
    before = [(a, b, kind) for a, b, kind in framings if b < anchor]
    if before:
        a, b, kind = max(before)
        return kind, a, b
    # An attribution in a clause of its own after the words, its verb at most a few words
    # into it: "..., critics allege.", "..., Musk testified on Thursday in federal court."
    # A relative clause ("..., which critics say is a breach") frames something else.
    for a, b, kind in sorted(framings):
        if a <= anchor:
            continue
        opens = next(
            (
                k
                for k in range(a, anchor, -1)
                if _CLAUSE_END.search(norm, tokens[k - 1][1], tokens[k][0])
            ),
            None,
        )
        if opens is not None and a - opens <= TRAILING_REACH and tokens[opens][2] not in _RELATIVES:
            return kind, a, b
    return None


def _is_contraction(i: int, tokens, norm: str) -> bool:
    """Token ``i`` is the "t" of a "n't" (hasn't, didn't, don't)."""
    return (
        i > 0
        and tokens[i][2] == "t"
        and tokens[i - 1][2].endswith("n")
        and norm[tokens[i - 1][1] : tokens[i][0]] == "'"
    )


def negated(predicates, negations, sentence_start: int, tokens, norm: str, cues=()) -> bool:
    """A negation ("not", "never", "n't", "no longer") just before one of the predicates.

    A negation followed by one of ``cues`` (denials) before the predicate negates the cue
    instead: "did not deny that xAI used" does not deny the use. Nor does a negation reach
    into a clause that "that", "whether" or "if" opens: "not wonder whether xAI used" does
    not say xAI did not.
    """

    def blocked(negation: int, predicate: int) -> bool:
        return any(negation < c < predicate for c, _ in cues) or any(
            tokens[k][2] in _CLAUSE_OPENERS for k in range(negation + 1, predicate)
        )

    for a, _b in predicates:
        for _x, y in negations:
            follows = tokens[y + 1][2] if y + 1 < len(tokens) else ""
            if (
                y < a
                and a - y - 1 <= NEGATION_GAP
                and follows not in NOT_NEGATING_NEXT
                and not blocked(y, a)
            ):
                return True
        for i in range(max(0, a - NEGATION_GAP - 1), a):
            if (
                tokens[i][0] >= sentence_start
                and _is_contraction(i, tokens, norm)
                and not blocked(i, a)
            ):
                return True
    return False


def clause_ends_between(a: int, b: int, tokens, norm: str) -> bool:
    """A comma, semicolon, colon or dash closes the clause of token ``a`` before token ``b``."""
    if b <= a:
        return False
    return bool(_CLAUSE_END.search(norm, tokens[a][1], tokens[b][0]))
