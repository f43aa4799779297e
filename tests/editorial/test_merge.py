"""What editors do by hand in the admin (moving mentions, merging claims, fixing variants)
survives re-linking and re-loading the claims file."""

import pytest
from django.urls import reverse

from sources.curated.claims import load_claims
from sources.editorial import merge_claims
from sources.linking import link_sources, relink_all
from sources.models import Claim
from tests.factories import make_claim, make_source
from tests.helpers import FIXTURES_DIR, form_data, inline_prefix

pytestmark = pytest.mark.django_db

CLAIMS = FIXTURES_DIR / "claims.toml"
BODY = (
    "Musk took the stand again on Thursday. Asked about Grok, he admitted xAI had in part "
    "relied on OpenAI models, which he called standard practice across the industry."
)


def linked_source():
    source = make_source(body=BODY)
    link_sources(sources=[source])
    return source


def slugs(source) -> list[str]:
    return sorted(source.mentions.values_list("claim__slug", flat=True))


def test_moving_a_mention_in_the_admin_keeps_the_other_claims_mentions(story, editor_client):
    source = linked_source()
    assert slugs(source) == ["musk-general-practice", "xai-distilled-openai"]
    practice = source.mentions.get(claim__slug="musk-general-practice")
    validate = Claim.objects.get(slug="musk-validate-justification")

    url = reverse("admin:sources_mention_change", args=[practice.pk])
    response = editor_client.post(url, form_data(editor_client.get(url), claim=validate.pk))
    assert response.status_code == 302, response.context["errors"]
    relink_all()

    assert slugs(source) == ["musk-validate-justification", "xai-distilled-openai"]
    practice.refresh_from_db()
    assert practice.claim == validate


def test_an_editors_variant_survives_relinking(story, editor_client):
    source = linked_source()
    mention = source.mentions.get(claim__slug="xai-distilled-openai")
    assert mention.variant == "in part"
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "mention")
    row = next(
        n
        for n in range(source.mentions.count())
        if page.context["inline_admin_formsets"][0].formset.forms[n].instance.pk == mention.pk
    )
    response = editor_client.post(url, form_data(page, **{f"{prefix}-{row}-variant": "In part"}))
    assert response.status_code == 302, response.context["errors"]

    relink_all()
    mention.refresh_from_db()
    assert mention.variant == "In part"
    assert mention.reviewed and "variant" in mention.editor_owned_fields


def test_a_merge_survives_reloading_the_claims_file(story):
    target = Claim.objects.get(slug="musk-general-practice")
    merged = Claim.objects.get(slug="musk-cofounded-openai")
    rules_before = target.match_rules
    merge_claims(target=target, claims=[merged])
    target.refresh_from_db()
    merged_rules = target.match_rules
    assert merged_rules != rules_before and target.verdict == "accurate"

    counts = load_claims(CLAIMS)

    assert counts["merged"] == 1 and counts["created"] == 0
    assert not Claim.objects.filter(slug="musk-cofounded-openai").exists()
    target.refresh_from_db()
    assert target.match_rules == merged_rules
    assert target.verdict == "accurate" and target.verdict_explanation
    assert "openai" in target.subjects.values_list("slug", flat=True)
    assert target.merged_slugs == ["musk-cofounded-openai"]


def test_claims_merged_in_turn_all_stay_merged(story):
    middle = Claim.objects.get(slug="musk-validate-justification")
    merge_claims(target=middle, claims=[Claim.objects.get(slug="musk-general-practice")])
    last = Claim.objects.get(slug="musk-xai-small-company")
    merge_claims(target=last, claims=[middle])
    load_claims(CLAIMS)
    last.refresh_from_db()
    assert set(last.merged_slugs) == {"musk-validate-justification", "musk-general-practice"}
    assert not Claim.objects.filter(slug__in=last.merged_slugs).exists()


def test_restoring_a_merged_claim_lets_the_file_update_it_again(story, editor_client):
    target = make_claim(slug="kept")
    merged = Claim.objects.get(slug="musk-ranks-ai-labs").pk
    merge_claims(target=target, claims=[Claim.objects.get(pk=merged)])
    editor_client.post(reverse("admin:sources_claim_restore", args=[merged]))
    target.refresh_from_db()
    assert target.merged_slugs == []
    Claim.objects.filter(pk=merged).update(statement="stale")
    load_claims(CLAIMS)
    assert Claim.objects.get(pk=merged).statement.startswith("Under cross-examination")
