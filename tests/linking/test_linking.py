"""The linker on articles written for these tests (worded unlike the seeds), with the
curated claims and entities from fixtures/."""

from pathlib import Path

import pytest

from sources.editorial import apply_mention_edit
from sources.linking import link_sources, preview_rules, relink_all, validate_rules
from sources.models import CandidateClaim, Claim, Mention, Source
from tests.factories import make_linked_source, make_source, mentions_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

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


def test_relinking_twice_changes_nothing(story):
    source = make_source(
        body="Musk said xAI partly used OpenAI models. Grok 4.20 scored 49 on the AA index."
    )
    first = link_sources(sources=[source])
    second = link_sources(sources=[source])
    assert first.created >= 1
    assert (second.created, second.updated, second.deleted, second.candidates) == (0, 0, 0, 0)
    assert "created" in str(second)


def test_an_editors_stance_correction_survives_relinking(story):
    source = make_linked_source("Musk told the court xAI had used OpenAI models for Grok.")
    (mention,) = mentions_of(source, "xai-distilled-openai")
    mention.stance = "mentions"
    apply_mention_edit(mention=mention, changed_fields=["stance"])
    mention.save()

    relink_all()
    mention.refresh_from_db()
    assert (mention.stance, mention.reviewed, mention.method) == ("mentions", True, "automatic")


def test_editor_and_reviewed_mentions_are_kept_when_rules_stop_matching(story):
    source = make_linked_source(
        "Musk told the court xAI had used OpenAI models for Grok. He also praised the jury."
    )
    (automatic,) = mentions_of(source, "xai-distilled-openai")
    claim = Claim.objects.get(slug="xai-distilled-openai")
    editor = Mention.objects.create(
        claim=claim,
        source=source,
        quote="He also praised the jury.",
        start=source.body.index("He also"),
        end=len(source.body),
        sentence="He also praised the jury.",
        sentence_start=source.body.index("He also"),
        method="editor",
        reviewed=True,
    )
    other = Claim.objects.get(slug="musk-cofounded-openai")
    reviewed = Mention.objects.create(
        claim=other, source=source, quote="Musk", start=0, end=4, sentence="Musk", reviewed=True
    )
    claim.match_rules = {}
    claim.save()

    result = link_sources(sources=[source])
    assert not Mention.objects.filter(pk=automatic.pk).exists()
    assert set(source.mentions.values_list("pk", flat=True)) == {editor.pk, reviewed.pk}
    assert result.deleted == 1 and result.kept == 2


def test_an_automatic_mention_follows_its_words_when_the_body_changes(story):
    source = make_linked_source("Musk told the court xAI had used OpenAI models for Grok.")
    (before,) = mentions_of(source, "xai-distilled-openai")
    source.body = "Updated at noon. " + source.body
    source.save()

    result = link_sources(sources=[source])
    (after,) = mentions_of(source, "xai-distilled-openai")
    assert after.pk == before.pk
    assert after.start == before.start + len("Updated at noon. ")
    assert result.updated == 1 and result.created == 0


def test_an_editor_mention_is_re_anchored_or_flagged_never_deleted(story):
    source = make_source(body="Nothing to see here. The lawyer sighed loudly. The end.")
    claim = Claim.objects.get(slug="judge-doubts-musk-motives")
    mention = Mention.objects.create(
        claim=claim,
        source=source,
        quote="The lawyer sighed loudly.",
        start=21,
        end=46,
        sentence="The lawyer sighed loudly.",
        sentence_start=21,
        method="editor",
        reviewed=True,
    )
    assert source.body[21:46] == mention.quote

    source.body = (
        "A new opening paragraph.\n\nNothing to see here. The lawyer sighed loudly. The end."
    )
    source.save()
    result = link_sources(sources=[source])
    mention.refresh_from_db()
    assert result.reanchored == 1
    assert source.body[mention.start : mention.end] == "The lawyer sighed loudly."
    assert mention.sentence == "The lawyer sighed loudly." and mention.reviewed

    source.body = "The article was rewritten entirely."
    source.save()
    result = link_sources(sources=[source])
    mention.refresh_from_db()
    assert result.lost == 1
    assert mention.quote == "" and not mention.reviewed and mention.method == "editor"
    assert source.body[mention.start : mention.end] == mention.quote
    assert mention.sentence == "The lawyer sighed loudly."  # what it pointed at, for the editor


