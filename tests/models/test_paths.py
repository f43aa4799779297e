"""A model's page URL, made without a reverse() per call, is what reverse() gives: under a
script prefix, for every id and slug, and through reverse() itself for a value its URL
would not take."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from sources.models import Claim, Outlet, Source, claim_path, outlet_path, source_path
from tests.factories import make_source


@pytest.fixture
def prefix():
    yield set_script_prefix
    clear_script_prefix()


@pytest.mark.parametrize("pk", [1, 7, 42, 9081726354, 2**62])
def test_an_articles_url_is_the_reversed_one(pk):
    assert source_path(pk) == reverse("sources:source_detail", args=[pk]) == f"/sources/{pk}/"
    assert Source(pk=pk).get_absolute_url() == source_path(pk)


@pytest.mark.parametrize("slug", ["xai-distilled-openai", "a", "under_score-9", "x-placeholder"])
def test_claim_and_outlet_urls_are_the_reversed_ones(slug):
    assert claim_path(slug) == reverse("sources:claim_detail", args=[slug])
    assert outlet_path(slug) == reverse("sources:outlet_detail", args=[slug])
    assert Claim(slug=slug).get_absolute_url() == f"/claims/{slug}/"
    assert Outlet(slug=slug).get_absolute_url() == f"/outlets/{slug}/"


def test_a_script_prefix_is_kept_and_each_prefix_gets_its_own(prefix):
    assert source_path(5) == "/sources/5/"
    prefix("/newsroom/")
    assert source_path(5) == "/newsroom/sources/5/" == reverse("sources:source_detail", args=[5])
    assert claim_path("c") == "/newsroom/claims/c/"
    prefix("/other/")
    assert source_path(6) == "/other/sources/6/"
    prefix("/")
    assert source_path(5) == "/sources/5/"


@pytest.mark.parametrize("slug", ["café", "a b", "", "a/b", "slug?x=1"])
def test_a_slug_the_url_would_not_take_goes_through_reverse(slug):
    with pytest.raises(NoReverseMatch):
        reverse("sources:claim_detail", args=[slug])
    with pytest.raises(NoReverseMatch):
        claim_path(slug)


@pytest.mark.parametrize("pk", [None, -1, "12", True])
def test_an_id_the_url_would_not_take_gives_what_reverse_gives(pk):
    try:
        expected = reverse("sources:source_detail", args=[pk])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            source_path(pk)
    else:
        assert source_path(pk) == expected


def test_a_page_served_under_a_prefix_links_under_it(client, db, prefix):
    source = make_source()
    prefix("/newsroom/")  # what the WSGI handler sets from SCRIPT_NAME for each request
    html = client.get("/sources/").content.decode()
    assert f'href="/newsroom/sources/{source.pk}/"' in html
    assert f'href="/newsroom/outlets/{source.outlet.slug}/"' in html
    prefix("/")
    html = client.get("/sources/").content.decode()
    assert f'href="/sources/{source.pk}/"' in html
