"""A read-only JSON API over claims, sources, mentions, outlets and events.

Plain function views returning JsonResponse. Lists are paginated (``?page=``,
``?page_size=`` up to 500) and answer ``{"count", "next", "previous", "page",
"page_size", "results"}``; they take the open-data filters of sources/filters.py
(``claim``, ``outlet``, ``stance``, ``kind``, ``source``, ``published_after``,
``published_before``, ``verdict``, ``method``, ``reviewed``, ``q``), applied by
scope.py as in the exports; mentions are what readers see unless ``published=all``.
Every resource has a stable id, its page ``url`` and its ``api_url``; related
resources are linked the same way. Bad values and unknown parameters answer 400 with
``{"error": ..., "errors": [...]}`` (the latter naming the known ones); unknown resources and
ids, and pages past the last, answer a JSON 404.
"""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import reverse
from django.views.decorators.http import require_safe

from sources.filters import (
    OPEN_DATA_PARAMETERS,
    Filters,
    parse_filters,
    parse_id,
    unknown_parameters,
)
from sources.models import HEAVY_SOURCE_FIELDS, Claim, Entity, Mention, Outlet, Source
from sources.opendata import scope
from sources.opendata.counts import annotate_claim_counts, annotate_source_counts, claim_counts
from sources.opendata.links import Links
from sources.opendata.scope import PUBLISHED_PARAMETER, held_links_asked
from sources.pages.queries.memo import per_version
from timeline.models import Event

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
PAGE_PARAMETERS = ("page", "page_size")


class ApiError(Exception):
    def __init__(self, status: int, *errors: str):
        super().__init__(errors[0])
        self.status = status
        self.errors = list(errors)


def _json(data: Any, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public, read-only, cookie-free data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view: Callable[..., dict[str, Any]]) -> Callable[..., JsonResponse]:
    """GET/HEAD only; the view returns a dict or raises ApiError."""

    @require_safe
    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            return _json(view(request, *args, **kwargs))
        except ApiError as error:
            return _json({"error": error.errors[0], "errors": error.errors}, status=error.status)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _links(request: HttpRequest) -> Links:
    return Links(request.build_absolute_uri("/"))


def _filters(request: HttpRequest, *, also: tuple[str, ...] = ()) -> Filters:
    """Parse the open-data filters of a list; a bad value or unknown parameter is a 400."""
    filters = parse_filters(request.GET, open_data=True, also=(*PAGE_PARAMETERS, *also))
    if filters.errors:
        raise ApiError(400, *filters.errors)
    return filters


def _known_parameters_only(request: HttpRequest) -> None:
    """A single resource ignores the filters (it is never narrowed) but knows their names;
    anything else is a 400, as on the lists."""
    errors = unknown_parameters(request.GET, OPEN_DATA_PARAMETERS)
    if errors:
        raise ApiError(400, *errors)


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    number = parse_id(raw)
    if number is None or number < 1:
        raise ApiError(400, f"{name} must be a whole number of at least 1, not {raw!r}")
    return number


def _page_link(request: HttpRequest, page: int) -> str:
    query: QueryDict = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest, queryset: QuerySet, serialize: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page of ``queryset`` as ``{"count", "next", "previous", ..., "results"}``."""
    page_number = _positive_int(request, "page", 1)
    page_size = min(_positive_int(request, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
    try:
        page = paginator.page(page_number)
    except EmptyPage as error:
        raise ApiError(404, f"page {page_number} is past the last page") from error
    return {
        "count": paginator.count,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_link(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "results": [serialize(item) for item in page.object_list],
    }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _entity(entity: Entity | None) -> dict[str, Any] | None:
    if entity is None:
        return None
    return {"slug": entity.slug, "name": entity.name, "kind": entity.kind}


def _names(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    return [_entity(e) for e in entities]


def _outlet_ref(outlet: Outlet | None, links: Links) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {
        "slug": outlet.slug,
        "name": outlet.name,
        "url": links.outlet(outlet.slug),
        "api_url": links.api_outlet(outlet.slug),
    }


def _claim_ref(claim: Claim, links: Links) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "slug": claim.slug,
        "statement": claim.statement,
        "kind": claim.kind,
        "verdict": claim.verdict,
        "url": links.claim(claim.slug),
        "api_url": links.api_claim(claim.slug),
    }


def _source_ref(source: Source, links: Links) -> dict[str, Any]:
    return {
        "id": source.pk,
        "origin": source.origin,
        "title": source.title,
        "article_url": source.url,
        "published": _iso(source.published),
        "url": links.source(source.pk),
        "api_url": links.api_source(source.pk),
    }


# --- Claims -------------------------------------------------------------------------


# What a claim's JSON never shows: the linker's rules and the desk's bookkeeping.
_CLAIM_FIELDS_NOT_SHOWN = (
    "match_rules",
    "merged_slugs",
    "editor_owned_fields",
    "created_at",
    "updated_at",
)


def _claim_rows(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """``claims`` with their speaker and subjects (``subject_list``), in slug order: three
    queries for a page (count, rows, subjects). The subjects land in a plain list: a
    related manager per claim cost more than the rest of the claim's JSON."""
    subjects = Entity.objects.order_by("name").only("slug", "name", "kind")
    return (
        claims.select_related("speaker")
        .defer(*_CLAIM_FIELDS_NOT_SHOWN)
        .prefetch_related(Prefetch("subjects", queryset=subjects, to_attr="subject_list"))
        .order_by("slug")
    )


