"""ClaimReview JSON-LD: the fields Google's fact-check markup requires and recommends."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from sources.models import Claim
from sources.opendata.claimreview import claim_review
from tests.factories import make_claim, make_entity, make_mention, make_source

BASE = "https://news.example"


def check_google_fields(review: dict) -> None:
    """Google: required claimReviewed, reviewRating.alternateName, url; the rest recommended."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["url"].startswith(BASE)
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert isinstance(rating["alternateName"], str) and rating["alternateName"]
    assert rating["worstRating"] <= rating.get("ratingValue", rating["worstRating"])
    assert rating.get("ratingValue", rating["bestRating"]) <= rating["bestRating"]
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["datePublished"])
    for work in [*item["appearance"], item["firstAppearance"]]:
        assert work["@type"] == "CreativeWork" and work["url"].startswith("http")


def test_claim_review_has_the_required_and_recommended_fields(corpus, settings):
    settings.SITE_NAME = "Test Desk"
    relied = corpus.claims[0]

    review = claim_review(relied, base_url=BASE)

    check_google_fields(review)
    assert review["claimReviewed"] == relied.statement
    assert review["url"] == f"{BASE}/claims/{relied.slug}/"
    assert review["reviewRating"]["alternateName"] == "Accurate"
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["author"]["name"] == "Test Desk"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Ada Speaker"}
    assert review["itemReviewed"]["datePublished"] == "2026-04-30"
    urls = [w["url"] for w in review["itemReviewed"]["appearance"]]
    first, second, third = corpus.sources
    # The article's own URL when known, else our copy of it.
    assert urls == [first.url, f"{BASE}/sources/{second.pk}/", third.url]
    assert review["itemReviewed"]["firstAppearance"]["url"] == first.url
    assert review["itemReviewed"]["firstAppearance"]["datePublished"] == "2026-05-01"


def test_claim_without_a_verdict_has_no_review(corpus):
    assert claim_review(corpus.claims[2], base_url=BASE) is None


def test_claim_date_falls_back_to_the_first_report_and_organisations_are_organizations(db):
    org = make_entity("Rival Lab")
    claim = make_claim(speaker=org, verdict=Claim.Verdict.MISLEADING)
    make_mention(claim=claim, source=make_source(published=date(2026, 6, 2)))

    review = claim_review(claim, base_url=BASE)

    check_google_fields(review)
    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert review["itemReviewed"]["datePublished"] == "2026-06-02"
    assert review["reviewRating"]["ratingValue"] == 2


def render_tag(claim, **context) -> str:
    request = RequestFactory().get("/")
    template = Template("{% load claimreview %}{% claimreview_jsonld claim %}")
    return template.render(Context({"claim": claim, "request": request, **context}))


def test_template_tag_escapes_html_in_the_json(db):
    hostile = "</script><script>alert(1)</script> & <b>"
    claim = make_claim(statement=hostile, verdict=Claim.Verdict.INACCURATE)
    make_mention(claim=claim)

    html = render_tag(claim)

    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<b>" not in html and "&" not in html.removeprefix("<script").split(">", 1)[1]
    data = json.loads(html.split(">", 1)[1].removesuffix("</script>"))
    assert data["claimReviewed"] == hostile
    assert data["url"] == f"http://testserver/claims/{claim.slug}/"


def test_template_tag_adds_the_csp_nonce_and_renders_nothing_without_verdict(corpus):
    assert 'nonce="abc123"' in render_tag(corpus.claims[0], csp_nonce="abc123")
    assert render_tag(corpus.claims[2]) == ""


def test_template_tag_query_count_is_fixed(corpus, django_assert_num_queries):
    with django_assert_num_queries(1):
        render_tag(corpus.claims[0])


def test_claimreview_export_lists_every_reviewed_claim(client, corpus, django_assert_num_queries):
    with django_assert_num_queries(2):  # claims, then their mentions with sources
        response = client.get("/export/claimreview.json")

    reviews = response.json()
    reviewed = sorted(c.slug for c in corpus.claims if c.verdict)
    assert [r["url"].rstrip("/").rsplit("/", 1)[1] for r in reviews] == reviewed
    for review in reviews:
        assert review["url"].startswith("http://testserver/")
        check_google_fields(
            {**review, "url": BASE + review["url"].removeprefix("http://testserver")}
        )


def test_claimreview_export_does_not_read_article_texts(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/export/claimreview.json")

    assert response.status_code == 200
    appearances = [a for r in response.json() for a in r["itemReviewed"].get("appearance", [])]
    assert {a["headline"] for a in appearances} >= {s.title for s in corpus.sources[:2]}
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert selects
    for sql in selects:
        columns = sql.split(" FROM ", 1)[0]
        assert "raw_input" not in columns and '"body"' not in columns, sql


@pytest.mark.parametrize("verdict", [v for v in Claim.Verdict.values if v])
def test_every_verdict_has_a_rating_label(db, verdict):
    claim = make_claim(verdict=verdict)
    make_mention(claim=claim)
    review = claim_review(claim, base_url=BASE)
    check_google_fields(review)
    assert review["reviewRating"]["alternateName"] == Claim.Verdict(verdict).label


def _verdict_given_on(claim: Claim, day: date) -> None:
    """Date the claim's latest history record (the verdict as it was set) to ``day``."""
    record = claim.history.order_by("-history_date", "-history_id").first()
    record.history_date = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    record.save()


def test_review_date_is_the_verdicts_date_not_the_last_save(client, db):
    claim = make_claim(slug="dated", verdict=Claim.Verdict.ACCURATE)
    make_mention(claim=claim)
    _verdict_given_on(claim, date(2026, 3, 1))
    claim.verdict = Claim.Verdict.MISLEADING
    claim.save()
    _verdict_given_on(claim, date(2026, 4, 2))
    claim.statement = "Reworded, verdict unchanged."  # saved today, as a reload would
    claim.save()

    assert claim_review(Claim.objects.get(pk=claim.pk), base_url=BASE)["datePublished"] == (
        "2026-04-02"
    )
    (exported,) = client.get("/export/claimreview.json").json()
    assert exported["datePublished"] == "2026-04-02"
    page = client.get("/claims/dated/").content.decode()
    assert '"datePublished": "2026-04-02"' in page
    # A verdict stamped when it was given needs no history.
    claim.verdict_updated_at = datetime(2026, 2, 3, tzinfo=UTC)
    assert claim_review(claim, base_url=BASE)["datePublished"] == "2026-02-03"


def test_claim_without_a_speaker_is_authored_by_the_outlet_that_first_ran_it(client, corpus):
    (terms,) = [r for r in client.get("/export/claimreview.json").json() if "terms" in r["url"]]

    assert terms["itemReviewed"]["author"] == {"@type": "Organization", "name": "Wire Daily"}
    assert terms["itemReviewed"]["firstAppearance"]["publisher"]["name"] == "Wire Daily"
