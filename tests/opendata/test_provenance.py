"""Review provenance in every table (issue 15 §4) and the open data gated to what readers
see (held links only with ``published=all``)."""

from datetime import UTC, datetime

import pytest

from sources.models import Mention
from sources.opendata.tables import CLAIM_COLUMNS, MENTION_COLUMNS, SOURCE_COLUMNS
from tests.factories import make_mention
from tests.helpers import make_user

FORMATS = ("csv", "json", "xlsx")
# The columns as they were before these were added: they keep their places.
OLD_MENTION_COLUMNS = [
    "claim_slug", "claim", "claim_kind", "source_origin", "source_title", "source_url",
    "outlet", "published", "quote", "start", "end", "sentence", "qualifier", "variant",
    "stance", "method", "reviewed", "verdict", "mention_id", "claim_id", "source_id",
    "outlet_slug", "mention_url", "source_page", "claim_url", "field",
]  # fmt: skip
REVIEWED_AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def test_new_columns_come_after_the_existing_ones():
    assert MENTION_COLUMNS[: len(OLD_MENTION_COLUMNS)] == OLD_MENTION_COLUMNS
    assert MENTION_COLUMNS[len(OLD_MENTION_COLUMNS) :] == [
        "reviewed_by",
        "reviewed_at",
        "confidence",
        "reporting_verb",
        "verb_connotation",
        "first_report_rank",
        "provenance",
    ]
    assert SOURCE_COLUMNS[-2:] == ["copy_group", "copies"]
    assert CLAIM_COLUMNS[-1] == "independent_reports"


@pytest.fixture
def reviewed(corpus):
    """The editor's disputing mention reviewed by a named fact-checker; one link edited."""
    checker = make_user("fact-checker")
    Mention.objects.filter(pk=corpus.mentions[4].pk).update(
        reviewed_by=checker, reviewed_at=REVIEWED_AT
    )
    Mention.objects.filter(pk=corpus.mentions[0].pk).update(edited=True, confidence=0.9)
    return corpus


@pytest.mark.parametrize("fmt", FORMATS)
def test_mentions_export_says_who_reviewed_each_row_and_how_it_was_made(download, reviewed, fmt):
    rows = {str(r["mention_id"]): r for r in download("mentions", fmt)}
    editors = rows[str(reviewed.mentions[4].pk)]
    edited = rows[str(reviewed.mentions[0].pk)]
    plain = rows[str(reviewed.mentions[1].pk)]

    assert editors["reviewed_by"] == "fact-checker"
    when = editors["reviewed_at"]
    assert (when if fmt == "xlsx" else datetime.fromisoformat(when)).replace(
        tzinfo=None
    ) == REVIEWED_AT.replace(tzinfo=None)
    assert editors["provenance"] == "editor"
    assert edited["provenance"] == "automatic, edited"
    assert float(edited["confidence"]) == 0.9
    assert plain["provenance"] == "automatic" and plain["reviewed_by"] in ("", None)


def test_api_mentions_carry_the_same_provenance(client, reviewed):
    results = client.get("/api/mentions/", {"page_size": 100}).json()["results"]
    by_id = {m["id"]: m for m in results}
    editors = by_id[reviewed.mentions[4].pk]
    assert editors["reviewed_by"] == "fact-checker"
    assert datetime.fromisoformat(editors["reviewed_at"]) == REVIEWED_AT
    assert editors["provenance"] == "editor"
    assert by_id[reviewed.mentions[0].pk]["provenance"] == "automatic, edited"
    assert by_id[reviewed.mentions[0].pk]["confidence"] == 0.9
    detail = client.get(f"/api/mentions/{reviewed.mentions[4].pk}/").json()
    assert detail["reviewed_by"] == "fact-checker"


# --- The gate: what readers see -----------------------------------------------------


@pytest.fixture
def held(corpus, settings):
    """An automatic link the linker is unsure of, unreviewed: held for review."""
    settings.LINK_PUBLISH_CONFIDENCE = 0.6
    return make_mention(
        claim=corpus.claims[2],  # the benchmark, otherwise only in the first source
        source=corpus.sources[1],
        quote="relying on a rival",
        confidence=0.2,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_held_links_are_not_exported_unless_asked(client, download, held, fmt):
    ids = {str(r["mention_id"]) for r in download("mentions", fmt)}
    assert str(held.pk) not in ids
    audit = {str(r["mention_id"]) for r in download("mentions", fmt, published="all")}
    assert audit == ids | {str(held.pk)}


def test_held_links_are_not_counted(download, held):
    claims = {r["claim_slug"]: r for r in download("claims", "json")}
    assert claims["model-scored-49"]["sources_reporting"] == 1
    assert claims["model-scored-49"]["mentions"] == 1
    sources = {r["source_id"]: r for r in download("sources", "json")}
    assert sources[held.source_id]["mentions"] == 2  # its two published mentions


def test_the_api_gates_the_same_way_and_documents_it(client, held):
    listed = client.get("/api/mentions/", {"page_size": 100}).json()
    assert held.pk not in {m["id"] for m in listed["results"]}
    audit = client.get("/api/mentions/", {"page_size": 100, "published": "all"}).json()
    assert held.pk in {m["id"] for m in audit["results"]}
    assert audit["count"] == listed["count"] + 1
    counts = client.get("/api/claims/model-scored-49/").json()["counts"]
    assert counts["sources_reporting"] == 1
    assert "published" in client.get("/api/").json()["parameters"]


def test_a_bad_published_value_or_table_is_a_400(client, held):
    assert client.get("/export/mentions.csv", {"published": "yes"}).status_code == 400
    assert client.get("/export/claims.csv", {"published": "all"}).status_code == 400
    response = client.get("/api/mentions/", {"published": "draft"})
    assert response.status_code == 400 and "published" in response.json()["error"]


def test_the_audit_file_name_says_so(client, held):
    response = client.get("/export/mentions.csv", {"published": "all"})
    assert "mentions-published-all-" in response["Content-Disposition"]
    b"".join(response.streaming_content)


def test_claimreview_says_how_many_appearances_were_reviewed(client, reviewed, settings):
    settings.LINK_PUBLISH_CONFIDENCE = 0.6
    # A held link of the same claim is no appearance.
    make_mention(
        claim=reviewed.claims[1], source=reviewed.sources[2], quote="relied", confidence=0.1
    )
    reviews = {r["claimReviewed"]: r for r in client.get("/export/claimreview.json").json()}
    terms = reviews[reviewed.claims[1].statement]
    assert len(terms["itemReviewed"]["appearance"]) == 2
    assert terms["reviewRating"]["ratingExplanation"] == (
        "1 of 2 appearances reviewed by an editor."
    )
    relied = reviews[reviewed.claims[0].statement]
    assert relied["reviewRating"]["ratingExplanation"] == (
        "0 of 3 appearances reviewed by an editor."
    )
