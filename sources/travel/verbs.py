"""The reporting verb an outlet framed a quote or claim with, read from the sentence's grammar.

No database access, no model downloads: a small parser over the sentence's tokens. It
finds the verb that *governs* the words of the mention, not any reporting word in the
sentence:

- pre-posed: "Musk admitted (that) xAI …", "Musk said, “Partly.”", "Musk's admission that";
  the nearest reporting verb before the words, skipping a verb that sits in a clause
  already closed by a comma and opened by a relative or subordinating word ("a case that
  critics claimed was rigged, xAI …", "Musk, who has claimed …, said …");
- post-posed: "“Partly,” Musk conceded." / "…, said Musk." / "…, according to Musk": the
  clause after the comma that follows the words, when it is only a subject and the verb
  (plus an adverbial), never a new clause ("…, a practice critics claimed was theft");
- question and answer: when the nearest verb before the words asks ("asked whether xAI
  used …"), the answer's verb after them frames the admission ("…, Musk responded").

A post-posed subject-and-verb attribution wins over a pre-posed verb; a post-posed
"according to" loses to one. Verbs are normalised to a small vocabulary, each with a
connotation: neutral, concession or assertion.
"""

import re
from dataclasses import dataclass

NEUTRAL, CONCESSION, ASSERTION = "neutral", "concession", "assertion"
ACCORDING_TO = "according to"

# Canonical verb -> (connotation, its forms). -ing forms are left out on purpose: they head
# participle phrases ("claiming it is standard") more often than they frame a quote.
_VERBS = {
    "said": (NEUTRAL, "say says said"),
    "testified": (NEUTRAL, "testify testifies testified"),
    "told": (NEUTRAL, "tell tells told"),
    "stated": (NEUTRAL, "states stated"),
    "answered": (NEUTRAL, "answer answers answered"),
    "replied": (NEUTRAL, "reply replies replied"),
    "responded": (NEUTRAL, "respond responds responded"),
    "noted": (NEUTRAL, "note notes noted"),
    "added": (NEUTRAL, "add adds added"),
    "explained": (NEUTRAL, "explain explains explained"),
    "indicated": (NEUTRAL, "indicate indicates indicated"),
    "suggested": (NEUTRAL, "suggest suggests suggested"),
    "wrote": (NEUTRAL, "write writes wrote"),
    ACCORDING_TO: (NEUTRAL, ""),
    "admitted": (CONCESSION, "admit admits admitted"),
    "acknowledged": (CONCESSION, "acknowledge acknowledges acknowledged"),
    "conceded": (CONCESSION, "concede concedes conceded"),
    "confessed": (CONCESSION, "confess confesses confessed"),
    "agreed": (CONCESSION, "agree agrees agreed"),
    "claimed": (ASSERTION, "claim claims claimed"),
    "insisted": (ASSERTION, "insist insists insisted"),
    "asserted": (ASSERTION, "assert asserts asserted"),
    "alleged": (ASSERTION, "allege alleges alleged"),
    "revealed": (ASSERTION, "reveal reveals revealed"),
    "confirmed": (ASSERTION, "confirm confirms confirmed"),
    "argued": (ASSERTION, "argue argues argued"),
    "maintained": (ASSERTION, "maintain maintains maintained"),
    "declared": (ASSERTION, "declare declares declared"),
    "disclosed": (ASSERTION, "disclose discloses disclosed"),
    "denied": (ASSERTION, "deny denies denied"),
}
FORMS = {form: verb for verb, (_, forms) in _VERBS.items() for form in forms.split()}
CONNOTATION = {verb: connotation for verb, (connotation, _) in _VERBS.items()}
# Nouns that frame a that-clause the way their verb does ("Musk's admission that …").
NOUNS = {
    "admission": "admitted",
    "acknowledgment": "acknowledged",
    "acknowledgement": "acknowledged",
    "concession": "conceded",
    "confession": "confessed",
    "confirmation": "confirmed",
    "revelation": "revealed",
    "assertion": "asserted",
    "allegation": "alleged",
    "testimony": "testified",
    "statement": "stated",
}
# Verbs that ask: the words after them are a question, not something the speaker said.
QUESTIONS = {"ask", "asks", "asked", "pressed", "questioned", "queried", "wondered"}
SUBORDINATORS = {
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "while",
    "although",
    "though",
    "because",
    "if",
    "whether",
    "as",
    "since",
    "where",
    "after",
    "before",
    "until",
    "unless",
}
PREPOSITIONS = {
    "on",
    "in",
    "at",
    "under",
    "during",
    "before",
    "after",
    "to",
    "from",
    "with",
    "when",
    "while",
    "later",
    "earlier",
    "today",
    "yesterday",
    "this",
    "last",
}
PRONOUNS = {"he", "she", "they", "it", "i", "we"}

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[\"“”„«»]|['‘’](?!\w)|(?<!\w)['‘]|[,;:.!?()—–]")
_QUOTES = set("\"“”„«»'‘’")


