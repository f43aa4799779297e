from django import template

from sources.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ claim.verdict_explanation|markdown }}`: rendered and sanitised."""
    return render_markdown(text)
