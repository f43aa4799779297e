"""Reads for a claim's page: its quote variants and a page of its mentions in context.

``mention_rows`` (a mention located inside its sentence) is shared with the
comparisons. Nothing here writes or builds HTML; safe to call again.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from sources.highlight import QuoteInContext, quote_in_sentence, variant_key
from sources.models import Claim, Entity, Mention
from sources.pages.queries import (
    MENTIONS_PER_PAGE,
    _page,
    _with_qualifier_flag,
    claim_tracks_qualifier,
)
from sources.pages.queries.memo import per_version
from sources.travel.groups import copy_roots


@dataclass
class VariantGroup:
    """One way of rendering a quote, case- and punctuation-insensitively ("Partly." = "partly")."""

    key: str
    forms: list[str]
    count: int
    sources: int


@dataclass
class MentionRow:
    mention: Mention
    context: QuoteInContext
    qualifier_kept: bool | None  # None: the claim has no qualifier to keep


def _variant_groups(mentions: QuerySet[Mention]) -> list[VariantGroup]:
    """Group the rendered forms (variant, else quote) of these mentions. One query.

    ``sources`` counts distinct articles per group: an article that wrote
    "Partly." once and "partly" twice is one article, three quotes. Forms in a
    group come most used first, so the order is the same on every database.
    """
    rows = mentions.values("variant", "quote", "source_id").annotate(n=Count("id")).order_by()
    form_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sources: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        form = row["variant"] or row["quote"]
        key = variant_key(form)
        form_counts[key][form] += row["n"]
        sources[key].add(row["source_id"])
    groups = [
        VariantGroup(
            key=key,
            forms=sorted(forms, key=lambda f: (-forms[f], f)),
            count=sum(forms.values()),
            sources=len(sources[key]),
        )
        for key, forms in form_counts.items()
    ]
    return sorted(groups, key=lambda g: (-g.count, g.key))


def mention_rows(mentions: Iterable[Mention], *, tracks_qualifier: bool) -> list[MentionRow]:
    """Each mention with its quote located inside its sentence, for highlighting."""
    return [
        MentionRow(
            mention=m,
            context=quote_in_sentence(
                sentence=m.sentence, sentence_start=m.sentence_start, quote=m.quote, start=m.start
            ),
            qualifier_kept=bool(m.qualifier) if tracks_qualifier else None,
        )
        for m in mentions
    ]


@dataclass
class ClaimDetail:
    claim: Claim
    tracks_qualifier: bool
    qualifier_word: str
    variants: list[VariantGroup]
    page: Page
    rows: list[MentionRow]
    kept: int
    dropped: int
    # Articles that only copy another reporting the claim (a copy group counts once):
    # ``kept`` and ``dropped`` count each group once; these many more articles are copies.
    copies: int = 0


def _collapsed_tally(claim: Claim) -> tuple[int, int, int]:
    """(kept, total, copies) over the claim's articles, each copy group counted once.

    A group kept the hedge when any of its articles did, as an article does when any of
    its quotes did. Two queries (the copy links, the claim's articles).
    """
    roots = copy_roots()
    rows = (
        Mention.objects.published()
        .filter(claim=claim)
        .values_list("source_id", "qualifier")
        .order_by()
    )
    kept: dict[int, bool] = {}
    articles = set()
    for source_id, qualifier in rows:
        articles.add(source_id)
        root = roots.get(source_id, source_id)
        kept[root] = kept.get(root, False) or bool(qualifier)
    return sum(kept.values()), len(kept), len(articles) - len(kept)


def _tallies(claim: Claim) -> tuple[list[VariantGroup], dict, tuple[int, int, int]]:
    """The claim's variants, raw hedge counts and copy-collapsed tally. Four queries."""
    mentions = Mention.objects.published().filter(claim=claim)
    counts = mentions.aggregate(
        kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        total=Count("source", distinct=True),
        word=Min("qualifier", filter=~Q(qualifier="")),
    )
    return _variant_groups(mentions), counts, _collapsed_tally(claim)


def claim_with_mentions(*, slug: str, page: object) -> ClaimDetail:
    """A claim, its quote variants, and a page of its mentions in context.

    Nine queries (claim, subjects, variants, qualifier counts, copy links, the
    articles for the copy-collapsed tally, page count, page rows, events); five
    when the tallies were already computed for this data version.
    Raises Http404 for an unknown slug.
    """
    claim = get_object_or_404(
        _with_qualifier_flag(Claim.objects.published().select_related("speaker")).prefetch_related(
            Prefetch("subjects", queryset=Entity.objects.order_by("name"))
        ),
        slug=slug,
    )
    variants, counts, (kept, total, copies) = per_version(
        f"claim-tallies:{claim.pk}", lambda: _tallies(claim)
    )
    tracks = claim_tracks_qualifier(claim)
    ordered = (
        Mention.objects.published()
        .with_light_source()
        .filter(claim=claim)
        .order_by(F("source__published").asc(nulls_last=True), "source__title", "start", "pk")
    )
    page_obj = _page(ordered, number=page, per_page=MENTIONS_PER_PAGE)
    rules = claim.rules
    word = counts["word"] or next(iter(rules.get("qualifiers") or []), "")
    return ClaimDetail(
        claim=claim,
        tracks_qualifier=tracks,
        qualifier_word=word,
        variants=variants,
        page=page_obj,
        rows=mention_rows(page_obj.object_list, tracks_qualifier=tracks),
        # A source that kept the hedge in any of its quotes counts as keeping it; with
        # copies, a copy group counts once (the raw numbers are ``counts``, unchanged).
        kept=kept if copies else counts["kept"],
        dropped=(total - kept) if copies else counts["total"] - counts["kept"],
        copies=copies,
    )