@dataclass(frozen=True)
class Verb:
    verb: str  # canonical ("admitted"), or "according to"
    connotation: str
    word: str  # as written ("Admits")


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(sentence: str) -> list[_Tok]:
    return [
        _Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)
    ]


def _lexical(tokens: list[_Tok], i: int) -> str | None:
    """The canonical verb token ``i`` stands for, "?" for a question verb, else None."""
    low = tokens[i].low
    if low in QUESTIONS:
        return "?"
    if low in FORMS:
        return FORMS[low]
    if low == "according" and i + 1 < len(tokens) and tokens[i + 1].low == "to":
        return ACCORDING_TO
    if low in NOUNS and i + 1 < len(tokens) and tokens[i + 1].low == "that":
        return NOUNS[low]
    return None


def _closed_off(tokens: list[_Tok], verb: int, first: int, last: int) -> bool:
    """Whether the verb sits in a subordinate clause that a comma closes before the words."""
    if not any(t.low == "," for t in tokens[first:last]):
        return False
    segment = verb
    while segment > 0 and tokens[segment - 1].low not in {",", ";", ":"}:
        segment -= 1
    return any(t.low in SUBORDINATORS for t in tokens[segment:verb])


def _quote_end(tokens: list[_Tok], anchor: int) -> int:
    """If token ``anchor`` is inside a quotation, the index of its closing mark."""
    marks = [i for i, t in enumerate(tokens) if t.text in _QUOTES]
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        if opening < anchor < closing:
            return closing
    return anchor


def _tail(tokens: list[_Tok], after: int) -> tuple[str, int] | None:
    """A post-posed attribution in the clause after the comma following ``after``."""
    i = after + 1
    comma_inside_quote = tokens[after].text in _QUOTES and tokens[after - 1].low == ","
    if not comma_inside_quote:
        while i < len(tokens) and tokens[i].text in _QUOTES:
            i += 1
        while i < len(tokens) and tokens[i].low != ",":
            if tokens[i].low in {";", ".", "!", "?"}:
                return None
            i += 1
        i += 1
    while i < len(tokens) and tokens[i].text in _QUOTES:
        i += 1
    end = i
    while end < len(tokens) and tokens[end].low not in {",", ";", ".", "!", "?", ":"}:
        end += 1
    clause = list(range(i, end))
    if not clause:
        return None
    verbs = [j for j in clause if _lexical(tokens, j) not in {None, "?"}]
    if not verbs:
        return None
    j = verbs[0]
    verb = _lexical(tokens, j)
    if verb == ACCORDING_TO:
        return (verb, j) if j == i else None
    before, following = tokens[i:j], tokens[j + 1 : end]
    subject_first = 1 <= len(before) <= 4 and not any(
        t.low in SUBORDINATORS or t.low in FORMS for t in before
    )
    subject_after = (
        not before
        and following
        and (following[0].low in PRONOUNS or following[0].text[:1].isupper())
    )
    if subject_after:
        return verb, j
    if subject_first and (not following or following[0].low in PREPOSITIONS):
        return verb, j
    return None


def reporting_verb(sentence: str, start: int, end: int) -> Verb | None:
    """The verb framing ``sentence[start:end]`` (offsets within the sentence), or None."""
    tokens = _tokens(sentence)
    inside = [i for i, t in enumerate(tokens) if t.start < max(end, start + 1) and t.end > start]
    if not inside:
        return None
    anchor = inside[-1]
    found = _tail(tokens, _quote_end(tokens, anchor))
    if found and found[0] != ACCORDING_TO:
        return _verb(tokens, found)
    for i in range(anchor, -1, -1):
        if tokens[i].low == ";":
            break
        verb = _lexical(tokens, i)
        if verb is None or _closed_off(tokens, i, i, anchor):
            continue
        if verb != "?":
            return _verb(tokens, (verb, i))
        # A question: the answer's verb after the words frames what was admitted.
        for j in range(anchor + 1, len(tokens)):
            answer = _lexical(tokens, j)
            if answer not in {None, "?", ACCORDING_TO} and not _closed_off(
                tokens, j, anchor + 1, j
            ):
                return _verb(tokens, (answer, j))
        return None
    return _verb(tokens, found) if found else None


def _verb(tokens: list[_Tok], found: tuple[str, int]) -> Verb:
    verb, i = found
    word = "according to" if verb == ACCORDING_TO else tokens[i].text
    return Verb(verb, CONNOTATION[verb], word)


def framing_of(mention) -> tuple[str, str]:
    """(verb, connotation) framing a mention's quote in its sentence, or ("", "").

    ``mention`` is anything with ``sentence``, ``sentence_start``, ``start`` and ``end``
    (a Mention): the linker sets it as it writes a mention, ``frame_mentions`` over all.
    """
    offset = mention.sentence_start
    found = reporting_verb(mention.sentence, mention.start - offset, mention.end - offset)
    return (found.verb, found.connotation) if found else ("", "")
