"""Plain-text helpers for the linker: sentences with offsets, and matching-safe normalisation.

Everything here works on a source's cleaned body and returns character offsets
into that same string, so ``body[sentence.start:sentence.end] == sentence.text``
always holds. No database access; every function is pure and safe to re-run.

Sentence rules, in order:

* paragraphs are separated by a blank line (``"\\n\\n"``); a line break that is
  not a soft wrap (the next line starts with a capital, a digit, a quote, or is
  a list item) also ends a sentence and starts a new paragraph, so a heading
  never glues onto the text under it;
* a list item (``- ``, ``* ``, ``• ``, ``1. ``, ``1) ``) or a markdown table row
  (``| a | b |``) is one sentence of its own; the rows of one list or table
  share a paragraph;
* inside a line, a sentence ends at ``.``, ``!`` or ``?`` (plus any closing
  quotes or brackets: ``"Partly."`` ends after the quote) when whitespace and
  then a capital, digit, opening quote or the end of the line follow; never
  after an abbreviation (``Mr.``, ``Dr.``, ``v.``, ``U.S.``, ``Calif.``,
  initials) and never inside a number (``4.20``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Curly quotes and apostrophes (and their look-alikes) become straight ones,
# one character for one character, so offsets into the normalised text are
# offsets into the original.
_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "\u0060": "'",  # `
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2013": "-",  # – (en dash)
        "\u2014": "-",  # — (em dash)
        "\u2212": "-",  # − (minus)
        "\u00a0": " ",  # no-break space
        "\u202f": " ",
        "\u2009": " ",
    }
)

LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•·▪◦]|\d{1,3}[.)])[ \t]+\S")
TABLE_ROW = re.compile(r"^[ \t]*\|")

# Words that end with a full stop without ending the sentence (compared
# lower-cased, without the final dot).
ABBREVIATIONS = frozenset(
    str.split(
        """mr mrs ms dr prof sr jr st mt v vs etc.al al inc corp ltd co gen sen rep gov lt col
    sgt capt cmdr adm pres supt dept univ est approx fig calif ariz colo conn fla ill kan
    mass mich minn nev okla ore penn tenn tex va wash wis jan feb mar apr jun jul aug sep
    sept oct nov dec e.g i.e u.s u.k u.n d.c u.s.a a.m p.m no"""
    )
)
_INITIALS = re.compile(r"^(?:[a-z]\.)*[a-z]$", re.IGNORECASE)
_LAST_WORD = re.compile(r"[\w.]+$")
_TERMINATOR = re.compile(r"[.!?]+[\"'”’»)\]]*")
_OPENERS = "\"'“‘«([" + "¿¡"
_RUN_TOGETHER = re.compile(r"[a-z]{2}\.[A-Z][a-z]")
_CAPITALS = re.compile(r"[A-Z\u00c0-\u00de]")
# A name written with a lower-case first letter and a capital inside ("xAI", "iPhone",
# "eBay") starts a sentence as a capitalised word would.
_CAMEL_NAME = re.compile(r"[a-z]{1,3}[A-Z]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body: ``body[start:end] == text``."""

    text: str
    start: int
    end: int
    index: int  # position in the body's list of sentences
    paragraph: int  # sentences sharing a paragraph share this number
    line_item: bool = False  # a list item or a table row


