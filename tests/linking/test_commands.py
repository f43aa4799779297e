"""The link and bench_linking commands."""

import pytest

from sources.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_the_link_command_relinks_the_sources_given(story):
    from io import StringIO

    from django.core.management import CommandError, call_command

    source = make_source(body="Musk said xAI partly used OpenAI models to train Grok.")
    out = StringIO()
    call_command("link", "--source", str(source.pk), stdout=out)
    assert "1 sources:" in out.getvalue()
    assert source.mentions.filter(claim__slug="xai-distilled-openai", qualifier="partly").exists()
    with pytest.raises(CommandError, match="No source with id 0"):
        call_command("link", "--source", "0")


def test_the_benchmark_uses_the_linker_and_reports_a_rate(story):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("bench_linking", articles=20, words=300, claims=40, with_db=True, stdout=out)
    text = out.getvalue()
    assert "20 articles" in text and "articles/s" in text and "40 claims" in text
    assert "With database (re-run)" in text
    assert not Source.objects.exists()  # the database part is rolled back
