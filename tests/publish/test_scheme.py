"""The published copy's URL scheme: which live URL becomes which file."""

import pytest

from sources.publish.scheme import file_path, normalise, published_url


@pytest.mark.parametrize(
    ("live", "published"),
    [
        ("/", "/"),
        ("/claims/xai-distilled-openai/", "/claims/xai-distilled-openai/"),
        ("/sources/7/", "/sources/7/"),
        ("/coverage/?claim=xai-distilled-openai", "/coverage/claim/xai-distilled-openai/"),
        ("/coverage/?outlet=techcrunch", "/coverage/outlet/techcrunch/"),
        ("/coverage/?claim=a&page=2", "/coverage/claim/a/page/2/"),
        ("/compare/?claim=a", "/compare/claim/a/"),
        ("/sources/?page=3", "/sources/page/3/"),
        ("/sources/?page=1", "/sources/"),
        ("/claims/a/?page=2", "/claims/a/page/2/"),
        ("/claims/a/?first=2", "/claims/a/first/2/"),
        ("/claims/a/?outlets=3", "/claims/a/outlets/3/"),
        ("/claims/a/?outlets=1&page=2", "/claims/a/page/2/"),
        ("/api/", "/api/index.json"),
        ("/api/claims/?page=2", "/api/claims/page/2/index.json"),
        ("/api/claims/a/", "/api/claims/a/index.json"),
        ("/feeds/sources/", "/feeds/sources/index.xml"),
        ("/export/claims.xlsx", "/export/claims.xlsx"),
        ("/export/mentions.csv?claim=a", "/export/claim/a/mentions.csv"),
        ("/export/claimreview.json", "/export/claimreview.json"),
        ("/story/chart.json", "/story/chart.json"),
        ("/story/chart/", "/story/chart/"),
        ("/story/chart/?page=3", "/story/chart/page/3/"),
    ],
)
def test_each_live_url_has_its_own_path(live, published):
    path, _, query = live.partition("?")
    assert published_url(path, query) == published


@pytest.mark.parametrize(
    "live",
    [
        "/search/?q=partly",
        "/search/",
        "/coverage/?kind=quote",
        "/coverage/?claim=a&outlet=b",
        "/coverage/?claim=a&claim=b",
        "/coverage/?claim=../../etc",
        "/claims/a/?claim=b",
        "/claims/a/?first=2&outlets=2",
        "/claims/a/?first=x",
        "/sources/?first=2",
        "/sources/?page=0",
        "/sources/?page=x",
        "/export/claims.csv?outlet=b",
        "/export/claims.csv?page=2",
        "/story/chart.json?page=2",
        "/feeds/sources/?page=2",
        "/admin/",
        "/no/such/page/",
    ],
)
def test_what_needs_the_server_has_no_file(live):
    path, _, query = live.partition("?")
    assert published_url(path, query) is None


def test_one_spelling_per_url():
    assert normalise("/coverage/", "outlet=&claim=b&page=1") == "/coverage/?claim=b"
    assert normalise("/sources/", "page=2") == "/sources/?page=2"
    assert normalise("/claims/a/", "outlets=1&first=2") == "/claims/a/?first=2"
    assert normalise("/", "") == "/"


def test_directory_urls_are_index_files():
    assert file_path("/") == "index.html"
    assert file_path("/claims/a/") == "claims/a/index.html"
    assert file_path("/api/index.json") == "api/index.json"
    assert file_path("/export/claims.csv") == "export/claims.csv"
