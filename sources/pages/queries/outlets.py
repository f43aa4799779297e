"""Reads for the outlet pages: every outlet with its counts, and one outlet with its sources.

Nothing here writes or builds HTML; every function is safe to call again.
"""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from sources.models import HEAVY_SOURCE_FIELDS, Citation, Mention, Outlet, Source
from sources.pages.queries import CITED_BY_LIMIT, SOURCES_PER_PAGE, _page


def outlets_with_counts() -> tuple[list[Outlet], int]:
    """Every outlet with its source and mention counts, and how many sources lack an outlet.

    Two queries.
    """
    source_count = (
        Source.objects.filter(outlet=OuterRef("pk"))
        .order_by()
        .values("outlet")
        .annotate(n=Count("id"))
        .values("n")
    )
    mention_count = (
        Mention.objects.published()
        .filter(source__outlet=OuterRef("pk"))
        .order_by()
        .values("source__outlet")
        .annotate(n=Count("id"))
        .values("n")
    )
    outlets = list(
        Outlet.objects.annotate(
            n_sources=Coalesce(Subquery(source_count), 0),
            n_mentions=Coalesce(Subquery(mention_count), 0),
        ).order_by("name")
    )
    unattributed = Source.objects.filter(outlet__isnull=True).count()
    return outlets, unattributed


@dataclass
class OutletClaim:
    slug: str
    statement: str
    sources: int
    kept: int


@dataclass
class OutletDetail:
    outlet: Outlet
    page: Page
    claims: list[OutletClaim]
    cited_in: list[Citation]


def outlet_with_sources(*, slug: str, page: object) -> OutletDetail:
    """An outlet, a page of its sources, the claims it reported and who credits it.

    Five queries. Raises Http404 for an unknown slug.
    """
    outlet = get_object_or_404(Outlet, slug=slug)
    sources = (
        Source.objects.light()
        .filter(outlet=outlet)
        .order_by(F("published").desc(nulls_last=True), "title", "pk")
    )
    page_obj = _page(sources, number=page, per_page=SOURCES_PER_PAGE)
    claims = [
        OutletClaim(
            slug=row["claim__slug"],
            statement=row["claim__statement"],
            sources=row["n"],
            kept=row["kept"],
        )
        for row in Mention.objects.published()
        .filter(source__outlet=outlet)
        .values("claim__slug", "claim__statement")
        .annotate(
            n=Count("source", distinct=True),
            kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        )
        .order_by("-n", "claim__slug")
    ]
    cited_in = list(
        Citation.objects.filter(cited_outlet=outlet)
        .select_related("source__outlet")
        .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("source__published", "pk")[:CITED_BY_LIMIT]
    )
    return OutletDetail(outlet=outlet, page=page_obj, claims=claims, cited_in=cited_in)
