"""schema.org ClaimReview markup for claims with a fact-check verdict.

Google's fact-check markup requires ``claimReviewed``, ``reviewRating`` (a
Rating whose ``alternateName`` is the verdict in words) and ``url``; it
recommends ``author``, ``datePublished`` and ``itemReviewed`` (a Claim with
``author``, ``datePublished``, ``appearance`` and ``firstAppearance``), and
``ratingValue``/``bestRating``/``worstRating`` on the Rating. We fill them all
where we know them. The review's ``datePublished`` is the date the verdict was
given: ``verdict_updated_at``, else the claim's history (the first record with
today's verdict after any record with another), never the date the claim was
last saved or loaded. The claim's author is its speaker or, failing that, the
outlet where it first appeared.

Appearances are the articles readers see the claim in (``Mention.objects.published()``:
no link held for review). How many of them an editor checked is said in the Rating's
``ratingExplanation`` (a schema.org Rating property meant for fact-check markup: "the
background context that led to the conclusion"), e.g. "2 of 3 appearances reviewed by
an editor.", so the markup stays valid schema.org with no property of our own.

Our rating scale (documented here because Google asks for it): 5 Accurate,
4 Mostly accurate, 3 Needs context, 2 Misleading, 1 Inaccurate. "Unverified"
has no number: its Rating carries only the words.
"""

from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sources.models import HEAVY_SOURCE_FIELDS, Claim, Entity, Mention
from sources.pages.queries.memo import per_version

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES = {
    Claim.Verdict.ACCURATE: 5,
    Claim.Verdict.MOSTLY_ACCURATE: 4,
    Claim.Verdict.NEEDS_CONTEXT: 3,
    Claim.Verdict.MISLEADING: 2,
    Claim.Verdict.INACCURATE: 1,
}


_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


def verdict_given_at(claim: str = "pk", verdict: str = "verdict") -> Subquery:
    """When a claim got the verdict it has now, from its history (the first record with
    this verdict after the last record with another one), for ``annotate``. ``claim`` and
    ``verdict`` name the claim's id and verdict in the annotated query."""
    history = Claim.history.model.objects
    last_other = (
        history.filter(id=OuterRef(OuterRef(claim)))
        .exclude(verdict=OuterRef(OuterRef(verdict)))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    since = (
        history.filter(id=OuterRef(claim), verdict=OuterRef(verdict))
        .filter(history_date__gt=Coalesce(Subquery(last_other), Value(_LONG_AGO)))
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Subquery(since)


def _review_date(claim: Claim, mentions: list[Mention]) -> datetime | None:
    """When ``claim``'s verdict was given: its stamp, else what the claims or mentions
    query read from history, else one query."""
    if claim.verdict_updated_at:
        return claim.verdict_updated_at
    if hasattr(claim, "verdict_given_at"):
        return claim.verdict_given_at
    if mentions and hasattr(mentions[0], "claim_verdict_given_at"):
        return mentions[0].claim_verdict_given_at
    return (
        Claim.objects.filter(pk=claim.pk)
        .annotate(given=verdict_given_at())
        .values_list("given", flat=True)
        .first()
    )


def reviewed_claims() -> QuerySet[Claim]:
    """Claims with a verdict, with everything ``claim_review`` reads (two queries in all)."""
    return (
        Claim.objects.published()
        .exclude(verdict="")
        .annotate(verdict_given_at=verdict_given_at())
        .select_related("speaker")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.published()
                .select_related("source__outlet")
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
    mentions = (
        claim.mentions.published()
        .select_related("source__outlet")
        # The article text is never part of the markup; don't read it (claim pages).
        .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("source__published", "source_id", "start")
    )
    if not claim.verdict_updated_at:
        # The verdict's date rides along, so a claim page costs no extra query for it.
        mentions = mentions.annotate(
            claim_verdict_given_at=verdict_given_at("claim_id", "claim__verdict")
        )
    return mentions


def _party(entity: Entity) -> dict[str, str]:
    kind = "Person" if entity.kind == Entity.Kind.PERSON else "Organization"
    return {"@type": kind, "name": entity.name}


def appearance(
    *, web_url: str, url: str, headline: str, published: date | None, publisher: str | None
) -> dict[str, Any]:
    """One article the claim appears in, as a schema.org CreativeWork.

    ``web_url`` is the article on the web ("" when unknown), ``url`` our copy of it
    (absolute), ``publisher`` its outlet's name (None when unknown).
    """
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        # The article itself when we know where it lives, else our copy of it.
        "url": web_url or url,
        "headline": headline,
    }
    if published:
        work["datePublished"] = published.isoformat()
    if publisher is not None:
        work["publisher"] = {"@type": "Organization", "name": publisher}
    return work


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
    mentions = list(_mentions_with_sources(claim))
    # An appearance is reviewed when an editor checked one of its mentions of the claim.
    reviewed = len({m.source_id for m in mentions if m.reviewed})
    for mention in mentions:
        source = mention.source
        if source.pk in seen:
            continue
        seen.add(source.pk)
        appearances.append(
            appearance(
                web_url=source.url,
                url=base + source.get_absolute_url(),
                headline=source.title,
                published=source.published,
                publisher=source.outlet.name if source.outlet else None,
            )
        )
    dated = [w for w in appearances if "datePublished" in w]
    first = min(dated, key=lambda w: w["datePublished"]) if dated else None

    item: dict[str, Any] = {"@type": "Claim", "name": claim.statement}
    if claim.speaker:
        item["author"] = _party(claim.speaker)
    elif appearances:
        # Nobody is named as saying it: it is the claim of the outlet that first ran it.
        publisher = (first or appearances[0]).get("publisher")
        if publisher:
            item["author"] = publisher
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
    if appearances:
        rating["ratingExplanation"] = (
            f"{reviewed} of {len(appearances)} appearance{'s' if len(appearances) != 1 else ''} "
            "reviewed by an editor."
        )

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": claim.statement,
        "reviewRating": rating,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL},
    }
    given = _review_date(claim, mentions)
    if given:
        review["datePublished"] = given.date().isoformat()
    return review


def page_claim_review(
    claim: Claim, *, base_url: str, appearances: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The ClaimReview a claim's page embeds: ``claim_review`` with only ``appearances``
    (the articles that page shows, from ``appearance``) listed, or None without a verdict.

    A claim reported by thousands of articles would otherwise put every one of them in
    every page of it. The rest (the first appearance, the authors, the dates, how many
    appearances an editor reviewed) is the full review's, read once per data version
    (one query when it is not yet known); /export/claimreview.json lists every appearance.
    """
    if not claim.verdict:
        return None
    base = base_url.rstrip("/")
    review = per_version(f"claimreview-page:{claim.pk}:{base}", lambda: _head(claim, base))
    if review is None:
        return None
    item = review["itemReviewed"]
    if appearances and "firstAppearance" in item:
        first = item.pop("firstAppearance")
        item["appearance"] = appearances
        item["firstAppearance"] = first  # the order the full review writes them in
    return review


def _head(claim: Claim, base_url: str) -> dict[str, Any] | None:
    review = claim_review(claim, base_url=base_url)
    if review is not None:
        review["itemReviewed"].pop("appearance", None)
    return review