def _claims(filters: Filters) -> QuerySet[Claim]:
    return _claim_rows(annotate_claim_counts(scope.claims(filters), filters=filters))


def _mentions_api(request: HttpRequest) -> str:
    """The mention list's absolute URL (a claim's own adds ``?claim=<slug>``), reversed
    once per request rather than once per claim."""
    return request.build_absolute_uri(reverse("api:mention_list"))


def _claim(claim: Claim, links: Links, *, mentions_api: str) -> dict[str, Any]:
    return {
        **_claim_ref(claim, links),
        "speaker": _entity(claim.speaker),
        "subjects": _names(claim.subject_list),
        "value": _number(claim.value),
        "unit": claim.unit,
        "claimed_on": _iso(claim.claimed_on),
        "verdict_label": claim.get_verdict_display() if claim.verdict else "",
        "verdict_explanation": claim.verdict_explanation,
        "verdict_updated_at": _iso(claim.verdict_updated_at),
        "counts": claim_counts(claim),
        "first_reported": _iso(claim.first_reported),
        "mentions_api_url": f"{mentions_api}?claim={claim.slug}",
    }


_COUNT_FIELDS = (
    "sources_reporting",
    "supporting",
    "disputing",
    "mentioning",
    "with_qualifier",
    "mention_count",
    "first_reported",
)


def _unfiltered_counts() -> dict[int, tuple]:
    """Every claim's counts over all its mentions, by claim id. One query over every mention."""
    rows = annotate_claim_counts(Claim.objects.order_by(), filters=Filters())
    return {row[0]: row[1:] for row in rows.values_list("pk", *_COUNT_FIELDS)}


def _with_counts(claim: Claim, counts: dict[int, tuple]) -> Claim:
    # A claim added between the count and the version bump its commit causes: none yet.
    found = counts.get(claim.pk, (0,) * (len(_COUNT_FIELDS) - 1) + (None,))
    for name, value in zip(_COUNT_FIELDS, found, strict=True):
        setattr(claim, name, value)
    return claim


@api_view
def claim_list(request: HttpRequest) -> dict[str, Any]:
    """Claims matching the filters; counts cover the matching mentions only.

    Without filters the counts are every claim's own, which only a write changes:
    they are counted once per data version (sources/pages/queries/memo.py) instead
    of on every request.
    """
    filters, links, mentions_api = _filters(request), _links(request), _mentions_api(request)
    if filters.active:
        return paginate(
            request, _claims(filters), lambda c: _claim(c, links, mentions_api=mentions_api)
        )
    counts = per_version("api-claim-counts", _unfiltered_counts)
    return paginate(
        request,
        _claim_rows(scope.claims(filters)),
        lambda c: _claim(_with_counts(c, counts), links, mentions_api=mentions_api),
    )


@api_view
def claim_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    _known_parameters_only(request)
    links = _links(request)
    claim = _claims(Filters()).filter(slug=slug).first()
    if claim is None:
        raise ApiError(404, f"no claim with slug {slug!r}")
    return _claim(claim, links, mentions_api=_mentions_api(request))


# --- Sources ------------------------------------------------------------------------


