"""``{% load chart_tables %}``: the story chart's table rows, written in one pass.

A page of the chart's table has fifty rows of eight cells; printed by the template
language, each cell's lookup, localisation and escaping made the rows most of the
page's cost. Here each row is one string: the same markup, every value escaped.
"""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from timeline.story_chart import MarkRow

register = template.Library()


def _row(row: MarkRow) -> str:
    return (
        f'<tr data-mark="{row.order}"><td class="num">{row.order}</td>'
        f"<td>{conditional_escape(row.published)}</td><td>{escape(row.outlet)}</td>"
        f"<td>{escape(row.verb)}</td><td>{row.hedge}</td>"
        f'<td><a href="{escape(row.url)}">“{escape(row.quote)}”</a></td>'
        f"<td>{escape(row.group)}</td></tr>\n"
    )


@register.simple_tag
def mark_rows(rows: list[MarkRow]) -> SafeString:
    """The ``<tr>`` of each row, in order (cells: No., Published, Outlet, Verb, hedge,
    Quote linked to its sentence, Group)."""
    return mark_safe("".join(_row(row) for row in rows))  # every value escaped above
