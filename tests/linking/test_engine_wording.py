"""Wordings the rules never listed one by one (issue 13 §3), and the traps beside them.

Every sentence here is written for these tests; none is taken from an article."""

import pytest

from tests.factories import make_linked_source, mentions_of

pytestmark = pytest.mark.django_db

DISTILLED = "xai-distilled-openai"


def reported(source, slug=DISTILLED):
    return [m for m in mentions_of(source, slug) if m.stance in ("supports", "disputes")]


# --- Verbs of using, from the lexicon; OpenAI and a model-like noun a few words apart ------


@pytest.mark.parametrize(
    "sentence",
    [
        "Engineers at xAI harnessed OpenAI's large language models while building Grok.",
        "Musk conceded that xAI had drawn upon chatbots made by OpenAI for its training runs.",
        # Musk says so: "the filing says" is another party's telling (test_stance.py).
        "Musk says xAI incorporated OpenAI's public API responses into Grok's tuning.",
        "Under oath, Musk said xAI has been tapping into OpenAI's own frontier systems.",
        "Musk said xAI employed the reasoning models developed by OpenAI to improve Grok.",
    ],
)
def test_verbs_of_using_and_openai_models_a_few_words_apart_link(story, sentence):
    (mention,) = reported(make_linked_source(sentence))
    assert mention.stance == "supports"


@pytest.mark.parametrize(
    "sentence",
    [
        # The gap never reaches across "and": these are two labs' models, not OpenAI's.
        "Staff at xAI harnessed open data, as OpenAI and Google models had done before.",
        # The model-like noun is too far from OpenAI to be its model.
        "xAI employed a lawyer who once sued OpenAI over several unrelated licensing systems.",
    ],
)
def test_openai_far_from_the_model_words_does_not_link(story, sentence):
    assert reported(make_linked_source(sentence)) == []


# --- The answer where it stands apart -----------------------------------------------------


def test_a_transcript_turn_is_an_answer_to_the_question_lines_above(story):
    source = make_linked_source(
        "The record of the hearing shows this exchange.\n"
        "Counsel: Did xAI build Grok with help from OpenAI's systems?\n"
        "Musk: Industry labs all do some of it.\n"
        "Counsel: I take that as a yes.\n"
        "Musk: To some extent.\n"
    )
    answers = [m for m in reported(source) if m.qualifier]
    assert [(m.qualifier, m.sentence) for m in answers] == [
        ("to some extent", "Musk: To some extent.")
    ]


def test_an_answer_a_paragraph_below_its_question_is_the_qualifier(story):
    source = make_linked_source(
        "Lawyers for OpenAI wanted to know whether xAI had copied anything from them.\n\n"
        "Musk hesitated. Then he clarified: “Partially.”"
    )
    (answer,) = [m for m in reported(source) if m.qualifier]
    assert (answer.qualifier, answer.variant, answer.stance) == (
        "partially",
        "Partially.",
        "supports",
    )


def test_a_turn_answering_something_else_far_below_is_not_the_answer(story):
    source = make_linked_source(
        "Counsel: Did xAI build Grok with help from OpenAI's systems?\n"
        "Musk: Everyone in the field does.\n"
        "Counsel: Let us move on to the board.\n"
        "Counsel: Was the board meeting in March?\n"
        "Musk: Yes.\n"
        "Counsel: Was the vote unanimous?\n"
        "Musk: Partly.\n"
    )
    assert [m for m in reported(source) if m.qualifier] == []


# --- Text that lost its capitals, or runs its sentences together --------------------------


def test_an_article_in_lower_case_is_read_sentence_by_sentence(story):
    lead = "the hearing in oakland ran late into the afternoon, and the jury looked tired. " * 3
    source = make_linked_source(
        lead + "\nasked about the training of grok, musk testified that xai relied on openai "
        "models. the judge then called a recess.\n"
        "he added that the practice was partly a matter of cost."
    )
    (mention,) = reported(source)
    assert mention.sentence == (
        "asked about the training of grok, musk testified that xai relied on openai models."
    )
    assert mention.qualifier == ""


def test_sentences_run_together_are_still_two(story):
    source = make_linked_source(
        "The company was partly funded by banks.Musk said xAI relied on OpenAI models."
    )
    (mention,) = reported(source)
    assert mention.sentence == "Musk said xAI relied on OpenAI models."
    assert mention.qualifier == ""


# --- OpenAI described and Grok standing for xAI, once the article has named them ----------


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        (
            "Grok was, to some extent, trained on the outputs of the company Musk is suing.",
            "to some extent",
        ),
        ("Grok was built in part by harnessing the outputs of a larger rival.", "in part"),
    ],
)
def test_a_description_stands_for_a_lab_the_article_named(story, sentence, qualifier):
    body = f"Musk runs xAI and is in court against OpenAI this month.\n\n{sentence}"
    (mention,) = [m for m in reported(make_linked_source(body)) if m.sentence == sentence]
    assert mention.qualifier == qualifier
    assert mention.confidence < 1.0  # the names were lent by a stand-in


def test_a_description_alone_names_no_one(story):
    # Neither xAI nor OpenAI was named before: "a larger rival" could be anyone's.
    source = make_linked_source(
        "Grok was built in part by harnessing the outputs of a larger rival, xAI says."
    )
    assert reported(source) == []


# --- The hedge in other positions, odd quotation marks ------------------------------------


def test_a_quoted_hedge_before_the_verb_is_the_answer(story):
    source = make_linked_source(
        "Jurors heard about OpenAI's chat products for an hour. Musk then allowed that xAI "
        "had ‘partially’ relied on them."
    )
    (answer,) = [m for m in reported(source) if m.qualifier]
    assert (answer.qualifier, answer.stance) == ("partially", "supports")


def test_closing_quotes_used_as_opening_ones_still_make_a_quotation(story):
    source = make_linked_source(
        "The lawyer pressed him on xAI and OpenAI. Musk replied: ”In part.” Then he left."
    )
    (answer,) = [m for m in reported(source) if m.qualifier]
    assert (answer.qualifier, answer.variant) == ("in part", "In part.")
