"""The Atom feeds against RFC 4287's required elements, and hostile text in every output.

A control character in a headline or a verdict explanation (kept for good in the
claim's history) must never make a feed, an export or the JSON-LD fail.
"""

import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook

from sources.models import Claim
from tests.factories import make_claim, make_mention, make_source

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _one(element, name: str) -> ET.Element:
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{element.tag} must have exactly one atom:{name}, has {len(found)}"
    return found[0]


def _check_text(element, name: str) -> str:
    text = _one(element, name).text or ""
    assert text.strip(), f"atom:{name} is empty"
    return text


def _check_authors(element) -> bool:
    authors = element.findall(f"{ATOM}author")
    for author in authors:
        assert (_one(author, "name").text or "").strip(), "atom:author without a name"
    return bool(authors)


def check_atom(content: bytes) -> ET.Element:
    """RFC 4287 §4.1: what a feed and each of its entries must carry."""
    feed = ET.fromstring(content)
    assert feed.tag == f"{ATOM}feed"
    assert urlparse(_check_text(feed, "id")).scheme, "atom:id must be an absolute IRI"
    _check_text(feed, "title")
    assert RFC3339.fullmatch(_check_text(feed, "updated"))
    feed_has_author = _check_authors(feed)
    ids = set()
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = _check_text(entry, "id")
        assert urlparse(entry_id).scheme and entry_id not in ids
        ids.add(entry_id)
        _check_text(entry, "title")
        assert RFC3339.fullmatch(_check_text(entry, "updated")), "entry without atom:updated"
        assert _check_authors(entry) or feed_has_author, "no author on the entry or the feed"
        if entry.find(f"{ATOM}content") is None:
            alternates = [
                link
                for link in entry.findall(f"{ATOM}link")
                if link.get("rel", "alternate") == "alternate"
            ]
            assert len(alternates) == 1 and urlparse(alternates[0].get("href")).scheme
    return feed


def test_sources_feed_is_valid_atom_without_file_names_or_empty_authors(client, corpus):
    make_source("An article nobody signed.", authors="", origin="upload/2026/secret-name.md")
    make_source("A signed one.", authors="Ada Writer, Bo Writer")

    response = client.get("/feeds/sources/")

    assert response.status_code == 200
    feed = check_atom(response.content)
    text = response.content.decode()
    assert "secret-name" not in text
    for source in corpus.sources:
        assert source.origin not in text
    names = [n.text for n in feed.iter(f"{ATOM}name")]
    assert "Ada Writer, Bo Writer" in names and all(n and n.strip() for n in names)


def test_verdicts_feed_is_valid_atom(client, corpus):
    claim = make_claim(slug="changing", verdict=Claim.Verdict.UNVERIFIED)
    claim.verdict = Claim.Verdict.MISLEADING
    claim.save()

    response = client.get("/feeds/verdicts/")

    assert response.status_code == 200
    entries = check_atom(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 4  # two for "changing", one each for the corpus's two verdicts


@pytest.mark.parametrize("char", ["\x0b", "\x1b", "\x00", "\x0c", "\ufffe"])
def test_control_characters_never_break_an_output(client, db, char):
    if char == "\x00":
        from django.db import connection

        if connection.vendor == "postgresql":
            pytest.skip("PostgreSQL cannot store NUL in text at all")
    source = make_source(
        f"Line one{char}line two said it.", title=f"Head{char}line", dek=f"Dek{char}"
    )
    claim = make_claim(
        slug="hostile",
        statement=f"It was{char} said.",
        verdict=Claim.Verdict.MISLEADING,
        verdict_explanation=f"Escape {char}[31m sequence.",
    )
    mention = make_mention(claim=claim, source=source, quote=f"Line one{char}line two")
    claim.verdict_explanation = f"Changed{char} again."
    claim.verdict = Claim.Verdict.INACCURATE
    claim.save()  # the hostile explanation stays in history, and the feed reads history

    for path in ("/feeds/sources/", "/feeds/verdicts/"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = check_atom(response.content).findtext(f"{ATOM}entry/{ATOM}title")
        assert char not in text
    assert "Headline" in client.get("/feeds/sources/").content.decode()

    # JSON escapes control characters: the exact text survives the round trip.
    api = client.get(f"/api/mentions/{mention.pk}/")
    assert api.json()["quote"] == mention.quote
    export = json.loads(b"".join(client.get("/export/mentions.json").streaming_content))
    assert export[0]["quote"] == mention.quote
    review = client.get("/export/claimreview.json").json()[0]
    assert review["claimReviewed"] == claim.statement
    page = client.get(f"/claims/{claim.slug}/")
    assert page.status_code == 200
    # A spreadsheet cannot hold them: they are dropped, the rest stays.
    xlsx = client.get("/export/mentions.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    row = {h.value: c.value for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert row["quote"] == "Line oneline two" and row["source_title"] == "Headline"
