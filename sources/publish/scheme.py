"""The published copy's URL scheme: which live URL becomes which plain file.

A static host answers a path with a file and ignores the query string, so every
live URL the copy keeps gets a path of its own:

=====================================  ============================================
live URL                               published URL (file under OUTDIR)
=====================================  ============================================
``/claims/x/``, ``/sources/7/`` …      the same (``claims/x/index.html``)
``/coverage/?claim=x``                 ``/coverage/claim/x/`` (``…/index.html``)
``/coverage/?outlet=x``                ``/coverage/outlet/x/``
``/compare/?claim=x``                  ``/compare/claim/x/``
``/sources/?page=3`` (any ``page``)    ``/sources/page/3/``; with a claim:
                                       ``/coverage/claim/x/page/3/``
``/claims/x/?first=2`` (``outlets``)   ``/claims/x/first/2/``: the claim page's other
                                       pagers (first reports, outlets' verbs), one
                                       pager at a time
``/api/claims/`` (``?page=3``)         ``/api/claims/index.json``
                                       (``/api/claims/page/3/index.json``)
``/feeds/sources/``                    ``/feeds/sources/index.xml``
``/export/claims.csv``                 the same (``export/claims.csv``)
``/export/mentions.csv?claim=x``       ``/export/claim/x/mentions.csv``
=====================================  ============================================

HTML pages keep their directory-style URLs (every static host serves a folder's
index.html), so a link shared from the live site works on the copy and back.
JSON and Atom documents get an explicit file name, so the host sends the right
content type. Any other query (the coverage filters, search, a filtered export)
needs the server: ``published_url`` answers None for it.

Resolves URLs against the project's URL conf; no database access.
"""

import re
from urllib.parse import parse_qsl, urlencode

from django.urls import Resolver404, resolve

# Pages (namespace) whose ``?page=N`` gets a /page/N/ path.
_PAGED = {"sources", "timeline", "api"}
# Pagers other than ``page``, by view: the claim page pages its first reports and its
# outlets' verbs apart from its quotes.
_OTHER_PAGERS = {"sources:claim_detail": ("first", "outlets")}
_PAGER_NAMES = {"page", *(name for names in _OTHER_PAGERS.values() for name in names)}
# The one filter a view may carry into the copy, as a /<filter>/<slug>/ path: the
# per-claim (and per-outlet) coverage, the compare page's claim, a claim's downloads.
_FILTERS = {
    "sources:coverage": {"claim", "outlet"},
    "sources:compare": {"claim"},
    "export": {"claim"},
}
# Views that answer something other than HTML at a directory-style URL.
_FILE_NAMES = {"feed_sources": "index.xml", "feed_verdicts": "index.xml"}
# Never published: needs a query to say anything.
_SERVER_ONLY = {"sources:search"}
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PAGE = re.compile(r"[1-9][0-9]{0,8}")


def normalise(path: str, query: str) -> str:
    """One spelling per live URL: blank parameters and first pages (``page=1``) dropped,
    the rest sorted."""
    pairs = sorted(
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=False)
        if not (name in _PAGER_NAMES and value == "1")
    )
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def published_url(path: str, query: str = "") -> str | None:
    """The copy's URL for the live ``path?query``, or None when only the server can answer."""
    name = _view_name(path)
    if name is None or name in _SERVER_ONLY or name.startswith("admin:"):
        return None
    pairs = parse_qsl(query, keep_blank_values=False)
    params = dict(pairs)
    if len(params) != len(pairs):
        return None  # a repeated parameter: a filter with several values
    pagers = {
        pager: number
        for pager in ("page", *_OTHER_PAGERS.get(name, ()))
        if (number := params.pop(pager, "1")) != "1"
    }
    if len(pagers) > 1:
        return None  # two lists paged at once: a combination the copy does not keep
    pager, page = next(iter(pagers.items()), ("page", "1"))
    if len(params) > 1 or not _PAGE.fullmatch(page):
        return None
    prefix = ""
    for filter_name, slug in params.items():
        if filter_name not in _FILTERS.get(name, ()) or not _SLUG.fullmatch(slug):
            return None
        prefix = f"{filter_name}/{slug}/"
    if not path.endswith("/"):
        # /export/<table>.<fmt>: a file already; a claim's own rows under export/claim/<slug>/.
        if page != "1":
            return None
        folder, _, filename = path.rpartition("/")
        return f"{folder}/{prefix}{filename}"
    url = path + prefix
    if page != "1":
        if pager == "page" and (name.partition(":")[0] not in _PAGED or ":" not in name):
            return None
        url += f"{pager}/{page}/"
    if name.startswith("api:"):
        return url + "index.json"
    return url + _FILE_NAMES.get(name, "")


def file_path(url: str) -> str:
    """The file under OUTDIR that serves the published ``url``."""
    relative = url.lstrip("/")
    return relative + "index.html" if url.endswith("/") else relative
