"""The match_rules an editor writes: their spec, the word lists behind them, and validate_rules.

Read-only: validate_rules reads the entity slugs when it is not given them; nothing here writes.

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
  ``@name`` stands for a word list of this module (LEXICONS): ``@use`` is every verb of
  using (WordNet's senses, inflected: utilized, drew on, relies on...), ``@model`` the
  model-like nouns, ``@accuse`` the verbs of accusing or naming a culprit (accused, blamed,
  singled out, pointed to...), ``@org`` the nouns a group of companies is described by
  ("Chinese ~2 @org": Chinese firms, Chinese AI labs, Chinese rivals). ``~3`` between two
  words lets up to three other words stand there ("openai ~3 @model": "OpenAI's own
  language models"), never across "and", "or"... nor a clause's end.
* ``answer``: verbs that introduce an answer ("said", "conceded"). With it, a term of the
  first ``terms`` group counts only as the answer to one of them: right after the verb
  (only punctuation, quotation marks or "yes" between: he agreed to an extent; He said
  "partly."; a transcript turn's "Musk: Partly." counts as such a verb) or alone in a
  quotation in a sentence holding one ("Partly," he answered;
  confirming directly: "Partly."). A hedge inside a longer statement ("the lawsuit was
  partly about control", he said) is not an answer.
* ``entities``: entity slugs (see Entity.names: the name and every alias) that must each
  be named in the sentence itself or in one of the ``window`` sentences before it in the
  same paragraph. This is how "he confirmed it had been done “partly.”" attaches to a
  claim about xAI and OpenAI named a sentence earlier. The ``terms`` (anchors) must
  always be in the sentence itself.
* ``context``: concept groups like ``terms``, but, like entities, allowed in the window.
* ``stand_ins``: for an entity of ``entities``, the words that stand for it once the
  article has named it ({"openai": ["rival*", "the company musk is suing"], "xai":
  ["grok"]}): in a sentence after the first naming, a stand-in counts as naming it.
* ``window``: how many preceding sentences of the paragraph count (0 to 5; default 0).
* ``window_after``: how many following sentences of the paragraph lend entities and context
  too (0 to 3; default 0), for an article that states the fact first and names the parties
  after it ("Musk conceded that xAI had relied on the method in part." then OpenAI).
* ``cross_paragraphs``: true lets the window reach into the paragraphs before (for a
  sentence like "The White House said exactly that." that opens a paragraph), and after.
* ``subject``: one of ``entities`` that must be the grammatical subject of the first
  terms group's word: named before it in the same clause, with only other names, "and",
  commas and auxiliaries between ("OpenAI and Anthropic have both accused..."). So
  "Google accused Chinese labs", "OpenAI was accused by" or "Anthropic said Google named"
  are not OpenAI's or Anthropic's accusation.
* ``not_subject``: entity slugs that must not be the grammatical subject of the first terms
  group's word (read as for ``subject``): "OpenAI trained GPT-4 on licensed data" or "xAI
  said OpenAI had trained..." is OpenAI's doing even in a sentence that names xAI. With it, a
  verb opening a relative clause ("researchers who trained") counts only when the word the
  pronoun stands for is one of the other ``entities`` or a stand-in ("xAI, which trained").
* ``rivals``: entity slugs of the other labs (and their products) a sentence could be
  about instead. A rival named in the sentence, or named as the owner of models
  ("Anthropic's models", "models from Google") in the window, vetoes the pattern: "xAI had
  partly used Claude" is not about OpenAI's models. With ``stand_ins``, a stand-in then
  counts only when its entity is the one lab the article names as the owner of models:
  "the host's terms" are OpenAI's in an article about distilling OpenAI's models alone.
* ``near``: the largest number of words the matched terms and numbers may span; keeps
  words scattered across a long sentence from matching. (Put a name in ``terms`` when it
  must sit next to the other words.) Terms never match across a semicolon or a contrast
  (CONTRASTS: "..., while xAI relied on..."), nor a term set against the others ("unlike
  OpenAI's models", "rather than OpenAI's models").
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
* ``conjecture``: terms that, as the verb framing the claim's words, make them someone's
  guess or charge rather than a report (stance "mentions"; added to the generic verbs of
  conjecture, CONJECTURE_VERBS): "accus*", "alleg*" for an admission, so "OpenAI alleges
  xAI used its models" does not report that xAI admitted it.
* ``predicates``: what the claim says happened ("bar", "forbid*" for a clause). A negation
  (NEGATIONS: not, never, no longer, and "n't") up to NEGATION_GAP words before one
  makes the stance "disputes" ("xAI has not used..."). Without it, the matched term of the
  pattern's first ``terms`` group is the predicate: put the claim's verbs first.
* ``qualifiers``: extra hedges for this claim, added to HEDGES ("partly", "in part"...).
* ``speaker``: the entity whose words the claim reports ("elon-musk" for his admission).
  A verb of reporting framing the claim's words whose subject is another party (another
  entity, a name not the speaker's, "critics", "analysts", "OpenAI's lawyers": see
  OTHER_SPEAKERS) only mentions the claim: "critics said xAI used..." is not his answer.
  The speaker's names (the entity's name and aliases), a pronoun, or no subject at all
  leave the stance as it is; the nearest verb decides, so "OpenAI's lawyer said Musk
  admitted xAI used..." still reports it.
* ``speaker_stand_ins``: what else names the speaker as a subject ("the billionaire",
  "the witness"); needs ``speaker``.
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
  the qualifier as written, else empty. Readers group variants with
  sources.highlight.variant_key (case, accent forms and punctuation ignored).
* ``stance`` (sources/linking/stance.py): "disputes" when a dispute cue is in the sentence
  or a negation comes just before a predicate (see ``predicates``); "mentions" when the
  sentence is a question; when the claim's words are inside an if/whether/unless clause
  that is not a question answered in the sentence ("Asked whether..., Musk said" answers;
  "If xAI had..., OpenAI said, ..." does not); when the verb framing them is a conjecture
  ("some suspect", a claim's ``conjecture`` terms) or a verb of reporting under a modal
  ("would have to admit", "might testify", "is expected to confirm"); or when they carry a
  modal ("xAI may have used") that no verb of reporting frames; or when the verb of
  reporting that frames them has another party than the claim's ``speaker`` as its
  subject. Otherwise "supports".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from sources.models import Entity

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
    "denying",
    "dispute",
    "disputes",
    "disputed",
    "disputing",
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
NEGATIONS = ("not", "never", "no longer", "cannot", "without")
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
# "if" and "whether" after a verb of asking ("asked whether", "pressed Musk on whether",
# "cross-examined about whether") are a question put to someone: the sentence reports an
# answer only when a verb of reporting follows outside that clause ("..., he answered").
QUESTION_CONDITIONS = frozenset({"if", "whether"})
QUESTION_REACH = 10  # tokens a verb of asking may stand before its "whether"
# Sentence-initial inversions that open a condition: "Were xAI to...", "Had xAI used...".
INVERTED_CONDITIONS = frozenset({"were", "should", "had"})
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

# Words that part two clauses about two doers ("OpenAI trained GPT-4 on licensed data, while
# xAI relied on X posts"): a pattern's terms never match across one (nor across a ";").
CONTRASTS = frozenset({"while", "whereas", "unlike"})
# Words just before a term that set it against the rest: "unlike OpenAI's models, Grok was
# trained on...", "trained from scratch rather than on OpenAI's models".
SET_AGAINST = ("unlike", "rather than", "instead of", "rather than on", "instead of on")
QUALIFIER_GAP = 3  # words allowed between a hedge and the claim's matched words
# Words that may stand beside a hedge in an answer: "Yes, partly." is still just the answer.
ANSWER_FILLERS = frozenset({"yes"})
NEGATION_GAP = 3  # words allowed between a negation and the predicate it denies
MIN_QUOTE_WORDS = 3  # shorter quotations ("theft") are not proposed as candidates
MAX_WINDOW = 5
MAX_WINDOW_AFTER = 3
# What may stand between a subject and its verb besides other names ("OpenAI and Anthropic
# have also accused"): coordination, auxiliaries of the active voice, a few adverbs.
SUBJECT_FILLERS = frozenset(
    str.split(
        "and both also have has had each too all separately publicly recently reportedly "
        "already previously repeatedly formally openly since now themselves itself"
    )
)
PATTERN_KEYS = {
    "window_after",
    "subject",
    "not_subject",
    "rivals",
    "terms",
    "answer",
    "entities",
    "context",
    "window",
    "cross_paragraphs",
    "near",
    "numbers",
    "stand_ins",
}
RULE_KEYS = {
    "patterns",
    "exclude",
    "dispute",
    "conjecture",
    "predicates",
    "qualifiers",
    "no_qualifier",
    "speaker",
    "speaker_stand_ins",
}
MIN_QUOTE_WORDS_IN_MENTION = 3  # a shorter span ("smaller") is widened to its sentence
NUMBER_KEYS = {"value", "tolerance", "near", "distance", "unit"}
NUMBER_UNITS = ("currency", "percent")  # what a number may carry when its rule asks for it
_WORD = re.compile(r"\w+")


# --- Word lists a rule names as "@name" ---------------------------------------------------

# Verbs of using something, from WordNet 3.0 rather than from the wordings met so far:
# use.v.01 (use, utilize, utilise, apply, employ) and its troponyms for drawing on a
# resource (exploit.v.01, exploit.v.02 "exploit, tap", harness.v.02, avail.v.01,
# reuse.v.01, leverage.v.01); rely_on.v.02 and depend_on.v.02 ("be dependent on, as for
# support"); build_on.v.01; integrate.v.01 ("integrate, incorporate"); and the gloss of
# tap.v.02 ("draw from or dip into to get something"). Base forms; ``inflect`` adds the rest.
USE_VERBS = (
    "use",
    "utilize",
    "utilise",
    "apply",
    "employ",
    "exploit",
    "tap",
    "harness",
    "avail",
    "reuse",
    "leverage",
    "rely on",
    "rely upon",
    "depend on",
    "depend upon",
    "build on",
    "build upon",
    "incorporate",
    "integrate",
    "draw on",
    "draw upon",
    "draw from",
    "tap into",
)
# Verbs of accusing someone, from WordNet's synonym sets rather than from the wordings met
# so far: those of "accuse" (accuse, charge, impeach, incriminate), of "blame"
# and of "implicate", and the verbs of naming a culprit ("name" and "identify" in their
# sense of picking out, "single out", "finger", "point to", "call out", "flag"). Base
# forms; ``inflect`` adds the rest. In a distillation context they say who was accused.
ACCUSE_VERBS = (
    "accuse",
    "charge",
    "impeach",
    "incriminate",
    "blame",
    "implicate",
    "name",
    "identify",
    "single out",
    "finger",
    "point to",
    "point at",
    "point the finger at",
    "call out",
    "flag",
)
# The nouns a group of companies goes by when the article names none of them ("Chinese
# firms", "Chinese AI start-ups"): WordNet's company and its kinds that fit an AI lab
# (firm, business, startup), laboratory, developer, maker, and the competitive roles
# (rival, competitor, player).
ORG_NOUNS = (
    "firm*",
    "compan*",
    "lab",
    "labs",
    "laboratories",
    "startup*",
    "start-up*",
    "businesses",
    "developer*",
    "maker*",
    "model makers",
    "rival*",
    "competitor*",
    "players",
)
# What a lab makes that another can use: "OpenAI's language models", "outputs from OpenAI".
MODEL_NOUNS = (
    "model*",
    "output*",
    "system*",
    "technolog*",
    "api",
    "apis",
    "gpt*",
    "chatbot*",
    "llm*",
    "response*",
    "tool*",
)
_IRREGULAR = {
    "flag": ("flags", "flagged", "flagging"),
    "point": ("points", "pointed", "pointing"),
    "single": ("singles", "singled", "singling"),
    "call": ("calls", "called", "calling"),
    "build": ("builds", "built", "building"),
    "draw": ("draws", "drew", "drawn", "drawing"),
    "tap": ("taps", "tapped", "tapping"),
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "admit": ("admits", "admitted", "admitting"),
    "agree": ("agrees", "agreed", "agreeing"),
    "signal": ("signals", "signaled", "signalled", "signaling", "signalling"),
    "ask": ("asks", "asked", "asking"),
    "quiz": ("quizzes", "quizzed", "quizzing"),
}


def inflect(verb: str) -> tuple[str, ...]:
    """A verb (or phrasal verb: "rely on") and its -s, past and -ing forms, head inflected."""
    head, _, rest = verb.partition(" ")
    if head in _IRREGULAR:
        forms = _IRREGULAR[head]
    elif head.endswith("e"):
        forms = (head + "s", head + "d", head[:-1] + "ing")
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = (head + "es", head + "ed", head + "ing")
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = (head[:-1] + "ies", head[:-1] + "ied", head + "ing")
    else:
        forms = (head + "s", head + "ed", head + "ing")
    return tuple(f"{form} {rest}".strip() for form in (head, *forms))


LEXICONS: dict[str, tuple[str, ...]] = {
    "use": tuple(form for verb in USE_VERBS for form in inflect(verb)),
    "model": MODEL_NOUNS,
    "accuse": tuple(form for verb in ACCUSE_VERBS for form in inflect(verb)),
    "org": ORG_NOUNS,
}
# --- What makes the claim's words a report, a question or a conjecture -------------------
# Verbs that report what someone said happened (verbs of communication: say, tell, testify,
# admit, acknowledge, concede, confirm, answer, reply, respond, agree, state, and the
# evidential indicate, suggest, signal). The nearest one before the claim's words governs
# them: "Musk testified that xAI may have used" reports; "Musk would have to admit that xAI
# used" does not (see MODALS).
REPORT_VERBS = (
    "say",
    "tell",
    "testify",
    "admit",
    "acknowledge",
    "concede",
    "confirm",
    "answer",
    "reply",
    "respond",
    "agree",
    "state",
    "indicate",
    "suggest",
    "signal",
    "add",
    "note",
    "explain",
    "insist",
    "accept",
)
# Verbs of conjecture and suspicion (WordNet's synonym sets of suspect, speculate,
# hypothesize, theorize, guess, wonder and fear): the nearest verb framing the claim's words
# being one of these makes them someone's guess, not a report ("some suspect xAI trained
# Grok on..."). Charges ("accused", "alleges") are a claim's own business: a lawsuit's
# accusation is what the claim says, so a claim lists them under "conjecture" when for it
# they are a guess too.
CONJECTURE_VERBS = (
    "suspect",
    "speculate",
    "conjecture",
    "hypothesize",
    "hypothesise",
    "theorize",
    "theorise",
    "guess",
    "wonder",
    "fear",
)
# Words that do the same from before the claim's clause ("it is possible that xAI used",
# "perhaps xAI used").
CONJECTURE_WORDS = (
    "possible",
    "conceivable",
    "plausible",
    "rumored",
    "rumoured",
    "perhaps",
    "maybe",
)
# Modal and future auxiliaries: before a verb (with only MODAL_FILLERS between) they make it
# a possibility, an obligation or a forecast, not a past event: "would have to admit",
# "could be forced to acknowledge", "might testify", "will be asked", "may have used".
# "won't" is "won" before a "n't" (see stance._under_modal).
MODALS = frozenset(
    {"would", "could", "might", "may", "will", "shall", "should", "must", "ll"}
    | {"wouldn", "couldn", "shouldn", "mightn", "mustn"}
)
# Words that make the verb after their "to" a forecast, a wish or a refusal: "is expected to
# testify", "is set to be asked", "hopes Musk is going to concede", "declined to confirm".
IRREALIS_LEADS = frozenset(
    str.split(
        "expected expects expect likely unlikely poised set going due scheduled slated "
        "hope hopes hoped hoping want wants wanted plan plans planned planning intend "
        "intends intended supposed declined declines refused refuses avoided"
    )
)
# Verbs whose "to" asks for the verb after it rather than reports it: "asked him to admit",
# "urged Musk to concede" (inflected; an object pronoun or a name may stand between).
REQUEST_VERBS = (
    "ask",
    "press",
    "push",
    "urge",
    "pressure",
    "challenge",
    "invite",
    "dare",
    "order",
    "want",
    "expect",
    "need",
    "encourage",
)
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
# --- Who speaks: the subject of the verb of reporting that frames the claim's words ---------
# For a claim whose rules name a ``speaker``, a verb of reporting whose subject is another
# party only mentions the claim: "critics said xAI may have used..." is not Musk's answer.
# Generic nouns for such parties (singular and plural: the words as tokenised).
OTHER_SPEAKERS = frozenset(
    str.split(
        "critic critics analyst analysts observer observers expert experts commentator "
        "commentators skeptic skeptics sceptic sceptics rival rivals competitor competitors "
        "report reports reporter reporters journalist journalists lawyer lawyers attorney "
        "attorneys counsel prosecutor prosecutors plaintiff plaintiffs researcher researchers "
        "official officials source sources insider insiders filing filings complaint lawsuit "
        "spokesperson spokesman spokeswoman representative representatives executive "
        "executives investor investors outlet outlets media press others some many"
    )
)
# A pronoun as the subject is whoever the article's witness is: never another party here.
SUBJECT_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "you"})
# Words between a speaker and the verb of reporting that are neither ("Musk also later said",
# "Musk has since acknowledged", "Musk himself conceded"); unlike SUBJECT_FILLERS, no "and".
SPEAKER_FILLERS = frozenset(
    str.split(
        "has have had did does do also later then since previously publicly reportedly openly "
        "eventually finally first initially again ultimately repeatedly once even himself "
        "herself itself themselves flatly candidly apparently reluctantly tacitly effectively "
        "essentially quickly readily"
    )
)
SPEAKER_REACH = 6  # words a speaker (the subject of a verb of reporting) may span
# Adverbs of likelihood: on the claim's verb ("xAI possibly used") they make it a guess.
SPECULATIVE_ADVERBS = frozenset(
    str.split(
        "possibly perhaps maybe probably likely conceivably presumably supposedly potentially"
    )
)
# What may stand between a modal and its verb: auxiliaries, "to", adverbs, the participles
# of obligation ("could be forced to acknowledge"), a hedge ("may have partly used").
MODAL_FILLERS = frozenset(
    str.split(
        "have has had be been being to not never also well still even ever only just then "
        "soon now eventually finally ultimately forced asked required compelled obliged made "
        "able willing prepared happy all both certainly surely easily t partly partially "
        "indeed actually really"
    )
)
# Verbs of asking (and the noun "question"): a "whether" or "if" after one is a question.
QUESTION_VERBS = (
    "ask",
    "press",
    "push",
    "question",
    "query",
    "quiz",
    "grill",
    "probe",
    "challenge",
    "examine",
    "cross-examine",
)
MODAL_REACH = 5  # tokens a modal may stand before its verb
TRAILING_REACH = 4  # words before the verb of an attribution after the claim's words

MAX_GAP = 5  # "openai ~3 model*": at most this many words may stand between two words
_LEXICON_REF = re.compile(r"@(\w+)")
_GAP = re.compile(r"~(\d+)")


def expand_term(term: str) -> list[str]:
    """A term with its "@name" word lists spelt out: "@model ~2 openai" is one term per noun."""
    match = _LEXICON_REF.search(term)
    if match is None:
        return [term]
    words = LEXICONS.get(match.group(1), ())
    return [
        expanded
        for word in words
        for expanded in expand_term(term[: match.start()] + word + term[match.end() :])
    ]


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
        else:
            errors += _lexicon_and_gap_errors(term, where)
    return errors


def _lexicon_and_gap_errors(term: str, where: str) -> list[str]:
    errors = []
    for name in _LEXICON_REF.findall(term):
        if name not in LEXICONS:
            errors.append(
                f"{where}: in {term!r}, no word list @{name}; use "
                + ", ".join(f"@{known}" for known in sorted(LEXICONS))
                + "."
            )
    parts = term.split()
    for n, part in enumerate(parts):
        gap = _GAP.fullmatch(part)
        if part.startswith("~") and not (gap and 1 <= int(gap.group(1)) <= MAX_GAP):
            errors.append(f"{where}: in {term!r}, a gap is ~1 to ~{MAX_GAP}.")
        elif gap and (n in (0, len(parts) - 1) or _GAP.fullmatch(parts[n - 1])):
            errors.append(f"{where}: in {term!r}, a gap like ~3 stands between two words.")
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
    for key in (
        "exclude",
        "dispute",
        "conjecture",
        "predicates",
        "qualifiers",
        "speaker_stand_ins",
    ):
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
    speaker = rules.get("speaker")
    if speaker is not None and (not isinstance(speaker, str) or speaker not in known):
        errors.append('"speaker" must be the slug of an entity.')
    if "speaker_stand_ins" in rules and speaker is None:
        errors.append('"speaker_stand_ins" needs a "speaker".')
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
        window_after = pattern.get("window_after", 0)
        if not (isinstance(window_after, int) and not isinstance(window_after, bool)) or not (
            0 <= window_after <= MAX_WINDOW_AFTER
        ):
            errors.append(
                f'{where}: "window_after" must be a whole number from 0 to {MAX_WINDOW_AFTER}.'
            )
        subject = pattern.get("subject")
        if subject is not None and (
            not isinstance(subject, str)
            or not isinstance(entities, list)
            or subject not in entities
        ):
            errors.append(f'{where}: "subject" must be one of its "entities".')
        not_subject = pattern.get("not_subject", [])
        if not isinstance(not_subject, list) or not all(isinstance(r, str) for r in not_subject):
            errors.append(f'{where}: "not_subject" must be a list of entity slugs.')
        elif missing := [slug for slug in not_subject if slug not in known]:
            errors.append(f"{where}: no entity with slug {', '.join(missing)} (not_subject).")
        rivals = pattern.get("rivals", [])
        if not isinstance(rivals, list) or not all(isinstance(r, str) for r in rivals):
            errors.append(f'{where}: "rivals" must be a list of entity slugs.')
        elif missing := [slug for slug in rivals if slug not in known]:
            errors.append(f"{where}: no entity with slug {', '.join(missing)} (rivals).")
        window = pattern.get("window", 0)
        if not (isinstance(window, int) and not isinstance(window, bool)) or not (
            0 <= window <= MAX_WINDOW
        ):
            errors.append(f'{where}: "window" must be a whole number from 0 to {MAX_WINDOW}.')
        if not isinstance(pattern.get("cross_paragraphs", False), bool):
            errors.append(f'{where}: "cross_paragraphs" must be true or false.')
        stand_ins = pattern.get("stand_ins", {})
        if not isinstance(stand_ins, dict):
            errors.append(f'{where}: "stand_ins" must map entity slugs to lists of terms.')
        else:
            for slug, terms in stand_ins.items():
                if slug not in (entities if isinstance(entities, list) else []):
                    errors.append(f'{where}: "stand_ins" {slug!r} is not one of its "entities".')
                errors += _term_errors(terms, f'{where} "stand_ins" {slug!r}')
        near = pattern.get("near")
        if near is not None and not (isinstance(near, int) and 1 <= near <= 100):
            errors.append(f'{where}: "near" must be a whole number of words from 1 to 100.')
    return errors
