"""Each reader page shows the right data, escaped, with fixed query counts."""

import json
import re

import pytest
from django.urls import reverse

from sources.models import Claim, Mention
from tests.factories import make_claim, make_mention, make_outlet, make_source
from tests.helpers import add_sources, text_of


def page_urls(corpus) -> dict[str, str]:
    return {
        "story": reverse("timeline:story"),
        "coverage": reverse("sources:coverage"),
        "compare": reverse("sources:compare"),
        "timeline": reverse("timeline:timeline"),
        "source_list": reverse("sources:source_list"),
        "source_detail": corpus.kept.get_absolute_url(),
        "claim_detail": corpus.hedged.get_absolute_url(),
        "outlet_list": reverse("sources:outlet_list"),
        "outlet_detail": corpus.kept.outlet.get_absolute_url(),
        "search": reverse("sources:search") + "?q=rival+models",
    }


def test_story_shows_editor_text_and_findings_computed_from_mentions(client, corpus):
    response = client.get(reverse("timeline:story"))
    text = text_of(response)
    assert "How outlets reported “partly”" in text
    assert "<strong>April 30</strong>" in response.content.decode()  # markdown rendered
    # Three reporters: two outlets and one article with no known outlet; only Wire kept it.
    assert "1 of 3 outlets that reported" in text
    assert "kept Musk’s “partly”; 2 dropped it" in text
    assert "1 outlet disputed" in text
    assert corpus.hedged.get_absolute_url() in response.content.decode()


def test_story_findings_follow_the_data(client, corpus):
    corpus.dropped_mention.qualifier = "partly"
    corpus.dropped_mention.save()
    text = text_of(client.get(reverse("timeline:story")))
    assert "2 of 3 outlets that reported" in text


def test_coverage_cells_show_stance_qualifier_and_link_to_the_quote(client, corpus):
    response = client.get(reverse("sources:coverage"))
    html = response.content.decode()
    assert f'{corpus.kept.get_absolute_url()}#mention-{corpus.kept_mention.pk}"' in html
    assert f'{corpus.dropped.get_absolute_url()}#mention-{corpus.dropped_mention.pk}"' in html
    text = text_of(response)
    assert "kept “partly”" in text
    assert "dropped the qualifier" in text
    assert "Disputes" in text
    assert "Showing articles 1–3 of 3 against 3 claims" in text


def test_coverage_filters_are_in_the_url_and_the_export_links(client, corpus):
    response = client.get(reverse("sources:coverage"), {"kind": "policy_clause"})
    html = response.content.decode()
    text = text_of(response)
    assert corpus.policy.statement in text
    assert corpus.hedged.statement not in text
    assert 'value="policy_clause" checked' in html
    assert (
        reverse("export", kwargs={"table": "coverage", "fmt": "csv"}) + "?kind=policy_clause"
        in html
    )
    # The form works without JavaScript: a GET to the page itself, and htmx pushes the URL.
    assert f'action="{reverse("sources:coverage")}" method="get"' in html
    assert 'hx-push-url="true"' in html


def test_coverage_outlet_and_stance_filters(client, corpus):
    text = text_of(client.get(reverse("sources:coverage"), {"stance": "disputes"}))
    assert "Showing articles 1–1 of 1" in text
    assert corpus.policy.statement in text
    outlet = corpus.dropped.outlet.slug
    text = text_of(client.get(reverse("sources:coverage"), {"outlet": outlet}))
    assert "Showing articles 1–1 of 1" in text


def test_htmx_requests_get_a_fragment(client, corpus):
    for url, marker in (
        (reverse("sources:coverage") + "?kind=quote", "Showing articles"),
        (corpus.hedged.get_absolute_url(), "quotes"),
        (reverse("sources:search") + "?q=rival", "match “rival”"),
        (reverse("sources:source_list"), "articles"),
    ):
        response = client.get(url, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and "<head" not in html
        assert marker in html
        assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, corpus):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get(reverse("sources:coverage"), headers=headers)
    assert "<html" in response.content.decode()


