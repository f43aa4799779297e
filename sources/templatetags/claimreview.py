"""``{% claimreview_jsonld claim %}``: the claim's ClaimReview as a JSON-LD script block.

Renders nothing for a claim without a verdict. The JSON is escaped the way
Django's ``json_script`` does (``<``, ``>`` and ``&`` as ``\\u003c`` etc.), so
editor text can never close the script element. JSON-LD is a data block that
browsers do not execute, but the block carries the CSP nonce when the page has
one so strict policies and scanners stay quiet.
"""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sources.models import Claim
from sources.opendata.claimreview import claim_review

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict, *, nonce: str = "") -> SafeString:
    """``<script type="application/ld+json">`` with ``data`` safely escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce else ""
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        nonce_attr,
        mark_safe(text),  # noqa: S308 - the three HTML-significant characters are escaped above
    )


@register.simple_tag(takes_context=True)
def claimreview_jsonld(context: template.Context, claim: Claim) -> str:
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    review = claim_review(claim, base_url=base_url)
    if review is None:
        return ""
    return jsonld_script(review, nonce=str(context.get("csp_nonce") or ""))
