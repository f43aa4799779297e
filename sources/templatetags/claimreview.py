"""``{% claimreview_jsonld claim %}``: the claim's ClaimReview as a JSON-LD script block.

``{% claimreview_jsonld claim shown %}`` lists only the articles of ``shown`` (a claim
page's quotes) as appearances. Renders nothing for a claim without a verdict. The JSON
is escaped the way Django's ``json_script`` does (``<``, ``>`` and ``&`` as ``\\u003c``
etc.), so editor text can never close the script element. JSON-LD is a data block that
browsers do not execute, but the block carries the CSP nonce when the page has
one so strict policies and scanners stay quiet.
"""

import json
from collections.abc import Iterable

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sources.models import Claim
from sources.opendata.claimreview import appearance, claim_review, page_claim_review

register = template.Library()

# str.replace, not str.translate: translate with a mapping goes character by character
# through a dict, a millisecond on a long block.
_JSON_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def jsonld_script(data: dict, *, nonce: str = "") -> SafeString:
    """``<script type="application/ld+json">`` with ``data`` safely escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    for character, escaped in _JSON_ESCAPES:
        text = text.replace(character, escaped)
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce else ""
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        nonce_attr,
        mark_safe(text),  # noqa: S308 - the three HTML-significant characters are escaped above
    )


@register.simple_tag(takes_context=True)
def claimreview_jsonld(
    context: template.Context, claim: Claim, shown: Iterable | None = None
) -> str:
    """The claim's ClaimReview; with ``shown`` (the claim page's quotes, each with
    ``web_url``, ``url``, ``title``, ``published`` and ``outlet``), one whose appearances
    are only the articles of those quotes (see ``page_claim_review``)."""
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    if shown is None:
        review = claim_review(claim, base_url=base_url)
    else:
        base, seen, appearances = base_url.rstrip("/"), set(), []
        for quote in shown:
            if quote.url not in seen:
                seen.add(quote.url)
                appearances.append(
                    appearance(
                        web_url=quote.web_url,
                        url=base + quote.url,
                        headline=quote.title,
                        published=quote.published,
                        publisher=quote.outlet,
                    )
                )
        review = page_claim_review(claim, base_url=base_url, appearances=appearances)
    if review is None:
        return ""
    return jsonld_script(review, nonce=str(context.get("csp_nonce") or ""))
