"""schema.org ClaimReview markup for claims with a fact-check verdict.

Google's fact-check markup requires ``claimReviewed``, ``reviewRating`` (a
Rating whose ``alternateName`` is the verdict in words) and ``url``; it
recommends ``author``, ``datePublished`` and ``itemReviewed`` (a Claim with
``author``, ``datePublished``, ``appearance`` and ``firstAppearance``), and
``ratingValue``/``bestRating``/``worstRating`` on the Rating. We fill them all.

Our rating scale (documented here because Google asks for it): 5 Accurate,
4 Mostly accurate, 3 Needs context, 2 Misleading, 1 Inaccurate. "Unverified"
has no number: its Rating carries only the words.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from sources.models import HEAVY_SOURCE_FIELDS, Claim, Entity, Mention

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES = {
    Claim.Verdict.ACCURATE: 5,
    Claim.Verdict.MOSTLY_ACCURATE: 4,
    Claim.Verdict.NEEDS_CONTEXT: 3,
    Claim.Verdict.MISLEADING: 2,
    Claim.Verdict.INACCURATE: 1,
}


def reviewed_claims() -> QuerySet[Claim]:
    """Claims with a verdict, with everything ``claim_review`` reads (two queries in all)."""
    return (
        Claim.objects.published()
        .exclude(verdict="")
        .select_related("speaker")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("source__outlet")
                # The markup never shows the article text: don't read every body.
                .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
                .order_by("source__published", "source_id", "start"),
            )
        )
        .order_by("slug")
    )


def _mentions_with_sources(claim: Claim) -> QuerySet[Mention]:
    """The prefetched mentions if ``reviewed_claims()`` loaded them, else one joined query."""
    if "mentions" in getattr(claim, "_prefetched_objects_cache", {}):
        return claim.mentions.all()
    return (
        claim.mentions.select_related("source__outlet")
        # The article text is never part of the markup; don't read it (claim pages).
        .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("source__published", "source_id", "start")
    )


def _party(entity: Entity) -> dict[str, str]:
    kind = "Person" if entity.kind == Entity.Kind.PERSON else "Organization"
    return {"@type": kind, "name": entity.name}


def claim_review(claim: Claim, *, base_url: str) -> dict[str, Any] | None:
    """The ClaimReview for ``claim`` as a JSON-ready dict, or None when it has no verdict.

    ``base_url`` (e.g. ``https://news.example.org``) makes our page links absolute.
    Reads the claim's mentions and their sources: one query, or none when they
    were prefetched with ``reviewed_claims()``. Pure: no writes.
    """
    if not claim.verdict:
        return None
    base = base_url.rstrip("/")
    claim_url = base + claim.get_absolute_url()

    appearances: list[dict[str, Any]] = []
    seen: set[int] = set()
    for mention in _mentions_with_sources(claim):
        source = mention.source
        if source.pk in seen:
            continue
        seen.add(source.pk)
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            # The article itself when we know where it lives, else our copy of it.
            "url": source.url or base + source.get_absolute_url(),
            "headline": source.title,
        }
        if source.published:
            work["datePublished"] = source.published.isoformat()
        if source.outlet:
            work["publisher"] = {"@type": "Organization", "name": source.outlet.name}
        appearances.append(work)
    dated = [w for w in appearances if "datePublished" in w]
    first = min(dated, key=lambda w: w["datePublished"]) if dated else None

    item: dict[str, Any] = {"@type": "Claim", "name": claim.statement}
    if claim.speaker:
        item["author"] = _party(claim.speaker)
    claim_date = claim.claimed_on.isoformat() if claim.claimed_on else None
    if claim_date or first:
        item["datePublished"] = claim_date or first["datePublished"]
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = first or appearances[0]

    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": claim.get_verdict_display(),
        "name": claim.get_verdict_display(),
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
    }
    if claim.verdict in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[claim.verdict]

    reviewed_on = claim.verdict_updated_at or claim.updated_at
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": claim.statement,
        "reviewRating": rating,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL},
        "datePublished": reviewed_on.date().isoformat()
        if reviewed_on
        else date.today().isoformat(),
    }
    return review
