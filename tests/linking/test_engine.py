"""The engine on articles written for these tests (worded unlike the seeds), with the
curated claims and entities from fixtures/: what matches, the qualifier, variant and stance."""

import pytest

from sources.models import CandidateClaim, Claim, Mention
from tests.factories import make_linked_source, mentions_of

pytestmark = pytest.mark.django_db


def test_a_one_word_answer_in_quotes_is_the_qualifier_and_the_variant(story):
    source = make_linked_source(
        "Cross-examined on Thursday about whether xAI distilled OpenAI's models to build "
        'its chatbot, Musk answered "Partially" and looked at the jury.'
    )
    (mention,) = mentions_of(source, "xai-distilled-openai")
    assert mention.qualifier == "partially"
    assert mention.variant == "Partially"
    assert '"Partially"' in mention.quote
    assert mention.stance == "supports"


def test_a_hedge_between_commas_is_kept_as_written(story):
    source = make_linked_source(
        "Filings suggest xAI had, in part, relied on distillation of OpenAI systems."
    )
    (mention,) = mentions_of(source, "xai-distilled-openai")
    assert mention.qualifier == "in part"
    assert mention.variant == "in part"
    assert mention.quote.startswith("xAI had, in part, relied on distillation")


def test_the_benchmark_score_links_and_a_version_number_is_not_a_score(story):
    source = make_linked_source(
        "Artificial Analysis ranks Grok 4.20 at 49 points, well behind the leaders.\n\n"
        "Grok 4.20 was also tested by Artificial Analysis last spring."
    )
    (mention,) = mentions_of(source, "grok-420-aa-index-49")
    assert mention.quote == "Artificial Analysis ranks Grok 4.20 at 49"


def test_a_hedge_far_from_the_claim_is_not_its_qualifier(story):
    source = make_linked_source(
        "Musk testified that xAI used OpenAI models to build Grok, a disclosure that many "
        "commentators said was partly overshadowed by the judge's remarks."
    )
    (mention,) = mentions_of(source, "xai-distilled-openai")
    assert mention.qualifier == ""
    assert "partly" not in mention.quote


def test_hedges_in_sentences_without_the_companies_create_no_mention(story):
    source = make_linked_source(
        "Plenty of startups build their products partly by imitating larger rivals. "
        "Scores between related systems are partially circular. "
        "One model was said to have partially learned from another model's outputs."
    )
    assert not source.mentions.filter(claim__slug="xai-distilled-openai").exists()


def test_the_answer_attaches_to_the_claim_named_a_sentence_earlier(story):
    source = make_linked_source(
        "Lawyers for OpenAI kept asking whether xAI copied their models. "
        "Eventually he conceded it had happened “to some extent.”\n\n"
        "He conceded nothing else that day."
    )
    # "their models" is not tied to OpenAI by name (pronouns are not resolved), so only
    # the answer links; it still finds xAI and OpenAI in the sentence before.
    (answer,) = mentions_of(source, "xai-distilled-openai")
    assert answer.qualifier == "to some extent"
    assert answer.variant == "to some extent."
    assert answer.sentence.startswith("Eventually he conceded")


def test_vague_or_unclear_terms_dispute_the_clause(story):
    source = make_linked_source(
        "Critics say OpenAI's terms remain unclear about whether outputs may train rival models."
    )
    (mention,) = mentions_of(source, "openai-tos-competing-models")
    assert mention.stance == "disputes"


def test_quoted_clause_supports_and_records_the_wording(story):
    source = make_linked_source(
        "Its contract tells customers they may not use outputs from OpenAI "
        "“to develop models that compete with OpenAI.”"
    )
    (mention,) = mentions_of(source, "openai-tos-competing-models")
    assert mention.stance == "supports"
    assert mention.variant == "to develop models that compete with OpenAI."


def test_conditional_sentences_and_questions_only_mention_the_claim(story):
    source = make_linked_source(
        "If xAI trained Grok on OpenAI models, the case could turn. "
        "Did xAI really distil OpenAI's models? "
        "Musk later confirmed that xAI used OpenAI models, if only in a limited way."
    )
    stances = [m.stance for m in mentions_of(source, "xai-distilled-openai")]
    assert stances == ["mentions", "mentions", "supports"]


def test_a_denial_disputes(story):
    source = make_linked_source(
        "A spokesperson denied that xAI ever trained Grok on OpenAI outputs."
    )
    (mention,) = mentions_of(source, "xai-distilled-openai")
    assert mention.stance == "disputes"


def test_the_engine_speaks_the_models_choice_values():
    # engine.py and stance.py never import the models; their plain strings must stay the
    # models' values.
    from sources.linking import engine, stance

    assert set(engine.VARIANT_KINDS) == {Claim.Kind.QUOTE, Claim.Kind.POLICY_CLAUSE}
    assert engine.QUOTE_KIND == Claim.Kind.QUOTE
    assert (stance.SUPPORTS, stance.DISPUTES, stance.MENTIONS) == (
        Mention.Stance.SUPPORTS,
        Mention.Stance.DISPUTES,
        Mention.Stance.MENTIONS,
    )
    assert {engine.CANDIDATE_QUOTE, engine.CANDIDATE_NUMBER, engine.CANDIDATE_ATTRIBUTION} == set(
        CandidateClaim.Kind.values
    )
