"""Every reader page links to its own filtered CSV/JSON/Excel (issue 15 §5), and each link
answers with only the rows the page shows."""

import re
from html import unescape

import pytest

from tests.helpers import read_rows

FORMATS = ("csv", "json", "xlsx")


def export_links(client, page: str, table: str) -> list[str]:
    """The page's own links to ``table``'s export (its downloads list, not the footer's)."""
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    own = "".join(re.findall(r'<ul class="exports page-exports">(.*?)</ul>', html, flags=re.S))
    return [unescape(h) for h in re.findall(rf'href="(/export/{table}\.\w+[^"]*)"', own)]


def rows_of(client, link: str) -> list[dict]:
    response = client.get(link)
    assert response.status_code == 200, link
    return read_rows(response, link.split("?")[0].rsplit(".", 1)[1])


def formats_of(links: list[str]) -> set[str]:
    return {link.split("?")[0].rsplit(".", 1)[1] for link in links}


def test_claim_page_links_its_quotes_in_every_format(client, corpus):
    claim = corpus.claims[0]
    links = export_links(client, claim.get_absolute_url(), "mentions")
    assert formats_of(links) == set(FORMATS)
    for link in links:
        assert link.endswith(f"?claim={claim.slug}")
        rows = rows_of(client, link)
        assert len(rows) == 3 and {r["claim_slug"] for r in rows} == {claim.slug}


def test_outlet_page_links_its_quotes_and_articles(client, corpus):
    wire = corpus.outlets[0]
    page = f"/outlets/{wire.slug}/"
    mentions = export_links(client, page, "mentions")
    sources = export_links(client, page, "sources")
    assert formats_of(mentions) == formats_of(sources) == set(FORMATS)
    for link in mentions:
        rows = rows_of(client, link)
        assert len(rows) == 4 and {r["outlet_slug"] for r in rows} == {wire.slug}
    for link in sources:
        rows = rows_of(client, link)
        assert len(rows) == 2 and {r["outlet_slug"] for r in rows} == {wire.slug}


def test_source_page_links_its_quotes(client, corpus):
    source = corpus.sources[1]
    links = export_links(client, f"/sources/{source.pk}/", "mentions")
    assert formats_of(links) == set(FORMATS)
    for link in links:
        assert link.endswith(f"?source={source.pk}")
        rows = rows_of(client, link)
        assert len(rows) == 2 and {str(r["source_id"]) for r in rows} == {str(source.pk)}


def test_compare_links_each_tables_quotes(client, corpus):
    links = export_links(client, "/compare/", "mentions")
    by_filter = {link.split("?")[1] for link in links}
    assert "kind=policy_clause" in by_filter and "kind=benchmark" in by_filter
    assert formats_of(links) == set(FORMATS)
    for link in links:
        rows = rows_of(client, link)
        kind = dict(p.split("=") for p in link.split("?")[1].split("&")).get("kind")
        if kind:
            assert rows and {r["claim_kind"] for r in rows} == {kind}


@pytest.mark.parametrize("fmt", FORMATS)
def test_timeline_links_its_events(client, corpus, fmt):
    links = [link for link in export_links(client, "/timeline/", "events") if f".{fmt}" in link]
    assert links
    rows = rows_of(client, links[0])
    assert [r["event_slug"] for r in rows] == ["testimony"]
