"""A search's results, kept per data version (``cached_search_results``): shared by the
spellings of the same words, and recomputed after a committed write."""

import pytest

from tests.helpers import text_of


@pytest.fixture
def committed_site(committed_corpus):
    return committed_corpus


def test_a_kept_search_follows_a_write_and_says_its_own_words(client, committed_site):
    first = text_of(client.get("/search/", {"q": "vague"}))
    assert "0 claims and 1 article match “vague”" in first
    # Other spelling, same words: the kept result, with this query's own words on the page.
    assert "match “Vague!”" in text_of(client.get("/search/", {"q": "Vague!"}))
    committed_site.dropped.body = committed_site.dropped.body.replace("vague", "murky")
    committed_site.dropped.save()  # committed: a new data version
    assert "0 claims and 0 articles match “vague”" in text_of(
        client.get("/search/", {"q": "vague"})
    )
