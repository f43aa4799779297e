"""A synthetic corpus with planted copies, and how well the reuse detector finds them.

No database access: the corpus is made in memory as ``detect.Doc`` records and scored
against what was planted. Every article is made-up text (words built from syllables
plus common English words), so two articles share a passage only where this module
put it there: as a copy of an original (exact; with whitespace, typography and case
changed; partial, a few paragraphs lifted into a new article; lightly edited, a word
dropped here and there), or as boilerplate (each outlet's own header and footer, and
short stock phrases any outlet may use), which must *not* count as reuse.
"""

import random
import time
from dataclasses import dataclass, field

from sources.travel.detect import Doc, Params, find_reuse

COMMON = str.split(
    "the a of to and in that is for on with as was by it at from this be are an or its has "
    "have but not which were their they more been would about after also other"
)
SYLLABLES = str.split("vor lan ex mir tal quo sen dra pel kin ust ob ra te mo li ka nu si ped gar")
STOCK_PHRASES = (
    "the company did not respond to a request for comment",
    "lawyers for both sides declined to comment",
    "the trial is expected to last several weeks",
    "this story has been updated with additional details",
    "shares of the company fell in early trading",
    "the hearing resumes on monday morning",
)
KINDS = ("exact", "typography", "partial", "edited")


@dataclass
class Corpus:
    docs: list[Doc]
    planted: set[tuple[int, int]]  # (copy, original)
    lineage: dict[int, int]  # article -> the original whose text it carries (itself if none)
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class Score:
    sources: int
    planted: int
    found_planted: int
    pairs: int
    false_pairs: int
    seconds: float
    missed_by_kind: dict[str, int]

    @property
    def recall(self) -> float:
        return self.found_planted / self.planted if self.planted else 1.0

    @property
    def false_pair_rate(self) -> float:
        return self.false_pairs / self.pairs if self.pairs else 0.0

    def __str__(self) -> str:
        missed = ", ".join(f"{k}: {n}" for k, n in sorted(self.missed_by_kind.items()) if n)
        return (
            f"{self.sources} sources, {self.planted} planted copies; detection took "
            f"{self.seconds:.1f} s\n"
            f"recall of planted copies: {self.recall:.1%} ({self.found_planted}/{self.planted})"
            f"{f'; missed {missed}' if missed else ''}\n"
            f"false pairs: {self.false_pair_rate:.2%} ({self.false_pairs} of {self.pairs} pairs)"
        )


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    words = [
        rng.choice(COMMON) if rng.random() < 0.3 else rng.choice(vocabulary)
        for _ in range(rng.randint(10, 22))
    ]
    if rng.random() < 0.15:
        words[rng.randrange(len(words)) :] = rng.choice(STOCK_PHRASES).split()
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraphs(rng: random.Random, vocabulary: list[str], count: int) -> list[str]:
    return [
        " ".join(_sentence(rng, vocabulary) for _ in range(rng.randint(3, 5))) for _ in range(count)
    ]


def _typography(rng: random.Random, text: str) -> str:
    """The same words after a different cleaner: spacing, quotes, dashes and case changed."""
    text = text.replace(" ", rng.choice(["  ", "\u00a0", " \n", " "]))
    text = text.replace(".", rng.choice([".", " .", ".\u2009"]))
    case = rng.choice([str.lower, str.upper, str.title])
    return "\u201c" + case(text).replace("-", "\u2013") + "\u201d"


def _edited(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    # Drop about one word in forty ("partly" going missing on the way).
    kept = [w for i, w in enumerate(words) if i % 40 != 17 or rng.random() < 0.3]
    return " ".join(kept)


def make_corpus(*, sources: int, copy_rate: float, outlets: int = 60, seed: int = 2026) -> Corpus:
    """``sources`` articles, ``copy_rate`` of them copies of an earlier original."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    headers = [" ".join(_sentence(rng, vocabulary) for _ in range(2)) for _ in range(outlets)]
    footers = [
        _sentence(rng, vocabulary) + " " + _sentence(rng, vocabulary) for _ in range(outlets)
    ]
    bodies: list[list[str]] = []
    docs: list[Doc] = []
    planted: set[tuple[int, int]] = set()
    lineage: dict[int, int] = {}
    kinds: dict[tuple[int, int], str] = {}
    originals: list[int] = []
    for n in range(sources):
        outlet = rng.randrange(outlets)
        if originals and rng.random() < copy_rate:
            original = rng.choice(originals)
            kind = rng.choice(KINDS)
            paragraphs = bodies[original]
            if kind == "typography":
                paragraphs = [_typography(rng, p) for p in paragraphs]
            elif kind == "edited":
                paragraphs = [_edited(rng, p) for p in paragraphs]
            elif kind == "partial":
                take = rng.randint(2, 3)
                first = rng.randrange(max(1, len(paragraphs) - take + 1))
                paragraphs = (
                    _paragraphs(rng, vocabulary, rng.randint(1, 3))
                    + paragraphs[first : first + take]
                    + _paragraphs(rng, vocabulary, rng.randint(1, 3))
                )
            planted.add((n, original))
            kinds[(n, original)] = kind
            lineage[n] = original
        else:
            paragraphs = _paragraphs(rng, vocabulary, rng.randint(4, 7))
            originals.append(n)
            lineage[n] = n
        bodies.append(paragraphs)
        text = "\n\n".join([headers[outlet], *paragraphs, footers[outlet]])
        docs.append(Doc(id=n, body=text, outlet=outlet))
    return Corpus(docs=docs, planted=planted, lineage=lineage, kinds=kinds)


def run(*, sources: int, copy_rate: float, seed: int = 2026, params: Params | None = None) -> Score:
    """Make a corpus, detect reuse in it and score the result against what was planted."""
    corpus = make_corpus(sources=sources, copy_rate=copy_rate, seed=seed)
    began = time.perf_counter()
    found = find_reuse(corpus.docs, params)
    seconds = time.perf_counter() - began
    pairs = {(f.a, f.b) for f in found}
    found_planted = {p for p in corpus.planted if p in pairs or (p[1], p[0]) in pairs}
    false_pairs = sum(1 for a, b in pairs if corpus.lineage[a] != corpus.lineage[b])
    missed = dict.fromkeys(KINDS, 0)
    for pair in corpus.planted - found_planted:
        missed[corpus.kinds[pair]] += 1
    return Score(
        sources=sources,
        planted=len(corpus.planted),
        found_planted=len(found_planted),
        pairs=len(pairs),
        false_pairs=false_pairs,
        seconds=seconds,
        missed_by_kind=missed,
    )
