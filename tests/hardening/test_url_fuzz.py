"""Every public URL, fed malformed parameters and ids, answers without a server error.

The URLs come from walking the resolver (everything but the admin), so a new
page is fuzzed as soon as it is routed; a route with a parameter this test does
not know how to fill fails the test rather than escaping it. The requests are
chosen by a seeded generator: the same few hundred every run.
"""

import random
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from sources.ingest.load import ingest_paths
from sources.models import Claim, Outlet, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR

SEED = 17
REQUESTS_PER_URL = 8

# Every query parameter a public view reads, and some it does not.
PARAMS = [
    "q", "page", "page_size", "kind", "stance", "outlet", "claim", "source",
    "published_after", "published_before", "format", "sort", "utm_source",
]  # fmt: skip
VALUES = [
    "-1", "0", "9" * 40, "1e309", "NaN", "inf", "1.5", "0x10", "１２", "\x00", "a\x00b",
    "%00", "%", "&", "=", "\u202e", "ü", "💥", "\ud7ff", "' OR 1=1 --", "1; DROP TABLE x",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "2026-02-30",
    "2026-13-01", "0000-00-00", "99999-01-01", "-2026-01-01", "2026-05-01T25:00",
    "", " ", "a" * 5000, "null", "[]", "{}", "true", "../../etc/passwd", "\\",
    "\x0b\x1b\x7f",
]  # fmt: skip
# Query strings no form would send: bad percent-escapes, stray separators, a huge one.
RAW_QUERIES = [
    "page=%zz&q=%ff%fe",
    "q=%C0%AF&page=%E0%80",
    "&&&==&page",
    "page=1&page=2&page=-3&page=",
    "q=" + "%F0%9F%92%A5" * 500,
    "published_after=2026-05-01&published_after=bogus",
    ";".join(f"claim={n}" for n in range(300)),
]
BAD_INTS = ["0", "9" * 30, str(2**63), str(2**31), "00001"]
BAD_SLUGS = ["-", "_", "a" * 500, "nonexistent", "0", "a--b"]


@pytest.fixture
def corpus(story):
    from timeline.curated import load_timeline

    ingest_paths([ARTICLES_DIR], trigger="test")
    load_timeline(FIXTURES_DIR)
    assert Source.objects.exists() and Claim.objects.exists() and Outlet.objects.exists()


def _routes(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not isinstance(entry.pattern, RegexPattern):
            yield prefix + str(entry.pattern), entry.name
        # Regex routes (the API's JSON 404 catch-all) are walked by the fixed URLs below.


def _fill(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL of ``route`` with each placeholder replaced by each of its sample values."""
    urls = ["/" + route]
    while "<" in urls[0]:
        head, _, rest = urls[0].partition("<")
        placeholder, _, _tail = rest.partition(">")
        name = placeholder.split(":")[-1]
        if name not in values:
            raise LookupError(f"no sample values for <{placeholder}> in {route!r}")
        urls = [u.replace(f"<{placeholder}>", v, 1) for u in urls for v in values[name]]
    return urls


def public_urls(*, slugs: list[str], source_ids: list[int]) -> list[str]:
    values = {
        "pk": [str(pk) for pk in source_ids],
        "other": [str(pk) for pk in source_ids],
        "slug": slugs,
        "table": ["mentions", "claims", "sources", "coverage", "events", "nope"],
        "fmt": ["csv", "json", "xlsx", "xml"],
    }
    urls = []
    for route, _name in _routes(get_resolver().url_patterns):
        urls.extend(_fill(route, values))
    return sorted(set(urls))


def fetch(client, url: str, data=None) -> int:
    """The status of a GET, reading a streamed body to its end (an error there counts)."""
    try:
        response = client.get(url, data)
        if response.streaming:
            b"".join(response.streaming_content)
        return response.status_code
    except Exception:  # what a server would turn into a 500, or cut off mid-stream
        return 500


def requests_for(urls: list[str], rng: random.Random) -> list[tuple[str, list | None]]:
    """(url, query pairs) to try: seeded, and every value on some URL with some parameter."""
    plan: list[tuple[str, list | None]] = []
    n = 0
    for url in urls:
        for _ in range(REQUESTS_PER_URL):
            value = VALUES[n % len(VALUES)]
            n += 1
            pairs = [(rng.choice(PARAMS), value)]
            if rng.random() < 0.3:  # a parameter repeated
                pairs.append((pairs[0][0], rng.choice(VALUES)))
            if rng.random() < 0.3:  # and others beside it
                pairs.extend((rng.choice(PARAMS), rng.choice(VALUES)) for _ in range(2))
            plan.append((url, pairs))
        raw = RAW_QUERIES[rng.randrange(len(RAW_QUERIES))]
        plan.append((f"{url}?{raw}", None))
    return plan


def bad_path_urls(slugs: list[str]) -> list[str]:
    """Known routes with ids that are not there or barely ids at all."""
    urls = []
    for route, _name in _routes(get_resolver().url_patterns):
        if "<" in route and "exportname" not in route:
            urls.extend(_fill(route, {"pk": BAD_INTS, "other": BAD_INTS[:2], "slug": BAD_SLUGS}))
    urls += [f"/sources/{quote(v)}/" for v in ("-1", "1e3", "\x00", "１", "1.0")]
    urls += [f"/claims/{quote(v)}/" for v in ("\x00", "💥", "ü", "<b>")]
    urls += ["/export/.csv", "/export/coverage.", "/export/" + "a" * 300 + ".csv"]
    urls += ["/api/nope/", "/api/claims/a/b/", "/api/%00/", "/api/" + "x/" * 200]
    return urls


@pytest.mark.django_db
def test_no_public_url_answers_a_server_error(client, corpus):
    client.raise_request_exception = False
    slugs = [Claim.objects.order_by("pk").first().slug, Outlet.objects.order_by("pk")[0].slug]
    urls = public_urls(slugs=slugs, source_ids=[Source.objects.order_by("pk").first().pk])
    # The walk found every family of public pages.
    for family in ("/sources/", "/claims/", "/outlets/", "/api/", "/export/", "/feeds/"):
        assert any(u.startswith(family) for u in urls), family
    assert "/" in urls

    plan = requests_for(urls, random.Random(SEED))
    plan += [(url, None) for url in bad_path_urls(slugs)]
    assert 300 <= len(plan) <= 600, len(plan)
    failures = []
    for url, pairs in plan:
        status = fetch(client, url, pairs)
        if status >= 500:
            failures.append(f"{status} {url} {pairs!r}"[:300])
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)
