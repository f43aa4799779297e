"""How the story travelled, in the open data (issue 16 §6): the reuse pairs as a table and
an API list, copy groups on sources, independent reports on claims, the framing verb and
who had it first on mentions."""

import pytest

from sources.models import Mention, ReusePair
from sources.opendata.reuse import REUSE_COLUMNS
from sources.travel.first import first_reports
from sources.travel.groups import mark_copy

FORMATS = ("csv", "json", "xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_reuse_export_lists_each_pair_with_links(client, download, corpus, fmt):
    first, _, third = corpus.sources
    rows = download("reuse", fmt)

    assert len(rows) == 1
    row = rows[0]
    assert list(row)[:4] == ["reuse_id", "source_origin", "copies_origin", "shared_words"]
    assert row["source_origin"] == third.origin and row["copies_origin"] == first.origin
    assert int(row["shared_words"]) == 6 and float(row["share"]) == 0.5
    assert int(row["passages"]) == 1
    assert row["status"] == "proposed" and row["ordered_by"] == "dates"
    assert row["source_page"] == f"http://testserver/sources/{third.pk}/"
    assert row["copies_page"] == f"http://testserver/sources/{first.pk}/"
    pair = row["pair_url"].removeprefix("http://testserver")
    assert pair == f"/sources/{third.pk}/reuse/{first.pk}/"
    assert client.get(pair).status_code == 200


def test_a_dismissed_pair_is_not_listed(download, corpus):
    ReusePair.objects.update(status=ReusePair.Status.DISMISSED)
    assert download("reuse", "json") == []


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ({"outlet": "wire-daily"}, True),  # both sides
        ({"outlet": "blog-weekly"}, False),  # neither side
        ({"published_after": "2026-05-05"}, True),  # the copy is after it
        ({"published_before": "2026-05-02"}, True),  # the original is before it
        ({"published_after": "2026-05-10"}, False),
        ("source", True),
    ],
)
def test_reuse_filters_apply_to_either_side(client, download, corpus, params, listed):
    if params == "source":
        params = {"source": corpus.sources[0].pk}  # the original side only
    assert len(download("reuse", "csv", **params)) == (1 if listed else 0)
    api = client.get("/api/reuse/", params).json()
    assert api["count"] == (1 if listed else 0)


def test_api_reuse_lists_the_same_rows_as_the_export(client, download, corpus):
    page = client.get("/api/reuse/").json()
    assert page["count"] == 1
    result = page["results"][0]
    assert list(result) == REUSE_COLUMNS
    assert result == download("reuse", "json")[0]
    index = client.get("/api/").json()
    assert index["resources"]["reuse"] == "http://testserver/api/reuse/"
    assert index["exports"]["reuse"]["xlsx"] == "http://testserver/export/reuse.xlsx"


def test_sources_carry_their_copy_group(download, corpus):
    first, second, third = corpus.sources
    mark_copy(third, first)
    rows = {int(r["source_id"]): r for r in download("sources", "csv")}
    assert rows[third.pk]["copy_group"] == first.origin and rows[third.pk]["copies"] == "0"
    assert rows[first.pk]["copy_group"] == first.origin and rows[first.pk]["copies"] == "1"
    assert rows[second.pk]["copy_group"] == "" and rows[second.pk]["copies"] == "0"


def test_claims_count_independent_reports_beside_sources(download, corpus):
    first, _, third = corpus.sources
    before = {r["claim_slug"]: r for r in download("claims", "json")}
    assert before["firm-relied-on-rival"]["independent_reports"] == 3
    mark_copy(third, first)
    after = {r["claim_slug"]: r for r in download("claims", "json")}
    relied = after["firm-relied-on-rival"]
    assert relied["sources_reporting"] == 3 and relied["independent_reports"] == 2
    assert after["never-reported"]["independent_reports"] == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_mentions_carry_the_framing_verb(download, corpus, fmt):
    Mention.objects.filter(pk=corpus.mentions[3].pk).update(
        reporting_verb="admitted", verb_connotation="concession"
    )
    rows = {str(r["mention_id"]): r for r in download("mentions", fmt)}
    admitted = rows[str(corpus.mentions[3].pk)]
    assert admitted["reporting_verb"] == "admitted"
    assert admitted["verb_connotation"] == "concession"


def test_mentions_carry_the_outlets_rank_in_who_had_it_first(download, corpus):
    rows = download("mentions", "json")
    by_claim_outlet = {(r["claim_slug"], r["outlet_slug"]): r for r in rows}
    # Wire Daily ran it on May 1 (and recapped it on May 9), Blog Weekly on May 3.
    assert by_claim_outlet[("firm-relied-on-rival", "wire-daily")]["first_report_rank"] == 1
    assert by_claim_outlet[("firm-relied-on-rival", "blog-weekly")]["first_report_rank"] == 2
    # Blog Weekly only disputes the terms: it did not report them.
    assert by_claim_outlet[("terms-forbid-competing", "blog-weekly")]["first_report_rank"] is None
    # The same order as the claim page's "who had it first", for every claim.
    for claim in corpus.claims:
        ranks = {r.outlet_id and r.source.outlet.slug: r.rank for r in first_reports(claim)}
        for row in rows:
            if row["claim_slug"] == claim.slug and row["stance"] != "disputes":
                assert row["first_report_rank"] == ranks[row["outlet_slug"]]
