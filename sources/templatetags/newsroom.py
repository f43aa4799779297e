from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from newsroom.staticfinders import PLOTLY_BUNDLE
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
