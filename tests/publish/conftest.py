"""The demo story, published to a temporary folder."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo corpus as ``load_story`` builds it from fixtures/."""
    cache.clear()
    call_command("load_story", verbosity=0)
    yield
    cache.clear()


@pytest.fixture
def published(demo, tmp_path):
    """OUTDIR after ``manage.py publish OUTDIR``, without a live site."""
    outdir = tmp_path / "site"
    call_command("publish", str(outdir), "--site-url", "", verbosity=0)
    return outdir
