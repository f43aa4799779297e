"""The read-only JSON API: pagination, filters, links between resources, errors."""

import pytest

from sources.models import Mention
from tests.factories import make_claim

API = "http://testserver/api"


def get(client, path: str, status: int = 200, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_index_links_to_every_list_and_each_answers(client, corpus):
    index = get(client, "/api/")

    assert set(index["resources"]) == {
        "claims",
        "sources",
        "mentions",
        "outlets",
        "events",
        "reuse",
    }
    for url in index["resources"].values():
        assert get(client, url.removeprefix("http://testserver"))["count"] >= 1
    assert index["exports"]["mentions"]["csv"] == "http://testserver/export/mentions.csv"
    assert index["claimreview"] == "http://testserver/export/claimreview.json"


def test_claims_list_and_detail(client, corpus):
    page = get(client, "/api/claims/")

    assert page["count"] == 4 and page["next"] is None and page["previous"] is None
    relied = next(c for c in page["results"] if c["slug"] == "firm-relied-on-rival")
    assert relied["id"] == corpus.claims[0].pk
    assert relied["url"] == "http://testserver/claims/firm-relied-on-rival/"
    assert relied["api_url"] == f"{API}/claims/firm-relied-on-rival/"
    assert relied["speaker"]["name"] == "Ada Speaker"
    assert relied["counts"]["sources_reporting"] == 3
    assert relied["counts"]["with_qualifier"] == 2
    assert relied["verdict"] == "accurate" and relied["verdict_label"] == "Accurate"
    detail = get(client, "/api/claims/firm-relied-on-rival/")
    assert detail == relied
    mentions = get(client, relied["mentions_api_url"].removeprefix("http://testserver"))
    assert mentions["count"] == 3


def test_score_claim_value_is_a_number(client, corpus):
    score = get(client, "/api/claims/model-scored-49/")
    assert score["value"] == 49 and score["unit"] == "points" and score["kind"] == "benchmark"


def test_sources_list_and_detail_with_body_and_mentions(client, corpus):
    page = get(client, "/api/sources/")
    assert [s["id"] for s in page["results"]] == [s.pk for s in reversed(corpus.sources)]
    assert "body" not in page["results"][0]

    first = corpus.sources[0]
    detail = get(client, f"/api/sources/{first.pk}/")
    assert detail["body"] == first.body
    assert detail["outlet"]["api_url"] == f"{API}/outlets/wire-daily/"
    assert detail["counts"] == {"claims": 3, "mentions": 3}
    for mention in detail["mentions"]:
        assert detail["body"][mention["start"] : mention["end"]] == mention["quote"]
        assert mention["claim"]["api_url"].startswith(f"{API}/claims/")


def test_mentions_link_to_their_claim_and_source(client, corpus):
    results = get(client, "/api/mentions/")["results"]

    assert sorted(m["id"] for m in results) == sorted(m.pk for m in corpus.mentions)
    for mention in results:
        source = get(client, mention["source"]["api_url"].removeprefix("http://testserver"))
        claim = get(client, mention["claim"]["api_url"].removeprefix("http://testserver"))
        assert source["body"][mention["start"] : mention["end"]] == mention["quote"]
        assert claim["slug"] == mention["claim"]["slug"]


def test_outlets_and_events(client, corpus):
    outlets = get(client, "/api/outlets/")["results"]
    assert [o["slug"] for o in outlets] == ["blog-weekly", "wire-daily"]
    wire = get(client, "/api/outlets/wire-daily/")
    assert wire["source_count"] == 2
    sources = get(client, wire["sources_api_url"].removeprefix("http://testserver"))
    assert {s["id"] for s in sources["results"]} == {corpus.sources[0].pk, corpus.sources[2].pk}

    events = get(client, "/api/events/")["results"]
    assert [e["slug"] for e in events] == ["testimony"]
    assert [c["slug"] for c in events[0]["claims"]] == ["firm-relied-on-rival"]
    assert len(events[0]["sources"]) == 2


def test_pagination_counts_and_links(client, corpus):
    first = get(client, "/api/mentions/", page_size=4, stance="supports")

    assert first["count"] == Mention.objects.filter(stance="supports").count() == 4
    assert first["page_size"] == 4 and first["next"] is None

    first = get(client, "/api/mentions/", page_size=2)
    assert first["count"] == 6 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == f"{API}/mentions/?page_size=2&page=2"
    second = get(client, first["next"].removeprefix("http://testserver"))
    third = get(client, second["next"].removeprefix("http://testserver"))
    assert second["previous"] == f"{API}/mentions/?page_size=2&page=1"
    assert third["next"] is None
    ids = [m["id"] for page in (first, second, third) for m in page["results"]]
    assert sorted(ids) == sorted(m.pk for m in corpus.mentions)


def test_page_size_is_capped(client, db):
    for n in range(3):
        make_claim(slug=f"c-{n}")
    assert get(client, "/api/claims/", page_size=100000)["page_size"] == 500


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"kind": "policy_clause"}, {"terms-forbid-competing"}),
        ({"outlet": "blog-weekly"}, {"firm-relied-on-rival", "terms-forbid-competing"}),
        ({"stance": "disputes"}, {"terms-forbid-competing"}),
        ({"claim": "model-scored-49"}, {"model-scored-49"}),
        ({"published_after": "2026-05-05"}, {"firm-relied-on-rival"}),
        (
            {"published_before": "2026-05-02"},
            {"firm-relied-on-rival", "terms-forbid-competing", "model-scored-49"},
        ),
    ],
)
def test_claim_filters(client, corpus, params, slugs):
    assert {c["slug"] for c in get(client, "/api/claims/", **params)["results"]} == slugs


