"""What must not count as a report (issue 13 §4): questions, hypotheticals, other people's
founding, denials that deny nothing, other labs' distillation. Sentences written here."""

import pytest

from tests.factories import make_linked_source, mentions_of

pytestmark = pytest.mark.django_db

DISTILLED = "xai-distilled-openai"
PRACTICE = "musk-general-practice"
COFOUNDED = "musk-cofounded-openai"


def stances(source, slug=DISTILLED):
    return [m.stance for m in mentions_of(source, slug)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Has xAI trained Grok on the outputs of OpenAI's models?",
        "The lawyer asked Musk whether xAI had relied on OpenAI models.",
        "If xAI used OpenAI models for Grok, the contract may have been broken.",
    ],
)
def test_a_question_or_a_hypothetical_only_mentions_the_claim(story, sentence):
    assert stances(make_linked_source(sentence)) == ["mentions"]


def test_the_answer_after_an_indirect_question_is_reported(story):
    source = make_linked_source(
        "Asked whether xAI had relied on OpenAI models, Elon Musk answered that it was a "
        "common industry practice."
    )
    assert stances(source, PRACTICE) == ["supports"]


def test_a_denial_that_is_denied_does_not_dispute(story):
    source = make_linked_source("Elon Musk did not deny that xAI relied on OpenAI models.")
    assert stances(source) == ["supports"]
    source = make_linked_source("Elon Musk didn't dispute that xAI relied on OpenAI models.")
    assert stances(source) == ["supports"]
    # A plain denial still disputes.
    source = make_linked_source("Elon Musk denied that xAI relied on OpenAI models.")
    assert stances(source) == ["disputes"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Musk is suing OpenAI, Sam Altman and OpenAI co-founder Greg Brockman in Oakland.",
        "Elon Musk, the founder of xAI, spent Tuesday in court against OpenAI.",
        "OpenAI, first founded as a research lab, now sells software; Musk objects.",
    ],
)
def test_someone_elses_founding_is_not_musks(story, sentence):
    assert stances(make_linked_source(sentence), COFOUNDED) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Elon Musk, who co-founded OpenAI in 2015, left its board three years later.",
        "Elon Musk is now in court against OpenAI, a lab he co-founded.",
    ],
)
def test_musks_founding_of_openai_links(story, sentence):
    assert stances(make_linked_source(sentence), COFOUNDED) == ["supports"]


def test_another_labs_partial_distillation_is_not_xais_admission(story):
    source = make_linked_source(
        "xAI declined to comment on Friday.\n\n"
        "Separately, DeepSeek partly relied on outputs from OpenAI's models, OpenAI said."
    )
    assert [m for m in mentions_of(source, DISTILLED) if m.qualifier] == []
