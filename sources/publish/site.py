"""Publishing the whole reader site as plain files, for any static host or CDN.

``publish_site(outdir)`` writes the story, the coverage matrix (and one per claim),
every claim, source and outlet page, compare, the timeline, every export in every
format, ClaimReview, both feeds, the JSON API and the static files those pages use,
under the URL scheme of sources/publish/scheme.py. Links are root-absolute, the same
paths as on the live site: serve OUTDIR at the root of a host (a domain or
subdomain of its own), as GitHub Pages, Netlify, an S3 bucket website or nginx do.

How the pages are made: through Django's own test client, which runs every request
through the real URL conf, middleware and templates, so the copy is byte for byte
what a reader gets (minus the server's filters). No new package, and no change to
the site: django-distill would need every URL pattern redeclared with
``distill_path`` in the pages' and open data's url files, and cannot publish the
``?claim=`` views at all (it renders URL patterns, not query strings); django-bakery
wants class-based "buildable" views. The crawl starts from every claim, source and
outlet in the database and follows each page's links (and each chart's
``data-figure-src``, the figure static/js/charts.js fetches), so a page that is linked
gets published and a link that is published gets followed.

What needs the server: search, the coverage filters, filtered exports, and any
other query the scheme has no file for. With ``site_url`` (the live site) those
links and forms point there; without it links keep their text and forms are left
out. Absolute URLs inside feeds, the API and the exports (which must be absolute)
name ``site_url``, else settings.SITE_URL.

Static files: collected by ``collectstatic`` with Django's manifest storage into a
scratch folder, so names carry a content hash and a host may cache them for ever;
then only the files the pages reference (and what their CSS references) are copied.

Reads the database (which pages exist); writes only under ``outdir``; never writes
to the database or the cache.
"""

import json
import re
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from sources.models import Claim, Outlet, Source
from sources.opendata.tables import FORMATS, TABLES
from sources.publish.rewrite import links_in, rewrite_page
from sources.publish.scheme import file_path, normalise, published_url

# Left in OUTDIR so that a later publish may replace a folder it wrote itself, and only such.
MARKER = ".newsroom-publish"
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_PAGES = (
    "timeline:story",
    "timeline:timeline",
    "sources:coverage",
    "sources:compare",
    "sources:source_list",
    "sources:outlet_list",
    "api:index",
    "api:claim_list",
    "api:source_list",
    "api:mention_list",
    "api:outlet_list",
    "api:event_list",
    "feed_sources",
    "feed_verdicts",
    "export_claimreview",
)


class PublishError(Exception):
    pass


@dataclass
class PublishResult:
    outdir: Path
    pages: int = 0  # HTML files
    files: int = 0  # every file written, static files included
    static_files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    to_live_site: int = 0  # links and forms pointed at site_url
    unlinked: int = 0  # links that kept only their text, forms left out
    skipped: list[str] = field(default_factory=list)  # live URLs that did not answer 200

    def summary(self) -> str:
        return (
            f"{self.files} files ({self.pages} pages, {self.static_files} static), "
            f"{self.bytes / 1_000_000:.1f} MB in {self.seconds:.1f} s; "
            f"{self.to_live_site} links to the live site, {self.unlinked} left unlinked"
        )


def seed_urls() -> Iterator[str]:
    """The live URLs the crawl starts from: the fixed pages and every claim, source, outlet."""
    yield from (reverse(name) for name in _PAGES)
    for table in TABLES:
        for fmt in FORMATS:
            yield reverse("export", kwargs={"table": table, "fmt": fmt})
    coverage = reverse("sources:coverage")
    for slug in (
        Claim.objects.published().order_by("slug").values_list("slug", flat=True).iterator()
    ):
        yield reverse("sources:claim_detail", args=[slug])
        yield f"{coverage}?{urlencode({'claim': slug})}"
        yield reverse("api:claim_detail", args=[slug])
    for pk in Source.objects.order_by("pk").values_list("pk", flat=True).iterator():
        yield reverse("sources:source_detail", args=[pk])
        yield reverse("api:source_detail", args=[pk])
    for slug in Outlet.objects.order_by("slug").values_list("slug", flat=True).iterator():
        yield reverse("sources:outlet_detail", args=[slug])
        yield reverse("api:outlet_detail", args=[slug])


def _local(page: str, link: str) -> tuple[str, str, str] | None:
    """(path, query, fragment) of a link into the site, resolved against ``page``."""
    if not link or link.startswith("#"):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    joined = urlsplit(urljoin(page, link))
    return joined.path, joined.query, joined.fragment


def _prepare(outdir: Path) -> None:
    if outdir.exists() and any(outdir.iterdir()):
        if not (outdir / MARKER).exists():
            raise PublishError(f"{outdir} is not empty and was not written by publish")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).write_text("Written by manage.py publish; replaced by the next one.\n")


