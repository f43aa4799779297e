"""Rewriting a rendered page's links for the published copy; reading them for the crawl.

The site's templates write every attribute in double quotes, so a page's links
are found with regular expressions rather than re-serialised through an HTML
parser (which would change the markup the browser tests and screenshots know).

What ``rewrite_page`` does to one page:

- drops htmx attributes (``hx-*``): there is no server to fetch fragments from, so
  every link and form falls back to plain navigation;
- drops ``nonce`` attributes: they belong to one response's CSP header, and the copy
  has no inline script, so a host may send ``script-src 'self'``;
- asks ``target`` for the new value of each ``href`` and ``src``, ``form_target``
  for each form's ``action``.
  None means "no static equivalent": a link keeps its text without the link,
  a form (the filters, the search box) is left out, any other tag is removed;
- asks ``target`` too for each ``data-figure-src`` (a chart's figure, which
  static/js/charts.js fetches); None, or another site's URL (which the copy's
  ``connect-src 'self'`` would refuse), drops the attribute, leaving the chart's
  table to stand for it.

Pure text in, text out; no database access, no Django.
"""

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import urlsplit

_ATTRIBUTE = re.compile(r'\s(href|src|action)="([^"]*)"')
# A document a script fetches (a chart's figure): published and rewritten like a link.
_FETCHED = re.compile(r'\s(data-figure-src)="([^"]*)"')
_HTMX = re.compile(r'\s+hx-[a-z-]+="[^"]*"')
_NONCE = re.compile(r'\s+nonce="[^"]*"')
_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>\s*</script>", re.S)
_VOID_TAG = re.compile(r"<(link|img|source)\b([^>]*)>", re.S)

Target = Callable[[str], str | None]


def links_in(html: str) -> list[str]:
    """Every ``href``, ``src`` and ``action`` value of the page, unescaped, in order, then
    every ``data-figure-src``."""
    found = _ATTRIBUTE.findall(html) + _FETCHED.findall(html)
    return [unescape(value) for _name, value in found]


def _retarget(attributes: str, target: Target) -> str | None:
    """``attributes`` with each link replaced by ``target``'s answer; None if one has none."""
    dropped = False

    def replace(match: re.Match) -> str:
        nonlocal dropped
        new = target(unescape(match.group(2)))
        if new is None:
            dropped = True
            return ""
        return f' {match.group(1)}="{escape(new)}"'

    rewritten = _ATTRIBUTE.sub(replace, attributes)
    return None if dropped else rewritten


def rewrite_page(html: str, target: Target, form_target: Target) -> str:
    """The page as the copy serves it (see the module's docstring).

    Forms take ``form_target``: a form adds its fields as a query, which a static
    copy can never answer, even where its bare action has a file.
    """
    html = _NONCE.sub("", _HTMX.sub("", html))

    def form(match: re.Match) -> str:
        opening = match.group(0)[: match.group(0).index(">") + 1]
        rewritten = _retarget(opening, form_target)
        return "" if rewritten is None else rewritten + match.group(0)[len(opening) :]

    def anchor(match: re.Match) -> str:
        attributes = _retarget(match.group(1), target)
        return match.group(2) if attributes is None else f"<a{attributes}>{match.group(2)}</a>"

    def script(match: re.Match) -> str:
        attributes = _retarget(match.group(1), target)
        return "" if attributes is None else f"<script{attributes}></script>"

    def void(match: re.Match) -> str:
        attributes = _retarget(match.group(2), target)
        return "" if attributes is None else f"<{match.group(1)}{attributes}>"

    def fetched(match: re.Match) -> str:
        new = target(unescape(match.group(2)))
        if new is None or urlsplit(new).netloc:
            return ""
        return f' {match.group(1)}="{escape(new)}"'

    html = _FETCHED.sub(fetched, html)
    html = _FORM.sub(form, html)
    html = _ANCHOR.sub(anchor, html)
    html = _SCRIPT.sub(script, html)
    return _VOID_TAG.sub(void, html)
