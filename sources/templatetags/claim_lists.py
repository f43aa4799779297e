"""A claim's long lists, written in Python: ``{% load claim_lists %}``.

``{% variant_items detail.variants %}`` writes the ways articles worded a claim,
``{% wording_items detail.rows %}`` the claim page's quotes (fifty a page: an
article, its date, the sentence with the quote marked, the stance, the hedge, two
links), ``{% first_report_items first %}`` who had it first (the claim page and the
timeline), ``{% verb_summary_items travel.verbs qualifier %}`` how often each framing
verb dropped the hedge and ``{% outlet_verb_rows travel.outlets qualifier %}`` the verb
table's rows.
Looped over in a template, every variable and tag of a row costs a few microseconds:
milliseconds a page, most of the page's time. Written here, a list costs about what
one tag does. The markup is what the templates wrote (a quote marked in its sentence
as ``includes/_quote_in_context.html`` marks it), every value escaped with
``html.escape``, which is what Django's ``escape`` calls.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from sources.templatetags.pages import stance_label, time_tag

register = template.Library()


def _plural(n: int, word: str) -> str:
    """ "1 quote", "2 quotes": what ``{{ n }} word{{ n|pluralize }}`` writes."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _variant(group) -> str:
    """One ``VariantGroup`` (sources.pages.queries.claims) as a list item."""
    forms = " / ".join(f"“{escape(form)}”" for form in group.forms)
    if group.more_forms:
        forms += f" and {_plural(group.more_forms, 'more spelling')}"
    return (
        f'<li><span class="variant">{forms}</span>\n'
        f'  <span class="count">{_plural(group.count, "quote")}, '
        f"{_plural(group.sources, 'article')}</span></li>\n"
    )


@register.simple_tag
def variant_items(groups: Iterable) -> SafeString:
    """Each way of wording the claim, its spellings and how many quotes and articles used
    it, as an ``<li>`` (the ``<ul>`` is the template's)."""
    return mark_safe("".join(_variant(group) for group in groups))  # noqa: S308 - escaped


def _date(published, precision: str) -> str:
    return time_tag(published, precision) if published else "date unknown"


def _qualifier(row) -> str:
    if row.qualifier_kept is None:  # the claim has no hedge to keep
        return ""
    if row.qualifier_kept:
        return f'\n    <span class="qualifier kept">kept “{escape(row.qualifier)}”</span>'
    return '\n    <span class="qualifier dropped">dropped the qualifier</span>'


def _wording(row) -> str:
    """One ``Wording`` (sources.pages.queries.claims) as a list item."""
    cite = f' cite="{escape(row.web_url)}"' if row.web_url else ""
    quoted = row.context
    return (
        '<li class="wording">\n'
        f'  <p class="wording-source"><a href="{escape(row.url)}">{escape(row.reporter)}: '
        f"{escape(row.title)}</a>\n"
        f'    <span class="date">{_date(row.published, row.published_precision)}</span></p>\n'
        f'  <blockquote{cite}><span class="in-context">{escape(quoted.before)}'
        f"<mark>{escape(quoted.quote)}</mark>{escape(quoted.after)}</span></blockquote>\n"
        '  <p class="wording-meta">\n'
        f'    <span class="stance stance-{escape(row.stance)}">'
        f"{escape(stance_label(row.stance))}</span>{_qualifier(row)}\n"
        f'    <a href="{escape(row.mention_url)}">See it in the article</a>\n'
        "  </p>\n</li>\n"
    )


@register.simple_tag
def wording_items(rows: Iterable) -> SafeString:
    """Each quote of the page as an ``<li class="wording">`` (the ``<ol>`` is the page's)."""
    return mark_safe("".join(_wording(row) for row in rows))  # noqa: S308 - values escaped


def _first_report(report, lag: str) -> str:
    """One ``FirstReport`` (sources.travel.first) and its lag in words, as a list item."""
    source = report.source
    value = f' value="{report.rank}"' if report.rank else ""
    if report.when is None:
        when = "date unknown"
    else:
        when = _date(source.published, source.published_precision)
        when += f" ({escape(lag)})" if lag else ""
    notes = ""
    if report.tied:
        notes += '\n    <span class="tie">tied: the dates known cannot tell these apart</span>'
    if report.is_copy:
        notes += '\n    <span class="copy">a copy of another article</span>'
    if report.articles > 1:
        notes += f'\n    <span class="small">({report.articles} articles)</span>'
    return (
        f'<li{value}><a href="{escape(source.get_absolute_url())}">'
        f"{escape(report.outlet or 'Unknown outlet')}</a>: {when}{notes}</li>\n"
    )


@register.simple_tag
def first_report_items(first: Iterable) -> SafeString:
    """Each (first report, lag) pair (``labels.with_lags``) as an ``<li>``, numbered by its
    rank (outlets that tie share a number); the ``<ol>`` is the template's."""
    return mark_safe("".join(_first_report(r, lag) for r, lag in first))  # noqa: S308


def _verb_summary(row, qualifier: str) -> str:
    if row.verb:
        who = f"Outlets that wrote “{escape(row.verb)}”"
        if row.connotation:
            who += f' <span class="connotation">({escape(row.connotation)})</span>'
    else:
        who = "With no reporting verb, outlets"
    return (
        f"<li>{who}\n    dropped “{escape(qualifier)}” <strong>{row.dropped}</strong> "
        f"time{'' if row.dropped == 1 else 's'} out of {row.mentions}.</li>\n"
    )


@register.simple_tag
def verb_summary_items(verbs: Iterable, qualifier: str) -> SafeString:
    """Each ``VerbRow`` (sources.travel.framing): how often outlets that framed the claim
    with it dropped ``qualifier``, as an ``<li>`` (the ``<ul>`` is the template's)."""
    return mark_safe("".join(_verb_summary(row, qualifier) for row in verbs))  # noqa: S308


def _verbs(verbs: dict[str, int]) -> str:
    return ", ".join(
        (f"“{escape(verb)}”" if verb else "no verb") + (f" ×{n}" if n > 1 else "")
        for verb, n in verbs.items()
    )


@register.simple_tag
def outlet_verb_rows(outlets: Iterable, qualifier: str) -> SafeString:
    """Each ``OutletVerbs`` (sources.pages.queries.travel) as a table row: the outlet, its
    verbs with how many quotes used each, and (when the claim has a hedge) how many kept it."""
    rows = []
    for row in outlets:
        kept = f'<td class="num">{row.kept} of {row.mentions}</td>' if qualifier else ""
        rows.append(
            f'<tr><th scope="row">{escape(row.outlet or "Unknown outlets")}</th>'
            f"<td>{_verbs(row.verbs)}</td>{kept}</tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped
