"""The page cache: never stale after a write, 304 on repeat, fragments apart, staff uncached.

These tests commit their writes (``transactional_db``), as the site does: the
data version is bumped when a transaction commits, and a connection holding
uncommitted writes is never served from the cache. Each runs on the default
file cache and on Redis (``REDIS_URL``, else 127.0.0.1:6379; skipped when
Redis is absent, a failure under ``CI=true``).
"""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from sources import dataversion
from sources.ingest.load import ingest_documents
from sources.ingest.records import Document
from sources.linking import relink_all
from sources.models import Claim, Mention, Source
from tests.helpers import form_data, logged_in, make_user, text_of
from tests.pages.conftest import build_corpus
from timeline.models import Story

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


@pytest.fixture(params=["file", "redis"])
def backend(request, settings, tmp_path):
    """The page cache on a fresh file cache, or on Redis under a prefix of its own."""
    settings.PAGE_CACHE = True
    if request.param == "file":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    else:
        if not _redis_available():
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true but Redis is not reachable at {REDIS_URL}")
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                # Our own keys only: never FLUSHDB a Redis others may share.
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
        settings.PAGE_CACHE_SECONDS = 120
    yield request.param
    cache.delete(dataversion.CACHE_KEY)


@pytest.fixture
def site(transactional_db, backend):
    return build_corpus()


def cache_state(response) -> str:
    return response.get("X-Page-Cache", "")