def test_claim_page_groups_variants_and_marks_the_qualifier(client, corpus):
    response = client.get(corpus.hedged.get_absolute_url())
    html = response.content.decode()
    text = text_of(response)
    assert corpus.hedged.statement in text
    assert "Verdict: Accurate" in text
    assert "<strong>partly</strong>" in html  # explanation rendered as markdown
    # "Partly." and "partly" are one group (two quotes); the third source has no variant.
    assert "“Partly.” / “partly” 2 quotes, 2 articles" in text
    assert "1 article kept the qualifier “partly”; 2 dropped it." in text
    # The quote is highlighted inside its sentence.
    assert "<mark>the firm partly used Rival models</mark>" in html
    assert "kept “partly”" in text and "dropped the qualifier" in text
    assert f"#mention-{corpus.dropped_mention.pk}" in html
    assert "Rival Lab" in text and "Small Firm" in text


def test_claim_page_embeds_claimreview_for_a_verdict(client, corpus):
    html = client.get(corpus.hedged.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/ld+json"' in head
    assert "ClaimReview" in head


def test_unknown_claim_source_and_outlet_are_404(client, corpus):
    assert client.get(reverse("sources:claim_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("sources:source_detail", args=[999999])).status_code == 404
    assert client.get(reverse("sources:outlet_detail", args=["nope"])).status_code == 404


def test_source_page_highlights_each_mention_with_its_anchor(client, corpus):
    response = client.get(corpus.kept.get_absolute_url())
    html = response.content.decode()
    assert f'id="mention-{corpus.kept_mention.pk}"' in html
    assert (
        f'<a href="{corpus.hedged.get_absolute_url()}" title="Claim: {corpus.hedged.statement}">'
        "the firm partly used Rival models</a>"
    ) in html.replace("&#x27;", "'")
    text = text_of(response)
    assert "Wire Daily" in text and "1 May 2026" in text
    assert "https://wire.example/partly" in html
    # Every mention of the source is listed with its claim.
    assert text.count("jump to the quote") == 3


def test_source_page_handles_overlapping_mentions(client, db):
    source = make_source("Alpha beta gamma delta epsilon.")
    outer = make_mention(source=source, quote="Alpha beta gamma delta")
    inner = make_mention(source=source, quote="beta gamma")
    same_start = make_mention(source=source, quote="Alpha beta")
    html = client.get(source.get_absolute_url()).content.decode()
    for mention in (outer, inner, same_start):
        assert html.count(f'id="mention-{mention.pk}"') == 1
    # The text is all there, once, whatever the nesting.
    assert text_of(client.get(source.get_absolute_url())).count("epsilon") == 1
    body = html.split('class="article-body">')[1].split("</div>")[0]
    assert re.sub(r"<[^>]+>", "", body).strip() == "Alpha beta gamma delta epsilon."


def test_source_page_shows_citations_both_ways(client, corpus):
    from sources.models import Citation

    Citation.objects.create(
        source=corpus.dropped,
        kind=Citation.Kind.BASED_ON,
        cited_source=corpus.kept,
        text="Based on the Wire Daily report",
    )
    text = text_of(client.get(corpus.dropped.get_absolute_url()))
    cites = text[text.index("What it cites") : text.index("Who cites it")]
    assert "Based on" in cites and "Firm partly used Rival models" in cites
    text = text_of(client.get(corpus.kept.get_absolute_url()))
    assert "Blog Weekly: Firm used Rival models (based on)" in text


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_article_text_is_escaped_everywhere(client, db):
    outlet = make_outlet(name='Evil <b>Outlet</b>"')
    source = make_source(
        f"Intro. {HOSTILE} said the firm. Then more.",
        title=f"Title {HOSTILE}",
        dek=HOSTILE,
        outlet=outlet,
        captions=[HOSTILE],
    )
    claim = make_claim(statement=f"Claim {HOSTILE}", verdict_explanation=HOSTILE)
    make_mention(claim=claim, source=source, quote=HOSTILE, variant=HOSTILE, qualifier="<i>p</i>")
    urls = [
        source.get_absolute_url(),
        claim.get_absolute_url(),
        reverse("sources:coverage"),
        reverse("sources:compare"),
        reverse("sources:source_list"),
        reverse("sources:outlet_list"),
        outlet.get_absolute_url(),
        reverse("timeline:story"),
        reverse("sources:search") + "?q=alert",
        reverse("sources:search") + "?q=" + "%3Cscript%3E",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "<b>Outlet</b>" not in html, url


def test_compare_page_tables(client, corpus):
    response = client.get(reverse("sources:compare"))
    text = text_of(response)
    html = response.content.decode()
    # Terms of service: who wrote it, the clause as quoted, who reportedly broke it.
    assert "Rival Lab" in text
    assert "“to develop models that compete with Rival”" in text
    assert "Small Firm" in text
    # The qualifier table: one row per quote, kept or dropped.
    assert "kept “partly”" in text and text.count("dropped") >= 2
    assert f"#mention-{corpus.kept_mention.pk}" in html
    # The benchmark in context.
    assert "The bot scored 49 on the Index" in text
    assert "<mark>The bot scored 49 on the Index</mark>" in html


def test_outlet_pages(client, corpus):
    text = text_of(client.get(reverse("sources:outlet_list")))
    assert "Wire Daily" in text and "Blog Weekly" in text
    assert "1 article has no known outlet" in text
    response = client.get(corpus.kept.outlet.get_absolute_url())
    text = text_of(response)
    assert "Firm partly used Rival models" in text
    assert corpus.hedged.statement in text
    assert "1 kept the qualifier" in text


def test_source_list_shows_outlet_title_date_and_words(client, corpus):
    text = text_of(client.get(reverse("sources:source_list")))
    assert "Wire Daily Firm partly used Rival models 1 May 2026" in text
    assert "Unknown outlet Undated copy unknown" in text
    assert str(corpus.kept.word_count) in text


def test_timeline_has_chart_data_and_the_same_events_as_a_list(client, corpus):
    response = client.get(reverse("timeline:timeline"))
    html = response.content.decode()
    assert 'id="timeline-figure" type="application/json"' in html
    assert f'id="event-{corpus.event.slug}"' in html
    assert "<em>partly</em>" in html
    assert "Musk testifies" in text_of(response)
    script = re.search(r'<script id="timeline-figure" type="application/json">(.*?)</script>', html)
    figure = json.loads(script.group(1))
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Articles published", "Events"]
    assert figure["data"][1]["text"] == ["Musk testifies"]


def test_plotly_loads_only_on_chart_pages(client, corpus):
    for name, url in page_urls(corpus).items():
        html = client.get(url).content.decode()
        has_plotly = "plotly.min.js" in html
        assert has_plotly == (name in {"timeline", "story"}), name


def test_scripts_carry_the_csp_nonce_and_no_inline_handlers(client, corpus):
    for url in page_urls(corpus).values():
        response = client.get(url)
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        for tag in re.findall(r"<script\b[^>]*>", html):
            if 'type="application/json"' in tag:
                continue  # json_script data: never executed
            assert f'nonce="{nonce}"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=", html), url


def test_every_page_has_title_canonical_and_share_tags(client, corpus, settings):
    settings.SITE_URL = "https://news.example.org"
    for name, url in page_urls(corpus).items():
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S).group(1).strip()
        assert title, name
        path = url.split("?")[0]
        assert f'<link rel="canonical" href="https://news.example.org{path}' in head, name
        for tag in ('property="og:title"', 'property="og:description"', 'property="og:url"',
                    'name="twitter:card"', 'name="description"'):  # fmt: skip
            match = re.search(rf'<meta {tag} content="([^"]*)"', head)
            assert match and match.group(1).strip(), (name, tag)


def test_text_page_stays_under_100_kb_with_its_assets(client, corpus):
    """HTML plus CSS plus htmx, compressed as whitenoise serves them."""
    import gzip

    from django.contrib.staticfiles import finders

    response = client.get(corpus.kept.get_absolute_url())
    html = response.content
    total = len(gzip.compress(html))
    for path in re.findall(rb'(?:src|href)="/static/([^"]+)"', html):
        with open(finders.find(path.decode()), "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 100 * 1024


def test_search_finds_words_and_highlights_them(client, corpus):
    response = client.get(reverse("sources:search"), {"q": "vague"})
    html = response.content.decode()
    assert "<mark>vague</mark>" in html
    assert corpus.dropped.title in text_of(response)
    assert corpus.kept.title not in text_of(response)
    # Stemming: "competing" finds the claim's "competing" and the article's "compete".
    response = client.get(reverse("sources:search"), {"q": "competing"})
    text = text_of(response)
    assert "1 claim and 1 article match" in text
    assert corpus.policy.statement in text and corpus.kept.title in text
    assert "<mark>compete</mark>" in response.content.decode()


def test_search_matches_words_not_substrings(client, corpus):
    # A LIKE scan would find "ival" inside "Rival"; the index only matches words.
    text = text_of(client.get(reverse("sources:search"), {"q": "ival"}))
    assert "0 claims and 0 articles match" in text


def test_search_ignores_query_syntax(client, corpus):
    for query in ('"unbalanced', "rival AND OR NOT", "rival*", "(vague", "NEAR(x y)"):
        assert client.get(reverse("sources:search"), {"q": query}).status_code == 200


def test_search_index_follows_edits_and_deletes(client, corpus):
    corpus.dropped.body = corpus.dropped.body.replace("vague", "murky")
    corpus.dropped.save()
    assert "0 claims and 0 articles" in text_of(client.get("/search/", {"q": "vague"}))
    assert "1 article" in text_of(client.get("/search/", {"q": "murky"}))
    corpus.dropped.delete()
    assert "0 claims and 0 articles" in text_of(client.get("/search/", {"q": "murky"}))


# --- Fixed query counts ------------------------------------------------------------------

# Queries per page; the same whether the corpus has 3 sources or 30 more.
# Issue 16 added fixed reads: the story chart and the copy collapse in the findings (story
# 6 -> 12), first reports (timeline 5 -> 7), an article's family (source 4 -> 6), and
# the collapsed tally, first reports and framing verbs (claim 7 -> 12). Issue 14: the
# findings are kept per data version, not under a corpus-wide count (story 12 -> 11). These
# are the counts when nothing is memoised yet (the cache is cleared): the claim page reads its
# tallies, its page of quotes, its ClaimReview and its travel sections once per data version
# (claim 12 -> 14, one query after that), the source page its mention count and citations
# (source 6 -> 7, two after that); tests/pages/test_reader_pages.py pins those.
EXPECTED_QUERIES = {
    "story": 11,
    "coverage": 5,
    "compare": 12,
    "timeline": 7,
    "source_list": 2,
    "source_detail": 7,
    "claim_detail": 14,
    "outlet_list": 2,
    "outlet_detail": 5,
    "search": 4,
}


@pytest.mark.parametrize("page", sorted(EXPECTED_QUERIES))
def test_query_count_does_not_grow_with_the_corpus(client, corpus, page, django_assert_num_queries):
    from django.core.cache import cache

    url = page_urls(corpus)[page]
    expected = EXPECTED_QUERIES[page]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    add_sources(corpus, 30)  # ten times the sources
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert response.status_code == 200


def test_coverage_pages_its_columns(client, corpus):
    add_sources(corpus, 30)
    text = text_of(client.get(reverse("sources:coverage")))
    assert "Showing articles 1–12 of 33" in text
    assert "Page 1 of 3" in text
    text = text_of(client.get(reverse("sources:coverage"), {"page": 3}))
    assert "Showing articles 25–33 of 33" in text


def test_filters_that_match_nothing_say_so(client, corpus):
    Mention.objects.filter(stance=Mention.Stance.DISPUTES).delete()
    text = text_of(client.get(reverse("sources:coverage"), {"stance": "disputes"}))
    assert "No article matches these filters." in text


def test_claim_without_mentions_or_verdict(client, db):
    claim = make_claim(kind=Claim.Kind.EVENT)
    text = text_of(client.get(claim.get_absolute_url()))
    assert "Verdict: Not yet reviewed" in text
    assert "No article in this collection reports this claim yet." in text


def test_empty_site_renders(client, db):
    for url in (
        reverse("timeline:story"),
        reverse("sources:coverage"),
        reverse("sources:compare"),
        reverse("timeline:timeline"),
        reverse("sources:source_list"),
        reverse("sources:outlet_list"),
        reverse("sources:search"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "page, current",
    [
        ("coverage", "Coverage"),
        ("source_detail", "Sources"),
        ("outlet_detail", "Outlets"),
        ("timeline", "Timeline"),
    ],
)
def test_header_marks_the_current_section_and_every_header_and_footer_link_answers(
    client, corpus, page, current
):
    html = client.get(page_urls(corpus)[page]).content.decode()
    marked = re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', html)
    assert [label for _, label in marked] == [current]
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
    assert footer.count("/export/") >= 15  # five tables, three formats each
    for href in set(re.findall(r'href="(/[^"]*)"', header + footer)):
        response = client.get(href)
        assert response.status_code == 200, href
        if response.streaming:
            # Read to the end, as a browser does: an export left half-read would hold its
            # server-side cursor open on PostgreSQL.
            b"".join(response.streaming_content)
