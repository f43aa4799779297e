"""Reads for the outlet pages: every outlet with its counts, and one outlet with its sources.

The counts, tallies and pages of articles change only on a write, so they are
read once per data version (memo.py) as plain tuples and dataclasses; the
URLs are filled in per request, one ``reverse()`` per list. Nothing here
writes or builds HTML; every function is safe to call again.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from sources.models import Citation, Mention, Outlet, Source
from sources.models.paths import claim_path, outlet_path, source_path
from sources.pages.queries import CITED_BY_LIMIT, SOURCES_PER_PAGE
from sources.pages.queries.coverage import UNKNOWN_OUTLET
from sources.pages.queries.memo import per_version


@dataclass
class OutletCount:
    """An outlet in the list of outlets, with how many articles and quotes it has."""

    slug: str
    name: str
    domain: str
    kind_label: str
    n_sources: int
    n_mentions: int
    url: str = ""


def outlets_with_counts() -> tuple[list[OutletCount], int]:
    """Every outlet with its source and mention counts, and how many sources lack an outlet.

    Two queries, once per data version; none after.
    """
    outlets, unattributed = per_version("outlet-counts", _outlet_counts)
    for outlet in outlets:
        outlet.url = outlet_path(outlet.slug)
    return outlets, unattributed


def _outlet_counts() -> tuple[list[OutletCount], int]:
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
    kinds = dict(Outlet.Kind.choices)
    outlets = [
        OutletCount(slug, name, domain, kinds.get(kind, kind), n_sources, n_mentions)
        for slug, name, domain, kind, n_sources, n_mentions in Outlet.objects.annotate(
            n_sources=Coalesce(Subquery(source_count), 0),
            n_mentions=Coalesce(Subquery(mention_count), 0),
        )
        .order_by("name")
        .values_list("slug", "name", "domain", "kind", "n_sources", "n_mentions")
    ]
    unattributed = Source.objects.filter(outlet__isnull=True).count()
    return outlets, unattributed


@dataclass
class OutletClaim:
    slug: str
    statement: str
    sources: int
    kept: int
    url: str = ""


@dataclass
class OutletSource:
    """One of the outlet's articles, as its list shows it."""

    pk: int
    title: str
    published: date | None
    published_precision: str
    url: str = ""


@dataclass
class Credit:
    """An article crediting the outlet, and the words it uses."""

    source_id: int
    reporter: str  # who published the crediting article
    title: str
    kind_label: str
    text: str
    url: str = ""


@dataclass
class OutletDetail:
    outlet: Outlet
    page: Page  # its object_list are OutletSources
    claims: list[OutletClaim]
    cited_in: list[Credit]


def outlet_with_sources(*, slug: str, page: object) -> OutletDetail:
    """An outlet, a page of its sources, the claims it reported and who credits it.

    One query (the outlet) on every request; its counts and tallies (three
    queries) and each page of its articles (one) are read once per data version.
    Raises Http404 for an unknown slug.
    """
    outlet = get_object_or_404(Outlet, slug=slug)
    total, claims, cited_in = per_version(f"outlet-frame:{outlet.pk}", lambda: _frame(outlet))
    paginator = Paginator(range(total), SOURCES_PER_PAGE)
    number = paginator.get_page(page).number  # any page parameter becomes a valid number
    sources = per_version(
        f"outlet-sources:{outlet.pk}:{number}", lambda: _sources(outlet, paginator, number)
    )
    for source in sources:
        source.url = source_path(source.pk)
    for credit in cited_in:
        credit.url = source_path(credit.source_id)
    for claim in claims:
        claim.url = claim_path(claim.slug)
    return OutletDetail(
        outlet=outlet, page=Page(sources, number, paginator), claims=claims, cited_in=cited_in
    )


def _frame(outlet: Outlet) -> tuple[int, list[OutletClaim], list[Credit]]:
    """How many articles the outlet has, the claims they report, who credits it. Three
    queries."""
    total = Source.objects.filter(outlet=outlet).count()
    claims = [
        OutletClaim(slug, statement, n, kept)
        for slug, statement, n, kept in Mention.objects.published()
        .filter(source__outlet=outlet)
        .values("claim__slug", "claim__statement")
        .annotate(
            n=Count("source", distinct=True),
            kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        )
        .order_by("-n", "claim__slug")
        .values_list("claim__slug", "claim__statement", "n", "kept")
    ]
    kinds = dict(Citation.Kind.choices)
    cited_in = [
        Credit(source_id, reporter or UNKNOWN_OUTLET, title, kinds.get(kind, kind), text)
        for source_id, reporter, title, kind, text in Citation.objects.filter(cited_outlet=outlet)
        .order_by("source__published", "pk")
        .values_list("source_id", "source__outlet__name", "source__title", "kind", "text")[
            :CITED_BY_LIMIT
        ]
    ]
    return total, claims, cited_in


def _sources(outlet: Outlet, paginator: Paginator, number: int) -> list[OutletSource]:
    """A page of the outlet's articles, newest first. One query."""
    start = (number - 1) * paginator.per_page
    return [
        OutletSource(*fields)
        for fields in Source.objects.filter(outlet=outlet)
        .order_by(F("published").desc(nulls_last=True), "title", "pk")
        .values_list("pk", "title", "published", "published_precision")[
            start : start + paginator.per_page
        ]
    ]
