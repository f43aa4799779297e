"""The outlet pages' long lists: ``{% load outlets %}``.

The list of outlets and an outlet's claims and articles run to dozens of
rows. Looped over in the template, each row costs a few microseconds per tag
and variable (a number is localised, a date worded): milliseconds a page,
most of the page's time. Written here, each list costs about what one
template tag does. The markup is what the template would write, every value
escaped (``html.escape``, as Django's ``escape`` does, without its per-call
overhead).
"""

from datetime import date
from functools import lru_cache
from html import escape

from django import template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from sources.templatetags.pages import precise_date

register = template.Library()


@lru_cache(maxsize=4096)
def _date_label(day: date | None, precision: str, language: str) -> str:
    # Articles share dates, within a page and across requests: each is worded once.
    return escape(precise_date(day, precision))


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


@register.simple_tag
def outlet_rows(outlets) -> SafeString:
    """A ``<tr>`` per ``OutletCount`` (sources/pages/queries/outlets.py): its name linking
    to its page, its domain, kind, and how many articles and quotes it has."""
    rows = []
    for outlet in outlets:
        domain = f' <span class="muted">{escape(outlet.domain)}</span>' if outlet.domain else ""
        rows.append(
            f'<tr>\n<td class="card-title"><a href="{escape(outlet.url)}">{escape(outlet.name)}'
            f"</a>{domain}</td>\n"
            f'<td data-label="Kind">{escape(outlet.kind_label)}</td>\n'
            f'<td class="num" data-label="Articles">{outlet.n_sources:d}</td>\n'
            f'<td class="num" data-label="Quotes linked to claims">{outlet.n_mentions:d}</td>\n'
            "</tr>\n"
        )
    return mark_safe("".join(rows))


@register.simple_tag
def outlet_claims(claims) -> SafeString:
    """An ``<li>`` per ``OutletClaim``: the claim linking to its page, in how many of the
    outlet's articles, and how many of them kept the qualifier."""
    items = []
    for claim in claims:
        kept = f", {claim.kept:d} kept the qualifier" if claim.kept else ""
        items.append(
            f'<li><a href="{escape(claim.url)}">{escape(claim.statement)}</a>\n'
            f'<span class="count">{claim.sources:d} article{_plural(claim.sources)}{kept}'
            "</span></li>\n"
        )
    return mark_safe("".join(items))


@register.simple_tag
def outlet_articles(sources) -> SafeString:
    """An ``<li>`` per ``OutletSource``: its title linking to it, and its date only as
    precise as known."""
    language = translation.get_language() or ""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(source.url)}">{escape(source.title)}</a> <span class="date">'
            f"{_date_label(source.published, source.published_precision, language)}</span></li>\n"
            for source in sources
        )
    )
