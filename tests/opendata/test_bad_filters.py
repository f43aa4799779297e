"""Bad filter values: a clear 400 from exports and the API, a visible error on pages.

Never a 500, never a truncated download, never a silently broadened result.
"""

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.urls import reverse

from sources.filters import MAX_ID, parse_filters
from tests.helpers import read_rows

TABLES = ["mentions", "claims", "sources", "coverage", "events"]
FORMATS = ["csv", "json", "xlsx"]
API_LISTS = ["/api/claims/", "/api/sources/", "/api/mentions/", "/api/outlets/", "/api/events/"]

BAD_SOURCES = [
    "²",  # str.isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic three: int() reads it, but it is no id we print
    "99999999999999999999",  # past a 64-bit id
    str(MAX_ID + 1),
    "1" * 5000,  # past int()'s digit limit
    " 1",
    "first",
]
BAD_FILTERS = [
    ({"stance": "dispute"}, "stance"),
    ({"kind": "rumour"}, "kind"),
    ({"outlet": "no-such-outlet"}, "outlet"),
    ({"claim": "no-such-claim"}, "claim"),
    ({"outlet": "wire\x00daily"}, "outlet"),  # PostgreSQL cannot even look NUL up
    *[({"source": value}, "source") for value in BAD_SOURCES],
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("params", "name"), BAD_FILTERS)
def test_export_with_a_bad_filter_is_400_with_the_message(client, corpus, fmt, params, name):
    response = client.get(f"/export/mentions.{fmt}", params)

    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)  # refused before any row
    assert response["Content-Type"].startswith("text/plain")
    assert name in response.content.decode()


@pytest.mark.parametrize("table", TABLES)
def test_every_table_refuses_an_overflowing_source_id(client, corpus, table):
    for fmt in FORMATS:
        response = client.get(f"/export/{table}.{fmt}", {"source": "99999999999999999999"})
        assert response.status_code == 400, (table, fmt)


def test_unknown_stance_no_longer_exports_every_row(client, corpus):
    response = client.get("/export/mentions.csv", {"stance": "dispute"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "'dispute'" in text and "disputes" in text  # says what it got and what it takes


def test_largest_id_is_a_valid_filter_that_matches_nothing(client, corpus):
    response = client.get("/export/mentions.csv", {"source": str(MAX_ID)})

    assert response.status_code == 200
    assert read_rows(response, "csv") == []


def test_known_slugs_still_filter(download, corpus):
    rows = download("mentions", "csv", outlet="blog-weekly", claim="terms-forbid-competing")
    assert [r["quote"] for r in rows] == ["the terms were always vague"]


@pytest.mark.parametrize("path", API_LISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"page": "²"},
        {"page_size": "²"},
        {"page": "1" * 5000},
        {"page_size": "99999999999999999999999"},
        *[params for params, _ in BAD_FILTERS],
    ],
)
def test_api_bad_numbers_and_filters_are_400(client, corpus, path, params):
    response = client.get(path, params)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] and body["errors"]


def test_api_reports_each_bad_value_once(client, corpus):
    body = client.get("/api/mentions/", {"stance": "dispute", "kind": "rumour"}).json()
    assert len(body["errors"]) == 2
    assert body["error"].startswith("kind must be one of")


def test_page_past_a_64_bit_number_is_past_the_last_page(client, corpus):
    assert client.get("/api/claims/", {"page": str(MAX_ID)}).status_code == 404


def test_coverage_page_shows_bad_filters_instead_of_failing(client, corpus):
    for params, name in BAD_FILTERS:
        response = client.get(reverse("sources:coverage"), params)
        assert response.status_code == 200, params
        errors = response.context["filters"].errors
        assert errors and errors[0].startswith(("no " + name, name)), params
        assert 'class="error"' in response.content.decode()


def test_coverage_with_an_unknown_outlet_shows_nothing_rather_than_everything(client, corpus):
    response = client.get(reverse("sources:coverage"), {"outlet": "wire-dialy"})

    assert "No article matches these filters." in response.content.decode()
    assert "no outlet with slug &#x27;wire-dialy&#x27;" in response.content.decode()


@pytest.mark.parametrize("value", BAD_SOURCES)
def test_sources_page_says_it_ignored_a_bad_source_id(client, corpus, value):
    response = client.get(reverse("sources:source_list"), {"source": value})

    assert response.status_code == 200
    assert response.context["filters"].errors
    assert 'class="error"' in response.content.decode()
    assert response.context["page_obj"].paginator.count == len(corpus.sources)


@pytest.mark.parametrize("page", ["²", "1" * 5000, "99999999999999999999"])
def test_pages_survive_odd_page_numbers(client, corpus, page):
    for name in ("sources:source_list", "sources:coverage"):
        assert client.get(reverse(name), {"page": page}).status_code == 200


def test_parse_filters_keeps_good_values_and_reports_bad_ones(corpus):
    from django.http import QueryDict

    filters = parse_filters(
        QueryDict("stance=disputes&stance=dispute&source=3&source=²&kind=&outlet=")
    )

    assert filters.stances == ("disputes",) and filters.sources == (3,)
    assert filters.kinds == () and filters.outlets == ()
    assert len(filters.errors) == 2