def normalize_for_matching(text: str) -> str:
    """Lower-case ``text`` and straighten quotes, apostrophes and dashes, keeping its length.

    ``len(result) == len(text)`` always, so a match's offsets in the result are
    offsets in ``text``. Characters whose lower case is longer than one
    character (e.g. ``"İ"``) are left as they are.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_STRAIGHTEN)


def _is_line_item(line: str) -> bool:
    return bool(LIST_ITEM.match(line) or TABLE_ROW.match(line))


def _is_soft_wrap(previous: str, following: str, lower_case: bool = False) -> bool:
    """A line break inside a sentence: the next line simply carries on in lower case.

    In a text written all in lower case, a line that ends a sentence ends its paragraph.
    """
    if _is_line_item(previous) or _is_line_item(following):
        return False
    first = following.lstrip()[:1]
    if lower_case and previous.rstrip()[-1:] in ".!?\"'”’":
        return False
    return first.islower()


def is_lower_case(text: str) -> bool:
    """Written (almost) without capitals, as some pages are: sentences start in lower case.

    Ordinary English prose has a capital every 20 to 40 letters; under one in 200 is a
    page that lost its case (a name or two like "xAI" may keep theirs).
    """
    # Measured against the length (about 1.2 characters per letter): counting the letters
    # themselves would cost more than splitting the sentences.
    return len(text) >= 250 and len(_CAPITALS.findall(text)) * 250 < len(text)


def _ends_sentence(segment: str, match: re.Match, lower_case: bool = False) -> bool:
    """Whether the terminator ``match`` inside ``segment`` really ends a sentence.

    ``lower_case``: the text has no capitals to start its sentences (see is_lower_case).
    """
    after = match.end()
    rest = segment[after:]
    # "4.20", "X.AI", "U.S.-based" go on; "the trial.Musk said" is two sentences run
    # together (a word of lower-case letters, a full stop, a capitalised word).
    if (
        rest
        and not rest[0].isspace()
        and not _RUN_TOGETHER.match(segment, max(0, match.start() - 2))
    ):
        return False
    following = rest.lstrip()
    if following:
        first = following[0]
        starts = (
            first.isupper()
            or first.isdigit()
            or first in _OPENERS
            or bool(_CAMEL_NAME.match(following))
        )
        if not (starts or lower_case and first.islower()):
            return False
    marks = match.group()
    if marks.startswith(".") and not marks.startswith(".."):
        # Only the few characters before the dot matter (slicing the whole segment is slow).
        word_match = _LAST_WORD.search(segment[max(0, match.start() - 40) : match.start()])
        word = word_match.group() if word_match else ""
        lowered = word.lower()
        if lowered in ABBREVIATIONS and not (lowered == "no" and not following[:1].isdigit()):
            return False
        if word and _INITIALS.match(word) and (len(word) == 1 and word.isupper() or "." in word):
            return False
    return True


def _split_segment(segment: str, offset: int, lower_case: bool = False) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) inside one line or soft-wrapped run of lines."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _TERMINATOR.finditer(segment):
        if _ends_sentence(segment, match, lower_case):
            spans.append((begin, match.end()))
            begin = match.end()
    spans.append((begin, len(segment)))
    result = []
    for start, end in spans:
        piece = segment[start:end]
        stripped_left = len(piece) - len(piece.lstrip())
        stripped_right = len(piece.rstrip())
        if stripped_right > stripped_left:
            result.append((offset + start + stripped_left, offset + start + stripped_right))
    return result


def split_sentences(body: str, lower_case: bool | None = None) -> list[Sentence]:
    """The sentences of ``body`` in order, each with its offsets and paragraph number.

    Lines with no letter or digit (table rules like ``|---|``) are skipped. A body written
    all in lower case has its sentences found all the same (see is_lower_case);
    ``lower_case`` says so when ``body`` holds more than the article's text (a headline).
    """
    if lower_case is None:
        lower_case = is_lower_case(body)
    lines: list[tuple[int, str]] = []
    position = 0
    for line in body.split("\n"):
        lines.append((position, line))
        position += len(line) + 1

    # Group lines into segments: (start offset, text, paragraph, line_item).
    segments: list[tuple[int, str, int, bool]] = []
    paragraph = -1
    previous: str | None = None
    for start, line in lines:
        if not line.strip():
            previous = None
            continue
        item = _is_line_item(line)
        if previous is not None and _is_soft_wrap(previous, line, lower_case):
            seg_start, seg_text, seg_para, seg_item = segments[-1]
            segments[-1] = (seg_start, body[seg_start : start + len(line)], seg_para, seg_item)
        else:
            both_items = previous is not None and item and _is_line_item(previous)
            if not both_items:
                paragraph += 1
            segments.append((start, line, paragraph, item))
        previous = line

    sentences: list[Sentence] = []
    for seg_start, seg_text, seg_para, item in segments:
        spans = [(seg_start, seg_start + len(seg_text))] if item else None
        if spans is None:
            spans = _split_segment(seg_text, seg_start, lower_case)
        for start, end in spans:
            text = body[start:end]
            if item:
                stripped = text.strip()
                start += len(text) - len(text.lstrip())
                end = start + len(stripped)
                text = stripped
            if not any(ch.isalnum() for ch in text):
                continue
            sentences.append(
                Sentence(
                    text=text,
                    start=start,
                    end=end,
                    index=len(sentences),
                    paragraph=seg_para,
                    line_item=item,
                )
            )
    return sentences


# Quotations: straight double quotes, or single quotes that are not apostrophes
# (an opening quote never follows a letter, a closing one never precedes one).
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,400}?)"')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\S)([^'\n]{1,200}?)(?<=\S)'(?!\w)")


@dataclass(frozen=True)
class Quotation:
    """A quotation inside a text: ``start``/``end`` include the marks, ``inner_*`` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def find_quotations(normalized: str, start: int = 0, end: int | None = None) -> list[Quotation]:
    """Quotations in ``normalized[start:end]`` (text from normalize_for_matching), in order."""
    end = len(normalized) if end is None else end
    found = [
        Quotation(m.start(), m.end(), m.start(1), m.end(1))
        for m in _DOUBLE_QUOTED.finditer(normalized, start, end)
    ]
    for m in _SINGLE_QUOTED.finditer(normalized, start, end):
        if not any(q.start <= m.start() < q.end for q in found):
            found.append(Quotation(m.start(), m.end(), m.start(1), m.end(1)))
    return sorted(found, key=lambda q: q.start)


