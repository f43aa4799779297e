"""A mention belongs to its article, and says who reviewed it, when, and whether it was edited."""

import pytest
from django.contrib.auth.models import User

from sources.editorial import (
    EditorialError,
    apply_mention_edit,
    create_editor_mention,
    mark_mentions_reviewed,
)
from sources.models import Mention
from tests.factories import make_claim, make_mention, make_source

pytestmark = pytest.mark.django_db

BODY = "Musk said xAI partly used OpenAI models. Grok 4.20 scored 49 on the AA index."


@pytest.fixture
def edna():
    return User.objects.create_user("edna")


def test_a_mention_cannot_move_to_another_article():
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    other = make_source(body="Techlusive: Grok 4.20 scored 49 on the AA index.")
    mention.source = other

    with pytest.raises(EditorialError, match="belongs to its article"):
        apply_mention_edit(mention=mention, changed_fields=["source"])
    with pytest.raises(EditorialError, match="belongs to its article"):
        apply_mention_edit(mention=mention, changed_fields=[])  # a revert's form says nothing


def test_an_edited_quote_is_found_in_its_own_article():
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mention.quote = "scored 49 on the AA index"
    apply_mention_edit(mention=mention, changed_fields=["quote"])

    assert BODY[mention.start : mention.end] == mention.quote
    assert mention.sentence == "Grok 4.20 scored 49 on the AA index."
    assert mention.owns("quote") and mention.edited


def test_words_not_in_the_article_are_refused():
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mention.quote = "scored 50"
    with pytest.raises(EditorialError, match="is not in the text"):
        apply_mention_edit(mention=mention, changed_fields=["quote"])


def test_offsets_that_do_not_slice_are_put_back_on_the_quote():
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mention.start, mention.end = 0, 4  # e.g. a revert to a record from an older text
    apply_mention_edit(mention=mention, changed_fields=["start", "end"])
    assert BODY[mention.start : mention.end] == "scored 49"


def test_an_editors_stance_change_records_who_when_and_that_it_was_edited(edna):
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mention.stance = "disputes"
    assert apply_mention_edit(mention=mention, changed_fields=["stance"], by=edna)
    mention.save()

    mention.refresh_from_db()
    assert mention.reviewed and mention.reviewed_by == edna and mention.reviewed_at
    assert mention.method == "automatic" and mention.edited
    assert mention.provenance == "automatic, edited"


def test_a_variant_only_change_is_reviewed_but_not_edited(edna):
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mention.variant = "49"
    apply_mention_edit(mention=mention, changed_fields=["variant"], by=edna)
    assert mention.reviewed and not mention.edited
    assert mention.provenance == "automatic"


def test_unticking_reviewed_clears_who_and_when(edna):
    mention = make_mention(source=make_source(body=BODY), quote="scored 49")
    mark_mentions_reviewed(mentions=Mention.objects.filter(pk=mention.pk), by=edna)
    mention.refresh_from_db()
    mention.reviewed = False
    apply_mention_edit(mention=mention, changed_fields=["reviewed"], by=edna)
    assert (mention.reviewed_by, mention.reviewed_at) == (None, None)


def test_mark_reviewed_records_who_and_when_once(edna):
    source = make_source(body=BODY)
    first = make_mention(source=source, quote="scored 49")
    earlier = make_mention(source=source, quote="Grok 4.20", reviewed=True)

    assert mark_mentions_reviewed(mentions=source.mentions.all(), by=edna) == 1

    first.refresh_from_db()
    earlier.refresh_from_db()
    assert first.reviewed_by == edna and first.reviewed_at is not None
    assert earlier.reviewed_by is None  # already reviewed: not re-stamped


def test_an_editors_new_mention_says_who_made_it(edna):
    source = make_source(body=BODY)
    mention = create_editor_mention(claim=make_claim(), source=source, quote="AA index", by=edna)
    assert (mention.provenance, mention.reviewed_by) == ("editor", edna)
    assert source.body[mention.start : mention.end] == mention.quote
    with pytest.raises(EditorialError, match="is not in the text"):
        create_editor_mention(claim=make_claim(), source=source, quote="AA rating")
