"""The page cache: reader pages, their htmx fragments, the API, feeds and ClaimReview.

A middleware. For an anonymous GET or HEAD of one of those URLs it answers
from Django's cache, keyed by the full URL (scheme, host, path and query),
the htmx headers that pick a fragment, and the data version
(sources/dataversion.py), which every write changes: so a cached answer is
never stale. It also answers conditional requests (the ETag comes from the
data version, so a repeat request gets 304 without rendering anything; the
Last-Modified is the second the version was made) and sets the
``Cache-Control`` a CDN needs.

Signed-in users (the desk) always get a fresh page, marked private; so does
a connection holding writes it has not committed (see sources/dataversion.py).
``settings.PAGE_CACHE`` (``DJANGO_PAGE_CACHE=0``) turns all of this off.

The CSP nonce: a page stores its body with the nonce it was rendered with;
a hit swaps in this request's own nonce, which ContentSecurityPolicyMiddleware
(listed before this one, so it sees the response after it) then puts in the
header. Every answer thus carries a fresh nonce matching its header. (A CDN
in front serves its copy as it is; there is no inline script to protect.)

Only whole 200 answers without cookies are stored; streaming exports never
are. If the cache is unreachable, pages are served uncached. No database
access of its own.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.http import http_date

from sources.dataversion import current_version, has_uncommitted_writes, version_seconds

log = logging.getLogger(__name__)

# What is cached, by URL namespace or name: the reader pages, the API, feeds, ClaimReview.
CACHED_NAMESPACES = {"sources", "timeline", "api"}
CACHED_URL_NAMES = {"feed_sources", "feed_verdicts", "export_claimreview"}
# The request headers that change what a page answers (see render_page): these are
# part of the key, so a fragment and a whole page are never mixed up.
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")
# Headers the outer middleware adds on every answer; a stored page never keeps them.
_NOT_STORED = {"content-security-policy", "content-security-policy-report-only", "set-cookie"}
_STATE = "_page_cache"


@dataclass
class _Plan:
    key: str = ""
    etag: str = ""
    last_modified: int = 0
    bypass: bool = False
    hit: bool = False


def _variant(request: HttpRequest) -> str:
    return "|".join(request.headers.get(name, "") for name in VARY_HEADERS)


def _is_cached_route(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    return bool(set(match.namespaces) & CACHED_NAMESPACES) or match.url_name in CACHED_URL_NAMES


def _signed_in(request: HttpRequest) -> bool:
    # Only a request with a session cookie can be signed in; checking without one
    # would touch the session and add "Vary: Cookie" to every anonymous page.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


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


def _nonce(request: HttpRequest, *, generate: bool) -> str:
    nonce = getattr(request, "_csp_nonce", None)
    if nonce is None or not (generate or nonce):
        return ""  # bool(LazyNonce) is False until something used it
    return str(nonce)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page set a CSRF token for this visitor alone
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return not (has_vary_header(response, "Cookie") or has_vary_header(response, "*"))


def _stored(response: HttpResponse, nonce: str) -> dict:
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED],
        "nonce": nonce,
    }


def _rebuilt(stored: dict, request: HttpRequest) -> HttpResponse:
    content = stored["content"]
    if stored["nonce"]:
        content = content.replace(stored["nonce"].encode(), _nonce(request, generate=True).encode())
    response = HttpResponse(content, status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    return response


class PageCacheMiddleware:
    """See the module docstring. Sits after ContentSecurityPolicyMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        plan: _Plan | None = getattr(request, _STATE, None)
        if plan is None:
            return response
        if plan.bypass:
            patch_cache_control(response, private=True, no_cache=True)
            response["X-Page-Cache"] = "bypass"
            return response
        if plan.hit:
            return response
        if _storable(request, response):
            try:
                cache.set(
                    plan.key,
                    _stored(response, _nonce(request, generate=False)),
                    settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                log.exception("Could not store a page in the cache")
            _public_headers(response, plan)
        response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return None
        if not _is_cached_route(request):
            return None
        if _signed_in(request) or any(
            has_uncommitted_writes(c) for c in connections.all(initialized_only=True)
        ):
            setattr(request, _STATE, _Plan(bypass=True))
            return None
        try:
            version = current_version()
        except Exception:
            log.exception("The cache is unreachable; serving uncached")
            return None
        variant = _variant(request)
        url = request.build_absolute_uri()
        digest = hashlib.sha256(f"{variant}\n{url}".encode()).hexdigest()
        plan = _Plan(
            key=f"page:{version}:{digest}",
            # Weak: a cached body differs from the first one only by its CSP nonce.
            etag=f'W/"{version}-{digest[:16]}"',
            last_modified=version_seconds(version),
        )
        setattr(request, _STATE, plan)
        # The ETag alone decides: two versions made in one second share a
        # Last-Modified, so If-Modified-Since could call a changed page unchanged.
        not_modified = get_conditional_response(request, etag=plan.etag)
        if not_modified is not None:
            plan.hit = True
            _public_headers(not_modified, plan)
            not_modified["X-Page-Cache"] = "hit"
            return not_modified
        try:
            stored = cache.get(plan.key)
        except Exception:
            log.exception("The cache is unreachable; serving uncached")
            stored = None
        if stored is None:
            return None
        plan.hit = True
        response = _rebuilt(stored, request)
        _public_headers(response, plan)
        response["X-Page-Cache"] = "hit"
        return response
