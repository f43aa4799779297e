"""Two articles that share passages, compared word by word for the side-by-side page.

Pure functions, no database access and no HTML: the result is a list of pieces of each
text, each one shared, dropped (in the original only), added (in the copy only) or
plain (outside the shared stretches); the template wraps them in ``<mark>``, ``<del>``
and ``<ins>`` with autoescaping on, so article text is never trusted as markup.

The detector records the shared passages exactly (``ReusePair.passages``); what a
reader wants to see is what changed around them ("Partly." dropped, "said" turned into
"admitted"). So the passages are chained, in the order they appear in both texts, into
aligned regions (widened by a few words each side), and each region is compared word by
word with ``difflib`` on the folded words (case, typography and whitespace never count
as a difference, as in the detector).
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sources.travel.text import Tokens, tokenize

# How many words either side of a chain of passages are compared too: a hedge dropped
# just after the last shared word ("…he said. Partly.") is still shown.
CONTEXT_WORDS = 12

SHARED, DROPPED, ADDED, PLAIN = "shared", "dropped", "added", ""


@dataclass
class Piece:
    kind: str  # SHARED, DROPPED, ADDED or PLAIN
    text: str


@dataclass
class Compared:
    original: list[Piece]  # the original's whole text, in pieces
    copy: list[Piece]  # the copy's whole text, in pieces
    regions: list[list[Piece]] = field(default_factory=list)  # each aligned stretch, merged
    dropped_words: int = 0
    added_words: int = 0

    @property
    def changed_regions(self) -> list[list[Piece]]:
        """The aligned stretches where the two texts differ."""
        return [r for r in self.regions if any(p.kind != SHARED for p in r)]


def _words_in(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """Word indexes ``[first, last)`` lying inside characters ``start:end``."""
    return bisect_left(tokens.starts, start), bisect_right(tokens.ends, end)


def _run_span(text: str, tokens: Tokens, first: int, last: int) -> tuple[int, int]:
    """Characters of words ``first..last-1``, with punctuation touching them (“Partly.”)."""
    start, end = tokens.starts[first], tokens.ends[last - 1]
    floor = tokens.ends[first - 1] if first > 0 else 0
    ceiling = tokens.starts[last] if last < len(tokens) else len(text)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    return start, end


def _regions(
    orig: Tokens, copy: Tokens, passages: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """Chains of passages in the same order in both texts, as word ranges, widened."""
    spans = []
    for o_start, o_end, c_start, c_end in sorted(passages, key=lambda p: p[2]):
        o = _words_in(orig, o_start, o_end)
        c = _words_in(copy, c_start, c_end)
        if o[0] < o[1] and c[0] < c[1]:
            spans.append((*o, *c))
    chains: list[list[int]] = []
    for o_first, o_last, c_first, c_last in spans:
        if chains and chains[-1][1] <= o_first and chains[-1][3] <= c_first:
            chains[-1][1], chains[-1][3] = o_last, c_last
        else:
            chains.append([o_first, o_last, c_first, c_last])
    widened = [
        [
            max(o1 - CONTEXT_WORDS, 0),
            min(o2 + CONTEXT_WORDS, len(orig)),
            max(c1 - CONTEXT_WORDS, 0),
            min(c2 + CONTEXT_WORDS, len(copy)),
        ]
        for o1, o2, c1, c2 in chains
    ]
    # Widening must not make two regions overlap in either text.
    for index in (0, 2):
        floor = 0
        for region in sorted(widened, key=lambda r: r[index]):
            region[index] = max(region[index], floor)
            region[index + 1] = max(region[index + 1], region[index])
            floor = region[index + 1]
    return [tuple(r) for r in widened]


def _pieces(text: str, runs: list[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut at the labelled character runs; the rest is plain. Joined, gives ``text``."""
    pieces, at = [], 0
    for start, end, kind in sorted(runs):
        if start < at:
            start = at
        if start >= end:
            continue
        if start > at:
            pieces.append(Piece(PLAIN, text[at:start]))
        pieces.append(Piece(kind, text[start:end]))
        at = end
    if at < len(text):
        pieces.append(Piece(PLAIN, text[at:]))
    return pieces


def compare_texts(
    *, original: str, copy: str, passages: list[tuple[int, int, int, int]]
) -> Compared:
    """Compare ``copy`` with ``original`` around their shared ``passages``.

    Each passage is ``(original_start, original_end, copy_start, copy_end)`` in characters.
    """
    orig_tokens, copy_tokens = tokenize(original), tokenize(copy)
    orig_runs: list[tuple[int, int, str]] = []
    copy_runs: list[tuple[int, int, str]] = []
    result = Compared(original=[], copy=[])
    for o1, o2, c1, c2 in _regions(orig_tokens, copy_tokens, passages):
        matcher = SequenceMatcher(
            None, orig_tokens.words[o1:o2], copy_tokens.words[c1:c2], autojunk=False
        )
        region: list[Piece] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if i1 < i2:
                kind = SHARED if op == "equal" else DROPPED
                start, end = _run_span(original, orig_tokens, o1 + i1, o1 + i2)
                orig_runs.append((start, end, kind))
                if kind == DROPPED:
                    region.append(Piece(DROPPED, original[start:end]))
                    result.dropped_words += i2 - i1
            if j1 < j2:
                kind = SHARED if op == "equal" else ADDED
                start, end = _run_span(copy, copy_tokens, c1 + j1, c1 + j2)
                copy_runs.append((start, end, kind))
                region.append(Piece(kind, copy[start:end]))
                if kind == ADDED:
                    result.added_words += j2 - j1
        result.regions.append(region)
    result.original = _pieces(original, orig_runs)
    result.copy = _pieces(copy, copy_runs)
    return result


def paragraphs(pieces: list[Piece]) -> list[list[Piece]]:
    """``pieces`` cut at line breaks into paragraphs (empty ones dropped), kinds kept."""
    result: list[list[Piece]] = [[]]
    for piece in pieces:
        lines = piece.text.split("\n")
        for index, line in enumerate(lines):
            if index:
                result.append([])
            if line.strip() or (line and result[-1]):
                result[-1].append(Piece(piece.kind, line))
    return [p for p in result if any(piece.text.strip() for piece in p)]
