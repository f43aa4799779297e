"""Re-linking against what is stored: editors' work kept and re-anchored, candidates,
the preview that writes nothing."""

import pytest

from sources.editorial import apply_mention_edit
from sources.linking import link_sources, preview_rules, relink_all
from sources.models import CandidateClaim, Claim, Mention
from tests.factories import make_linked_source, make_source, mentions_of

pytestmark = pytest.mark.django_db


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


def test_linking_records_the_verb_each_outlet_framed_the_quote_with(story):
    conceded = make_linked_source("On the stand, Musk conceded that xAI had used OpenAI models.")
    said = make_linked_source("Musk said xAI had used OpenAI models to train Grok.")
    (first,) = mentions_of(conceded, "xai-distilled-openai")
    (second,) = mentions_of(said, "xai-distilled-openai")
    assert (first.reporting_verb, first.verb_connotation) == ("conceded", "concession")
    assert (second.reporting_verb, second.verb_connotation) == ("said", "neutral")


def test_an_editors_verb_survives_relinking(story):
    source = make_linked_source("On the stand, Musk conceded that xAI had used OpenAI models.")
    (mention,) = mentions_of(source, "xai-distilled-openai")
    mention.reporting_verb, mention.verb_connotation = "testified", "neutral"
    mention.mark_editor_owned("reporting_verb")
    mention.save()
    source.body = source.body.replace("On the stand, ", "Under oath, ")
    source.save()
    link_sources(sources=[source])
    mention = Mention.objects.get(source=source, claim__slug="xai-distilled-openai")
    assert mention.reporting_verb == "testified"
