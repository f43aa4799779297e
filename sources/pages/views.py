"""Reader pages: one function per page; the reads are in sources/pages/queries/.

htmx requests get only the page's partial (``"page.html#name"``); everything
else (including htmx history restores) gets the whole page, so every link
and form works without JavaScript too. The words built from data (filter
labels, quoted statements) come from sources/pages/labels.py.
"""

from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

from sources.filters import parse_filters
from sources.models import Claim
from sources.pages.labels import label_carried, with_lags
from sources.pages.queries.claims import claim_with_mentions
from sources.pages.queries.compare import claims_in_context, policy_table, qualifier_table
from sources.pages.queries.coverage import coverage_matrix, filter_choices
from sources.pages.queries.memo import per_version
from sources.pages.queries.outlets import outlet_with_sources, outlets_with_counts
from sources.pages.queries.search import cached_search_results
from sources.pages.queries.sources import source_with_mentions, sources_page
from sources.pages.queries.travel import claim_travel, reuse_pair_view, source_family


def render_page(
    request: HttpRequest, template: str, context: dict, *, partial: str | None = None
) -> HttpResponse:
    """Render ``template``, or only its ``partial`` for an htmx request."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches (the page cache, a
    # browser, a CDN) must tell them apart, history restores included.
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def source_list(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = sources_page(filters=filters, page=request.GET.get("page"))
    return render_page(
        request,
        "sources/source_list.html",
        {"page_obj": page, "filters": filters},
        partial="results",
    )


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = source_with_mentions(pk=pk, part=request.GET.get("part"))
    # Scans the copy links; changes only on a write, so read once per data version.
    family = per_version(f"source-family:{detail.source.pk}", lambda: source_family(detail.source))
    context = {"detail": detail, "family": family, "can_review": _can_review(request)}
    return render(request, "sources/source_detail.html", context)


def _can_review(request: HttpRequest) -> bool:
    """A signed-in editor or fact-checker: the source page offers to review its mentions.

    Asked only with a session cookie: reading the user of an anonymous request would
    touch the session and add "Vary: Cookie" to a page the cache shares.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = request.user
    return user.is_staff and (
        user.has_perm("sources.review_mention") or user.has_perm("sources.change_mention")
    )


def reuse_pair(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    view = reuse_pair_view(pk=pk, other_pk=other)
    return render(request, "sources/reuse_pair.html", {"view": view})


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = claim_with_mentions(slug=slug, page=request.GET.get("page"))
    context = {"detail": detail}
    htmx = getattr(request, "htmx", None)
    if not (htmx and not htmx.history_restore_request):
        # The mentions partial (paging) needs none of this: only the whole page reads it.
        travel = claim_travel(
            detail.claim,
            first_page=request.GET.get("first"),
            outlets_page=request.GET.get("outlets"),
        )
        context.update(travel=travel, first=with_lags(travel.first))
    return render_page(request, "sources/claim_detail.html", context, partial="mentions")


def coverage(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    matrix = coverage_matrix(filters=filters, page=request.GET.get("page"))
    matrix = replace(matrix, carried=label_carried(matrix.carried))
    canonical = QueryDict(filters.querystring(), mutable=True)
    if matrix.page.number > 1:
        canonical["page"] = str(matrix.page.number)
    context = {
        "matrix": matrix,
        "filters": filters,
        "choices": filter_choices(),
        "canonical_query": canonical.urlencode(),
    }
    return render_page(request, "sources/coverage.html", context, partial="matrix")


def render_once(template: str, compute: Callable[[], dict]) -> SafeString:
    """``template`` rendered with ``compute()``, once per data version (queries/memo.py).

    Only for a section that takes no request parameter and whose data is large and
    changes only on a write (a tally over every quote of some claims): rendering it
    costs more than reading it back. Its template must not need the request.
    """
    return mark_safe(
        per_version(f"section:{template}", lambda: render_to_string(template, compute()))
    )


def compare(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    context = {
        "qualifier": qualifier_table(claim_slugs=filters.claims, page=request.GET.get("page"))
    }
    htmx = getattr(request, "htmx", None)
    if not (htmx and not htmx.history_restore_request):
        # The terms and the benchmarks read every quote of their claims and take no
        # parameter; the qualifier partial (paging, switching claims) needs neither.
        context["terms"] = render_once(
            "sources/compare.html#terms", lambda: {"policies": policy_table()}
        )
        context["benchmarks"] = render_once(
            "sources/compare.html#benchmarks",
            lambda: {"benchmarks": claims_in_context(kind=Claim.Kind.BENCHMARK)},
        )
    return render_page(request, "sources/compare.html", context, partial="qualifier")


def outlet_list(request: HttpRequest) -> HttpResponse:
    outlets, unattributed = outlets_with_counts()
    return render(
        request, "sources/outlet_list.html", {"outlets": outlets, "unattributed": unattributed}
    )


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = outlet_with_sources(slug=slug, page=request.GET.get("page"))
    return render_page(request, "sources/outlet_detail.html", {"detail": detail}, partial="sources")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = cached_search_results(query=query)
    return render_page(
        request, "sources/search.html", {"query": query, "results": results}, partial="results"
    )
