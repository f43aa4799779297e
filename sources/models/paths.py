"""The reader-page URL of one object, reversed once per URL name instead of once per call.

A list page asks for a hundred ``get_absolute_url`` in one request, and ``reverse()``
costs tens of microseconds each. A detail URL is a fixed text around one value, so
``detail_url`` reverses it once with a placeholder, keeps the text before and after it,
and puts each value in between. The kept pieces are keyed by the script prefix and the
URLconf in force, so a site mounted under a prefix (or a request with its own URLconf)
gets its own. A value the URL's converter would not take goes through ``reverse()``
itself, which gives the same result (or the same error) as before.
"""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What each converter accepts (django.urls.converters), all characters that ``reverse``
# leaves as they are when it quotes a value; and a placeholder the converter accepts.
_ACCEPTS = {"int": re.compile(r"[0-9]+"), "slug": re.compile(r"[-a-zA-Z0-9_]+")}
_PLACEHOLDER = {"int": "9081726354", "slug": "x-placeholder-of-a-slug-x"}
_pieces: dict[tuple[str, str, object], tuple[str, str] | None] = {}


def _split(name: str, kind: str, key: tuple[str, str, object]) -> tuple[str, str] | None:
    url = reverse(name, args=[_PLACEHOLDER[kind]])
    before, found, after = url.partition(_PLACEHOLDER[kind])
    # A URL that would hold the placeholder twice (or not at all) keeps using reverse().
    pieces = (before, after) if found and _PLACEHOLDER[kind] not in after else None
    _pieces[key] = pieces
    return pieces


def detail_url(name: str, kind: str, value: object) -> str:
    """``reverse(name, args=[value])`` for a URL with one ``kind`` ("int" or "slug") argument."""
    text = str(value)
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    pieces = _pieces[key] if key in _pieces else _split(name, kind, key)
    if pieces is None or not _ACCEPTS[kind].fullmatch(text) or isinstance(value, bool):
        return reverse(name, args=[value])
    return f"{pieces[0]}{text}{pieces[1]}"


def source_path(pk: int) -> str:
    """An article's page (``Source.get_absolute_url``), from its id alone."""
    return detail_url("sources:source_detail", "int", pk)


def claim_path(slug: str) -> str:
    """A claim's page (``Claim.get_absolute_url``), from its slug alone."""
    return detail_url("sources:claim_detail", "slug", slug)


def outlet_path(slug: str) -> str:
    """An outlet's page (``Outlet.get_absolute_url``), from its slug alone."""
    return detail_url("sources:outlet_detail", "slug", slug)
