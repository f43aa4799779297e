"""Editor markdown and ingested text never carry a script, a handler or a javascript: link."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse

from sources.markdown import render_markdown
from tests.factories import make_claim, make_event, make_mention, make_source

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "Fine **bold** text.\n\n"
    "<script>alert('owned')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[click me](javascript:alert(2)) and [a real link](https://example.org/report)\n\n"
    '<a href="javascript:alert(3)" onclick="alert(4)">raw link</a>'
)


def assert_harmless(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE), "an event handler survived"
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert not re.search(r"<img[^>]*>", html, re.IGNORECASE)


def test_render_markdown_strips_every_payload_and_keeps_the_prose():
    html = render_markdown(PAYLOAD)
    assert_harmless(html)
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org/report"' in html


def test_public_template_filter_renders_the_same_safe_html():
    html = Template("{% load newsroom %}<div>{{ text|markdown }}</div>").render(
        Context({"text": PAYLOAD})
    )
    assert_harmless(html)
    assert "<strong>bold</strong>" in html


def test_admin_claim_page_preview_is_sanitised(editor_client):
    claim = make_claim(verdict="misleading", verdict_explanation=PAYLOAD)
    page = editor_client.get(reverse("admin:sources_claim_change", args=[claim.pk]))
    html = page.content.decode()
    preview = re.search(r'<div class="markdown-preview"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "<strong>bold</strong>" in preview
    assert_harmless(preview)
    # The textarea shows the editor's words escaped, not as markup.
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html


def test_admin_markdown_preview_endpoint_is_sanitised(editor_client):
    response = editor_client.post(
        reverse("admin:sources_claim_preview_markdown"),
        {"verdict_explanation": PAYLOAD},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "<strong>bold</strong>" in html
    assert_harmless(html)


def test_event_description_preview_is_sanitised(editor_client):
    event = make_event(description=PAYLOAD)
    page = editor_client.get(reverse("admin:timeline_event_change", args=[event.pk]))
    preview = re.search(
        r'<div class="markdown-preview"[^>]*>(.*?)</div>', page.content.decode(), re.S
    ).group(1)
    assert_harmless(preview)


def test_ingested_text_with_markup_is_escaped_in_the_source_page(editor_client):
    body = 'He wrote <script>alert("x")</script> and <img src=x onerror=alert(1)> here.'
    source = make_source(body=body, title='<img src=x onerror="alert(5)">', raw_input=body.encode())
    make_mention(source=source, quote='<script>alert("x")</script>')
    html = editor_client.get(reverse("admin:sources_source_change", args=[source.pk])).content
    html = html.decode()
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_public_claim_page_renders_the_explanation_harmlessly(client):
    claim = make_claim(slug="xss-check", verdict="misleading", verdict_explanation=PAYLOAD)
    response = client.get(reverse("sources:claim_detail", args=[claim.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html  # the explanation is there, rendered
    assert "alert('owned')</script>" not in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)


def test_reader_page_admin_and_search_mark_words_through_one_include():
    """The article body, the desk's cleaned text and search hits share _highlighted.html."""
    source_page = get_template("sources/source_detail.html").template.source
    search_page = get_template("sources/search.html").template.source
    panes = get_template("admin/sources/source/_text_panes.html").template.source
    for template in (source_page, search_page, panes):
        assert 'include "includes/_highlighted.html"' in template
    assert "<mark" not in source_page and "<mark" not in search_page and "<mark" not in panes
