"""Text reuse between articles: candidate pairs by MinHash/LSH, then exact shared passages.

No database access: it takes plain ``Doc`` records and returns ``Found`` pairs with
their passages as character offsets into each body. Which of the two is the copy is
decided elsewhere (``pairs``), from publication dates.

How it works:

1. Each body is tokenised and folded (``text.tokenize``): case, typography and
   whitespace differences are gone before anything is compared.
2. Every run of ``shingle_size`` words is hashed. Boilerplate is dropped: a shingle
   found in at least ``outlet_min_docs`` articles *and* ``outlet_share`` of the articles
   of one outlet (its newsletter box, its footer), or in more than ``max_doc_freq``
   articles of the corpus (stock phrases), never makes a pair.
3. The remaining shingles are cut into overlapping windows (``window`` shingles,
   every ``window // 2``), and each window gets a MinHash. Windows, not whole articles:
   an article that lifts three paragraphs of a long one shares little of it as a whole
   (low Jaccard) but nearly all of one window, so partial copies are found too.
4. A MinHash LSH index returns the windows that probably share many shingles; the
   articles they belong to are the candidate pairs.
5. For each candidate pair the shared passages are found exactly: the shingles the two
   have in common are chained along diagonals (word i in one, word i + d in the other)
   into maximal runs, and runs are taken longest first without overlap. Only passages
   of at least ``min_passage_words`` words count, and a pair needs
   ``min_shared_words`` of them.

Why a library for step 3–4 (``datasketch``): comparing every pair is n²/2, 50 million
comparisons at 10,000 sources, and an inverted index of every shingle grows with the
corpus and its most common phrases. LSH over MinHash signatures finds similar windows
in time close to linear in the corpus, with a tunable chance of missing a pair; the
library's MinHash and banding are well tested, and the exact alignment afterwards
removes its false candidates. The benchmark (``manage.py bench_reuse``) measures both.
"""

import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from sources.travel.text import shingle_hashes, tokenize


@dataclass(frozen=True)
class Params:
    """Knobs of the detector; the defaults are the ones the benchmark holds to."""

    shingle_size: int = 5
    window: int = 24
    num_perm: int = 64
    threshold: float = 0.4
    outlet_min_docs: int = 3
    outlet_share: float = 0.3
    max_doc_freq: int = 100
    min_passage_words: int = 10
    min_shared_words: int = 20
    # A shingle repeated more often than this inside one article is ignored for
    # alignment (a refrain, a list of bullets): it would multiply the diagonals.
    max_repeats: int = 8


@dataclass(frozen=True)
class Doc:
    """One article as the detector needs it. ``outlet`` is any key (None: unknown)."""

    id: Hashable
    body: str
    outlet: Hashable | None = None


