"""What the reader pages count (articles, not quotes; supporting, not disputing) and
how the coverage filters carry over from page to page."""

import re
from datetime import date

from django.urls import reverse

from sources.models import Mention
from sources.pages.labels import quoted
from tests.factories import make_event, make_mention, make_source
from tests.helpers import text_of


def test_variant_groups_count_articles_not_quotes(client, corpus):
    # The article that wrote "Partly." writes "partly" as well: still one article.
    make_mention(
        claim=corpus.hedged, source=corpus.kept, quote="partly used Rival", variant="partly"
    )
    text = text_of(client.get(corpus.hedged.get_absolute_url()))
    assert "“partly” / “Partly.” 3 quotes, 2 articles" in text


def test_policy_table_counts_articles_and_keeps_disputes_apart(client, corpus):
    source = make_source(
        "Its terms forbid work to develop models that compete with Rival. "
        "Again: to develop models that compete with Rival!"
    )
    make_mention(
        claim=corpus.policy, source=source, quote="to develop models that compete with Rival"
    )
    second = source.body.rindex("to develop")
    Mention.objects.create(
        claim=corpus.policy,
        source=source,
        quote="to develop models that compete with Rival",
        start=second,
        end=second + len("to develop models that compete with Rival"),
        sentence="Again: to develop models that compete with Rival!",
        sentence_start=source.body.rindex("Again"),
    )
    response = client.get(reverse("sources:compare"))
    text = text_of(response)
    # Three quotes in two articles.
    assert "“to develop models that compete with Rival” (2 articles)" in text
    # The disputing sentence is not the clause "as quoted"; it is listed apart, marked.
    as_quoted = text.split("The clause, as quoted")[1].split("Disputes")[0]
    assert "always vague" not in as_quoted
    assert "Disputes “the terms were always vague” (1 article)" in text


def test_policy_wordings_spelled_two_ways_in_one_article_count_it_once(client, corpus):
    source = make_source(
        "The terms bar attempts to develop models that compete with Rival. "
        "Quoting them: “To develop models that compete with Rival.”"
    )
    for quote in (
        "to develop models that compete with Rival",
        "To develop models that compete with Rival.",
    ):
        start = source.body.index(quote)
        Mention.objects.create(
            claim=corpus.policy,
            source=source,
            quote=quote,
            start=start,
            end=start + len(quote),
            sentence=quote,
            sentence_start=start,
        )

    text = text_of(client.get(reverse("sources:compare")))

    # The corpus's own article and this one; not three for three spellings-by-article.
    assert "“to develop models that compete with Rival” (2 articles)" in text


def test_findings_count_only_articles_that_state_the_claim(client, corpus):
    text = text_of(client.get(reverse("timeline:story")))
    # Wire quotes the clause; Blog only disputes it; the third article never mentions it.
    assert (
        "1 of 3 outlets quoted: “Rival's terms ban using outputs to build competing models”."
        in text
    )
    assert "1 outlet disputed" in text


def test_findings_skip_a_clause_nobody_states(client, corpus):
    Mention.objects.filter(claim=corpus.policy).update(stance=Mention.Stance.DISPUTES)
    text = text_of(client.get(reverse("timeline:story")))
    assert "quoted:" not in text
    assert "2 outlets disputed" in text


def test_statements_are_quoted_without_doubled_marks():
    assert quoted("Terms bar outputs “to develop models that compete with OpenAI.”") == (
        "“Terms bar outputs ‘to develop models that compete with OpenAI’”"
    )
    assert quoted('He said "partly" on oath.') == "“He said ‘partly’ on oath”"
    assert quoted("Plain statement.") == "“Plain statement”"
    assert quoted("Is it?") == "“Is it?”"


def test_coverage_judges_the_qualifier_over_all_of_an_articles_mentions(client, corpus):
    # Wire also has a disputing sentence without the hedge; under a stance filter its
    # cell shows that sentence but still says Wire kept "partly" (in its other quote).
    make_mention(
        claim=corpus.hedged,
        source=corpus.kept,
        quote="The bot scored 49",
        stance=Mention.Stance.DISPUTES,
    )
    response = client.get(reverse("sources:coverage"), {"stance": "disputes"})
    html = response.content.decode()
    row = html.split(f'<a href="{corpus.hedged.get_absolute_url()}">')[1].split("</tr>")[0]
    assert "Disputes" in row and "Supports" not in row
    assert "kept “partly”" in row
    assert "dropped the qualifier" not in row


