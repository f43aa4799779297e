"""What the linker reads as Musk's answer, a denial, or a number, in articles written for
these tests (worded unlike the seeds), with the curated claims and entities."""

import pytest

from sources.linking import preview_rules, validate_rules
from tests.factories import make_linked_source, make_source, mentions_of

pytestmark = pytest.mark.django_db


DISTILLED = "xai-distilled-openai"


# --- A hedge is Musk's answer only when it is the answer ------------------------------------


@pytest.mark.parametrize(
    "follow_up",
    [
        "Later he said the dispute was partly about who controls the lab.",
        "The startup is partly backed by Gulf investors, he testified.",
        "He conceded that the trial had been partially a distraction.",
    ],
)
def test_a_hedge_in_an_unrelated_statement_is_not_the_answer(story, follow_up):
    source = make_linked_source(
        f"On the stand, Musk agreed xAI relied on OpenAI models for Grok. {follow_up}"
    )
    (mention,) = mentions_of(source, DISTILLED)
    assert mention.qualifier == ""
    assert mention.sentence.startswith("On the stand")


@pytest.mark.parametrize(
    ("answer", "qualifier", "variant"),
    [
        ('Pressed again, he replied: "Yes, partially."', "partially", "Yes, partially."),
        ("Pressed again, he acknowledged to some extent.", "to some extent", "to some extent"),
        ("“In part,” he conceded after a pause.", "in part", "In part,"),
    ],
)
def test_an_answer_after_the_question_is_the_qualifier(story, answer, qualifier, variant):
    source = make_linked_source(
        f"Counsel asked if xAI had trained Grok on OpenAI outputs. {answer}"
    )
    answers = [m for m in mentions_of(source, DISTILLED) if m.qualifier]
    assert [(m.qualifier, m.variant) for m in answers] == [(qualifier, variant)]
    assert answers[0].stance == "supports"


def test_a_longer_quotation_holding_a_hedge_is_not_the_answer(story):
    source = make_linked_source(
        "Musk told jurors xAI used OpenAI models to build Grok, and called the case "
        '"partly a grudge match."'
    )
    (mention,) = mentions_of(source, DISTILLED)
    assert (mention.qualifier, mention.variant) == ("", "")


# --- Denials ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Musk, xAI did not use OpenAI models when it trained Grok.",
        "An xAI lawyer said the company never relied on OpenAI outputs.",
        "xAI hasn't trained Grok on OpenAI models, its spokesperson wrote.",
        "xAI no longer uses OpenAI models, the filing says.",
    ],
)
def test_a_negated_predicate_disputes_the_claim(story, sentence):
    (mention,) = mentions_of(make_linked_source(sentence), DISTILLED)
    assert mention.stance == "disputes"


def test_a_negation_elsewhere_in_the_sentence_does_not_dispute(story):
    source = make_linked_source(
        "xAI, which did not answer emails on Friday, trained Grok on OpenAI models, Musk said. "
        "Musk said xAI not only used OpenAI outputs but also its own data."
    )
    assert [m.stance for m in mentions_of(source, DISTILLED)] == ["supports", "supports"]


def test_terms_that_do_not_clearly_ban_training_dispute_the_clause(story):
    source = make_linked_source(
        "OpenAI's usage policies don't explicitly prohibit feeding outputs to a competing model."
    )
    (mention,) = mentions_of(source, "openai-tos-competing-models")
    assert mention.stance == "disputes"


def test_may_not_restates_the_ban_and_supports_it(story):
    source = make_linked_source(
        "Under OpenAI's terms, customers may not use outputs to build rival models."
    )
    (mention,) = mentions_of(source, "openai-tos-competing-models")
    assert mention.stance == "supports"


# --- False positives -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "xAI took OpenAI to court in 2025, saying it hired away engineers to train its models.",
        "Google distils its own models into small ones, something OpenAI and xAI also use.",
        "Regulators said Moonshot used distillation on Claude outputs; xAI and OpenAI were "
        "not accused.",
    ],
)
def test_openai_must_own_the_models_xai_used(story, sentence):
    assert not mentions_of(make_linked_source(sentence), DISTILLED)


def test_a_sentence_about_the_lawsuit_that_reports_the_use_still_links(story):
    source = make_linked_source(
        "Musk, who sued OpenAI in 2024, conceded that xAI partly distilled OpenAI's models."
    )
    (mention,) = mentions_of(source, DISTILLED)
    assert mention.qualifier == "partly"


@pytest.mark.parametrize(
    "sentence",
    [
        "Grok 4.20 costs €49 a month, Artificial Analysis noted in its review.",
        "Grok 4.20 answered 49% of the Artificial Analysis questions correctly.",
        "Grok 4.20 got 49 percent on one Artificial Analysis benchmark.",
    ],
)
def test_a_price_or_a_percentage_is_not_the_index_score(story, sentence):
    assert not mentions_of(make_linked_source(sentence), "grok-420-aa-index-49")


def test_a_number_rule_can_ask_for_a_currency(story):
    rules = {"patterns": [{"numbers": [{"value": 49, "unit": "currency", "near": ["month"]}]}]}
    make_source(body="The plan costs $49 a month. Usage grew 49% a month.")
    assert [m.quote for m in preview_rules(rules=rules)] == ["$49 a month"]
    rules["patterns"][0]["numbers"][0]["unit"] = "percent"
    assert [m.quote for m in preview_rules(rules=rules)] == ["49% a month"]
    bad = {"patterns": [{"numbers": [{"value": 49, "unit": "euros"}]}]}
    assert any('"unit"' in error for error in validate_rules(bad))


def test_answer_rules_are_validated(story):
    errors = validate_rules({"patterns": [{"answer": ["said"], "numbers": [{"value": 1}]}]})
    assert any('"answer" needs "terms"' in error for error in errors)
    assert validate_rules({"patterns": [{"terms": [["partly"]], "answer": "said"}]})
