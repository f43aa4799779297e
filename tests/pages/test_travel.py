"""How the story travelled, as a reader sees it: copies counted once, an article's family,
the side-by-side view, who had it first, the framing verb and the story chart's data."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from sources.models import ReusePair
from sources.travel.groups import unmark_copy
from sources.travel.pairs import decide
from tests.factories import make_mention, make_outlet, make_source
from tests.helpers import add_sources, text_of
from tests.pages.travel_corpus import COPY_TEXT, ORIGINAL_TEXT, add_travelled


@pytest.fixture
def travelled(corpus):
    return add_travelled(corpus)


def test_the_detector_finds_the_copy_and_groups_it(travelled):
    assert travelled.copy.copy_of_id == travelled.original.pk
    assert travelled.pair.share >= 0.8


# --- §2 Copies counted once ---------------------------------------------------------------


def test_the_story_counts_a_copy_once_and_says_so(client, corpus, travelled):
    text = text_of(client.get(reverse("timeline:story")))
    # Five outlets carried the claim, but the aggregator only republished Origin Times.
    assert (
        "2 of 4 outlets that reported “Musk testified that the firm partly used Rival's "
        "models” kept Musk’s “partly”; 2 dropped it (and 1 copy, counted with its original)."
    ) in text


def test_unmarking_the_copy_brings_back_the_raw_count_and_the_old_wording(
    client, corpus, travelled
):
    unmark_copy(travelled.copy)
    text = text_of(client.get(reverse("timeline:story")))
    assert (
        "2 of 5 outlets that reported “Musk testified that the firm partly used Rival's "
        "models” kept Musk’s “partly”; 3 dropped it."
    ) in text
    assert "counted with its original" not in text


def test_without_copies_the_findings_do_not_mention_copies(client, corpus):
    text = text_of(client.get(reverse("timeline:story")))
    assert "kept Musk’s “partly”; 2 dropped it. " in text
    assert "counted with" not in text


def test_the_claim_page_counts_a_copy_group_once(client, corpus, travelled):
    text = text_of(client.get(corpus.hedged.get_absolute_url()))
    assert (
        "2 articles kept the qualifier “partly”; 2 dropped it "
        "(and 1 copy, counted with its original)."
    ) in text


def test_the_claim_page_without_copies_keeps_its_wording(client, corpus):
    text = text_of(client.get(corpus.hedged.get_absolute_url()))
    assert "1 article kept the qualifier “partly”; 2 dropped it." in text


# --- §1 and §5: an article's family and the side-by-side view -----------------------------


def test_the_copy_says_what_it_copies_and_links_the_side_by_side(client, travelled):
    response = client.get(travelled.copy.get_absolute_url())
    text = text_of(response)
    assert "This article is a copy of Origin Times: The hearing, as it happened" in text
    assert re.search(
        r"Shares \d+ passages? \(\d+ words\) with Origin Times: The hearing, as it happened "
        r"\(published earlier\): this article takes them from it\.",
        text,
    ), text
    side = reverse("sources:reuse_pair", args=[travelled.copy.pk, travelled.original.pk])
    assert f'href="{side}"' in response.content.decode()


def test_the_original_lists_its_copies(client, travelled):
    text = text_of(client.get(travelled.original.get_absolute_url()))
    assert "Copies of this article: Aggregator Hub: Musk admits it" in text
    assert "with Aggregator Hub: Musk admits it (published later): it takes them from" in text


def test_an_article_with_no_family_says_so(client, corpus):
    text = text_of(client.get(corpus.kept.get_absolute_url()))
    assert "No passage of this article was found in another article of this collection." in text


def test_a_dismissed_pair_leaves_the_page_and_the_side_by_side(client, travelled):
    decide(travelled.pair, ReusePair.Status.DISMISSED)
    text = text_of(client.get(travelled.original.get_absolute_url()))
    assert "Shares" not in text
    url = reverse("sources:reuse_pair", args=[travelled.original.pk, travelled.copy.pk])
    assert client.get(url).status_code == 404


def test_side_by_side_marks_shared_words_and_shows_the_dropped_partly(client, travelled):
    url = reverse("sources:reuse_pair", args=[travelled.copy.pk, travelled.original.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>answered: “Partly.”</del>" in html
    assert "<ins>admitted it.</ins>" in html
    assert "<mark>The hearing ran long on Thursday." in html
    # Article text is escaped, never trusted as markup.
    assert "&lt;b&gt;Court&lt;/b&gt;" in html and "<b>Court</b>" not in html
    text = text_of(response)
    assert re.search(r"Aggregator Hub: Musk admits it shares \d+ passages? \(\d+ words\)", text)
    assert "published earlier" in text
    assert "2 words dropped, 2 added around the shared passages." in text
    # Both texts in full, this article first.
    first, second = re.findall(r'data-side="(\w+)"', html)
    assert (first, second) == ("copy", "original")


def test_side_by_side_from_the_original_puts_it_first(client, travelled):
    url = reverse("sources:reuse_pair", args=[travelled.original.pk, travelled.copy.pk])
    html = client.get(url).content.decode()
    assert re.findall(r'data-side="(\w+)"', html) == ["original", "copy"]
    assert "published later" in text_of(client.get(url))


def test_side_by_side_of_two_articles_that_share_nothing_is_not_found(client, corpus):
    url = reverse("sources:reuse_pair", args=[corpus.kept.pk, corpus.dropped.pk])
    assert client.get(url).status_code == 404


# --- §3 Who had it first, §4 the framing verb ---------------------------------------------


def test_the_claim_page_orders_outlets_with_ties_lags_and_unknown_dates(client, corpus, travelled):
    text = text_of(client.get(corpus.hedged.get_absolute_url()))
    section = text.split("Who had it first")[1].split("The verb each outlet chose")[0]
    names = r"(Origin Times|Wire Daily|Blog Weekly|Aggregator Hub|Unknown outlet)"
    order = re.findall(names, section)
    assert order[:2] in (["Origin Times", "Wire Daily"], ["Wire Daily", "Origin Times"])
    assert order[2:] == ["Blog Weekly", "Aggregator Hub", "Unknown outlet"]
    assert "1 May 2026 (1 day later) tied: the dates known cannot tell these apart" in section
    assert "2 May 2026 (2 days later)" in section
    assert "3 May 2026 (3 days later) a copy of another article" in section
    assert re.search(r"Unknown outlet ?: date unknown", section)
    assert "lags count from 30 April 2026" in section


def test_the_timeline_shows_who_had_it_first(client, corpus, travelled):
    text = text_of(client.get(reverse("timeline:timeline")))
    section = text.split("Who had it first")[1]
    assert "The outlets that reported “Musk testified that the firm partly used" in section
    assert "2 May 2026 (2 days later)" in section


def test_the_claim_page_crosses_the_verb_with_the_qualifier(client, corpus, travelled):
    text = text_of(client.get(corpus.hedged.get_absolute_url()))
    assert "Outlets that wrote “admitted” (concession) dropped “partly” 2 times out of 2." in text
    assert "Outlets that wrote “answered” (neutral) dropped “partly” 0 times out of 1." in text
    table = text.split("The verb each outlet framed the claim with")[1]
    assert "Aggregator Hub “admitted” 0 of 1" in table
    assert "Origin Times “answered” 1 of 1" in table
    assert "Unknown outlets no verb 0 of 1" in table


# --- §5 The story chart's data ------------------------------------------------------------


def test_the_story_chart_and_its_table_hold_the_same_articles(client, corpus, travelled):
    response = client.get(reverse("timeline:story"))
    html = response.content.decode()
    figure = client.get(reverse("timeline:story_figure")).json()
    points = [c for trace in figure["data"] for c in trace["customdata"]]
    table_links = re.findall(r'<tr data-mark="\d+">.*?<a href="([^"]+)"', html, re.S)
    assert sorted(p[0] for p in points) == sorted(table_links)
    assert len(points) == 5  # every article reporting the claim, disputes left out
    expected = travelled.copy_mention
    assert f"/sources/{expected.source_id}/#mention-{expected.pk}" in table_links
    # Coloured and named by the hedge; the copy sits in its original's row.
    names = {trace["name"] for trace in figure["data"]}
    assert names == {"Kept “partly”", "Dropped “partly”"}
    rows = figure["layout"]["yaxis"]["ticktext"]
    assert "Origin Times and its copies" in rows
    # The credit is inside the figure, so the downloaded image carries it.
    credit = figure["layout"]["annotations"][0]["text"]
    assert "Chart:" in credit and "5 articles" in credit
    # The figure is a document of its own, fetched by the chart's script; not in the page.
    assert f'data-figure-src="{reverse("timeline:story_figure")}"' in html
    assert 'type="application/json"' not in html


def test_the_chart_table_reads_without_javascript(client, corpus, travelled):
    text = text_of(client.get(reverse("timeline:story")))
    table = text.split("Articles that reported the claim, in publication order")[1]
    assert "Aggregator Hub admitted dropped “the firm partly used Rival models” takes its " in table
    assert "takes its text from Origin Times: The hearing, as it happened" in table
    assert "date unknown Unknown outlet" in table


def test_no_hedged_claim_means_no_chart(client, corpus):
    from sources.models import Mention

    Mention.objects.update(qualifier="")
    response = client.get(reverse("timeline:story"))
    assert "data-figure-src" not in response.content.decode()
    assert "plotly.min.js" not in response.content.decode()
    assert client.get(reverse("timeline:story_figure")).status_code == 404
    assert client.get(reverse("timeline:story_chart")).status_code == 404


def test_plotly_text_in_hover_labels_is_escaped(client, corpus):
    source = make_source(
        "<img src=x onerror=alert(1)> said the firm partly used Rival models.",
        outlet=make_outlet(name="<i>Odd</i> Outlet"),
    )
    make_mention(
        claim=corpus.hedged,
        source=source,
        quote="the firm partly used Rival models",
        qualifier="partly",
    )
    figure = client.get(reverse("timeline:story_figure")).json()
    hovers = [h for trace in figure["data"] for h in trace["hovertext"]]
    assert any("&lt;i&gt;Odd&lt;/i&gt; Outlet" in h for h in hovers)
    assert not any("<i>" in h for h in hovers)


# --- Fixed query counts -------------------------------------------------------------------

TRAVEL_QUERIES = {"story": 11, "claim": 14, "copy": 7, "side_by_side": 1, "timeline": 7}


def _urls(corpus, travelled) -> dict[str, str]:
    return {
        "story": reverse("timeline:story"),
        "claim": corpus.hedged.get_absolute_url(),
        "copy": travelled.copy.get_absolute_url(),
        "side_by_side": reverse(
            "sources:reuse_pair", args=[travelled.copy.pk, travelled.original.pk]
        ),
        "timeline": reverse("timeline:timeline"),
    }


@pytest.mark.parametrize("page", sorted(TRAVEL_QUERIES))
def test_travel_pages_run_the_same_queries_however_many_copies(
    client, corpus, travelled, page, django_assert_num_queries
):
    url = _urls(corpus, travelled)[page]
    with django_assert_num_queries(TRAVEL_QUERIES[page]):
        assert client.get(url).status_code == 200
    add_sources(corpus, 30)
    for n in range(5):  # five more copies of the original, in as many outlets
        copy = make_source(
            COPY_TEXT + f" Copy {n}.", outlet=make_outlet(), published=travelled.copy.published
        )
        make_mention(claim=corpus.hedged, source=copy, quote="the firm partly used Rival models")
    make_source(ORIGINAL_TEXT + " Another copy.", outlet=None, published=None)
    from sources.travel.groups import rebuild_copy_groups
    from sources.travel.pairs import detect_pairs

    detect_pairs()
    rebuild_copy_groups()
    assert ReusePair.objects.count() > 5
    cache.clear()
    with django_assert_num_queries(TRAVEL_QUERIES[page]):
        assert client.get(url).status_code == 200
