"""The page cache: reader pages, their htmx fragments, the API, feeds and ClaimReview.

A middleware, the first of the list, so a cached page is answered before any
other middleware or the URL resolver runs: what a CDN in front would do, inside
each app server. For an anonymous GET or HEAD it looks the page up in Django's
cache, keyed by the full URL (scheme, host, path and query), the htmx headers
that pick a fragment, and the data version (sources/dataversion.py), which
every write changes: so a cached answer is never stale. It also answers
conditional requests (the ETag comes from the data version, so a repeat request
gets 304 without rendering anything; the Last-Modified is the second the
version was made) and sets the ``Cache-Control`` a CDN needs.

Only the reader pages, the API, feeds and ClaimReview are stored (by URL
namespace or name, below), as whole 200 answers without cookies, after the
rest of the stack has added its headers (security, framing, CSP), so a hit
carries the same headers as the page it copies. Streaming exports never are.

Who is served from it: anonymous requests, i.e. without a session or messages
cookie. A request carrying either (the desk, signed in) always gets a fresh
page, marked private, and nothing it sees is stored; so does a connection
holding writes it has not committed (see sources/dataversion.py).
``settings.PAGE_CACHE`` (``DJANGO_PAGE_CACHE=0``) turns all of this off. If the
cache is unreachable, pages are served uncached. No database access of its own.

Two levels: the shared cache (``CACHES["default"]``: files by default, Redis
for several servers) and, in each process, a small copy of the pages it served
last (``PAGE_CACHE_LOCAL_ENTRIES``), which saves reading and unpickling a page
from files or Redis on every hit. Both are keyed by the data version, so
neither can be stale; a hit still reads the version from the shared cache.

The CSP nonce: a page is stored with the nonce it was rendered with, in its body
and its ``Content-Security-Policy`` header; a hit swaps in a fresh one in both,
so every answer carries a nonce of its own that matches its header. (A CDN in
front serves its copy as it is; there is no inline script to protect.)
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as once

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.csp import CSP, generate_nonce
from django.utils.http import http_date

from sources.dataversion import current_version, has_uncommitted_writes, version_seconds

log = logging.getLogger(__name__)

# What is cached, by URL namespace or name: the reader pages, the API, feeds, ClaimReview.
CACHED_NAMESPACES = {"sources", "timeline", "api"}
CACHED_URL_NAMES = {"feed_sources", "feed_verdicts", "export_claimreview"}
# The request headers that change what a page answers (see render_page): these are
# part of the key, so a fragment and a whole page are never mixed up.
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")
_CSP_HEADERS = {str(CSP.HEADER_ENFORCE).lower(), str(CSP.HEADER_REPORT_ONLY).lower()}
# Pages larger than this are kept in the shared cache only, not in each process.
LOCAL_MAX_BYTES = 1_000_000


@dataclass
class _Plan:
    """What the cache does for one request: use ``key``, or stay out of it (``bypass``)."""

    key: str = ""
    etag: str = ""
    last_modified: int = 0
    bypass: bool = False


def _is_cached_route(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    return bool(set(match.namespaces) & CACHED_NAMESPACES) or match.url_name in CACHED_URL_NAMES


def _carries_state(request: HttpRequest) -> bool:
    """Whether the request has cookies that make its page its own: the signed-in desk's
    session, or messages waiting to be shown."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _holds_uncommitted_writes() -> bool:
    return any(has_uncommitted_writes(c) for c in connections.all(initialized_only=True))


@once
def _static_prefix() -> str | None:
    url = settings.STATIC_URL or ""
    return url if url.startswith("/") else None