def _sources(filters: Filters) -> QuerySet[Source]:
    return (
        annotate_source_counts(scope.sources(filters), filters=filters)
        .select_related("outlet")
        .order_by("-published", "origin")
    )


def _source(source: Source, links: Links) -> dict[str, Any]:
    return {
        **_source_ref(source, links),
        "outlet": _outlet_ref(source.outlet, links),
        "authors": [a.strip() for a in source.authors.split(",") if a.strip()],
        "published_precision": source.published_precision,
        "language": source.language,
        "word_count": source.word_count,
        "content_hash": source.content_hash,
        "ingested_at": _iso(source.ingested_at),
        "counts": {"claims": source.claim_count, "mentions": source.mention_count},
    }


def _mention(mention: Mention, links: Links) -> dict[str, Any]:
    return {
        "id": mention.pk,
        "url": links.mention(mention.source_id, mention.pk, mention.start),
        "api_url": links.api_mention(mention.pk),
        "claim": _claim_ref(mention.claim, links),
        "source": {
            **_source_ref(mention.source, links),
            "outlet": _outlet_ref(mention.source.outlet, links),
        },
        "quote": mention.quote,
        "start": mention.start,
        "end": mention.end,
        "sentence": mention.sentence,
        "sentence_start": mention.sentence_start,
        "qualifier": mention.qualifier,
        "variant": mention.variant,
        "stance": mention.stance,
        "method": mention.method,
        "reviewed": mention.reviewed,
        "field": mention.field,  # the text start/end index into: body, title or dek
        # Review provenance (issue 15 §4) and the framing verb (issue 16 §4).
        "reviewed_by": mention.reviewed_by.username if mention.reviewed_by else "",
        "reviewed_at": _iso(mention.reviewed_at),
        "provenance": mention.provenance,
        "confidence": mention.confidence,
        "reporting_verb": mention.reporting_verb,
        "verb_connotation": mention.verb_connotation,
    }


@api_view
def source_list(request: HttpRequest) -> dict[str, Any]:
    """Sources matching the filters, newest first (bodies only on the detail)."""
    filters, links = _filters(request), _links(request)
    sources = _sources(filters).defer(*HEAVY_SOURCE_FIELDS)
    return paginate(request, sources, lambda s: _source(s, links))


@api_view
def source_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One source with its cleaned text (mention offsets index into ``body``) and mentions."""
    _known_parameters_only(request)
    links = _links(request)
    source = _sources(Filters()).defer("raw_input").filter(pk=pk).first()
    if source is None:
        raise ApiError(404, f"no source with id {pk}")
    mentions = source.mentions.published().select_related("claim").order_by("start", "pk")
    for mention in mentions:
        mention.source = source  # already loaded; saves a join per row
    return {
        **_source(source, links),
        "dek": source.dek,
        "body": source.body,
        "captions": source.captions,
        "mentions": [_mention(m, links) for m in mentions],
    }


# --- Mentions -----------------------------------------------------------------------


@api_view
def mention_list(request: HttpRequest) -> dict[str, Any]:
    """Mentions matching the filters, in the mentions export's order, paginated: those
    readers see, or with ``published=all`` also the links held for review."""
    filters = _filters(request, also=("published",))
    include_held, errors = held_links_asked(request.GET)
    if errors:
        raise ApiError(400, *errors)
    links = _links(request)
    mentions = scope.mentions(filters, include_held=include_held)
    mentions = _mentions(mentions).order_by("claim_id", "source_id", "start", "end")
    return paginate(request, mentions, lambda m: _mention(m, links))


@api_view
def mention_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One mention with its claim and source (its quote is ``body[start:end]`` of the source)."""
    _known_parameters_only(request)
    mention = _mentions(Mention.objects.filter(pk=pk)).first()
    if mention is None:
        raise ApiError(404, f"no mention with id {pk}")
    return _mention(mention, _links(request))


def _mentions(mentions: QuerySet[Mention]) -> QuerySet[Mention]:
    """``mentions`` with their claim, source (without its text) and outlet joined in."""
    return mentions.select_related("claim", "source__outlet", "reviewed_by").defer(
        *(f"source__{name}" for name in HEAVY_SOURCE_FIELDS)
    )


# --- Outlets ------------------------------------------------------------------------


