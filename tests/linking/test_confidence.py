"""Every automatic mention carries a confidence (issue 13 §5): how many cues agreed, how close."""

import pytest

from sources.editorial import create_editor_mention
from sources.linking import link_sources
from sources.models import Claim
from tests.factories import make_linked_source, mentions_of

pytestmark = pytest.mark.django_db

DISTILLED = "xai-distilled-openai"


def confidence(body: str) -> float:
    (mention,) = [m for m in mentions_of(make_linked_source(body), DISTILLED) if m.qualifier]
    return mention.confidence


def test_every_cue_in_one_tight_sentence_is_surest(story):
    (mention,) = mentions_of(
        make_linked_source("Musk said xAI partly used OpenAI models to train Grok."), DISTILLED
    )
    assert mention.confidence == 1.0


def test_cues_lent_by_earlier_sentences_and_paragraphs_lower_it(story):
    same_sentence = confidence('Asked about xAI and OpenAI, Musk answered: "Partly."')
    same_paragraph = confidence('Counsel asked about xAI and OpenAI. Musk answered: "Partly."')
    other_paragraph = confidence(
        'Counsel asked about xAI and OpenAI.\n\nMusk paused. Then he answered: "Partly."'
    )
    assert 1.0 > same_sentence > same_paragraph > other_paragraph > 0.5


def test_words_spread_across_a_long_sentence_lower_it(story):
    tight = mentions_of(make_linked_source("xAI used OpenAI models, Musk said."), DISTILLED)
    loose = mentions_of(
        make_linked_source(
            "xAI used, according to what Musk told the court on a long Thursday afternoon, "
            "OpenAI models."
        ),
        DISTILLED,
    )
    assert tight[0].confidence > loose[0].confidence >= 0.6


def test_an_editors_mention_has_none_and_relinking_keeps_it_so(story):
    source = make_linked_source("A court reporter wrote that xAI took ideas from OpenAI.")
    claim = Claim.objects.get(slug=DISTILLED)
    mention = create_editor_mention(source=source, claim=claim, quote="xAI took ideas from OpenAI")
    assert mention.confidence is None
    link_sources(sources=[source])
    mention.refresh_from_db()
    assert mention.confidence is None
