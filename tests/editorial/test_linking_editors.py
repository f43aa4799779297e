"""Re-linking around what editors did: moved mentions, merged claims, lost words."""

import pytest

from sources.editorial import apply_mention_edit, mark_mentions_reviewed, merge_claims
from sources.linking import link_sources, relink_all
from sources.models import Claim, Mention
from tests.factories import make_source

pytestmark = pytest.mark.django_db


# One sentence two claims find: the admission and Musk's "everyone does it".
BODY = (
    "Elon Musk spent a second hour on the stand on Thursday. "
    "He conceded that xAI partly used OpenAI models to train Grok, calling it common "
    "practice among AI developers."
)


def claims_at(source, sentence_start: str) -> list[str]:
    start = source.body.index(sentence_start)
    return sorted(
        source.mentions.filter(sentence_start=start).values_list("claim__slug", flat=True)
    )


def move(mention: Mention, slug: str) -> None:
    mention.claim = Claim.objects.get(slug=slug)
    apply_mention_edit(mention=mention, changed_fields=["claim"])
    mention.save()


def test_a_moved_mention_blocks_only_the_claim_it_left(story):
    source = make_source(body=BODY)
    link_sources(sources=[source])
    assert claims_at(source, "He conceded") == ["musk-general-practice", "xai-distilled-openai"]

    practice = source.mentions.get(claim__slug="musk-general-practice")
    move(practice, "musk-validate-justification")
    relink_all()
    relink_all()

    assert claims_at(source, "He conceded") == [
        "musk-validate-justification",
        "xai-distilled-openai",
    ]
    admission = source.mentions.get(claim__slug="xai-distilled-openai")
    assert admission.qualifier == "partly"


def test_a_mention_moved_on_twice_still_blocks_the_claim_that_found_it(story):
    source = make_source(body=BODY)
    link_sources(sources=[source])
    practice = source.mentions.get(claim__slug="musk-general-practice")
    move(practice, "musk-validate-justification")
    move(practice, "musk-xai-small-company")
    relink_all()
    assert claims_at(source, "He conceded") == ["musk-xai-small-company", "xai-distilled-openai"]


def test_merging_claims_then_relinking_keeps_every_other_claims_mentions(story):
    source = make_source(body=BODY)
    link_sources(sources=[source])
    before = {slug: n for slug, n in _counts().items() if slug != "musk-general-practice"}

    merge_claims(
        target=Claim.objects.get(slug="musk-validate-justification"),
        claims=[Claim.objects.get(slug="musk-general-practice")],
    )
    result = relink_all()

    assert result.deleted == 0
    after = _counts()
    assert after["xai-distilled-openai"] == before["xai-distilled-openai"]
    assert after["musk-validate-justification"] == before["musk-validate-justification"] + 1
    assert claims_at(source, "He conceded") == [
        "musk-validate-justification",
        "xai-distilled-openai",
    ]


def _counts() -> dict[str, int]:
    return {claim.slug: claim.mentions.count() for claim in Claim.objects.all()}


def test_a_reviewed_mention_whose_words_vanish_waits_for_an_editor(story):
    source = make_source(body=BODY)
    link_sources(sources=[source])
    mention = source.mentions.get(claim__slug="xai-distilled-openai")
    mark_mentions_reviewed(mentions=Mention.objects.filter(pk=mention.pk))

    source.body = "Elon Musk spent a second hour on the stand on Thursday. The rest was cut."
    source.save()
    first = link_sources(sources=[source])
    second = link_sources(sources=[source])
    third = link_sources(sources=[source])

    mention.refresh_from_db()  # still there, three runs later
    assert first.lost == 1 and second.deleted == third.deleted == 0
    assert mention.quote == "" and not mention.reviewed  # back in the review queue
    assert mention.sentence.startswith("He conceded")  # what it pointed at
    assert source.body[mention.start : mention.end] == mention.quote