# Numbers: "24,000", "4.20", "16 million", "$50K", "10M", "3.5bn", "12%".
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<currency>[$€£])?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimal>\.\d+)?"
    r"(?:(?P<suffix>[kmb]n?|bn)(?![\w])|(?![\d\w]))"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?(?P<percent>\s*%|\s+percent\b)?"
)
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}


@dataclass(frozen=True)
class Number:
    """A number written in a text, with its value (scale words applied) and offsets."""

    value: float
    start: int
    end: int
    has_unit: bool  # currency, percent or a scale word


def find_numbers(normalized: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Numbers in ``normalized[start:end]``. ``"4.20"`` is one number (4.2), never 4 or 20."""
    end = len(normalized) if end is None else end
    numbers = []
    for m in _NUMBER.finditer(normalized, start, end):
        value = float(m.group("digits").replace(",", "") + (m.group("decimal") or ""))
        scale = m.group("scale") or m.group("suffix")
        if scale:
            value *= _SCALES.get(scale, 1)
        has_unit = bool(m.group("currency") or scale or m.group("percent"))
        numbers.append(Number(value=value, start=m.start(), end=m.end(), has_unit=has_unit))
    return numbers


def covering_sentence(
    sentences: list[Sentence], start: int, end: int, body: str
) -> tuple[str, int]:
    """The sentence(s) of ``body`` holding ``body[start:end]``, and where they start.

    The one rule for "which sentence holds this quote", used by the linker and by
    editors' mentions alike: a quote spanning two sentences gets both; an empty
    span takes the sentence it sits in; a span outside every sentence is its own.
    """
    covering = [s for s in sentences if s.start < max(end, start + 1) and start < s.end]
    if not covering:
        return body[start:end], start
    first, last = covering[0], covering[-1]
    return body[first.start : last.end], first.start


def sentence_around(body: str, start: int, end: int) -> tuple[str, int]:
    """``covering_sentence`` for a body not yet split into sentences."""
    return covering_sentence(split_sentences(body), start, end, body)
