"""Words of an article for reuse detection: normalised tokens with their offsets, and shingles.

No database access. Normalising here is what lets a copy made after cleaning differences
be found: case, Unicode forms (ligatures, full-width letters), curly versus straight
quotes and apostrophes, dashes, non-breaking spaces, soft hyphens and runs of
whitespace all disappear, because only the words count and each word is folded on its
own. Every token keeps its character offsets in the original body, so a shared
passage maps back to ``body[start:end]`` in each article.
"""

import re
import unicodedata
from dataclasses import dataclass

# Letters and digits; soft hyphens and zero-width characters inside a word are kept in
# the token (and dropped by fold) so "distil\u00adlation" stays one word.
_WORD = re.compile(r"[\w\u00ad\u200b\u200c\u200d\u2060]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060"))


@dataclass(frozen=True, slots=True)
class Tokens:
    """The folded words of a text and where each one sits in the original."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets covering words ``first`` to ``last`` inclusive."""
        return self.starts[first], self.ends[last]


def fold(word: str) -> str:
    """One word folded for comparison: NFKC, invisible characters dropped, case-folded."""
    return unicodedata.normalize("NFKC", word).translate(_INVISIBLE).casefold()


def tokenize(text: str) -> Tokens:
    """The words of ``text``, folded, with their character offsets in ``text``."""
    words, starts, ends = [], [], []
    for match in _WORD.finditer(text):
        word = fold(match.group())
        if word:
            words.append(word)
            starts.append(match.start())
            ends.append(match.end())
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def shingle_hashes(words: tuple[str, ...], size: int) -> list[int]:
    """A 32-bit hash of every run of ``size`` consecutive words, in order (one per start).

    Python's string hash is salted per process: the values are only comparable within one
    run of the detector, which is all it needs (nothing hashed is stored).
    """
    if len(words) < size:
        return []
    return [hash(" ".join(words[i : i + size])) & 0xFFFFFFFF for i in range(len(words) - size + 1)]
