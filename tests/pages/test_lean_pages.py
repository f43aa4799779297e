"""The coverage, compare and outlet pages stay lean on a large collection (issue 14).

Each page and htmx partial runs a fixed number of queries whatever the corpus size,
and none or one once its tallies are read for the data version; long lists are paged
with their counts shown; the coverage matrix's empty cells carry no per-cell label.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.models import Mention
from tests.factories import make_claim, make_mention, make_outlet, make_source
from tests.helpers import add_sources, text_of

HTMX = {"HX-Request": "true"}


def _urls(corpus) -> dict[str, tuple[str, dict]]:
    outlet = corpus.kept.outlet.get_absolute_url()
    return {
        "coverage": (reverse("sources:coverage"), {}),
        "coverage matrix": (reverse("sources:coverage") + "?kind=quote", HTMX),
        "compare": (reverse("sources:compare"), {}),
        "compare qualifier": (reverse("sources:compare") + "?page=2", HTMX),
        "outlet_list": (reverse("sources:outlet_list"), {}),
        "outlet_detail": (outlet, {}),
        "outlet sources": (outlet + "?page=2", HTMX),
    }


def _queries(client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    if headers:
        assert "<html" not in response.content.decode()
    return len(queries)


# Queries on a fresh data version; the page tests (test_pages.py) count the whole pages.
PARTIAL_QUERIES = {"coverage matrix": 5, "compare qualifier": 5, "outlet sources": 5}


@pytest.mark.parametrize("partial", sorted(PARTIAL_QUERIES))
def test_partials_run_a_fixed_number_of_queries(client, corpus, partial):
    url, headers = _urls(corpus)[partial]
    assert _queries(client, url, headers) == PARTIAL_QUERIES[partial]
    add_sources(corpus, 30)  # ten times the sources
    assert _queries(client, url, headers) == PARTIAL_QUERIES[partial]


@pytest.fixture
def site(committed_corpus):
    return committed_corpus


# Queries on a repeat request: the outlet is looked up by its slug, the rest is memoised.
REPEAT_QUERIES = {
    "coverage": 0,
    "coverage matrix": 0,
    "compare": 0,
    "compare qualifier": 0,
    "outlet_list": 0,
    "outlet_detail": 1,
    "outlet sources": 1,
}


@pytest.mark.parametrize("page", sorted(REPEAT_QUERIES))
def test_a_repeat_request_reads_its_tallies_back_at_any_size(client, site, page):
    url, headers = _urls(site)[page]
    first = _queries(client, url, headers)
    assert _queries(client, url, headers) == REPEAT_QUERIES[page] < first
    add_sources(site, 30)  # committed: a new data version, ten times the sources
    assert _queries(client, url, headers) == first  # computed again, as many queries
    assert _queries(client, url, headers) == REPEAT_QUERIES[page]


def test_the_terms_rendered_once_follow_a_write(client, site):
    compare = reverse("sources:compare")
    before = text_of(client.get(compare))
    assert "“to develop models that compete with Rival” (1 article)" in before
    source = make_source("They quote it: to develop models that compete with Rival.")
    make_mention(
        claim=site.policy, source=source, quote="to develop models that compete with Rival"
    )
    after = text_of(client.get(compare))
    assert "“to develop models that compete with Rival” (2 articles)" in after
    # Paging the qualifier table renders neither the terms nor the benchmarks.
    fragment = client.get(compare, headers=HTMX).content.decode()
    assert 'id="qualifier-caption"' in fragment
    assert "terms-caption" not in fragment and "The bot scored 49" not in fragment


def test_an_outlets_articles_are_paged_with_their_count(client, db):
    outlet = make_outlet(name="Prolific Times")
    for n in range(53):
        make_source(f"Story {n}.", title=f"Story {n:02d}", outlet=outlet)
    url = outlet.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    assert first.count('<span class="date">') == 50
    second = client.get(url, {"page": 2}, headers=HTMX).content.decode()
    assert "Page 2 of 2" in second
    assert second.count('<span class="date">') == 3
    # A page number that is not one gives a page, as the other pagers do.
    assert "Page 2 of 2" in client.get(url, {"page": 99}).content.decode()
    assert "Page 1 of 2" in client.get(url, {"page": "x"}).content.decode()


def test_the_qualifier_table_is_paged_with_its_count(client, corpus):
    add_sources(corpus, 30)  # each reports the hedged claim: 33 articles in all
    compare = reverse("sources:compare")
    text = text_of(client.get(compare))
    assert "Articles 1–25 of 33." in text
    assert "Page 1 of 2" in text
    fragment = client.get(compare, {"page": 2}, headers=HTMX)
    assert "Articles 26–33 of 33." in text_of(fragment)
    table = fragment.content.decode().split('id="qualifier-caption"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 8  # the header and the last eight articles


def test_coverage_labels_only_the_cells_that_report_a_claim(client, corpus):
    lonely = make_claim(statement="Nobody reports this one.")
    html = client.get(reverse("sources:coverage")).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    cells = re.findall(r"<td[^>]*>", body)
    reported = [td for td in cells if "data-label" in td]
    empty = [td for td in cells if td == '<td class="nr">']
    assert len(cells) == 4 * 3  # four claims by three articles
    assert len(reported) + len(empty) == len(cells)
    assert len(reported) == 6  # the corpus's mentions: hedged in 3, policy in 2, benchmark in 1
    assert body.count("not reported") == len(empty)
    # The one card nobody reports says so (shown on phones, where empty cells are hidden).
    lonely_row = body.split(f'<a href="{lonely.get_absolute_url()}">')[1].split("</tr>")[0]
    assert "None of these articles reports it." in lonely_row
    assert body.count("None of these articles reports it.") == 1
    # A reported cell names its article: outlet, date and title.
    assert f'data-label="Wire Daily, 1 May 2026: {corpus.kept.title}"' in body


def test_coverage_stance_filter_keeps_only_matching_cells(client, corpus):
    html = client.get(reverse("sources:coverage"), {"stance": "disputes"}).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("data-label") == 1
    dispute = Mention.objects.get(stance=Mention.Stance.DISPUTES)
    assert f"#mention-{dispute.pk}" in body