def test_coverage_form_carries_claim_source_and_date_filters(client, corpus):
    params = {
        "claim": corpus.hedged.slug,
        "source": str(corpus.kept.pk),
        "published_after": "2026-04-01",
        "kind": "quote",
    }
    response = client.get(reverse("sources:coverage"), params)
    html = response.content.decode()
    form = html.split('<form class="filters"')[1].split("</form>")[0]
    assert f'<input type="hidden" name="claim" value="{corpus.hedged.slug}">' in form
    assert f'<input type="hidden" name="source" value="{corpus.kept.pk}">' in form
    assert '<input type="hidden" name="published_after" value="2026-04-01">' in form
    text = text_of(response)
    assert f"Claim: {corpus.hedged.statement} remove" in text
    assert f"Article: {corpus.kept.title} remove" in text
    assert "Published on or after 1 April 2026 remove" in text
    # Each "remove" link keeps every other filter.
    links = re.findall(r'<a href="([^"]+)">remove', html)
    coverage = reverse("sources:coverage")
    assert links == [
        f"{coverage}?kind=quote&amp;source={corpus.kept.pk}&amp;published_after=2026-04-01",
        f"{coverage}?kind=quote&amp;claim={corpus.hedged.slug}&amp;published_after=2026-04-01",
        f"{coverage}?kind=quote&amp;claim={corpus.hedged.slug}&amp;source={corpus.kept.pk}",
    ]
    # The htmx fragment lists them too, so the links follow each filter change.
    fragment = client.get(coverage, params, headers={"HX-Request": "true"}).content.decode()
    assert "<form" not in fragment and fragment.count(">remove<") == 3


def test_coverage_canonical_url_is_normalised_and_matches_og_url(client, corpus, settings):
    settings.SITE_URL = "https://news.example.org"
    query = "?outlet=&kind=quote&bogus=1&stance=supports"
    head = client.get(reverse("sources:coverage") + query).content.decode().split("</head>")[0]
    expected = "https://news.example.org/coverage/?kind=quote&amp;stance=supports"
    assert f'<link rel="canonical" href="{expected}">' in head
    assert f'<meta property="og:url" content="{expected}">' in head


def test_coverage_column_links_name_the_article(client, corpus):
    html = client.get(reverse("sources:coverage")).content.decode()
    # Two sources without an outlet would otherwise both read "Unknown outlet".
    assert (
        f'Unknown outlet<span class="visually-hidden">: {corpus.unattributed.title}</span></a>'
        in html
    )


def test_compare_qualifier_table_has_one_row_per_article(client, corpus):
    # The article that dropped the hedge repeats its wording several times.
    body = "They used Rival models. " * 4
    source = make_source(body, title="Repeats itself")
    for n in range(4):
        start = n * len("They used Rival models. ")
        Mention.objects.create(
            claim=corpus.hedged,
            source=source,
            quote="They used Rival models",
            start=start,
            end=start + len("They used Rival models"),
            sentence="They used Rival models.",
            sentence_start=start,
        )
    response = client.get(reverse("sources:compare"))
    text = text_of(response)
    table = response.content.decode().split('id="qualifier-caption"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 4  # the header and four articles
    assert "(4 times)" in text
    # Per article, as on the claim page.
    assert "1 article kept the qualifier “partly”; 3 dropped it." in text
    claim_text = text_of(client.get(corpus.hedged.get_absolute_url()))
    assert "1 article kept the qualifier “partly”; 3 dropped it." in claim_text


def test_dates_are_only_as_precise_as_known(client, db):
    make_event(slug="year-only", title="Year only", date=date(2026, 1, 1), date_precision="year")
    make_event(slug="month-only", title="Month", date=date(2026, 3, 1), date_precision="month")
    for url in (reverse("timeline:timeline"), reverse("timeline:story")):
        html = client.get(url).content.decode()
        assert '<time datetime="2026">2026</time>' in html, url
        assert '<time datetime="2026-03">March 2026</time>' in html, url
        assert 'datetime="2026-01-01"' not in html, url
    source = make_source(published=date(2026, 1, 1), published_precision="year")
    html = client.get(source.get_absolute_url()).content.decode()
    assert '<time datetime="2026">2026</time>' in html
    html = client.get(reverse("sources:source_list")).content.decode()
    assert '<time datetime="2026">2026</time>' in html
