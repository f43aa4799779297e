"""A changed article text never leaves a mention off its words: edit, revert, restore."""

import pytest

from sources.editorial import (
    reanchor_mentions,
    restore_deleted,
    revert_source,
    save_source_edit,
)
from sources.editorial.reanchor import position_map
from sources.models import Claim, Mention, Source
from tests.factories import make_claim, make_mention, make_source

pytestmark = pytest.mark.django_db

FIRST = (
    "Musk said xAI partly used OpenAI models. Grok 4.20 scored 49 on the AA index.\n\n"
    "The court heard the case on Tuesday."
)
SECOND = (
    "Update: the hearing moved to Wednesday.\n\n"
    "Musk said xAI partly used OpenAI models. The court heard the case on Tuesday.\n\n"
    "Grok 4.20 scored 49 on the AA index, a record."
)
WITHOUT_SCORE = "Musk said xAI partly used OpenAI models.\n\nThe court heard the case on Tuesday."


def assert_every_mention_slices(source: Source) -> None:
    body = Source.objects.get(pk=source.pk).body
    for mention in Mention.objects.filter(source_id=source.pk):
        assert body[mention.start : mention.end] == mention.quote, mention
        assert body[mention.sentence_start :].startswith(mention.sentence), mention


@pytest.fixture
def article():
    source = make_source(body=FIRST, title="Grok scores")
    claim = make_claim(slug="grok-score")
    make_mention(source=source, claim=claim, quote="xAI partly used OpenAI models")
    make_mention(
        source=source,
        claim=claim,
        quote="scored 49",
        method=Mention.Method.EDITOR,
        reviewed=True,
        stance="disputes",
    )
    make_mention(source=source, claim=claim, quote="heard the case")
    return source


def edit_body(source: Source, body: str):
    source.body = body
    return save_source_edit(source=source, changed_fields=["body"])


def test_an_edited_text_moves_every_mention_onto_its_words(article):
    result = edit_body(article, SECOND)

    assert_every_mention_slices(article)
    assert result.mentions.moved == 3
    score = Mention.objects.get(source=article, quote="scored 49")
    assert score.sentence == "Grok 4.20 scored 49 on the AA index, a record."
    assert (score.method, score.reviewed, score.stance) == ("editor", True, "disputes")
    assert "3 re-anchored" in str(result)
    assert Source.objects.get(pk=article.pk).word_count == len(SECOND.split())


def test_an_editors_mention_whose_words_are_gone_is_kept_for_review(article):
    result = edit_body(article, WITHOUT_SCORE)

    assert_every_mention_slices(article)
    flagged = Mention.objects.get(source=article, method=Mention.Method.EDITOR)
    assert flagged.quote == "" and not flagged.reviewed
    assert flagged.owns("quote")  # the linker keeps it for an editor to decide
    assert flagged.stance == "disputes"
    assert result.mentions.flagged == ["“scored 49”"]
    assert "need review" in str(result) and "scored 49" in str(result)


def test_an_automatic_mention_whose_words_are_gone_is_removed_and_listed(article):
    result = edit_body(article, "Musk said xAI partly used OpenAI models. Grok 4.20 scored 49.")

    assert_every_mention_slices(article)
    assert not Mention.objects.filter(source=article, quote="heard the case").exists()
    assert result.mentions.removed == ["“heard the case”"]
    assert "automatic removed" in str(result) and "heard the case" in str(result)


def test_revert_puts_the_text_back_and_every_mention_with_it(article):
    owned_before = ["outlet", "title"]
    Source.objects.filter(pk=article.pk).update(editor_owned_fields=owned_before)
    original = article.history.earliest()
    article.refresh_from_db()
    edit_body(article, SECOND)  # as a re-ingest of a changed file would

    result = revert_source(record=original)

    source = Source.objects.get(pk=article.pk)
    assert source.body == FIRST
    assert_every_mention_slices(source)
    assert Mention.objects.filter(source=source).count() == 3
    # The revert keeps what the editor owned (the record's empty list is not put back).
    assert set(owned_before) <= set(source.editor_owned_fields)
    assert "Reverted “Grok scores”" in str(result) and "3 re-anchored" in str(result)
    assert source.history.first().history_change_reason.startswith("Reverted")


def test_revert_of_metadata_makes_the_reverted_fields_the_editors(article):
    original = article.history.earliest()
    article.title = "A re-ingested title"
    article.save()

    result = revert_source(record=original)

    source = Source.objects.get(pk=article.pk)
    assert source.title == "Grok scores"
    assert "title" in source.editor_owned_fields  # the next ingest keeps the reverted title
    assert result.mentions is None  # the text did not change
    assert_every_mention_slices(source)


def test_reanchoring_twice_changes_nothing(article):
    edit_body(article, SECOND)
    again = reanchor_mentions(source=Source.objects.get(pk=article.pk), old_body=SECOND)
    assert (again.moved, again.unchanged, again.flagged, again.removed) == (0, 3, [], [])


def test_two_mentions_of_one_claim_may_trade_places(db):
    body = "Alpha said it. Beta said it."
    source = make_source(body=body)
    claim = make_claim()
    first = make_mention(source=source, claim=claim, quote="said it")
    second = Mention.objects.create(
        claim=claim, source=source, quote="said it", start=20, end=27, sentence="Beta said it."
    )
    source.body = "Gamma said it. Alpha said it. Beta said it."
    save_source_edit(source=source, changed_fields=["body"])

    assert_every_mention_slices(source)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.start, second.start) == (21, 35)  # each followed its own sentence


def test_a_restored_claim_comes_back_onto_its_words_in_a_changed_article(article):
    other = make_claim(slug="court-date")
    mention = make_mention(source=article, claim=other, quote="Tuesday", reviewed=True)
    pk = other.pk
    other.delete()
    edit_body(Source.objects.get(pk=article.pk), SECOND)  # the article changes meanwhile

    result = restore_deleted(model=Claim, pk=pk)

    assert_every_mention_slices(article)
    restored = Mention.objects.get(pk=mention.pk)
    assert restored.quote == "Tuesday" and restored.reviewed
    assert result.reanchored == 1
    assert "re-anchored" in str(result)


def test_a_restored_claim_whose_words_left_the_article_is_flagged_or_skipped(article):
    other = make_claim(slug="grok-record")
    editors = make_mention(source=article, claim=other, quote="AA index", reviewed=True)
    automatic = make_mention(source=article, claim=other, quote="Grok 4.20")
    pk = other.pk
    other.delete()
    edit_body(Source.objects.get(pk=article.pk), WITHOUT_SCORE)

    result = restore_deleted(model=Claim, pk=pk)

    assert_every_mention_slices(article)
    assert Mention.objects.get(pk=editors.pk).quote == ""
    assert not Mention.objects.filter(pk=automatic.pk).exists()
    assert result.flagged == ["“AA index”"]
    assert any("Grok 4.20" in reason for reason in result.skipped)


def test_position_map_follows_inserted_paragraphs():
    to_new = position_map("One.\n\nTwo.", "Zero.\n\nOne.\n\nTwo.")
    assert to_new(0) == 7
    assert to_new(6) == 13
