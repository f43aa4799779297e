"""The claim page, an article's page and the list of articles (issue 14): read again, each
runs the same few queries at ten times the corpus; their long lists come a page at a time
with their counts; the claim page's ClaimReview lists the articles it shows.

These tests commit their writes (``transactional_db``), as the site does: what is read
once per data version is only kept between requests that see committed data.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.models import Claim, Source
from sources.pages.queries import MENTIONS_PER_PAGE
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import add_sources, text_of

HTMX = {"HX-Request": "true"}


@pytest.fixture
def site(committed_corpus):
    return committed_corpus


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, len(queries)


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _items(response, css_class: str) -> int:
    return response.content.decode().count(f'class="{css_class}"')


# --- The same queries at ten times the corpus ------------------------------------------

# Queries per request once the data version's tallies are read: the claim (its tallies,
# its page of quotes, its ClaimReview and travel sections are kept per version); the
# article and its part's mentions (its count and citations are kept); the page of
# articles (their count is kept).
READ_AGAIN = {"claim": 1, "claim_quotes": 1, "source": 2, "source_list": 1}


def _urls(site) -> dict[str, tuple[str, dict]]:
    return {
        "claim": (site.hedged.get_absolute_url(), {}),
        "claim_quotes": (site.hedged.get_absolute_url(), HTMX),
        "source": (site.kept.get_absolute_url(), {}),
        "source_list": (reverse("sources:source_list"), {}),
    }


@pytest.mark.parametrize("page", sorted(READ_AGAIN))
def test_read_again_a_page_runs_the_same_queries_at_ten_times_the_corpus(client, site, page):
    url, headers = _urls(site)[page]
    _, first = _get(client, url, **headers)
    _, again = _get(client, url, **headers)
    assert again == READ_AGAIN[page] < first
    add_sources(site, 30)  # committed: a new data version
    _, computed = _get(client, url, **headers)
    _, again = _get(client, url, **headers)
    assert again == READ_AGAIN[page]
    assert computed == first  # computing afresh costs the same too


def test_the_quotes_fragment_holds_the_quotes_and_not_the_page(client, site):
    response, _ = _get(client, site.hedged.get_absolute_url(), **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "Who had it first" not in html
    assert _items(response, "wording") == 3


# --- Long lists a page at a time ---------------------------------------------------------


def test_the_claim_pages_its_quotes_with_counts(client, site):
    add_sources(site, 60)  # 63 quotes of the hedged claim, 25 a page
    url = site.hedged.get_absolute_url()
    first, _ = _get(client, url)
    assert "63 quotes, showing 1–25." in text_of(first)
    assert "Page 1 of 3" in text_of(first) and _items(first, "wording") == MENTIONS_PER_PAGE
    last, _ = _get(client, url + "?page=3", **HTMX)
    assert "63 quotes, showing 51–63." in text_of(last) and _items(last, "wording") == 13
    assert "Page 3 of 3" in text_of(last) and "<html" not in last.content.decode()
    shown = set(re.findall(r"#mention-(\d+)", first.content.decode()))
    assert not shown & set(re.findall(r"#mention-(\d+)", last.content.decode()))


def _reports_from_new_outlets(claim: Claim, count: int) -> None:
    """``count`` articles reporting ``claim``, each from an outlet of its own."""
    for n in range(count):
        source = make_source(f"Bulletin {n}: the firm partly used Rival models.")
        make_mention(claim=claim, source=source, quote="the firm partly used Rival models")


def test_who_had_it_first_and_the_verb_table_come_twenty_outlets_a_page(client, site):
    _reports_from_new_outlets(site.hedged, 25)  # 27 outlets and an article of none
    url = site.hedged.get_absolute_url()
    text = text_of(_get(client, url)[0])
    first = text.split("Who had it first")[1].split("The verb each outlet chose")[0]
    verbs = text.split("The verb each outlet chose")[1].split("Every article's wording")[0]
    assert "Outlets 1–20 of 28" in first and "Later →" in first
    assert "Outlets 1–20 of 28" in verbs and "Next →" in verbs
    html = _get(client, url + "?first=2&outlets=2")[0].content.decode()
    first_html = html.split('id="first-title"')[1].split('id="verbs-title"')[0]
    assert "Outlets 21–28 of 28" in _words(first_html)
    assert (
        first_html.count("<li") == 8 and 'href="?first=1&amp;outlets=2#first-title"' in first_html
    )
    verbs_html = html.split('id="verbs-title"')[1].split('id="wording-title"')[0]
    assert "Outlets 21–28 of 28" in _words(verbs_html)
    assert verbs_html.count('<th scope="row">') == 8


def test_the_claim_lists_its_most_used_wordings_and_counts_the_rest(client, db):
    claim = make_claim()
    for n in range(24):  # 24 ways of wording it, the first used twice
        source = make_source(f"Alpha {n} beta. Alpha {n} beta again.")
        make_mention(claim=claim, source=source, quote=f"Alpha {n} beta")
    make_mention(claim=claim, source=make_source("ALPHA 0 BETA!"), quote="ALPHA 0 BETA")
    spellings = ["Alpha 0 Beta", "alpha 0 beta", "ALPHA 0 beta", "Alpha 0 BETA", "aLPHA 0 beta"]
    for spelling in spellings:
        make_mention(claim=claim, source=make_source(spelling + "."), quote=spelling)
    text = text_of(client.get(claim.get_absolute_url()))
    section = text.split("How the articles worded it")[1].split("Spellings that differ")[0]
    assert "and 2 more spellings 7 quotes, 7 articles" in section  # seven spellings, five shown
    assert len(re.findall(r"\d+ quotes?, \d+ articles?", section)) == 20
    assert "The 20 most used are listed; 4 other wordings appear in the quotes below." in text


def test_the_sources_list_pages_its_articles_with_counts(client, site):
    add_sources(site, 60)  # 63 articles
    first, _ = _get(client, reverse("sources:source_list"))
    assert "63 articles, showing 1–50." in text_of(first) and "Page 1 of 2" in text_of(first)
    assert first.content.decode().count("<tr>") == 51  # the head and 50 articles
    second, _ = _get(client, reverse("sources:source_list") + "?page=2", **HTMX)
    assert "63 articles, showing 51–63." in text_of(second)
    assert second.content.decode().count("<tr>") == 14


# --- The claim page's ClaimReview ------------------------------------------------------


def _claim_review(response) -> dict:
    head = response.content.decode().split("</head>")[0]
    block = head.split('<script type="application/ld+json"')[1].split(">", 1)[1]
    return json.loads(block.split("</script>")[0])


def test_the_claim_pages_claimreview_lists_the_articles_of_its_quotes(client, site):
    add_sources(site, 60)
    url = site.hedged.get_absolute_url()
    exported = {r["url"]: r for r in client.get("/export/claimreview.json").json()}
    full = exported[f"http://testserver{url}"]
    assert len(full["itemReviewed"]["appearance"]) == 63  # the export keeps every one
    seen = []
    for number in (1, 2, 3):
        response, _ = _get(client, f"{url}?page={number}")
        quotes = re.findall(r"#mention-(\d+)", response.content.decode())
        articles = Source.objects.filter(mentions__pk__in=quotes).distinct()
        expected = {s.url or f"http://testserver{s.get_absolute_url()}" for s in articles}
        review = _claim_review(response)
        appearances = [a["url"] for a in review["itemReviewed"]["appearance"]]
        assert sorted(appearances) == sorted(expected)  # each article of the page, once
        seen += appearances
        # What the review says of all the appearances is the full review's.
        assert review["itemReviewed"]["firstAppearance"] == full["itemReviewed"]["firstAppearance"]
        assert review["reviewRating"] == full["reviewRating"]
        assert {k: v for k, v in review.items() if k != "itemReviewed"} == {
            k: v for k, v in full.items() if k != "itemReviewed"
        }
    assert sorted(seen) == sorted(a["url"] for a in full["itemReviewed"]["appearance"])


def test_a_quote_in_a_later_part_links_to_that_part(client, db, settings):
    settings.SOURCE_PART_CHARS = 40
    claim = make_claim()
    source = make_source("Opening words here. " * 5 + "The firm partly used Rival models.")
    mention = make_mention(claim=claim, source=source, quote="The firm partly used Rival models")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert mention.get_absolute_url().startswith(f"/sources/{source.pk}/?part=3#")
    assert f'href="{mention.get_absolute_url()}"' in html.replace("&amp;", "&")


def test_the_claim_pages_claimreview_escapes_what_it_quotes(client, db):
    hostile = "</script><script>alert(1)</script> & <b>"
    claim = make_claim(statement=f"Claim {hostile}", verdict=Claim.Verdict.INACCURATE)
    make_mention(claim=claim, source=make_source("Plain words.", title=f"Title {hostile}"))
    head = client.get(claim.get_absolute_url()).content.decode().split("</head>")[0]
    block = head.split('<script type="application/ld+json"')[1]
    assert block.count("</script>") == 1 and "<b>" not in block and "<script>" not in block
    review = json.loads(block.split(">", 1)[1].split("</script>")[0])
    assert review["claimReviewed"] == f"Claim {hostile}"
    assert review["itemReviewed"]["appearance"][0]["headline"] == f"Title {hostile}"
