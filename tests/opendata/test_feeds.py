"""Atom feeds of new sources and of verdict changes."""

import xml.etree.ElementTree as ET

from sources.models import Claim
from tests.factories import make_claim, make_source

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_sources_feed_lists_sources_newest_first(client, corpus):
    latest = make_source("Brand new article.", title="A <new> & notable article")

    items = entries(client, "/feeds/sources/")

    assert [i["title"] for i in items] == [
        latest.title,
        *(s.title for s in reversed(corpus.sources)),
    ]
    assert items[0]["link"] == f"http://testserver/sources/{latest.pk}/"
    # The origin is the internal file name: never shown (issue 15 §9).
    assert latest.origin not in items[0]["summary"]


def test_verdicts_feed_lists_each_verdict_change_once(client, db):
    claim = make_claim(slug="changing", statement="Something was said.")
    claim.verdict = Claim.Verdict.UNVERIFIED
    claim.save()
    claim.statement = "Something was said, reworded."  # a save that keeps the verdict
    claim.save()
    claim.verdict = Claim.Verdict.MISLEADING
    claim.verdict_explanation = "The **full** transcript <script>x</script> says otherwise."
    claim.save()
    make_claim(slug="born-reviewed", verdict=Claim.Verdict.ACCURATE)
    make_claim(slug="never-reviewed")

    items = entries(client, "/feeds/verdicts/")

    assert [i["title"] for i in items] == [
        "born-reviewed: Accurate",
        "changing: Misleading",
        "changing: Unverified",
    ]
    assert len({i["id"] for i in items}) == 3
    assert items[1]["link"] == "http://testserver/claims/changing/"
    assert "(was: Unverified)" in items[1]["summary"]
    assert "<strong>full</strong>" in items[1]["summary"]
    assert "<script>" not in items[1]["summary"]


def test_withdrawn_verdict_is_a_change(client, db):
    claim = make_claim(slug="withdrawn", verdict=Claim.Verdict.ACCURATE)
    claim.verdict = ""
    claim.save()

    titles = [i["title"] for i in entries(client, "/feeds/verdicts/")]

    assert titles == ["withdrawn: no verdict", "withdrawn: Accurate"]
