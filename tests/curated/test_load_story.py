"""``load_story``: the demo story from fixtures/, how it travelled included."""

import shutil

import pytest
from django.core.management import call_command
from django.db.models import Q

from sources.models import ReusePair, Source
from tests.helpers import FIXTURES_DIR

pytestmark = pytest.mark.django_db


def test_load_story_finds_an_article_republished_under_another_name(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures)
    original = fixtures / "articles" / "003_3fb6d5b18cd5f1d4.txt"
    title, _, body = original.read_text().partition("\n")
    lines = body.strip().splitlines()
    rewritten = ["An aggregator's note opens this rewrite of another site's report.", ""]
    rewritten += lines[:-3]  # its last lines dropped: a copy, not the same text
    (fixtures / "articles" / "republished.txt").write_text(
        f"Republished: {title}\n\n" + "\n".join(rewritten) + "\n"
    )

    call_command("load_story", fixtures=fixtures, verbosity=0)

    copy = Source.objects.get(origin="republished.txt")
    # Neither article is dated, so which copied which is left open; the pair is found.
    pair = ReusePair.objects.get(Q(source=copy) | Q(copies=copy))
    assert {pair.source.origin, pair.copies.origin} == {original.name, "republished.txt"}
    assert pair.shared_words > 100
    call_command("load_story", fixtures=fixtures, verbosity=0)  # safe to re-run
    assert ReusePair.objects.count() == 1
