"""Reader pages: one function per page; the reads are in sources/pages/queries/.

htmx requests get only the page's partial (``"page.html#name"``); everything
else (including htmx history restores) gets the whole page, so every link
and form works without JavaScript too.
"""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from sources.filters import parse_filters
from sources.models import Claim
from sources.pages.queries import claims as claim_reads
from sources.pages.queries import compare as compare_reads
from sources.pages.queries import coverage as coverage_reads
from sources.pages.queries import outlets as outlet_reads
from sources.pages.queries import sources as source_reads
from sources.pages.queries.search import search as run_search


def render_page(
    request: HttpRequest, template: str, context: dict, *, partial: str | None = None
) -> HttpResponse:
    """Render ``template``, or only its ``partial`` for an htmx request."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def source_list(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = source_reads.source_list(filters=filters, page=request.GET.get("page"))
    return render_page(
        request,
        "sources/source_list.html",
        {"page_obj": page, "filters": filters},
        partial="results",
    )


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = source_reads.source_detail(pk=pk)
    return render(request, "sources/source_detail.html", {"detail": detail})


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = claim_reads.claim_detail(slug=slug, page=request.GET.get("page"))
    return render_page(request, "sources/claim_detail.html", {"detail": detail}, partial="mentions")


def coverage(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    matrix = coverage_reads.coverage_matrix(filters=filters, page=request.GET.get("page"))
    canonical = QueryDict(filters.querystring(), mutable=True)
    if matrix.page.number > 1:
        canonical["page"] = str(matrix.page.number)
    context = {
        "matrix": matrix,
        "filters": filters,
        "choices": coverage_reads.filter_choices(),
        "canonical_query": canonical.urlencode(),
    }
    return render_page(request, "sources/coverage.html", context, partial="matrix")


def compare(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    context = {
        "policies": compare_reads.policy_table(),
        "qualifier": compare_reads.qualifier_table(
            claim_slugs=filters.claims, page=request.GET.get("page")
        ),
        "benchmarks": compare_reads.claims_in_context(kind=Claim.Kind.BENCHMARK),
    }
    return render_page(request, "sources/compare.html", context, partial="qualifier")


def outlet_list(request: HttpRequest) -> HttpResponse:
    outlets, unattributed = outlet_reads.outlet_list()
    return render(
        request, "sources/outlet_list.html", {"outlets": outlets, "unattributed": unattributed}
    )


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = outlet_reads.outlet_detail(slug=slug, page=request.GET.get("page"))
    return render_page(request, "sources/outlet_detail.html", {"detail": detail}, partial="sources")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = run_search(query=query)
    return render_page(
        request, "sources/search.html", {"query": query, "results": results}, partial="results"
    )
