"""The article page's long parts, written in Python: ``{% load article_page %}``.

Its text with its mentions marked and linked, the list of those mentions, what it
cites and who cites it.

``{% marked_text segments %}`` writes a run of segments
(``sources.highlight.segment_text``), ``{% marked_paragraphs paragraphs %}`` a part's
paragraphs, each in its ``<p>``: the ``links`` mode of ``includes/_highlighted.html``,
which calls them (it stays the one way text is highlighted). Each highlight is a
``<mark>`` with the innermost mention's stance, its anchor (``id="mention-N"``) where a
mention starts, and a link to the mention's claim. An article part has hundreds of
segments; looped over in a template, every segment's tags and variables cost a few
microseconds, most of the page's time. Every piece of article text is escaped
(``html.escape``, what Django's ``escape`` calls). The mentions are ``MarkedMention``s
(sources.pages.queries.sources).

``{% mention_items detail.mentions can_review %}`` writes the list of the part's
mentions, each with its claim, stance, hedge and a jump to the quote, and for an
editor (``can_review``) the form that marks it reviewed, the way the template did.
``{% citation_items detail.citations %}`` and ``{% cited_by_items detail.cited_by %}``
write the article's citations both ways (``Citation`` rows, as the page reads them).
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from sources.templatetags.newsroom import web_url
from sources.templatetags.pages import reporter, stance_label

register = template.Library()


def _anchor(mention) -> str:
    return f'<span class="mention-anchor" id="mention-{mention.pk}"></span>'


def _segment(segment) -> str:
    if not segment.spans:
        return escape(segment.text)
    out = "".join(_anchor(extra) for extra in segment.starts[1:])
    anchor = segment.starts[0] if segment.starts else None
    if segment.text:
        primary = segment.spans[0]  # the innermost, which the link follows
        overlap = " overlap" if len(segment.spans) > 1 else ""
        anchor_id = f' id="mention-{anchor.pk}"' if anchor is not None else ""
        out += (
            f'<mark class="mention stance-{escape(primary.stance)}{overlap}"{anchor_id}>'
            f'<a href="{escape(primary.claim_url)}" title="Claim: '
            f'{escape(primary.claim_statement)}">{escape(segment.text)}</a></mark>'
        )
    elif anchor is not None:
        out += _anchor(anchor)
    return out


def _marked(segments: Iterable) -> str:
    return "".join(_segment(segment) for segment in segments)


@register.simple_tag
def marked_text(segments: Iterable) -> SafeString:
    """A run of segments, its mentions marked and linked to their claims."""
    return mark_safe(_marked(segments))  # noqa: S308 - every piece of text is escaped


@register.simple_tag
def marked_paragraphs(paragraphs: Iterable) -> SafeString:
    """Each paragraph (a list of segments) as a ``<p>``, its mentions marked."""
    return mark_safe("".join(f"<p>{_marked(p)}</p>\n" for p in paragraphs))  # noqa: S308


def _review(mention, request) -> str:
    """An editor's way to mark ``mention`` reviewed where they read it (staff only: the
    page cache never serves them)."""
    if mention.reviewed:
        return '\n        <span class="small muted review-state">reviewed</span>'
    action = reverse("admin:sources_mention_review", args=[mention.pk])
    back = f"{request.get_full_path()}#review-{mention.pk}"
    return (
        f'\n        <form class="review-mention" method="post" action="{escape(action)}">'
        '<input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(get_token(request))}">\n'
        f'            <input type="hidden" name="next" value="{escape(back)}">\n'
        '            <button type="submit">Mark reviewed</button></form>'
    )


def _mention_item(mention, request) -> str:
    hedge = (
        f'\n        <span class="qualifier kept">“{escape(mention.qualifier)}”</span>'
        if mention.qualifier
        else ""
    )
    if mention.stale:
        where = '<span class="warning">the quote no longer matches the text</span>'
    else:
        where = f'<a href="#mention-{mention.pk}">jump to the quote</a>'
    review = _review(mention, request) if request is not None else ""
    return (
        f'<li id="review-{mention.pk}"><a href="{escape(mention.claim_url)}">'
        f"{escape(mention.claim_statement)}</a>\n"
        f'        <span class="stance stance-{escape(mention.stance)}">'
        f"{escape(stance_label(mention.stance))}</span>{hedge}\n        {where}{review}</li>\n"
    )


@register.simple_tag(takes_context=True)
def mention_items(context: template.Context, mentions: Iterable, can_review: bool) -> SafeString:
    """Each mention as an ``<li id="review-N">`` (the ``<ol>`` is the template's)."""
    request = context.get("request") if can_review else None
    return mark_safe("".join(_mention_item(m, request) for m in mentions))  # noqa: S308


def _cited(citation) -> str:
    """What a citation names: the article, else the outlet (and the title it gave), else
    only the title."""
    if citation.cited_source_id and citation.cited_source is not None:
        cited = citation.cited_source
        return f'<a href="{escape(cited.get_absolute_url())}">{escape(cited.title)}</a>'
    if citation.cited_outlet_id and citation.cited_outlet is not None:
        outlet = citation.cited_outlet
        title = f", “{escape(citation.cited_title)}”" if citation.cited_title else ""
        return f'<a href="{escape(outlet.get_absolute_url())}">{escape(outlet.name)}</a>{title}'
    return f"“{escape(citation.cited_title)}”" if citation.cited_title else ""


def _citation(citation) -> str:
    href = web_url(citation.cited_url)
    if href:
        link = f'(<a href="{escape(href)}" rel="noopener noreferrer nofollow">link</a>)'
    elif citation.cited_url:
        link = f"({escape(Truncator(citation.cited_url).chars(70))})"
    else:
        link = ""
    return (
        f'<li><span class="kind">{escape(citation.get_kind_display())}</span>:\n'
        f"        {_cited(citation)}\n        {link}\n"
        f"        <q>{escape(citation.text)}</q></li>\n"
    )


@register.simple_tag
def citation_items(citations: Iterable) -> SafeString:
    """Each citation of the article (what it credits) as an ``<li>``."""
    return mark_safe("".join(_citation(c) for c in citations))  # noqa: S308 - escaped


def _cited_by(citation) -> str:
    source = citation.source
    return (
        f'<li><a href="{escape(source.get_absolute_url())}">{escape(reporter(source))}: '
        f"{escape(source.title)}</a> "
        f'<span class="kind">({escape(citation.get_kind_display().lower())})</span></li>\n'
    )


@register.simple_tag
def cited_by_items(citations: Iterable) -> SafeString:
    """Each citation of the article by another (who credits it) as an ``<li>``."""
    return mark_safe("".join(_cited_by(c) for c in citations))  # noqa: S308 - escaped