def _outlets(filters: Filters) -> QuerySet[Outlet]:
    """Outlets with ``source_count``: their sources matching ``filters`` (all when unfiltered)."""
    matching = scope.sources(filters)
    counted = (
        matching.filter(outlet=OuterRef("pk"))
        .order_by()
        .values("outlet")
        .annotate(n=Count("pk"))
        .values("n")
    )
    outlets = Outlet.objects.annotate(source_count=Coalesce(Subquery(counted), Value(0)))
    if filters.active:
        outlets = outlets.filter(pk__in=matching.values("outlet_id"))
    return outlets.order_by("name")


def _outlet(outlet: Outlet, links: Links, *, request: HttpRequest) -> dict[str, Any]:
    sources_api = request.build_absolute_uri(reverse("api:source_list") + f"?outlet={outlet.slug}")
    return {
        "id": outlet.pk,
        **_outlet_ref(outlet, links),
        "domain": outlet.domain,
        "kind": outlet.kind,
        "description": outlet.description,
        "source_count": outlet.source_count,
        "sources_api_url": sources_api,
    }


@api_view
def outlet_list(request: HttpRequest) -> dict[str, Any]:
    """Outlets with at least one source matching the filters (all outlets when unfiltered)."""
    filters, links = _filters(request), _links(request)
    return paginate(request, _outlets(filters), lambda o: _outlet(o, links, request=request))


@api_view
def outlet_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    _known_parameters_only(request)
    links = _links(request)
    outlet = _outlets(Filters()).filter(slug=slug).first()
    if outlet is None:
        raise ApiError(404, f"no outlet with slug {slug!r}")
    return _outlet(outlet, links, request=request)


# --- Events -------------------------------------------------------------------------


@api_view
def event_list(request: HttpRequest) -> dict[str, Any]:
    """Timeline events in date order; ``published_after``/``_before`` bound the event date."""
    filters, links = _filters(request), _links(request)
    events = (
        scope.events(filters)
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.published().order_by("slug")),
            Prefetch(
                "sources",
                queryset=Source.objects.defer(*HEAVY_SOURCE_FIELDS).order_by("origin"),
            ),
            Prefetch("entities", queryset=Entity.objects.order_by("name")),
        )
        .order_by("date", "slug")
    )

    def serialize(event: Event) -> dict[str, Any]:
        return {
            "id": event.pk,
            "slug": event.slug,
            "url": links.event(event.slug),
            "date": _iso(event.date),
            "date_precision": event.date_precision,
            "title": event.title,
            "description": event.description,
            "claims": [_claim_ref(c, links) for c in event.claims.all()],
            "sources": [_source_ref(s, links) for s in event.sources.all()],
            "entities": _names(event.entities.all()),
        }

    return paginate(request, events, serialize)


# --- Index --------------------------------------------------------------------------


@api_view
def not_found(request: HttpRequest, path: str = "") -> dict[str, Any]:
    """Any other address under /api/: a JSON 404 that says where to start."""
    start = request.build_absolute_uri(reverse("api:index"))
    raise ApiError(404, f"no API resource at {request.path}; start at {start}")


@api_view
def index(request: HttpRequest) -> dict[str, Any]:
    """What the API offers, with links to every list, export and feed."""
    _known_parameters_only(request)

    def url(name: str, **kwargs) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

    return {
        "name": settings.SITE_NAME,
        "description": "Read-only JSON data behind the site: claims, the articles (sources) "
        "that report them, each mention with its exact quote and offsets, outlets and the "
        "timeline.",
        "resources": {
            "claims": url("api:claim_list"),
            "sources": url("api:source_list"),
            "mentions": url("api:mention_list"),
            "outlets": url("api:outlet_list"),
            "events": url("api:event_list"),
            "reuse": url("api:reuse_list"),
        },
        "parameters": {
            "page": "page number, from 1",
            "page_size": f"results per page, default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}",
            **OPEN_DATA_PARAMETERS,
            **PUBLISHED_PARAMETER,
        },
        "exports": {
            table: {fmt: url("export", table=table, fmt=fmt) for fmt in ("csv", "json", "xlsx")}
            for table in ("mentions", "claims", "sources", "coverage", "events", "reuse")
        },
        "claimreview": url("export_claimreview"),
        "feeds": {"sources": url("feed_sources"), "verdicts": url("feed_verdicts")},
    }
