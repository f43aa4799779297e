"""Tallies computed once per data version (sources/pages/queries/memo.py): read back while
nothing is written, recomputed after any write, even with the page cache off.

These tests commit their writes (``transactional_db``), as the site does: the data
version is bumped when a transaction commits.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.dataversion import current_version
from sources.models import Mention
from sources.pages.queries.memo import per_version
from tests.helpers import text_of


@pytest.fixture
def site(committed_corpus):
    return committed_corpus


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("page", ["claim", "story", "compare", "api"])
def test_a_repeat_request_skips_the_tallies_and_a_write_brings_them_back(client, site, page):
    url = {
        "claim": site.hedged.get_absolute_url(),
        "story": "/",
        "compare": "/compare/",
        "api": "/api/claims/",
    }[page]
    first, computed = _get(client, url)
    again, read = _get(client, url)
    assert read < computed  # the tallies came from the cache
    assert again.content.count(b"<tr") == first.content.count(b"<tr")
    Mention.objects.filter(claim=site.hedged).update(qualifier="")  # committed: a new version
    _, after_write = _get(client, url)
    assert after_write > read  # recomputed for the new version


def test_the_claim_page_shows_an_edit_on_the_next_request(client, site):
    url = site.hedged.get_absolute_url()
    before = text_of(client.get(url))
    client.get(url)  # tallies now stored for this version
    Mention.objects.filter(claim=site.hedged).update(qualifier="")
    after = text_of(client.get(url))
    # No article keeps the hedge any more: the page's tally, read once per version, says so.
    assert "1 article kept the qualifier" in before
    assert "1 article kept the qualifier" not in after


def test_the_api_counts_follow_a_write(client, site):
    def hedged_counts():
        data = client.get("/api/claims/").json()
        return next(c["counts"] for c in data["results"] if c["slug"] == site.hedged.slug)

    before = hedged_counts()
    assert hedged_counts() == before  # from the stored counts
    Mention.objects.filter(claim=site.hedged, qualifier="").delete()
    after = hedged_counts()
    assert after["mentions"] < before["mentions"]
    assert after["with_qualifier"] == before["with_qualifier"]


def test_an_entry_that_no_longer_unpickles_is_computed_once_and_stored_again(site):
    """After a deploy changes a class, its old pickles fail to load: the next request
    recomputes and overwrites, so the ones after it read the memo again."""
    key = f"memo:deploy-test:{current_version()}"
    cache.set(key, "placeholder")
    real_get = cache.get
    calls = []

    def broken_once(k, default=None, version=None):
        if k == key and not calls:
            calls.append(k)
            raise AttributeError("Can't get attribute 'OldRow' on <module>")
        return real_get(k, default, version)

    computed = []
    cache.get = broken_once
    try:
        for _ in range(3):
            assert per_version("deploy-test", lambda: computed.append(1) or "fresh") == "fresh"
    finally:
        del cache.get
    assert len(computed) == 1
