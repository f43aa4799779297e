"""The five seed articles, ingested and linked as load_story does, against the curated claims."""

import pytest

from sources.curated.claims import load_claims
from sources.curated.reference import load_reference_data
from sources.editorial import merge_claims
from sources.ingest.load import ingest_paths
from sources.linking import relink_all
from sources.models import CandidateClaim, Claim, Mention
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR


@pytest.fixture
def corpus(db) -> dict[str, int]:
    """Seed prefix ("003") -> source id, after ingesting with linking on, then relinking."""
    load_reference_data(FIXTURES_DIR)
    load_claims(FIXTURES_DIR / "claims.toml")
    result = ingest_paths([ARTICLES_DIR], link=True)
    assert result.ok, result.summary()
    relink_all()
    return {source.origin[:3]: source.pk for source in result.sources}


def seeds_where(corpus, **filters) -> set[str]:
    prefixes = {pk: prefix for prefix, pk in corpus.items()}
    return {
        prefixes[pk] for pk in Mention.objects.filter(**filters).values_list("source_id", flat=True)
    }


def test_every_mention_and_candidate_slices_back_to_its_words(corpus):
    mentions = list(Mention.objects.select_related("source"))
    assert len(mentions) > 20
    for mention in mentions:
        body = getattr(mention.source, mention.field)  # the body, or the headline or dek
        assert body[mention.start : mention.end] == mention.quote, mention
        assert body[mention.sentence_start :].startswith(mention.sentence), mention
        assert mention.sentence_start <= mention.start <= mention.end
    for candidate in CandidateClaim.objects.select_related("source"):
        assert candidate.source.body[candidate.start : candidate.end] == candidate.text


def test_all_five_report_the_admission_and_two_keep_partly(corpus):
    claim = {"claim__slug": "xai-distilled-openai"}
    assert seeds_where(corpus, **claim) == {"000", "001", "002", "003", "004"}
    assert seeds_where(corpus, **claim, qualifier__gt="") == {"003", "004"}
    variants = set(
        Mention.objects.filter(**claim).exclude(variant="").values_list("variant", flat=True)
    )
    assert {"Partly.", "partly"} <= variants


def test_the_terms_clause_is_quoted_in_one_seed_and_disputed_in_another(corpus):
    clause = {"claim__slug": "openai-tos-competing-models"}
    assert seeds_where(corpus, **clause, stance="supports") == {"003"}
    assert seeds_where(corpus, **clause, stance="disputes") == {"001"}
    quoted = Mention.objects.get(**clause, variant__contains="compete with OpenAI")
    assert quoted.source_id == corpus["003"]


@pytest.mark.parametrize("slug", ["grok-420-aa-index-49", "anthropic-distillation-complaint"])
def test_figures_only_where_they_appear(corpus, slug):
    assert seeds_where(corpus, claim__slug=slug) == {"003"}


def test_relinking_the_corpus_again_changes_nothing(corpus):
    result = relink_all()
    assert (result.created, result.updated, result.deleted, result.candidates) == (0, 0, 0, 0)
    assert result.sources == 5


def test_a_merge_in_the_corpus_survives_relinking_and_reloading(corpus):
    def counts() -> dict[str, int]:
        return {claim.slug: claim.mentions.count() for claim in Claim.objects.all()}

    before = counts()
    target = Claim.objects.get(slug="musk-validate-justification")
    merge_claims(target=target, claims=[Claim.objects.get(slug="musk-general-practice")])
    relink_all()
    load_claims(FIXTURES_DIR / "claims.toml")  # what load_story does next
    relink_all()

    after = counts()
    assert "musk-general-practice" not in after
    merged = ("musk-validate-justification", "musk-general-practice")
    assert after["musk-validate-justification"] >= before["musk-validate-justification"]
    assert {slug: n for slug, n in after.items() if slug not in merged} == {
        slug: n for slug, n in before.items() if slug not in merged
    }
    distilled = {"claim__slug": "xai-distilled-openai"}
    assert seeds_where(corpus, **distilled) == {"000", "001", "002", "003", "004"}
    assert seeds_where(corpus, **distilled, qualifier__gt="") == {"003", "004"}
