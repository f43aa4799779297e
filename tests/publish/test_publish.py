"""``manage.py publish``: the whole reader site as files, every link of it working."""

import csv
import gzip
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from newsroom.staticfinders import PLOTLY_BUNDLE
from sources.models import Claim, Mention, Outlet, Source
from sources.opendata.tables import FORMATS, TABLES


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, URL)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            # data-figure-src: the figure static/js/charts.js fetches for a chart.
            if name in ("href", "src", "action", "data-figure-src") and value is not None:
                self.links.append((tag, value))
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text())
    return parser


def _url_of(outdir: Path, path: Path) -> str:
    relative = path.relative_to(outdir).as_posix()
    return "/" + relative.removesuffix("index.html")


def _file_for(outdir: Path, url_path: str) -> Path:
    """What a plain static server sends for ``url_path``: a file, or a folder's index.html."""
    target = outdir / url_path.lstrip("/")
    return target / "index.html" if url_path.endswith("/") else target


def broken_links(outdir: Path) -> list[str]:
    """Every internal link or src of every page that a static server could not answer."""
    broken = []
    pages = {}
    for page in sorted(outdir.rglob("*.html")):
        pages[page] = _parse(page)
    for page, parsed in pages.items():
        base = _url_of(outdir, page)
        for tag, link in parsed.links:
            parts = urlsplit(urljoin(base, unescape(link)))
            if parts.scheme in ("http", "https") and parts.netloc or parts.scheme == "data":
                continue  # another site (the live one, an article's original)
            where = f"{base}: <{tag}> {link}"
            if parts.query:
                broken.append(f"{where} (a query a static host ignores)")
                continue
            target = _file_for(outdir, parts.path)
            if not target.is_file():
                broken.append(f"{where} (no file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{where} (no #{parts.fragment})")
    return broken


def test_every_link_and_src_of_the_published_copy_resolves(published):
    pages = list(published.rglob("*.html"))
    assert len(pages) > 40
    assert broken_links(published) == []


def test_the_whole_reader_site_is_there(published):
    expected = ["index.html", "coverage/index.html", "compare/index.html", "timeline/index.html"]
    expected += ["sources/index.html", "outlets/index.html", "api/index.json"]
    expected += ["feeds/sources/index.xml", "feeds/verdicts/index.xml", "export/claimreview.json"]
    expected += [f"export/{table}.{fmt}" for table in TABLES for fmt in FORMATS]
    for claim in Claim.objects.all():
        expected += [f"claims/{claim.slug}/index.html", f"coverage/claim/{claim.slug}/index.html"]
        expected += [f"api/claims/{claim.slug}/index.json"]
    for pk in Source.objects.values_list("pk", flat=True):
        expected += [f"sources/{pk}/index.html", f"api/sources/{pk}/index.json"]
    for slug in Outlet.objects.values_list("slug", flat=True):
        expected += [f"outlets/{slug}/index.html", f"api/outlets/{slug}/index.json"]
    assert [name for name in expected if not (published / name).is_file()] == []
    assert not (published / "search").exists()


def test_the_story_charts_figure_and_every_page_of_its_articles_are_published(published):
    story = (published / "index.html").read_text()
    assert 'data-figure-src="/story/chart.json"' in story
    figure = json.loads((published / "story/chart.json").read_text())
    marks = sorted(point[0] for trace in figure["data"] for point in trace["customdata"])
    listed, page = [], published / "story/chart/index.html"
    while page is not None:
        html = page.read_text()
        listed += re.findall(r'<tr data-mark="\d+">.*?<a href="([^"]+)"', html, re.S)
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        page = _file_for(published, following.group(1)) if following else None
    # Every mark the chart draws is a row of the published pages, each row once.
    assert marks and sorted(listed) == marks


def test_the_per_claim_coverage_shows_only_that_claim(published):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    html = (published / "coverage" / "claim" / claim.slug / "index.html").read_text()
    rows = re.findall(r'<th scope="row" class="claim-col"><a href="([^"]+)"', html)
    assert rows == [claim.get_absolute_url()]
    claim_page = (published / "claims" / claim.slug / "index.html").read_text()
    assert f'href="/coverage/claim/{claim.slug}/"' in claim_page
    assert f'href="/export/claim/{claim.slug}/mentions.csv"' in claim_page
    rows = list(
        csv.DictReader(
            io.StringIO((published / "export/claim" / claim.slug / "mentions.csv").read_text())
        )
    )
    assert len(rows) == Mention.objects.filter(claim=claim).count() > 0