def test_mention_and_source_filters(client, corpus):
    wire = get(client, "/api/mentions/", outlet="wire-daily")["results"]
    assert {m["source"]["outlet"]["slug"] for m in wire} == {"wire-daily"}
    assert len(wire) == 4
    late = get(client, "/api/sources/", published_after="2026-05-02")["results"]
    assert {s["id"] for s in late} == {corpus.sources[1].pk, corpus.sources[2].pk}
    disputing = get(client, "/api/outlets/", stance="disputes")["results"]
    assert [o["slug"] for o in disputing] == ["blog-weekly"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page_size": "-1"},
        {"published_after": "yesterday"},
        {"kind": "rumour"},
        {"stance": "agrees"},
        {"source": "first"},
    ],
)
def test_bad_parameters_are_400_with_a_json_error(client, corpus, params):
    body = get(client, "/api/mentions/", status=400, **params)
    assert body["error"] and body["errors"]


@pytest.mark.parametrize(
    "path", ["/api/claims/no-such-claim/", "/api/sources/999999/", "/api/outlets/nope/"]
)
def test_unknown_resources_are_404(client, corpus, path):
    assert "error" in get(client, path, status=404)


def test_page_past_the_end_is_404(client, corpus):
    get(client, "/api/claims/", status=404, page=99)


def test_api_is_read_only(client, corpus):
    assert client.post("/api/claims/").status_code == 405


@pytest.mark.parametrize(
    "path", ["/api/claims/", "/api/sources/", "/api/mentions/", "/api/outlets/", "/api/events/"]
)
def test_list_query_count_does_not_grow_with_rows(
    client, corpus, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(5):
        get(client, path, page_size=500)


@pytest.mark.parametrize(
    ("params", "counts"),
    [
        ({}, {"blog-weekly": 1, "wire-daily": 2}),
        ({"stance": "disputes"}, {"blog-weekly": 1}),
        ({"stance": "mentions"}, {"wire-daily": 1}),
        ({"published_after": "2026-05-02"}, {"blog-weekly": 1, "wire-daily": 1}),
        ({"claim": "model-scored-49"}, {"wire-daily": 1}),
    ],
)
def test_outlet_source_counts_follow_the_filters(client, corpus, params, counts):
    outlets = get(client, "/api/outlets/", **params)["results"]
    assert {o["slug"]: o["source_count"] for o in outlets} == counts
    for outlet in outlets:  # the count is the number of sources its link lists
        sources = get(client, "/api/sources/", outlet=outlet["slug"], **params)
        assert sources["count"] == outlet["source_count"]


def test_outlet_detail_counts_every_source(client, corpus):
    assert get(client, "/api/outlets/wire-daily/", stance="disputes")["source_count"] == 2
