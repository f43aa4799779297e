"""The reader pages over the real demo corpus, loaded by load_story from fixtures/."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sources.models import Claim, Mention, Source
from tests.helpers import text_of


@pytest.fixture
def story_loaded(db):
    call_command("load_story", verbosity=0)


def test_front_page_counts_who_kept_partly(client, story_loaded):
    text = text_of(client.get(reverse("timeline:story")))
    # Of the five articles, two (the analysis and Techlusive) keep Musk's "partly".
    assert "2 of 5 outlets that reported" in text
    assert "kept Musk’s “partly”; 3 dropped it." in text


def test_every_page_renders_over_the_real_corpus(client, story_loaded):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    urls = [
        reverse("timeline:story"),
        reverse("sources:coverage"),
        reverse("sources:compare"),
        reverse("timeline:timeline"),
        reverse("sources:source_list"),
        reverse("sources:outlet_list"),
        reverse("sources:search") + "?q=distillation",
        claim.get_absolute_url(),
        *(s.get_absolute_url() for s in Source.objects.all()),
        *(s.outlet.get_absolute_url() for s in Source.objects.exclude(outlet=None)),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_mention_is_highlighted_on_its_source_page(client, story_loaded):
    for source in Source.objects.all():
        html = client.get(source.get_absolute_url()).content.decode()
        for pk in Mention.objects.filter(source=source).values_list("pk", flat=True):
            assert html.count(f'id="mention-{pk}"') == 1, (source.origin, pk)


def test_claim_page_shows_partly_kept_and_dropped(client, story_loaded):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    text = text_of(client.get(claim.get_absolute_url()))
    assert "kept “partly”" in text
    assert "dropped the qualifier" in text
    assert "2 articles kept the qualifier" in text


def test_compare_quotes_the_openai_clause(client, story_loaded):
    text = text_of(client.get(reverse("sources:compare")))
    assert "to develop models that compete with OpenAI" in text
    assert "OpenAI" in text and "xAI" in text


def test_search_over_the_articles(client, story_loaded):
    response = client.get(reverse("sources:search"), {"q": "courtroom"})
    assert "<mark>courtroom</mark>" in response.content.decode()
    text = text_of(client.get(reverse("sources:search"), {"q": "distilled"}))
    assert "5 articles match" in text
