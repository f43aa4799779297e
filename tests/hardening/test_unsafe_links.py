"""A stored citation URL with a script scheme is never rendered as a link.

Such a URL cannot come in through ingestion (it checks schemes), but it can be
stored by hand, by an old import, or through the API of a future tool; the
pages must not trust the database.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from sources.models import Citation
from tests.factories import make_source

UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
# Links a reader can follow (<a>, <area>); a <link rel="icon" href="data:,"> is not one.
HREF = re.compile(r"""<(?:a|area)\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def unsafe_links(html: str) -> list[str]:
    """The href values a browser would follow into a script."""
    found = []
    for match in HREF.finditer(html):
        value = unescape(next(g for g in match.groups() if g is not None))
        # Browsers drop ASCII whitespace and control characters inside the scheme.
        squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
        if squeezed.startswith(SCRIPT_SCHEMES):
            found.append(value)
    return found


@pytest.fixture
def citations(db):
    source = make_source("A report that credits another report.")
    rows = [
        Citation.objects.create(
            source=source, kind=Citation.Kind.BASED_ON, cited_url=url, text=f"credit {n}"
        )
        for n, url in enumerate(UNSAFE_URLS)
    ]
    return source, rows


def test_the_helper_sees_what_a_browser_would_follow():
    assert unsafe_links('<a href=" JaVa&#x09;script:x">') == [" JaVa\tscript:x"]
    assert unsafe_links('<a href="https://example.org/javascript:">') == []
    assert unsafe_links('<link rel="icon" href="data:,">') == []


def test_the_reader_source_page_does_not_link_them(client, citations):
    source, _ = citations
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert unsafe_links(response.content.decode()) == []


def test_the_admin_does_not_link_them(superuser_client, citations):
    source, rows = citations
    pages = [
        reverse("admin:sources_citation_changelist"),
        reverse("admin:sources_source_change", args=[source.pk]),
        *(reverse("admin:sources_citation_change", args=[row.pk]) for row in rows),
    ]
    for url in pages:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert unsafe_links(response.content.decode()) == [], url
