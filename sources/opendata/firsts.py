"""Who had it first, for the mentions export: each outlet's rank per claim, streamed.

The same order as ``sources.travel.first.first_reports`` (the claim page's "who had it
first"): per claim, each outlet's earliest supporting or neutral article, ranked at the
precision its date is known (``sources.travel.dates.rank``: ties share a rank, an
undated outlet has none); a source without an outlet stands alone. But where
``first_reports`` reads one claim, this reads every claim of an export in ONE query,
in claim order, walked in step with the export's rows (also in claim order), so only
the current claim's ranks are held and the export's query count does not grow with
its claims. Reads only; never writes.
"""

import itertools
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from sources.models import Mention
from sources.opendata.columns import CHUNK_SIZE
from sources.opendata.links import Links
from sources.travel.dates import Interval, interval, rank

# An article as its outlet's candidate for "first": when, and whether it is a copy.
Candidate = tuple[Interval | None, bool]


def outlet_key(outlet_slug: str, source_id: int) -> object:
    """``first_reports`` ranks outlets; a source without one stands alone."""
    return outlet_slug or ("source", source_id)


def _sooner(candidate: Candidate, best: Candidate) -> bool:
    """Whether ``candidate`` is a better "first" article of its outlet than ``best``
    (as ``first._sooner``: earliest moment, then the more precise date, then an original)."""
    (a, a_copy), (b, b_copy) = candidate, best
    if a is None or b is None:
        return b is None and a is not None
    return (a.earliest, a.latest - a.earliest, a_copy) < (b.earliest, b.latest - b.earliest, b_copy)


def claim_ranks(records) -> dict[object, int | None]:
    """Outlet key -> rank, from one claim's (claim, source, outlet slug, published,
    precision, copy_of) records."""
    earliest: dict[object, Candidate] = {}
    for _, source_id, slug, published, precision, copy_of in records:
        key = outlet_key(slug or "", source_id)
        candidate = (interval(published, precision), copy_of is not None)
        best = earliest.get(key)
        if best is None or _sooner(candidate, best):
            earliest[key] = candidate
    placed = rank(earliest.items(), lambda item: item[1][0])
    return {entry.item[0]: entry.rank for entry in placed}


class FirstRanks:
    """The ``first_report_rank`` column: call it with each row, in claim id order."""

    def __init__(self, mentions: QuerySet[Mention]) -> None:
        self._mentions = mentions
        self._groups: Iterator | None = None
        self._pending = None
        self._claim_id: int | None = None
        self._ranks: dict[object, int | None] = {}

    def _reports(self) -> Iterator:
        """Every reporting mention of the export's claims, grouped by claim (one query)."""
        reports = (
            Mention.objects.filter(claim_id__in=self._mentions.values("claim_id"))
            .exclude(stance=Mention.Stance.DISPUTES)
            .order_by("claim_id")
            .values_list(
                "claim_id",
                "source_id",
                "source__outlet__slug",
                "source__published",
                "source__published_precision",
                "source__copy_of_id",
            )
        )
        return itertools.groupby(reports.iterator(chunk_size=CHUNK_SIZE), key=lambda r: r[0])

    def __call__(self, row: dict[str, Any], links: Links) -> int | None:
        claim_id = row["claim_id"]
        if claim_id != self._claim_id:
            self._claim_id, self._ranks = claim_id, {}
            if self._groups is None:
                self._groups = self._reports()
                self._pending = next(self._groups, None)
            while self._pending is not None and self._pending[0] < claim_id:
                self._pending = next(self._groups, None)
            if self._pending is not None and self._pending[0] == claim_id:
                self._ranks = claim_ranks(self._pending[1])
                self._pending = next(self._groups, None)
        return self._ranks.get(outlet_key(row["outlet_slug"], row["source_id"]))
