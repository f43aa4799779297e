"""Per-claim and per-source counts over the mentions matching the reader filters.

Shared by the exports and the API, so both count the same rows, and only the
mentions readers see (``Mention.objects.published()``): a draft claim's mentions and
the automatic links held for review are never counted. Each function only annotates a
QuerySet (one SQL query when evaluated); nothing here writes.
"""

from collections import defaultdict

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sources.filters import Filters, filter_mentions, mention_only
from sources.models import Claim, Mention, Source
from sources.travel.groups import copy_roots


def annotate_claim_counts(claims: QuerySet[Claim], *, filters: Filters) -> QuerySet[Claim]:
    """Add per-claim counts over the mentions matching ``filters`` (one SQL query).

    ``sources_reporting``/``supporting``/``disputing``/``mentioning``/``with_qualifier``
    count distinct sources; ``mention_count`` counts mentions; ``first_reported``
    is the earliest publication date among them. Each is a correlated subquery
    that reuses ``filter_mentions``, so the counts agree with the mentions export.
    """
    scope = mention_only(filters)

    def matching(**conditions) -> QuerySet[Mention]:
        mentions = Mention.objects.published().filter(claim=OuterRef("pk"), **conditions)
        return filter_mentions(mentions, scope).order_by().values("claim")

    def count_sources(**conditions):
        counted = matching(**conditions).annotate(n=Count("source", distinct=True)).values("n")
        return Coalesce(Subquery(counted), Value(0))

    return claims.annotate(
        sources_reporting=count_sources(),
        supporting=count_sources(stance=Mention.Stance.SUPPORTS),
        disputing=count_sources(stance=Mention.Stance.DISPUTES),
        mentioning=count_sources(stance=Mention.Stance.MENTIONS),
        with_qualifier=Coalesce(
            Subquery(
                matching()
                .exclude(qualifier="")
                .annotate(n=Count("source", distinct=True))
                .values("n")
            ),
            Value(0),
        ),
        mention_count=Coalesce(Subquery(matching().annotate(n=Count("pk")).values("n")), Value(0)),
        first_reported=Subquery(
            matching().annotate(first=Min("source__published")).values("first")
        ),
    )


def claim_counts(claim: Claim) -> dict[str, int]:
    """The counts ``annotate_claim_counts`` added, under the names exports and the API use."""
    return {
        "sources_reporting": claim.sources_reporting,
        "supporting": claim.supporting,
        "disputing": claim.disputing,
        "mentioning": claim.mentioning,
        "with_qualifier": claim.with_qualifier,
        "mentions": claim.mention_count,
    }


def annotate_source_counts(sources: QuerySet[Source], *, filters: Filters) -> QuerySet[Source]:
    """Add ``claim_count`` and ``mention_count`` over the mentions matching ``filters``."""

    def matching() -> QuerySet[Mention]:
        mentions = Mention.objects.published().filter(source=OuterRef("pk"))
        return filter_mentions(mentions, filters).order_by().values("source")

    return sources.annotate(
        claim_count=Coalesce(
            Subquery(matching().annotate(n=Count("claim", distinct=True)).values("n")), Value(0)
        ),
        mention_count=Coalesce(Subquery(matching().annotate(n=Count("pk")).values("n")), Value(0)),
    )


def independent_report_counts(claims: QuerySet[Claim], *, filters: Filters) -> dict[int, int]:
    """Each of ``claims``' independent reports among the sources counted in
    ``sources_reporting``: a copy group (sources/travel/groups.py) counts once.

    Two queries (the claim-source pairs, streamed, and the copy links), whatever the
    number of claims; claims with no counted source are absent (0).
    """
    pairs = (
        filter_mentions(Mention.objects.published(), mention_only(filters))
        .filter(claim_id__in=claims.values("pk"))
        .order_by()
        .values_list("claim_id", "source_id")
        .distinct()
    )
    roots = copy_roots()
    reports: dict[int, set[int]] = defaultdict(set)
    for claim_id, source_id in pairs.iterator(chunk_size=2000):
        reports[claim_id].add(roots.get(source_id, source_id))
    return {claim_id: len(originals) for claim_id, originals in reports.items()}
