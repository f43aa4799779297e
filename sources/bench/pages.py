"""Time every reader page against the current database: median milliseconds and queries.

Pages are requested in-process through Django's test client (no network),
so the figures are the server's own time: URL routing, queries, template
rendering. The URLs are picked from the data (the most-mentioned claim,
the largest outlet, ...), so the busiest version of each page is measured.
Reads only; safe to run against any database.
"""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from sources.models import Claim, Mention, Outlet, Source

PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@dataclass
class PageTiming:
    name: str
    url: str
    status: int
    median_ms: float
    max_ms: float
    queries: int
    size: int


def bench_urls() -> list[tuple[str, str, dict]]:
    """(name, url, extra headers) for every page, using the busiest objects in the data."""
    urls: list[tuple[str, str, dict]] = [
        ("story", reverse("timeline:story"), {}),
        ("coverage", reverse("sources:coverage"), {}),
        ("coverage filtered", reverse("sources:coverage") + "?kind=quote&stance=supports", {}),
        ("coverage htmx page 2", reverse("sources:coverage") + "?page=2", {"HX-Request": "true"}),
        ("compare", reverse("sources:compare"), {}),
        ("timeline", reverse("timeline:timeline"), {}),
        ("sources", reverse("sources:source_list"), {}),
        ("sources last page", reverse("sources:source_list") + "?page=last", {}),
        ("outlets", reverse("sources:outlet_list"), {}),
        ("search", reverse("sources:search") + "?q=OpenAI+models", {}),
    ]
    claim = Claim.objects.annotate(n=Count("mentions")).order_by("-n", "pk").only("slug").first()
    if claim:
        urls.append(("claim (most quoted)", claim.get_absolute_url(), {}))
    busiest = Mention.objects.values("source_id").annotate(n=Count("id")).order_by("-n").first()
    source = Source.objects.filter(pk=busiest["source_id"]).first() if busiest else None
    source = source or Source.objects.order_by("pk").first()
    if source:
        urls.append(("source (most mentions)", source.get_absolute_url(), {}))
    outlet = Outlet.objects.annotate(n=Count("sources")).order_by("-n", "pk").first()
    if outlet:
        urls.append(("outlet (largest)", outlet.get_absolute_url(), {}))
    return urls


def bench_pages(*, runs: int = 7, warmup: int = 1) -> list[PageTiming]:
    """Request each page ``warmup`` + ``runs`` times; report the median of the timed runs."""
    timings = []
    with override_settings(STORAGES=PLAIN_STATIC, SECURE_SSL_REDIRECT=False, DEBUG=False):
        client = Client()
        for name, url, headers in bench_urls():
            for _ in range(warmup):
                client.get(url, headers=headers)
            samples = []
            queries = status = size = 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, headers=headers)
                    samples.append((time.perf_counter() - started) * 1000)
                queries, status, size = len(captured), response.status_code, len(response.content)
            timings.append(
                PageTiming(
                    name=name,
                    url=url,
                    status=status,
                    median_ms=statistics.median(samples),
                    max_ms=max(samples),
                    queries=queries,
                    size=size,
                )
            )
    return timings
