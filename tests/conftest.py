"""Fixtures shared by every test module."""

import os
from pathlib import Path

import pytest

from sources.roles import EDITOR, FACT_CHECKER, setup_roles
from tests.helpers import CHROMIUM, FIXTURES_DIR, TEST_OUTPUT_DIR, logged_in, make_user

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server is plain HTTP: turn the HTTPS redirect off before it starts.

    Its middleware is built once per session, before any function-scoped
    ``settings`` override could reach it.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; in CI a missing browser is a failure, not a skip."""
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def story(db):
    """The curated outlets, entities and claims from fixtures/, as load_story loads them; no
    articles."""
    from sources.curated.claims import load_claims
    from sources.curated.reference import load_reference_data

    load_reference_data(FIXTURES_DIR)
    load_claims(FIXTURES_DIR / "claims.toml")


@pytest.fixture
def screenshot_dir() -> Path:
    TEST_OUTPUT_DIR.mkdir(exist_ok=True)
    return TEST_OUTPUT_DIR


def pytest_collection_modifyitems(config, items):
    """Run browser tests last (slowest), after every test-client test.

    Playwright keeps an event loop running in the main thread once a browser
    test has started; Django then keys its database connections by that
    loop's context, and a later test opens a second connection that is never
    closed, so PostgreSQL refuses to drop the test database at the end.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


# Users for each role and logged-in clients (admin and editorial tests).
@pytest.fixture
def roles(db):
    setup_roles()


@pytest.fixture
def editor(roles):
    return make_user("edna", group=EDITOR)


@pytest.fixture
def fact_checker(roles):
    return make_user("fran", group=FACT_CHECKER)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def fact_checker_client(fact_checker):
    return logged_in(fact_checker)


@pytest.fixture
def superuser_client(roles):
    return logged_in(make_user("root", superuser=True))


@pytest.fixture
def staff_client(roles):
    """Staff, but in no group: the admin lets them in and shows them nothing."""
    return logged_in(make_user("stan"))


@pytest.fixture
def reader_client(roles):
    """Logged in, not staff."""
    return logged_in(make_user("rita", staff=False))


@pytest.fixture
def committed_corpus(transactional_db, settings, tmp_path):
    """The pages' test corpus with its writes committed, as on the site (a commit bumps the
    data version), the page cache off and a file cache of its own, so what is kept once per
    data version (sources/pages/queries/memo.py) is kept and read back."""
    from tests.pages.conftest import build_corpus

    settings.PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    return build_corpus()
