"""Who did what to whom (issue 13 §3–4): a fact stated before its lab is named, an accuser
naming a described group, terms described by whose they are; and the traps beside them.

Every sentence here is written for these tests; none is taken from an article."""

import pytest

from tests.factories import make_linked_source, mentions_of

pytestmark = pytest.mark.django_db

DISTILLED = "xai-distilled-openai"
OPENAI_ACCUSES = "openai-accuses-deepseek"
ANTHROPIC_COMPLAINT = "anthropic-distillation-complaint"
OPENAI_TERMS = "openai-tos-competing-models"


def reported(source, slug):
    return [m for m in mentions_of(source, slug) if m.stance in ("supports", "disputes")]


# --- The admission first, the lab it concerns named in the sentences after it ----------------


@pytest.mark.parametrize(
    ("body", "qualifier"),
    [
        (
            "Testifying on Friday, Musk conceded that xAI had relied on such a method in part.\n\n"
            "The remark lands while OpenAI and other labs fight distillation of their models.",
            "in part",
        ),
        (
            "Musk admitted that xAI had partially used it, calling distillation routine. "
            "OpenAI, whose lawyer asked the question, has not commented.",
            "partially",
        ),
    ],
)
def test_an_admission_whose_lab_is_named_just_after_links(story, body, qualifier):
    (mention,) = reported(make_linked_source(body), DISTILLED)
    assert (mention.qualifier, mention.stance) == (qualifier, "supports")
    assert mention.confidence < 1.0  # OpenAI was lent by a later sentence


@pytest.mark.parametrize(
    "body",
    [
        # "Them" are chips: no distillation around the admission.
        "Musk acknowledged that xAI had used them in part to train Grok.\n\n"
        "The chips came from Nvidia, and OpenAI buys the same ones.",
        # Another lab in the sentence is the verb's object, not OpenAI.
        "Musk admitted that xAI had used distillation in part on Claude, Anthropic's chatbot.\n\n"
        "OpenAI's lawyers moved on to the board.",
        # xAI on the receiving end: Anthropic is named in the sentence.
        "Anthropic cut off xAI, saying Musk admitted the startup had used distillation in part.\n\n"
        "OpenAI declined to say whether it would do the same.",
        # The models at issue are another lab's, named just after.
        "Musk acknowledged that xAI had used them in part. The systems it distilled were "
        "Anthropic's models, the filing says; OpenAI was not involved.",
        # A question put to him, with no verb of his saying it.
        "The lawyer asked whether xAI had used distillation in part. OpenAI's counsel sat down.",
        # The hedge on the verb, OpenAI named just before, but the object is another lab's.
        "OpenAI's lawyers spent the morning on board minutes. Musk said xAI had partly "
        "relied on Claude for coding help.",
        # Another lab's partial use, with xAI nowhere.
        "Analysts told us DeepSeek had used distillation in part. OpenAI objected to that.",
        # OpenAI named only paragraphs away.
        "Musk acknowledged that xAI had used distillation in part.\n\nThe court broke for "
        "lunch.\n\nJurors returned at two.\n\nLater, OpenAI's lawyer asked about the board.",
    ],
)
def test_an_admission_about_something_else_does_not_link(story, body):
    assert [m for m in reported(make_linked_source(body), DISTILLED) if m.qualifier] == []


def test_a_question_whose_lab_follows_only_mentions(story):
    source = make_linked_source(
        "Did Musk admit that xAI had used distillation in part? OpenAI's lawyers think he did."
    )
    assert [m.stance for m in mentions_of(source, DISTILLED)] == ["mentions"]


# --- An accuser naming a group: "Chinese labs" for DeepSeek and its peers ------------------


def test_openai_accusing_a_described_group_is_its_accusation(story):
    source = make_linked_source(
        "Distillation drew scrutiny this year, and OpenAI has publicly accused Chinese AI "
        "start-ups of copying its models."
    )
    (mention,) = reported(source, OPENAI_ACCUSES)
    assert mention.stance == "supports"
    assert "accused Chinese AI start-ups" in mention.quote
    assert reported(source, ANTHROPIC_COMPLAINT) == []


def test_two_accusers_as_one_subject_each_accuse(story):
    source = make_linked_source(
        "To curb distillation, Anthropic and OpenAI have both singled out rival labs in China."
    )
    assert [m.stance for m in reported(source, OPENAI_ACCUSES)] == ["supports"]
    assert [m.stance for m in reported(source, ANTHROPIC_COMPLAINT)] == ["supports"]


def test_a_lab_and_its_chief_as_the_subject_is_the_labs_accusation(story):
    source = make_linked_source(
        "Anthropic CEO Dario Amodei blamed Chinese labs for distilling Claude."
    )
    assert [m.stance for m in reported(source, ANTHROPIC_COMPLAINT)] == ["supports"]


@pytest.mark.parametrize(
    "sentence",
    [
        # Google is the accuser; Anthropic is only named.
        "Google accused Chinese firms of distilling Gemini, and Anthropic stayed silent.",
        # The White House is the accuser, whoever it echoes.
        "Echoing OpenAI and Anthropic, the White House accused Chinese companies of distillation.",
        # No accuser at all.
        "Chinese developers leveraging distillation keep undercutting OpenAI and Anthropic.",
        # The passive: OpenAI and Anthropic are the ones named.
        "OpenAI and Anthropic were named by Chinese firms in a suit over distillation.",
        # Their critics are not the labs.
        "OpenAI's critics and Anthropic's critics blamed Chinese labs for the distillation.",
        # No distillation or copying: naming partners is no accusation.
        "OpenAI and Anthropic named Chinese companies among their new cloud customers.",
    ],
)
def test_a_group_accused_by_someone_else_or_of_nothing_does_not_link(story, sentence):
    source = make_linked_source(sentence)
    assert reported(source, OPENAI_ACCUSES) == []
    assert reported(source, ANTHROPIC_COMPLAINT) == []


# --- Terms described by whose they are: "the provider's terms" --------------------------


def test_the_providers_terms_are_those_of_the_only_lab_whose_models_are_at_issue(story):
    source = make_linked_source(
        "A startup distilled OpenAI's reasoning models by querying them millions of times. "
        "Harvesting outputs that way breaches the provider's terms of use, lawyers say."
    )
    (mention,) = reported(source, OPENAI_TERMS)
    assert mention.stance == "supports"
    assert "the provider's terms" in mention.quote


def test_saying_the_practice_breaks_no_terms_disputes(story):
    source = make_linked_source(
        "Engineers distilled OpenAI's models for months. Querying a model at scale does not "
        "violate the platform's terms, one professor argued."
    )
    assert [m.stance for m in reported(source, OPENAI_TERMS)] == ["disputes"]


@pytest.mark.parametrize(
    "body",
    [
        # Two labs' models are at issue: whose terms?
        "Labs distilled OpenAI's models and Anthropic's Claude models alike. Harvesting "
        "their outputs breaches the provider's terms of use.",
        # The distilled lab is Google; OpenAI is only named.
        "A startup distilled Google's Gemini models, OpenAI said on Tuesday. Harvesting "
        "those outputs breaches the provider's terms of use.",
        # OpenAI is named, but as no one's model owner.
        "OpenAI sued a startup on Tuesday. Harvesting outputs breaches the provider's terms.",
    ],
)
def test_the_providers_terms_stand_for_no_one_when_the_lab_is_unclear(story, body):
    assert reported(make_linked_source(body), OPENAI_TERMS) == []