def _plan(request: HttpRequest) -> _Plan | None:
    """The key and validators of this request; None when the cache has no say in it."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    prefix = _static_prefix()
    if prefix and request.path_info.startswith(prefix):
        return None  # static files: WhiteNoise's
    if _carries_state(request) or _holds_uncommitted_writes():
        return _Plan(bypass=True)
    try:
        url = request.build_absolute_uri()
    except DisallowedHost:
        return None  # the stack below answers 400
    try:
        version = current_version()
    except Exception:
        log.exception("The cache is unreachable; serving uncached")
        return None
    variant = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    digest = hashlib.sha256(f"{variant}\n{url}".encode()).hexdigest()
    return _Plan(
        key=f"page:{version}:{digest}",
        # Weak: a cached body differs from the first one only by its CSP nonce.
        etag=f'W/"{version}-{digest[:16]}"',
        last_modified=version_seconds(version),
    )


def _public_headers(response: HttpResponse, plan: _Plan) -> None:
    response["ETag"] = plan.etag
    response["Last-Modified"] = http_date(plan.last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_S_MAXAGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or _holds_uncommitted_writes():
        return False  # a CSRF token for this visitor alone, or rows nobody else sees
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return not (has_vary_header(response, "Cookie") or has_vary_header(response, "*"))


def _rendered_nonce(request: HttpRequest) -> str:
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else ""  # bool(LazyNonce) is False until something used it


def _stored(request: HttpRequest, response: HttpResponse) -> dict:
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "set-cookie"],
        "nonce": _rendered_nonce(request),
    }


def _rebuilt(stored: dict) -> HttpResponse:
    """The stored page with a fresh CSP nonce in its body and in its policy header."""
    content, old = stored["content"], stored["nonce"]
    new = generate_nonce() if old else ""
    if old:
        content = content.replace(old.encode(), new.encode())
    response = HttpResponse(content, status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value.replace(old, new) if old and name.lower() in _CSP_HEADERS else value
    response["Content-Length"] = str(len(content))
    return response


def _local() -> LocMemCache | None:
    entries = settings.PAGE_CACHE_LOCAL_ENTRIES
    return _local_cache(entries) if entries > 0 else None


@once
def _local_cache(entries: int) -> LocMemCache:
    return LocMemCache(
        "newsroom-pages",
        {"TIMEOUT": settings.PAGE_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": entries}},
    )


def _fetch(key: str) -> dict | None:
    local = _local()
    if local is not None and (found := local.get(key)) is not None:
        return found
    try:
        found = cache.get(key)
    except Exception:
        log.exception("The cache is unreachable; serving uncached")
        return None
    if found is not None and local is not None and len(found["content"]) <= LOCAL_MAX_BYTES:
        local.set(key, found)
    return found


def _store(key: str, stored: dict) -> None:
    try:
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    except Exception:
        log.exception("Could not store a page in the cache")
        return
    local = _local()
    if local is not None and len(stored["content"]) <= LOCAL_MAX_BYTES:
        local.set(key, stored)


def _cached_answer(request: HttpRequest, plan: _Plan) -> HttpResponse | None:
    """A 304 or the stored page for this request, or None when it must be rendered."""
    # The ETag alone decides: two versions made in one second share a Last-Modified, so
    # If-Modified-Since could call a changed page unchanged. Only cached routes ever
    # hand out these ETags (the URL is part of them), so no route check is needed here.
    response = get_conditional_response(request, etag=plan.etag)
    if response is None:
        stored = _fetch(plan.key)
        if stored is None:
            return None
        response = _rebuilt(stored)
    else:
        patch_vary_headers(response, VARY_HEADERS)
    _public_headers(response, plan)
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """See the module docstring. The first middleware of the list."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        plan = _plan(request)
        if plan is not None and not plan.bypass:
            answer = _cached_answer(request, plan)
            if answer is not None:
                return answer
        response = self.get_response(request)
        if plan is None or not _is_cached_route(request):
            return response
        if plan.bypass:
            patch_cache_control(response, private=True, no_cache=True)
            response["X-Page-Cache"] = "bypass"
            return response
        if _storable(request, response):
            _store(plan.key, _stored(request, response))
            _public_headers(response, plan)
        response["X-Page-Cache"] = "miss"
        return response