def fetch(client: Client, url: str, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response


# --- Hits, conditional GET and headers ----------------------------------------------------


def reader_urls(site) -> list[str]:
    return [
        reverse("timeline:story"),
        reverse("timeline:timeline"),
        reverse("sources:coverage"),
        reverse("sources:compare"),
        reverse("sources:source_list"),
        site.kept.get_absolute_url(),
        site.hedged.get_absolute_url(),
        reverse("sources:outlet_list"),
        site.kept.outlet.get_absolute_url(),
        reverse("sources:search") + "?q=rival",
        reverse("api:claim_list"),
        reverse("api:source_detail", args=[site.kept.pk]),
        reverse("feed_sources"),
        reverse("feed_verdicts"),
        reverse("export_claimreview"),
    ]


def test_every_cached_url_is_served_from_the_cache_the_second_time(
    client, site, django_assert_num_queries
):
    for url in reader_urls(site):
        first = fetch(client, url)
        assert cache_state(first) == "miss", url
        with django_assert_num_queries(0):
            second = fetch(client, url)
        assert cache_state(second) == "hit", url
        assert second["ETag"] == first["ETag"], url
        assert second["Content-Type"] == first["Content-Type"], url
        nonce = re.compile(rb'nonce="[^"]+"')
        assert nonce.sub(b"", second.content) == nonce.sub(b"", first.content), url


def test_repeat_request_with_the_etag_answers_304_until_the_data_changes(client, site):
    url = site.hedged.get_absolute_url()
    first = fetch(client, url)
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""

    Claim.objects.filter(pk=site.hedged.pk).update(statement="Musk said it, more or less.")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Musk said it, more or less." in text_of(changed)


def test_cdn_headers(client, site):
    response = fetch(client, reverse("sources:coverage"))
    control = response["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=300", "stale-while-revalidate=60"):
        assert part in control
    assert "HX-Request" in response["Vary"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_hit_carries_the_same_security_headers_as_the_page_it_copies(client, site):
    """The cache answers before the other middleware, so it must keep what they added."""
    url = reverse("sources:coverage")
    first, second = fetch(client, url), fetch(client, url)
    assert cache_state(second) == "hit"
    for header in (
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
        "Vary",
    ):
        assert second.get(header) == first.get(header), header
    assert int(second["Content-Length"]) == len(second.content)


def test_a_request_with_a_session_cookie_is_never_served_nor_stored(client, site, settings):
    """A session may be signed in: its page is fresh and private, and never kept."""
    url = reverse("sources:outlet_list")
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    for _ in range(2):
        response = fetch(client, url)
        assert cache_state(response) == "bypass"
        assert "private" in response["Cache-Control"]
    assert cache_state(fetch(Client(), url)) == "miss"  # nothing was stored for others


def test_a_host_not_allowed_is_a_400_not_a_cache_lookup(client, site):
    response = client.get(reverse("sources:coverage"), headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_a_cached_page_carries_a_fresh_nonce_that_matches_its_csp_header(client, site):
    url = reverse("timeline:timeline")  # the chart page: several scripts with nonces
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = fetch(client, url)
        assert cache_state(response) == expected
        policy_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        html = response.content.decode()
        in_page = set(re.findall(r'<script\b[^>]*\bnonce="([^"]+)"', html))
        assert in_page == {policy_nonce}
        nonces.append(policy_nonce)
    assert len(set(nonces)) == 3  # a nonce is never handed out twice


def test_fragment_and_full_page_are_never_mixed_up(client, site):
    url = reverse("sources:coverage")
    htmx = {"HX-Request": "true"}
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    for order in ((None, htmx, restore), (htmx, restore, None), (restore, None, htmx)):
        cache.clear()
        for _ in range(2):  # a miss, then a hit of each
            for headers in order:
                html = fetch(client, url, headers=headers or {}).content.decode()
                whole = headers is None or headers is restore
                assert ("<html" in html) == whole, (order, headers)
                assert "Showing articles" in html


def test_htmx_fragments_have_etags_of_their_own(client, site):
    url = reverse("sources:source_list")
    page = fetch(client, url)
    fragment = fetch(client, url, headers={"HX-Request": "true"})
    assert page["ETag"] != fragment["ETag"]
    # The page's ETag does not make the fragment "not modified", nor the reverse.
    answer = client.get(url, headers={"HX-Request": "true", "If-None-Match": page["ETag"]})
    assert answer.status_code == 200
    assert "<html" not in answer.content.decode()


def test_query_strings_are_part_of_the_key(client, site):
    plain = text_of(fetch(client, reverse("sources:search") + "?q=rival"))
    other = text_of(fetch(client, reverse("sources:search") + "?q=vague"))
    assert plain != other
    assert "vague" in other


# --- Never stale: each kind of write shows on the next request ---------------------------


def test_an_admin_save_shows_on_the_next_request(client, site, backend):
    url = site.hedged.get_absolute_url()
    fetch(client, url)
    assert cache_state(fetch(client, url)) == "hit"

    desk = logged_in(make_user("root", superuser=True))
    change = reverse("admin:sources_claim_change", args=[site.hedged.pk])
    data = form_data(desk.get(change), statement="Musk conceded a partial use.")
    assert desk.post(change, data).status_code == 302

    response = fetch(client, url)
    assert cache_state(response) == "miss"
    assert "Musk conceded a partial use." in text_of(response)


def test_an_admin_delete_shows_on_the_next_request(client, site):
    url = reverse("sources:source_list")
    assert site.dropped.title in text_of(fetch(client, url))

    desk = logged_in(make_user("root", superuser=True))
    delete = reverse("admin:sources_source_delete", args=[site.dropped.pk])
    assert desk.post(delete, {"post": "yes"}).status_code == 302

    assert site.dropped.title not in text_of(fetch(client, url))


def test_ingest_shows_on_the_next_request(client, site):
    url = reverse("sources:source_list")
    assert "A freshly ingested article" not in text_of(fetch(client, url))
    text = "A freshly ingested article\n\nMusk said the firm partly used Rival models.\n"
    ingest_documents([Document(origin="fresh.txt", data=text.encode())], link=True)
    assert "A freshly ingested article" in text_of(fetch(client, url))


def test_linking_with_bulk_writes_shows_on_the_next_request(client, site):
    """The linker writes with bulk_create/bulk_update: no model signal, still seen."""
    url = site.benchmark.get_absolute_url()
    before = text_of(fetch(client, url))
    Mention.objects.filter(claim=site.benchmark).delete()
    emptied = text_of(fetch(client, url))
    assert emptied != before
    Claim.objects.filter(pk=site.benchmark.pk).update(
        match_rules={"patterns": [{"terms": [["bot"], ["scored"]]}]}
    )
    relink_all()
    assert Mention.objects.filter(claim=site.benchmark).exists()
    assert text_of(fetch(client, url)) != emptied


def test_queryset_update_and_m2m_and_timeline_writes_show(client, site):
    story = reverse("timeline:story")
    fetch(client, story)
    Story.objects.update(headline="A new headline for the story")
    assert "A new headline for the story" in text_of(fetch(client, story))

    claim_url = site.policy.get_absolute_url()
    fetch(client, claim_url)
    site.policy.subjects.clear()  # an m2m table
    assert cache_state(fetch(client, claim_url)) == "miss"


def test_a_rolled_back_write_neither_shows_nor_poisons_the_cache(client, site):
    url = reverse("sources:source_list")
    fetch(client, url)
    with pytest.raises(RuntimeError), transaction.atomic():
        Source.objects.filter(pk=site.kept.pk).update(title="Never committed")
        # The writer's own connection sees its uncommitted row: it is not cached.
        inside = fetch(client, url)
        assert cache_state(inside) == "bypass"
        assert "Never committed" in text_of(inside)
        raise RuntimeError
    after = fetch(client, url)
    assert "Never committed" not in text_of(after)
    assert site.kept.title in text_of(after)


def test_writes_elsewhere_keep_the_version(site):
    version = dataversion.current_version()
    make_user("someone")  # auth tables: not reader data
    assert dataversion.current_version() == version
    Source.objects.filter(pk=site.kept.pk).update(title="Changed")
    assert dataversion.current_version() != version


def test_a_cleared_cache_starts_a_version_no_old_page_can_match(client, site):
    url = reverse("sources:outlet_list")
    old = fetch(client, url)["ETag"]
    cache.delete(dataversion.CACHE_KEY)  # evicted, or a new Redis
    again = fetch(client, url)
    assert again["ETag"] != old
    assert cache_state(again) == "miss"


# --- Who is served from the cache ----------------------------------------------------------


def test_signed_in_staff_get_fresh_private_pages(client, site):
    url = site.hedged.get_absolute_url()
    fetch(client, url)
    desk = logged_in(make_user("edna"))
    for _ in range(2):
        response = fetch(desk, url)
        assert cache_state(response) == "bypass"
        assert "private" in response["Cache-Control"]
        assert "ETag" not in response
    assert cache_state(fetch(client, url)) == "hit"  # readers still get the cached page


def test_page_cache_off(client, site, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    settings.DATA_MEMO = False  # the outlets' counts are read afresh too: every read shows
    url = reverse("sources:outlet_list")
    for _ in range(2):
        with django_assert_num_queries(2):
            response = fetch(client, url)
        assert "X-Page-Cache" not in response
        assert "ETag" not in response


def test_post_and_admin_pages_are_not_cached(client, site):
    assert "X-Page-Cache" not in client.get(reverse("admin:login"))
    response = client.post(reverse("api:claim_list"))
    assert response.status_code == 405
    assert "X-Page-Cache" not in response


def test_env_switches(tmp_path):
    """DJANGO_PAGE_CACHE=0 turns the cache off; REDIS_URL picks Redis; the default is files."""
    code = (
        "import newsroom.settings as s; "
        "print(s.PAGE_CACHE, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    root = Path(__file__).resolve().parents[2]

    def run(**env) -> str:
        clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL"}}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**clean, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert run() == "True FileBasedCache"
    assert run(DJANGO_PAGE_CACHE="0") == "False FileBasedCache"
    assert run(REDIS_URL="redis://127.0.0.1:6379/1") == "True RedisCache"
    assert run(CACHE_URL="locmem://") == "True LocMemCache"


def test_uncommitted_writes_are_seen_by_the_connection(site):
    assert not dataversion.has_uncommitted_writes(connection)
    with transaction.atomic():
        Source.objects.filter(pk=site.kept.pk).update(title="x")
        assert dataversion.has_uncommitted_writes(connection)
    assert not dataversion.has_uncommitted_writes(connection)
