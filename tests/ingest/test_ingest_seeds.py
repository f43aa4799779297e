"""The five seed articles, ingested from fixtures/articles with their manifest."""

from datetime import date

import pytest

from sources.curated.reference import load_reference_data
from sources.ingest.load import ingest_paths
from sources.models import Citation, Entity, Outlet, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR

BOILERPLATE = [
    "Also Read",
    "whatsapp",
    "twitter",
    "facebook",
    "Comments (0)",
    "Be the first to comment",
    "comscore",
    "Preferred Source",
    "Related news",
    "More AI news",
    "1 0 0",
    "Your Personal AI Launchpad",
    "Edited By",
    "Sources:",
    "Source: commons.wikimedia.org",
    "|---",
]


@pytest.fixture
def seeds(db) -> dict[str, Source]:
    load_reference_data(FIXTURES_DIR)
    result = ingest_paths([ARTICLES_DIR], link=False)
    assert result.summary() == "5 ingested, 0 updated, 0 unchanged, 0 failed"
    return {source.origin[:3]: source for source in result.sources}


def test_titles(seeds):
    assert {key: source.title for key, source in seeds.items()} == {
        "000": "xAI Trained Grok on OpenAI Models: What Musk’s Testimony Means",
        "001": "Elon Musk Admits xAI Used OpenAI Models to Train Grok — Here’s What That Means",
        "002": "Elon Musk Testifies xAI Trained Grok on OpenAI Models",
        "003": "Musk Admits xAI Distilled OpenAI Models for Grok",
        "004": "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok",
    }


def test_outlets_only_where_known(seeds):
    outlets = {key: source.outlet.name if source.outlet else None for key, source in seeds.items()}
    assert outlets == {
        "000": None,
        "001": None,
        "002": "AIStart.ai",
        "003": None,
        "004": "Techlusive",
    }
    assert seeds["002"].outlet.kind == Outlet.Kind.AGGREGATOR


def test_dates_only_where_the_text_gives_one(seeds):
    dated = {key: (source.published, source.published_precision) for key, source in seeds.items()}
    assert dated == {
        "000": (None, "unknown"),
        "001": (None, "unknown"),
        "002": (date(2026, 5, 1), "day"),
        "003": (None, "unknown"),
        "004": (date(2026, 5, 1), "day"),
    }


def test_byline_and_dek_of_004(seeds):
    source = seeds["004"]
    assert source.authors == "Shubham Arora"
    assert source.dek.startswith("Elon Musk confirmed in court that xAI partly used OpenAI")
    assert not source.body.startswith("Elon Musk confirmed in court")


def test_no_boilerplate_in_any_body(seeds):
    for key, source in seeds.items():
        for phrase in BOILERPLATE:
            assert phrase.lower() not in source.body.lower(), (key, phrase)
        assert source.title not in source.body, key  # the headline is not repeated
        assert "\n\n\n" not in source.body


def test_partly_stays_where_it_is_article_prose(seeds):
    assert "he confirmed it had been done “partly.”" in seeds["004"].body
    assert 'Elon Musk acknowledged that xAI "partly" used OpenAI\'s models' in seeds["003"].body
    assert 'before confirming directly: "Partly."' in seeds["003"].body
    # The sentence a promo was glued to keeps its own words.
    assert "how xAI trained its chatbot Grok." in seeds["004"].body


def test_captions_of_003_keep_the_credited_lines_in_the_body(seeds):
    source = seeds["003"]
    score = "Grok 4.20 scored 49 on the Artificial Analysis Intelligence Index"
    assert score in source.body
    assert [caption["credit"] for caption in source.captions] == [
        "commons.wikimedia.org",
        "the-decoder.com",
    ]
    assert source.captions[1]["text"].startswith(score)
    credits = source.citations.filter(kind=Citation.Kind.IMAGE_CREDIT).order_by("pk")
    assert [(c.text, c.cited_outlet and c.cited_outlet.name) for c in credits] == [
        ("Source: commons.wikimedia.org", None),
        ("Source: the-decoder.com", "The Decoder"),
    ]


def test_source_list_of_003(seeds):
    listed = seeds["003"].citations.filter(kind=Citation.Kind.SOURCE_LIST).order_by("pk")
    assert [(c.cited_title, c.cited_outlet.name) for c in listed] == [
        ("Elon Musk testifies that xAI trained Grok on OpenAI models", "TechCrunch"),
        (
            "Musk v. Altman week 1: Musk says he was duped, warns AI could kill us all, "
            "and admits that xAI distills OpenAI's models",
            "MIT Technology Review",
        ),
        ("Elon Musk Says xAI Used OpenAI Models to Train Grok", "Decrypt"),
        ("Musk Admits xAI Used OpenAI Models to Build Grok AI", "NewsBytes"),
        ('Musk\'s "Partly" Admission Puts AI Distillation in the Spotlight', "TechStory"),
    ]
    assert "Week two begins May 5." in seeds["003"].body


def test_credits_in_prose_and_republishing(seeds):
    based_on = seeds["000"].citations.get(kind=Citation.Kind.BASED_ON)
    assert based_on.text == "Based on the TechCrunch report"
    assert based_on.cited_outlet.name == "TechCrunch"
    assert "Based on the TechCrunch report, Musk testified" in seeds["000"].body

    republished = seeds["002"].citations.get(kind=Citation.Kind.REPUBLISHED_FROM)
    assert republished.text == "TechCrunch AI"
    assert republished.cited_outlet.name == "TechCrunch"  # "TechCrunch AI" is its alias


def test_entities_tagged_by_name(seeds):
    tagged = set(seeds["003"].entities.values_list("slug", flat=True))
    assert {"elon-musk", "xai", "openai", "grok", "yvonne-gonzalez-rogers", "deepseek"} <= tagged
    assert "yvonne-gonzalez-rogers" not in set(seeds["004"].entities.values_list("slug", flat=True))
    assert Entity.objects.get(slug="sam-altman").sources.filter(pk=seeds["004"].pk).exists()


def test_raw_input_is_the_file_byte_for_byte(seeds):
    for source in seeds.values():
        assert bytes(source.raw_input) == (ARTICLES_DIR / source.origin).read_bytes()
        assert source.word_count > 300
