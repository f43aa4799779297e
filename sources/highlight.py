"""Cut article text into pieces for highlighting, with no HTML built here.

Templates render the pieces with autoescaping on, so article text (which may
contain ``<script>`` or anything else) is always escaped; only the wrapping
``<mark>``/``<a>`` elements come from the template. Pure functions, no
database access; safe to call any number of times.
"""

import re
import string
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Segment:
    """A run of text covered by the same set of spans (empty: plain text)."""

    text: str
    spans: list[Any] = field(default_factory=list)
    # Spans that begin in this segment: their anchors (id="mention-N") go here.
    starts: list[Any] = field(default_factory=list)

    @property
    def primary(self) -> Any | None:
        """The innermost span covering this segment (the shortest), which its link follows."""
        return self.spans[0] if self.spans else None

    @property
    def anchor(self) -> Any | None:
        """The span whose id this segment's highlight carries, if one starts here."""
        return self.starts[0] if self.starts else None

    @property
    def extra_anchors(self) -> list[Any]:
        """Other spans starting here: each gets an empty anchor element before the highlight."""
        return self.starts[1:]


def valid_span(text: str, start: int, end: int, quote: str | None = None) -> bool:
    """True when ``start:end`` lies inside ``text`` (and slices back to ``quote`` if given)."""
    if not (0 <= start <= end <= len(text)):
        return False
    return quote is None or text[start:end] == quote


def segment_text(
    text: str,
    spans: Iterable[Any],
    *,
    start_attr: str = "start",
    end_attr: str = "end",
    window: tuple[int, int] | None = None,
) -> list[Segment]:
    """Split ``text`` at every span boundary; overlapping and nested spans are fine.

    Each span is any object with ``start``/``end`` offsets into ``text``; spans
    outside the text or empty are ignored. The segments, joined, give back
    ``text`` exactly. A segment lists the spans covering it, innermost first.

    ``window=(lo, hi)`` segments only ``text[lo:hi]`` (one part of a long
    article): spans are clipped to it, and a span that starts before ``lo``
    covers the first segments without starting in any (its anchor is elsewhere).

    One sweep over the sorted boundaries: O((n + b) log n) for n spans and b
    boundaries, plus the size of the answer (each segment's list of covering
    spans), instead of comparing every segment with every span.
    """
    lo, hi = (0, len(text)) if window is None else window
    lo, hi = max(0, lo), min(len(text), hi)
    opening: dict[int, list[tuple[tuple[int, int], Any]]] = {}
    closing: dict[int, list[tuple[int, int]]] = {}
    seen: set[tuple[int, int]] = set()
    for span in spans:
        start, end = getattr(span, start_attr), getattr(span, end_attr)
        if not valid_span(text, start, end) or end <= start or end <= lo or start >= hi:
            continue
        # Innermost first: shortest span, then a fixed tie-break (as before).
        key = (end - start, id(span))
        if key in seen:
            continue  # the same span given twice is highlighted once
        seen.add(key)
        opening.setdefault(max(start, lo), []).append((key, span))
        closing.setdefault(min(end, hi), []).append(key)
    points = sorted({lo, hi, *opening, *closing})
    active_keys: list[tuple[int, int]] = []
    active: dict[tuple[int, int], Any] = {}
    segments = []
    for left, right in zip(points, points[1:], strict=False):
        for key in closing.get(left, ()):
            del active_keys[bisect_left(active_keys, key)]
            del active[key]
        for key, span in opening.get(left, ()):
            insort(active_keys, key)
            active[key] = span
        covering = [active[key] for key in active_keys]
        starting = [s for s in covering if getattr(s, start_attr) == left]
        segments.append(Segment(text=text[left:right], spans=covering, starts=starting))
    return segments


def paragraphs(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Group segments into paragraphs at line breaks, splitting segments that cross one.

    Line breaks themselves are dropped (the template wraps each paragraph in
    ``<p>``); a span that crosses a paragraph keeps highlighting on both sides,
    and its anchor stays on the first piece only.
    """
    result: list[list[Segment]] = [[]]
    for segment in segments:
        pieces = _PARAGRAPH_BREAK.split(segment.text)
        # A span may start on a line break: its anchor moves to the first real text.
        pending = list(segment.starts)
        for index, piece in enumerate(pieces):
            if index > 0:
                result.append([])
            if piece:
                result[-1].append(Segment(text=piece, spans=segment.spans, starts=pending))
                pending = []
        if pending:
            result[-1].append(Segment(text="", spans=segment.spans, starts=pending))
    return [p for p in result if any(s.text or s.starts for s in p)]


@dataclass
class QuoteInContext:
    before: str
    quote: str
    after: str


def quote_in_sentence(*, sentence: str, sentence_start: int, quote: str, start: int):
    """The sentence split around the quote, found by offset, else by search, else whole.

    Returns a ``QuoteInContext``; when the quote is not inside the sentence at
    all, the sentence becomes ``before`` and the quote is still given apart.
    """
    offset = start - sentence_start
    if quote and offset >= 0 and sentence[offset : offset + len(quote)] == quote:
        return QuoteInContext(sentence[:offset], quote, sentence[offset + len(quote) :])
    index = sentence.find(quote) if quote else -1
    if index >= 0:
        return QuoteInContext(sentence[:index], quote, sentence[index + len(quote) :])
    if not sentence:
        return QuoteInContext("", quote, "")
    return QuoteInContext(sentence + " ", quote, "")


_PUNCTUATION = str.maketrans(
    "", "", string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb"
)


def variant_key(text: str) -> str:
    """Case-, accent-form- and punctuation-insensitive key: "Partly." and "partly" agree."""
    normal = unicodedata.normalize("NFKC", text or "").casefold().translate(_PUNCTUATION)
    return " ".join(normal.split())


def query_terms(query: str) -> list[str]:
    """The words of a search query, lowercased, without duplicates, in order.

    One-letter words are dropped when the query has longer ones: "musk's"
    is "musk" (the index splits off the "s", which would match, and mark,
    every possessive), and PostgreSQL ignores them as stop words anyway.
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(query or ""):
        seen.setdefault(word.casefold(), None)
    terms = list(seen)
    longer = [t for t in terms if len(t) > 1]
    return longer or terms


# What the database wraps around each match in text it highlights (FTS5's
# highlight()/snippet(), PostgreSQL's ts_headline): control characters that
# cleaned article text never contains, taken out again by ``marked_segments``.
MARK_OPEN = "\x02"
MARK_CLOSE = "\x03"


def marked_segments(text: str) -> list[Segment]:
    """Split text the database highlighted into segments; matches have ``spans == [word]``.

    The markers themselves are dropped (an unpaired one too), so the segments,
    joined, give back the text as stored. Whitespace runs become one space.
    """
    text = " ".join((text or "").split())
    segments: list[Segment] = []
    for index, part in enumerate(text.split(MARK_OPEN)):
        if index == 0:
            inside, outside = "", part
        else:
            inside, _, outside = part.partition(MARK_CLOSE)
        outside = outside.replace(MARK_CLOSE, "")
        if inside:
            segments.append(Segment(text=inside, spans=[inside], starts=[inside]))
        if outside:
            segments.append(Segment(text=outside))
    return segments