@dataclass(frozen=True)
class Passage:
    """Words shared by two articles: ``a.body[a_start:a_end]`` ≈ ``b.body[b_start:b_end]``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    def as_dict(self) -> dict:
        return {
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b_start": self.b_start,
            "b_end": self.b_end,
        }

    def swapped(self) -> "Passage":
        return Passage(self.b_start, self.b_end, self.a_start, self.a_end, self.words)


@dataclass
class Found:
    """A pair of articles that share passages (symmetric: nothing says who copied)."""

    a: Hashable
    b: Hashable
    passages: list[Passage]
    shared_words: int
    words_a: int
    words_b: int

    def swapped(self) -> "Found":
        return Found(
            self.b,
            self.a,
            sorted((p.swapped() for p in self.passages), key=lambda p: p.a_start),
            self.shared_words,
            self.words_b,
            self.words_a,
        )


@dataclass
class _Prepared:
    hashes: array  # one 32-bit hash per shingle start
    kept: array  # 1 where the shingle is not boilerplate
    boiler: bytearray  # 1 for each word inside a boilerplate shingle: never shared
    starts: array
    ends: array
    words: int
    index: dict = field(default_factory=dict)  # hash -> shingle positions, built on demand


def _identity(value: int) -> int:
    return value


def _prepare(docs: list[Doc], params: Params) -> list[_Prepared]:
    prepared = []
    for doc in docs:
        tokens = tokenize(doc.body)
        words = tuple(sys.intern(w) for w in tokens.words)
        prepared.append(
            _Prepared(
                hashes=array("I", shingle_hashes(words, params.shingle_size)),
                kept=array("B"),
                boiler=bytearray(len(words)),
                starts=array("i", tokens.starts),
                ends=array("i", tokens.ends),
                words=len(words),
            )
        )
    return prepared


def boilerplate(docs: list[Doc], prepared: list[_Prepared], params: Params) -> set[int]:
    """Shingle hashes shared by most articles of one outlet, or by too many articles."""
    everywhere: Counter = Counter()
    per_outlet: dict[Hashable, Counter] = defaultdict(Counter)
    outlet_size: Counter = Counter()
    for doc, prep in zip(docs, prepared, strict=True):
        distinct = set(prep.hashes)
        everywhere.update(distinct)
        if doc.outlet is not None:
            per_outlet[doc.outlet].update(distinct)
            outlet_size[doc.outlet] += 1
    dropped = {h for h, n in everywhere.items() if n > params.max_doc_freq}
    for outlet, counts in per_outlet.items():
        floor = max(params.outlet_min_docs, params.outlet_share * outlet_size[outlet])
        dropped.update(h for h, n in counts.items() if n >= floor)
    return dropped


def _windows(prep: _Prepared, size: int) -> list[set[int]]:
    kept = [h for h, k in zip(prep.hashes, prep.kept, strict=True) if k]
    if not kept:
        return []
    step = max(1, size // 2)
    last = max(0, len(kept) - size)
    starts = list(range(0, last + 1, step))
    if starts[-1] != last:
        starts.append(last)
    return [set(kept[s : s + size]) for s in starts]


def candidate_pairs(prepared: list[_Prepared], params: Params) -> set[tuple[int, int]]:
    """Index pairs (i < j) of articles with at least one pair of similar windows."""
    keys, windows = [], []
    for i, prep in enumerate(prepared):
        for w, shingles in enumerate(_windows(prep, params.window)):
            keys.append((i, w))
            windows.append(shingles)
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    signatures = MinHash.generator(windows, num_perm=params.num_perm, hashfunc=_identity)
    pairs: set[tuple[int, int]] = set()
    # Query before inserting: each pair of windows is seen once, from its later window.
    for key, signature in zip(keys, signatures, strict=True):
        for other, _ in lsh.query(signature):
            if other != key[0]:
                pairs.add((other, key[0]) if other < key[0] else (key[0], other))
        lsh.insert(key, signature, check_duplication=False)
    return pairs


def _index(prep: _Prepared, max_repeats: int) -> dict[int, list[int]]:
    if not prep.index:
        index: dict[int, list[int]] = defaultdict(list)
        for position, (h, k) in enumerate(zip(prep.hashes, prep.kept, strict=True)):
            if k:
                index[h].append(position)
        prep.index = {h: p for h, p in index.items() if len(p) <= max_repeats}
    return prep.index


def align(a: _Prepared, b: _Prepared, params: Params) -> list[Passage]:
    """The passages two articles share, longest first taken, none overlapping another."""
    index = _index(a, params.max_repeats)
    hits = []  # (diagonal, position in b)
    for q, (h, k) in enumerate(zip(b.hashes, b.kept, strict=True)):
        if k:
            hits.extend((q - p, q) for p in index.get(h, ()))
    if not hits:
        return []
    hits.sort()
    runs = []  # (length in words, start word in a, start word in b)
    size = params.shingle_size
    diagonal, first, previous = hits[0][0], hits[0][1], hits[0][1]
    for d, q in hits[1:] + [(None, None)]:
        if d == diagonal and q == previous + 1:
            previous = q
            continue
        runs.append((previous - first + size, first - diagonal, first))
        if d is not None:
            diagonal, first, previous = d, q, q
    runs.sort(key=lambda r: (-r[0], r[1]))
    # Boilerplate words count as taken: a run that reaches into a footer stops before it.
    covered_a = bytearray(a.boiler)
    covered_b = bytearray(b.boiler)
    passages = []
    for length, pa, pb in runs:
        if length < params.min_passage_words:
            break
        # The longest stretch of this run that no longer passage has taken.
        best_start, best_len, run_start = 0, 0, None
        for t in range(length + 1):
            free = t < length and not covered_a[pa + t] and not covered_b[pb + t]
            if free and run_start is None:
                run_start = t
            elif not free and run_start is not None:
                if t - run_start > best_len:
                    best_start, best_len = run_start, t - run_start
                run_start = None
        if best_len < params.min_passage_words:
            continue
        sa, sb = pa + best_start, pb + best_start
        for t in range(best_len):
            covered_a[sa + t] = 1
            covered_b[sb + t] = 1
        last = best_len - 1
        passages.append(
            Passage(a.starts[sa], a.ends[sa + last], b.starts[sb], b.ends[sb + last], best_len)
        )
    passages.sort(key=lambda p: p.a_start)
    return passages


def find_reuse(docs: Iterable[Doc], params: Params | None = None) -> list[Found]:
    """Every pair of ``docs`` sharing at least ``min_shared_words`` words of real passages.

    Deterministic for a given input within one process. Pairs come out with ``a`` the
    earlier of the two in ``docs`` order.
    """
    params = params or Params()
    docs = list(docs)
    prepared = _prepare(docs, params)
    dropped = boilerplate(docs, prepared, params)
    for prep in prepared:
        prep.kept = array("B", (h not in dropped for h in prep.hashes))
        for position, kept in enumerate(prep.kept):
            if not kept:
                prep.boiler[position : position + params.shingle_size] = b"\x01" * min(
                    params.shingle_size, prep.words - position
                )
    found = []
    current = None
    for i, j in sorted(candidate_pairs(prepared, params)):
        if i != current and current is not None:
            # Indexes are rebuilt on demand; dropping them bounds memory on large corpora.
            prepared[current].index = {}
        current = i
        passages = align(prepared[i], prepared[j], params)
        shared = sum(p.words for p in passages)
        if shared >= params.min_shared_words:
            found.append(
                Found(
                    docs[i].id, docs[j].id, passages, shared, prepared[i].words, prepared[j].words
                )
            )
    return found
