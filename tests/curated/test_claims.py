"""The curated claims file: complete, valid, and re-loadable without losing editors' edits."""

import pytest

from sources.curated.claims import ClaimsFileError, load_claims
from sources.curated.reference import load_reference_data
from sources.models import Claim
from tests.helpers import FIXTURES_DIR

CLAIMS = FIXTURES_DIR / "claims.toml"

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(db):
    load_reference_data(FIXTURES_DIR)


def test_the_claims_readers_link_to_exist_with_their_people(entities):
    counts = load_claims(CLAIMS)
    assert counts["created"] == Claim.objects.count() >= 15
    distilled = Claim.objects.get(slug="xai-distilled-openai")
    assert distilled.speaker.slug == "elon-musk"
    assert {"xai", "openai"} <= set(distilled.subjects.values_list("slug", flat=True))
    assert distilled.verdict and distilled.verdict_explanation and distilled.verdict_updated_at
    clause = Claim.objects.get(slug="openai-tos-competing-models")
    assert (clause.kind, clause.speaker.slug) == ("policy_clause", "openai")
    assert list(clause.subjects.values_list("slug", flat=True)) == ["xai"]
    score = Claim.objects.get(slug="grok-420-aa-index-49")
    assert (score.kind, int(score.value)) == ("benchmark", 49)
    assert Claim.objects.filter(slug="anthropic-distillation-complaint").exists()


def test_reloading_changes_nothing(entities):
    load_claims(CLAIMS)
    before = {c.slug: c.updated_at for c in Claim.objects.all()}
    counts = load_claims(CLAIMS)
    assert counts["created"] == counts["updated"] == 0
    assert {c.slug: c.updated_at for c in Claim.objects.all()} == before


def test_reloading_keeps_editor_owned_fields_and_restores_the_rest(entities):
    load_claims(CLAIMS)
    claim = Claim.objects.get(slug="grok-420-aa-index-49")
    claim.statement = "An editor's wording."
    claim.verdict = "accurate"
    claim.unit = "tampered"
    claim.mark_editor_owned("statement", "verdict")
    claim.subjects.clear()
    claim.save()

    counts = load_claims(CLAIMS)
    claim.refresh_from_db()
    assert counts["updated"] == 1
    assert (claim.statement, claim.verdict) == ("An editor's wording.", "accurate")
    assert claim.unit == "index points"  # not editor-owned: the file wins
    assert claim.subjects.exists()


def test_a_bad_file_is_refused_with_the_claims_name(entities, tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(
        '[[claims]]\nslug = "broken"\nkind = "quote"\nstatement = "x"\n'
        '[[claims.match_rules.patterns]]\nterms = [["a"]]\nentities = ["nobody"]\n'
    )
    with pytest.raises(ClaimsFileError, match="broken.*nobody"):
        load_claims(path)
    assert not Claim.objects.filter(slug="broken").exists()


def test_a_claim_an_editor_merged_away_is_not_created_again(entities):
    merged = ["grok-420-aa-index-49"]
    Claim.objects.create(slug="scores", statement="Scores.", kind="benchmark", merged_slugs=merged)
    counts = load_claims(CLAIMS)
    assert counts["merged"] == 1
    assert not Claim.objects.filter(slug="grok-420-aa-index-49").exists()
    assert Claim.objects.filter(slug="xai-distilled-openai").exists()