def test_candidates_are_proposed_once_and_rejections_stick(story):
    body = (
        'A former engineer told reporters the project was "bigger than anyone admitted." '
        "The lab hired 300 contractors in March.\n\n"
        "The lab's chief scientist said the schedule had slipped."
    )
    source = make_linked_source(body)
    candidates = {c.kind: c for c in source.candidates.all()}
    assert set(candidates) == {"quote", "number", "attribution"}
    assert candidates["quote"].text == '"bigger than anyone admitted."'
    for candidate in candidates.values():
        assert source.body[candidate.start : candidate.end] == candidate.text

    assert link_sources(sources=[source]).candidates == 0
    assert source.candidates.count() == 3

    rejected = candidates["quote"]
    rejected.status = CandidateClaim.Status.REJECTED
    rejected.save()
    source.body = body.replace("The lab hired 300 contractors in March.", "")
    source.save()
    result = link_sources(sources=[source])
    assert result.candidates == 0 and result.candidates_removed == 1
    assert set(source.candidates.values_list("kind", "status")) == {
        ("quote", "rejected"),
        ("attribution", "pending"),
    }


def test_a_sentence_that_matches_a_claim_is_not_a_candidate(story):
    source = make_linked_source('Musk said xAI "partly" used OpenAI models to train Grok.')
    assert source.mentions.exists()
    assert not source.candidates.exists()


def test_preview_shows_matches_and_writes_nothing(story):
    make_source(body="Grok 4.20 scored 49 on the Artificial Analysis Intelligence Index.")
    rules = Claim.objects.get(slug="grok-420-aa-index-49").match_rules
    matches = preview_rules(rules=rules)
    assert [m.quote for m in matches] == ["Grok 4.20 scored 49 on the Artificial Analysis"]
    assert not Mention.objects.exists()


def test_every_curated_rule_set_is_valid(story):
    for claim in Claim.objects.all():
        assert validate_rules(claim.match_rules) == [], claim.slug


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([1, 2], "JSON object"),
        ({"pattern": []}, "Unknown key"),
        ({"patterns": []}, "non-empty list"),
        ({"patterns": [{"entities": ["xai"]}]}, 'needs "terms" or "numbers"'),
        ({"patterns": [{"terms": ["distill*"]}]}, "must be a list of terms"),
        ({"patterns": [{"terms": [["*ill"]]}]}, "may only end a word"),
        ({"patterns": [{"terms": [["x"]], "entities": ["nobody"]}]}, "no entity with slug nobody"),
        ({"patterns": [{"terms": [["x"]], "window": 9}]}, '"window"'),
        ({"patterns": [{"numbers": [{"near": ["points"]}]}]}, 'numeric "value"'),
    ],
)
def test_invalid_rules_are_explained(story, rules, message):
    errors = validate_rules(rules)
    assert any(message in error for error in errors), errors


def test_empty_rules_are_valid_and_never_match(story):
    assert validate_rules({}) == []
    claim = Claim.objects.get(slug="xai-distilled-openai")
    claim.match_rules = {}
    claim.save()
    source = make_linked_source("Musk said xAI partly used OpenAI models to train Grok.")
    assert not source.mentions.filter(claim=claim).exists()


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


def test_the_engine_speaks_the_models_choice_values():
    # engine.py never imports the models; its plain strings must stay the models' values.
    from sources.linking import engine

    assert set(engine.VARIANT_KINDS) == {Claim.Kind.QUOTE, Claim.Kind.POLICY_CLAUSE}
    assert engine.QUOTE_KIND == Claim.Kind.QUOTE
    assert (engine.SUPPORTS, engine.DISPUTES, engine.MENTIONS) == (
        Mention.Stance.SUPPORTS,
        Mention.Stance.DISPUTES,
        Mention.Stance.MENTIONS,
    )
    assert {engine.CANDIDATE_QUOTE, engine.CANDIDATE_NUMBER, engine.CANDIDATE_ATTRIBUTION} == set(
        CandidateClaim.Kind.values
    )
