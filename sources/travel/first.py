"""Who had it first: the outlets that reported a claim, in publication order, with the lag.

Reads the database (one query for the mentions). Order is at the precision known
(``dates.rank``): outlets whose dates cannot be told apart share a rank and are flagged
``tied``; outlets with no date come last, unranked. The lag is counted from the day the
claim was made (``Claim.claimed_on``, e.g. the April 30, 2026 testimony) unless the
caller passes another reference (the timeline can pass its event's date). Sources with
no outlet are listed one by one, since nobody knows whether they are one outlet or many.
Copies (``Source.copy_of``) are reported under their outlet but flagged, so a reader sees
that a republisher did not have it on its own.
"""

from dataclasses import dataclass
from datetime import date

from sources.models import Claim, Mention, Source
from sources.travel.dates import Interval, interval, lag_days, rank


@dataclass
class FirstReport:
    outlet: str  # the outlet's name; "" when unknown
    outlet_id: int | None
    source: Source
    when: Interval | None
    rank: int | None  # 1 = first; shared by outlets that tie; None = date unknown
    tied: bool
    lag: tuple[int, int] | None  # whole days after the reference: (least, most)
    is_copy: bool
    articles: int  # how many of this outlet's articles report the claim


def first_reports(claim: Claim, *, reference: date | None = None) -> list[FirstReport]:
    """The outlets that reported ``claim`` (by a supporting or neutral mention), first first."""
    reference = reference or claim.claimed_on
    mentions = (
        Mention.objects.with_light_source()
        .filter(claim=claim)
        .exclude(stance=Mention.Stance.DISPUTES)
        .order_by("source__published", "source_id")
    )
    earliest: dict[object, Source] = {}
    articles: dict[object, set[int]] = {}
    for mention in mentions:
        source = mention.source
        key = source.outlet_id or ("source", source.pk)
        articles.setdefault(key, set()).add(source.pk)
        best = earliest.get(key)
        if best is None or _sooner(source, best):
            earliest[key] = source
    placed = rank(earliest.items(), lambda item: _when(item[1]))
    return [
        FirstReport(
            outlet=source.outlet.name if source.outlet_id else "",
            outlet_id=source.outlet_id,
            source=source,
            when=entry.when,
            rank=entry.rank,
            tied=entry.tied,
            lag=lag_days(entry.when, reference),
            is_copy=source.copy_of_id is not None,
            articles=len(articles[key]),
        )
        for entry in placed
        for key, source in [entry.item]
    ]


def _when(source: Source) -> Interval | None:
    return interval(source.published, source.published_precision)


def _sooner(candidate: Source, best: Source) -> bool:
    """Whether ``candidate`` is a better "first" article of its outlet than ``best``."""
    a, b = _when(candidate), _when(best)
    if a is None or b is None:
        return b is None and a is not None
    # The earliest possible moment first, then the more precise date, then an original.
    return (a.earliest, a.latest - a.earliest, candidate.copy_of_id is not None) < (
        b.earliest,
        b.latest - b.earliest,
        best.copy_of_id is not None,
    )