class _Publisher:
    def __init__(self, outdir: Path, *, site_url: str, base_url: str, stage: Path):
        self.outdir, self.site_url, self.stage = outdir, site_url, stage
        base = urlsplit(base_url)
        self.secure = base.scheme == "https"
        self.client = Client(HTTP_HOST=base.netloc)
        self.published: dict[str, str] = {}  # normalised live URL -> published URL
        self.html: list[tuple[str, Path]] = []  # (live URL, file) of every page
        self.static: set[str] = set()  # names under STATIC_URL the pages reference
        self.result = PublishResult(outdir=outdir)

    def _write(self, relative: str, data: bytes) -> Path:
        path = self.outdir / relative
        if not path.resolve().is_relative_to(self.outdir.resolve()):
            raise PublishError(f"{relative} would be written outside {self.outdir}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def crawl(self, seeds: Iterator[str]) -> None:
        queue, seen = deque(seeds), set()
        while queue:
            path, _, query = queue.popleft().partition("?")
            key = normalise(path, query)
            if key in seen:
                continue
            seen.add(key)
            url = published_url(*key.split("?", 1)) if "?" in key else published_url(key)
            if url is None:
                continue
            response = self.client.get(key, secure=self.secure)
            # The client closes a response itself (once read to the end, if streaming):
            # closing it again would send request_finished, which closes the connection.
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != 200:
                self.result.skipped.append(f"{key} ({response.status_code})")
                continue
            written = self._write(file_path(url), body)
            self.published[key] = url
            kind = response.get("Content-Type", "")
            if kind.startswith("text/html"):
                self.html.append((key, written))
                queue.extend(self._follow(key, body.decode()))
            elif kind.startswith("application/json") and url.startswith("/api/"):
                data = json.loads(body)
                if isinstance(data, dict) and isinstance(data.get("next"), str):
                    queue.append(urlsplit(data["next"])._replace(scheme="", netloc="").geturl())

    def _follow(self, page: str, html: str) -> Iterator[str]:
        for link in links_in(html):
            local = _local(page, link)
            if local and not local[0].startswith(settings.STATIC_URL):
                yield f"{local[0]}?{local[1]}" if local[1] else local[0]

    def _live(self, path: str, query: str, fragment: str) -> str | None:
        if not self.site_url:
            self.result.unlinked += 1
            return None
        self.result.to_live_site += 1
        return (
            self.site_url
            + path
            + (f"?{query}" if query else "")
            + (f"#{fragment}" if fragment else "")
        )

    def rewrite(self) -> None:
        for page, path in self.html:

            def target(link: str, page: str = page) -> str | None:
                local = _local(page, link)
                if local is None:
                    return link  # same-page anchor, another site, data: URL
                path_, query, fragment = local
                if path_.startswith(settings.STATIC_URL):
                    self.static.add(path_.removeprefix(settings.STATIC_URL))
                    return path_
                url = self.published.get(normalise(path_, query))
                if url is None:
                    return self._live(path_, query, fragment)
                return url + (f"#{fragment}" if fragment else "")

            def form_target(action: str, page: str = page) -> str | None:
                # A form adds its fields as a query: only the server can answer it.
                local = _local(page, action or page)
                return self._live(local[0], "", "") if local else action

            path.write_text(rewrite_page(path.read_text(), target, form_target))

    def copy_static(self) -> None:
        queue = deque(sorted(self.static))
        done: set[str] = set()
        while queue:
            name = queue.popleft()
            if name in done:
                continue
            done.add(name)
            source = self.stage / name
            if not source.is_file():
                raise PublishError(f"a page references {settings.STATIC_URL}{name}, not collected")
            self._write(f"{settings.STATIC_URL.strip('/')}/{name}", source.read_bytes())
            if name.endswith(".css"):
                for ref in _CSS_URL.findall(source.read_text(errors="replace")):
                    if not urlsplit(ref).scheme and not ref.startswith(("/", "#")):
                        queue.append(urlsplit(urljoin(name, ref)).path)
        self.result.static_files = len(done)


def publish_site(outdir: Path, *, site_url: str = "") -> PublishResult:
    """Write the reader site under ``outdir`` (see the module docstring).

    ``site_url`` is the live site (``https://news.example.org``): what needs the
    server points there. ``outdir`` must be empty, missing, or an earlier publish.
    """
    started = time.monotonic()
    outdir = Path(outdir)
    site_url = site_url.rstrip("/")
    base_url = site_url or settings.SITE_URL
    _prepare(outdir)
    storage = {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    }
    with tempfile.TemporaryDirectory(prefix="publish-static-") as stage:
        storage["OPTIONS"] = {"location": stage}
        with override_settings(
            DEBUG=False,  # hashed static names, as in production
            PAGE_CACHE=False,  # each page is rendered once; keep the cache for readers
            SECURE_SSL_REDIRECT=False,
            ALLOWED_HOSTS=[urlsplit(base_url).hostname or "testserver"],
            SITE_URL=base_url,
            STORAGES={**settings.STORAGES, "staticfiles": storage},
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
            publisher = _Publisher(outdir, site_url=site_url, base_url=base_url, stage=Path(stage))
            publisher.crawl(seed_urls())
            publisher.rewrite()
            publisher.copy_static()
    result = publisher.result
    files = [p for p in outdir.rglob("*") if p.is_file() and p.name != MARKER]
    result.files = len(files)
    result.bytes = sum(p.stat().st_size for p in files)
    result.pages = len(publisher.html)
    result.seconds = time.monotonic() - started
    return result
