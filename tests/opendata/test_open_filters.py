"""The fact-checkers' filters (verdict, reviewed, method, q) and strict parameters.

Exports and the API read the same filters; an unknown parameter is a 400 that
names the known ones, never the whole table as if it had been filtered.
"""

import pytest

from sources.models import Mention

TABLES = ["mentions", "claims", "sources", "coverage", "events"]


def api(client, path: str, status: int = 200, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def quotes(rows) -> set[str]:
    return {r["quote"] for r in rows}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"verdict": "accurate"}, {0, 3, 5}),
        ({"verdict": "needs_context"}, {1, 4}),
        ({"verdict": "none"}, {2}),
        ({"verdict": ["accurate", "none"]}, {0, 2, 3, 5}),
        ({"reviewed": "true"}, {4}),
        ({"reviewed": "false"}, {0, 1, 2, 3, 5}),
        ({"method": "editor"}, {4}),
        ({"method": "automatic", "verdict": "needs_context"}, {1}),
        # "vague" is in the second article only (no claim says it): its mentions.
        ({"q": "vague"}, {3, 4}),
        # "recap" is only in the third article's text.
        ({"q": "Recap"}, {5}),
    ],
)
def test_mention_filters_in_every_format_and_the_api(client, download, corpus, params, expected):
    wanted = {corpus.mentions[i].quote for i in expected}
    for fmt in ("csv", "json", "xlsx"):
        assert quotes(download("mentions", fmt, **params)) == wanted, fmt
    assert quotes(api(client, "/api/mentions/", **params)["results"]) == wanted


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"verdict": "accurate"}, {"firm-relied-on-rival"}),
        ({"verdict": "none"}, {"model-scored-49", "never-reported"}),
        ({"reviewed": "true"}, {"terms-forbid-competing"}),
        ({"method": "editor"}, {"terms-forbid-competing"}),
        # A claim matches q by its own words, not by the articles that report it.
        ({"q": "competing"}, {"terms-forbid-competing"}),
        ({"q": "vague"}, set()),
    ],
)
def test_claim_filters_in_the_export_and_the_api(client, download, corpus, params, slugs):
    assert {r["claim_slug"] for r in download("claims", "csv", **params)} == slugs
    assert {c["slug"] for c in api(client, "/api/claims/", **params)["results"]} == slugs


def test_reviewed_claims_count_only_reviewed_mentions(download, corpus):
    (terms,) = download("claims", "json", reviewed="true")

    assert terms["mentions"] == 1 and terms["disputing"] == 1 and terms["supporting"] == 0
    assert "reviewed=true" in terms["mentions_export"]


def test_sources_match_q_by_their_text(client, download, corpus):
    (third,) = download("sources", "csv", q="recap")
    assert third["source_id"] == str(corpus.sources[2].pk)
    assert [s["id"] for s in api(client, "/api/sources/", q="vague")["results"]] == [
        corpus.sources[1].pk
    ]


def test_events_follow_verdict_and_q(download, corpus):
    assert [e["event_slug"] for e in download("events", "csv", verdict="accurate")] == ["testimony"]
    assert download("events", "csv", verdict="misleading") == []
    assert [e["event_slug"] for e in download("events", "csv", q="recap")] == ["testimony"]
    assert download("events", "csv", q="vague") == []


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"verdict": "true"}, "verdict"),
        ({"reviewed": "yes"}, "reviewed"),
        ({"method": "robot"}, "method"),
        ({"q": "!!! ?"}, "q"),
    ],
)
def test_bad_values_of_the_new_filters_are_400(client, corpus, params, name):
    for table in TABLES:
        response = client.get(f"/export/{table}.csv", params)
        assert response.status_code == 400 and name in response.content.decode(), table
    body = api(client, "/api/mentions/", status=400, **params)
    assert name in body["error"]


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_refuses_an_unknown_parameter_and_names_the_known_ones(client, corpus, table, fmt):
    response = client.get(f"/export/{table}.{fmt}", {"stnce": "disputes"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "'stnce'" in text
    for known in ("stance", "claim", "verdict", "reviewed", "method", "q", "published_after"):
        assert known in text


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/claims/",
        "/api/claims/firm-relied-on-rival/",
        "/api/sources/",
        "/api/mentions/",
        "/api/outlets/",
        "/api/outlets/wire-daily/",
        "/api/events/",
    ],
)
def test_api_refuses_an_unknown_parameter(client, corpus, path):
    body = api(client, path, status=400, verdcit="accurate")

    assert "'verdcit'" in body["error"] and "verdict" in body["error"]


def test_api_lists_know_their_page_parameters(client, corpus):
    assert api(client, "/api/claims/", page=1, page_size=2, verdict="accurate")["count"] == 1


def test_pages_keep_ignoring_what_they_do_not_read(client, corpus):
    assert client.get("/coverage/", {"utm_source": "mail"}).status_code == 200
    assert client.get("/export/mentions.csv", {"utm_source": "mail"}).status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/api/nothing-here/", "/api/sources/not-a-number/", "/api/claims/a/b/", "/api/mentions/x/"],
)
def test_api_404s_are_json(client, corpus, path):
    body = api(client, path, status=404)

    assert body["error"].startswith("no API resource") and body["errors"]
    # Without the slash, CommonMiddleware's redirect to it still comes first.
    response = client.get(path.rstrip("/"))
    assert response.status_code == 301 and response["Location"] == path


def test_mention_detail(client, corpus):
    listed = api(client, "/api/mentions/", reviewed="true")["results"][0]

    detail = api(client, listed["api_url"].removeprefix("http://testserver"))

    assert detail == listed
    assert detail["api_url"] == f"http://testserver/api/mentions/{corpus.mentions[4].pk}/"
    source = api(client, detail["source"]["api_url"].removeprefix("http://testserver"))
    assert source["body"][detail["start"] : detail["end"]] == detail["quote"]
    assert detail["reviewed"] is True and detail["method"] == Mention.Method.EDITOR


def test_unknown_mention_is_a_json_404(client, corpus):
    body = api(client, "/api/mentions/987654/", status=404)
    assert body["error"] == "no mention with id 987654"
