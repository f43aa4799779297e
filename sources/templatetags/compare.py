"""The comparisons page's list of hedged claims to switch to: ``{% load compare %}``.

On a large collection nearly every claim has been hedged somewhere, and the
qualifier table offers each as a link: looped over in the template that costs
a few microseconds per link, most of the table's time. Written here it costs
about what one template tag does; every value escaped (``html.escape``, as
Django's ``escape`` does).
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def claim_switches(claims) -> SafeString:
    """A link per ``HedgedClaim`` (sources/pages/queries/compare.py) showing it in the
    qualifier table instead, its statement shortened; the links separated by " · "."""
    return mark_safe(
        " · ".join(
            f'<a href="{escape(claim.switch_href)}">{escape(claim.short)}</a>' for claim in claims
        )
    )
