"""The story chart's own URLs (timeline/story_chart.py): the figure as JSON, its articles a
page at a time, the front page's first page of them; and the query counts of the story,
timeline, search and API pages, on a small corpus and a larger one, computed and then read
back once per data version."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import add_sources, text_of
from tests.pages.conftest import build_corpus
from timeline.story_chart import MARKS_PER_PAGE

ROW = re.compile(r'<tr data-mark="(\d+)">.*?<a href="([^"]+)"', re.S)


@pytest.fixture
def corpus(db):
    cache.clear()
    yield build_corpus()
    cache.clear()


def _figure_links(client) -> list[str]:
    figure = client.get(reverse("timeline:story_figure")).json()
    return [point[0] for trace in figure["data"] for point in trace["customdata"]]


def test_the_chart_pages_list_every_mark_once_with_a_pager_and_counts(client, corpus):
    add_sources(corpus, 60)  # a mark each: more than a page
    marks = _figure_links(client)
    total = len(marks)
    assert total > MARKS_PER_PAGE
    pages = -(-total // MARKS_PER_PAGE)

    first = client.get(reverse("timeline:story_chart"))
    text = text_of(first)
    assert f"Articles 1–{MARKS_PER_PAGE} of {total}." in text
    assert f"Page 1 of {pages}" in text
    assert 'rel="next" href="?page=2"' in first.content.decode()
    rows = ROW.findall(first.content.decode())
    assert [int(n) for n, _ in rows] == list(range(1, MARKS_PER_PAGE + 1))

    last = client.get(reverse("timeline:story_chart"), {"page": pages})
    text = text_of(last)
    assert f"Articles {(pages - 1) * MARKS_PER_PAGE + 1}–{total} of {total}." in text
    assert f"Page {pages} of {pages}" in text
    assert 'rel="next"' not in last.content.decode()

    listed = []
    for number in range(1, pages + 1):
        html = client.get(reverse("timeline:story_chart"), {"page": number}).content.decode()
        listed += [url for _, url in ROW.findall(html)]
    assert sorted(listed) == sorted(marks)  # every mark drawn is a row, once
    # A page number that is no page gives one that is, as on every paged list.
    assert "Page 1 of" in text_of(client.get(reverse("timeline:story_chart"), {"page": "x"}))
    past = client.get(reverse("timeline:story_chart"), {"page": 999})
    assert f"Page {pages} of {pages}" in text_of(past)


def test_the_story_shows_the_first_page_of_marks_and_links_to_the_rest(client, corpus):
    add_sources(corpus, 60)
    total = len(_figure_links(client))
    html = client.get(reverse("timeline:story")).content.decode()
    rows = ROW.findall(html)
    assert len(rows) == MARKS_PER_PAGE
    assert f"The chart's first {MARKS_PER_PAGE} of {total} articles as a table" in html
    assert f'<a href="{reverse("timeline:story_chart")}">All {total} articles' in html
    # The table's first rows are the chart's first marks, in its order.
    chart_page = client.get(reverse("timeline:story_chart")).content.decode()
    assert rows == ROW.findall(chart_page)


def test_a_short_chart_is_all_on_the_story_and_still_has_its_page(client, corpus):
    html = client.get(reverse("timeline:story")).content.decode()
    total = len(_figure_links(client))
    assert len(ROW.findall(html)) == total < MARKS_PER_PAGE
    assert f"The chart's {total} articles as a table" in html
    assert f'href="{reverse("timeline:story_chart")}"' in html  # published with the site too
    assert "a page</a>" not in html  # no "All N articles, 50 a page": they are all here


def test_the_figure_is_json_and_only_for_get(client, corpus):
    response = client.get(reverse("timeline:story_figure"))
    assert response["Content-Type"] == "application/json"
    assert client.post(reverse("timeline:story_figure")).status_code == 405


def test_the_table_rows_escape_what_articles_say(client, corpus):
    from tests.factories import make_mention, make_outlet, make_source

    source = make_source(
        'A <b>bold</b> "claim": the firm partly used Rival models & more.',
        outlet=make_outlet(name="<i>Odd</i> & Co"),
    )
    make_mention(
        claim=corpus.hedged,
        source=source,
        quote='A <b>bold</b> "claim": the firm partly used Rival models',
        qualifier="partly",
    )
    html = client.get(reverse("timeline:story_chart")).content.decode()
    assert "<td>&lt;i&gt;Odd&lt;/i&gt; &amp; Co</td>" in html
    assert "“A &lt;b&gt;bold&lt;/b&gt; &quot;claim&quot;: the firm" in html
    assert "<b>bold</b>" not in html and "<i>Odd</i>" not in html


# --- Fixed query counts ---------------------------------------------------------------

# Computed (the data version's first request; tests hold their writes uncommitted, so every
# request here computes): the same whatever the corpus's size.
# The tracked claim, then the marks (story_marks: mentions, copy links, reuse pairs).
COMPUTED_QUERIES = {"timeline:story_chart": 4, "timeline:story_figure": 4}


@pytest.mark.parametrize("name", sorted(COMPUTED_QUERIES))
def test_the_chart_urls_run_the_same_queries_however_many_marks(
    client, corpus, name, django_assert_num_queries
):
    with django_assert_num_queries(COMPUTED_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
    add_sources(corpus, 70)
    cache.clear()
    with django_assert_num_queries(COMPUTED_QUERIES[name]):
        assert client.get(reverse(name), {"page": 2}).status_code == 200


@pytest.fixture
def committed_site(committed_corpus):
    return committed_corpus


# Read back within a data version: no tally, figure or chart is recomputed.
READ_BACK_QUERIES = {
    "/": 0,
    "/story/chart/?page=2": 0,
    "/story/chart.json": 0,
    "/timeline/": 0,
    "/search/?q=rival+models": 0,
    "/api/claims/": 3,  # count, the page of claims, their subjects
}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", sorted(READ_BACK_QUERIES))
def test_a_page_read_back_runs_the_same_queries_on_a_larger_corpus(client, committed_site, url):
    add_sources(committed_site, 10)
    _queries(client, url)  # computes for this data version
    small = _queries(client, url)
    add_sources(committed_site, 60)  # committed: a new data version
    computed = _queries(client, url)
    large = _queries(client, url)
    assert small == large == READ_BACK_QUERIES[url]
    assert computed >= large


@pytest.mark.browser
def test_without_the_figure_the_chart_says_so_and_the_table_stays(
    live_server, page, transactional_db
):
    """A figure that does not load (a host that lost it) leaves the table to stand for it."""
    build_corpus()
    page.route("**/story/chart.json", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(live_server.url + reverse("timeline:story"))
    page.wait_for_selector("#story-chart[data-drawn='failed']")
    assert "could not be loaded" in page.inner_text("#story-chart")
    assert page.locator("#story-marks tbody tr").count() > 0
