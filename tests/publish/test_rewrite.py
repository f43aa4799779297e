"""Rewriting a page's links for the published copy."""

from sources.publish.rewrite import links_in, rewrite_page

PAGE = """<head><link rel="canonical" href="https://live.example/x/">
<link rel="alternate" href="/feeds/sources/"><script src="/static/a.js" defer nonce="n0"></script>
<script src="/gone.js" nonce="n0"></script></head>
<form class="site-search" action="/search/" method="get"><input name="q"></form>
<form class="filters" action="/coverage/" method="get"
      hx-get="/coverage/" hx-target="#matrix"><input name="kind"></form>
<a href="/claims/a/?page=2" hx-get="?page=2" hx-target="#m">Next &amp; more</a>
<a href="/search/"><strong>Search</strong></a> <a href="#mention-3">jump</a>
<a href="/q?a=1&amp;b=2">both</a>"""

MOVED = {"/feeds/sources/": "/feeds/sources/index.xml", "/claims/a/?page=2": "/claims/a/page/2/"}


def target(link: str) -> str | None:
    if link.startswith(("#", "https:", "/static/")):
        return link
    return MOVED.get(link)


def test_links_are_read_unescaped():
    assert "/q?a=1&b=2" in links_in(PAGE)
    assert links_in(PAGE)[:2] == ["https://live.example/x/", "/feeds/sources/"]


def test_without_a_server_links_keep_their_text_and_forms_go():
    html = rewrite_page(PAGE, target, lambda action: None)
    assert "<form" not in html and 'name="q"' not in html
    assert '<a href="/claims/a/page/2/">Next &amp; more</a>' in html
    assert "<strong>Search</strong>" in html and 'href="/search/"' not in html
    assert "both" in html and "/q?" not in html
    assert '<a href="#mention-3">jump</a>' in html
    assert 'href="/feeds/sources/index.xml"' in html
    assert 'href="https://live.example/x/"' in html
    assert '<script src="/static/a.js" defer></script>' in html
    assert "gone.js" not in html
    assert "hx-" not in html and "nonce" not in html


def test_forms_can_point_to_the_live_site():
    html = rewrite_page(PAGE, target, lambda action: "https://live.example" + action)
    assert '<form class="site-search" action="https://live.example/search/" method="get">' in html
    assert '<form class="filters" action="https://live.example/coverage/" method="get">' in html


def test_an_escaped_link_is_written_escaped():
    html = rewrite_page('<a href="/a?x=1&amp;y=2">t</a>', lambda link: link, lambda a: a)
    assert html == '<a href="/a?x=1&amp;y=2">t</a>'


CHART = '<div id="c" class="chart" data-figure-src="/story/chart.json" data-marks="links"></div>'


def test_a_charts_figure_is_followed_and_rewritten_like_a_link():
    assert links_in(CHART) == ["/story/chart.json"]
    moved = rewrite_page(CHART, lambda link: "/copy/chart.json", lambda a: a)
    assert 'data-figure-src="/copy/chart.json" data-marks="links"' in moved


def test_a_figure_with_no_file_or_on_another_site_is_dropped():
    # The copy's CSP (connect-src 'self') would refuse another site's figure: the table stays.
    for answer in (None, "https://live.example/story/chart.json"):
        html = rewrite_page(CHART, lambda link, answer=answer: answer, lambda a: a)
        assert html == '<div id="c" class="chart" data-marks="links"></div>'