def test_exports_and_api_are_the_full_data(published):
    claims = Claim.objects.count()
    assert (
        len(list(csv.DictReader(io.StringIO((published / "export/claims.csv").read_text()))))
        == claims
    )
    assert len(json.loads((published / "export/claims.json").read_text())) == claims
    sheet = load_workbook(published / "export/claims.xlsx", read_only=True).active
    assert len(list(sheet.iter_rows())) == claims + 1
    api = json.loads((published / "api/claims/index.json").read_text())
    assert api["count"] == claims
    feed = (published / "feeds/sources/index.xml").read_text()
    assert feed.startswith("<?xml") and "<feed" in feed


def test_filters_and_search_are_left_out_without_a_live_site(published):
    for page in published.rglob("*.html"):
        html = page.read_text()
        assert "<form" not in html, page
        assert " hx-" not in html and "nonce=" not in html, page
    story = (published / "index.html").read_text()
    assert "<strong>Search</strong>" in story  # the link's words stay, unlinked


def test_filters_and_search_point_to_the_live_site(demo, tmp_path):
    outdir = tmp_path / "site"
    call_command("publish", str(outdir), "--site-url", "https://news.example.org/", verbosity=0)
    coverage = (outdir / "coverage/index.html").read_text()
    assert 'action="https://news.example.org/search/"' in coverage
    assert re.search(r'<form class="filters" action="https://news.example.org/coverage/"', coverage)
    assert 'href="https://news.example.org/search/"' in (outdir / "index.html").read_text()
    assert broken_links(outdir) == []
    api = json.loads((outdir / "api/index.json").read_text())
    assert api["resources"]["claims"] == "https://news.example.org/api/claims/"


def test_static_files_are_the_referenced_ones_hashed_and_plotly_only_on_chart_pages(published):
    static = {
        p.relative_to(published / "static").as_posix()
        for p in (published / "static").rglob("*")
        if p.is_file()
    }
    stem = PLOTLY_BUNDLE.removesuffix(".js")
    (bundle,) = [name for name in static if name.startswith(stem)]
    assert re.fullmatch(re.escape(stem) + r"\.[0-9a-f]{12}\.js", bundle)
    assert not any(name.startswith("admin/") for name in static)
    assert "vendor/plotly/plotly.min.js" not in static
    for page in published.rglob("*.html"):
        has_chart = f"/static/{bundle}" in page.read_text()
        chart_pages = (published / "timeline/index.html", published / "index.html")
        assert has_chart == (page in chart_pages), page
    assert len(gzip.compress((published / "static" / bundle).read_bytes())) < 500 * 1024


def test_publish_replaces_its_own_folder_and_nothing_else(published, tmp_path):
    (published / "claims" / "stale").mkdir()
    call_command("publish", str(published), "--site-url", "", verbosity=0)
    assert not (published / "claims" / "stale").exists()
    assert (published / "index.html").is_file()
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("publish", str(other), verbosity=0)
    assert (other / "keep.txt").read_text() == "mine"


def test_the_claim_pages_first_reports_and_verbs_pagers_work_in_the_copy(
    demo, tmp_path, monkeypatch
):
    """The claim page pages its first reports and its outlets' verbs apart from its quotes
    (``?first=N``, ``?outlets=N``): each page of them is a file of the copy, linked."""
    from sources.pages.queries import travel

    monkeypatch.setattr(travel, "FIRST_REPORTS_PER_PAGE", 2)
    monkeypatch.setattr(travel, "OUTLET_VERBS_PER_PAGE", 2)
    outdir = tmp_path / "site"
    call_command("publish", str(outdir), "--site-url", "", verbosity=0)
    assert broken_links(outdir) == []
    claim = "xai-distilled-openai"
    reporters = Mention.objects.filter(claim__slug=claim).values("source").distinct().count()
    assert reporters > 2
    for pager, anchor in (("first", "first-title"), ("outlets", "verbs-title")):
        page, seen = outdir / f"claims/{claim}/index.html", 1
        while True:
            following = re.search(
                rf'<a rel="next" href="(/claims/{claim}/{pager}/\d+/)#{anchor}"', page.read_text()
            )
            if not following:
                break
            page, seen = _file_for(outdir, following.group(1)), seen + 1
        assert seen >= 2, pager
