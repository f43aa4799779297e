"""Template filters for editor markdown and mention links: ``{% load newsroom %}``.

No database access: every filter works on values the page already holds.
"""

from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html

from newsroom.staticfinders import PLOTLY_BUNDLE
from sources import limits
from sources.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ claim.verdict_explanation|markdown }}`: rendered and sanitised."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def plotly_script(context) -> str:
    """`{% plotly_script %}`: the plotly.js bundle every chart page loads (one path for all,
    newsroom/staticfinders.py says which), deferred, with the page's CSP nonce."""
    return format_html(
        '<script src="{}" defer nonce="{}"></script>',
        static(PLOTLY_BUNDLE),
        context.get("csp_nonce", ""),
    )


@lru_cache(maxsize=256)
def _export_url(script_prefix: str, table: str, fmt: str) -> str:
    return reverse("export", args=[table, fmt])


@register.simple_tag
def export_url(table: str, fmt: str) -> str:
    """`{% export_url "mentions" "csv" %}`: the download's URL, reversed once per process (a
    page links several; each ``{% url %}`` is a reverse() of ~40 µs)."""
    return _export_url(get_script_prefix(), table, fmt)


@register.filter
def web_url(url: str | None) -> str:
    """`{% with href=citation.cited_url|web_url %}`: the URL when it is an http(s) link,
    else "" (a stored ``javascript:`` or ``data:`` URL is shown as text, never linked)."""
    url = (url or "").strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https") else ""


@register.filter
def part_query(start: int | None) -> str:
    """`{{ source.get_absolute_url }}{{ mention.start|part_query }}#mention-{{ mention.pk }}`:
    the part of a long article's page a mention starting at ``start`` is on ("" for part 1)."""
    try:
        return limits.part_query(int(start or 0))
    except (TypeError, ValueError):
        return ""
