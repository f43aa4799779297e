"""Uncertain links wait for review (issue 13 §5): under settings.LINK_PUBLISH_CONFIDENCE an
automatic mention is left out of what readers count until an editor reviews it; it waits in
the admin's "Needs review (low confidence)" filter; the editor's decision survives re-linking."""

import pytest
from django.urls import reverse

from sources.filters import Filters
from sources.linking import link_sources
from sources.models import Claim, Mention
from sources.pages.queries.claims import claim_with_mentions
from sources.pages.queries.coverage import coverage_matrix
from tests.factories import make_claim, make_linked_source, make_mention, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold(settings):
    settings.LINK_PUBLISH_CONFIDENCE = 0.6
    return 0.6


def test_readers_count_only_sure_reviewed_or_editors_links(threshold):
    claim = make_claim()
    sure = make_mention(claim=claim, confidence=0.9)
    unsure = make_mention(claim=claim, confidence=0.5, qualifier="partly")
    editors = make_mention(claim=claim, method=Mention.Method.EDITOR)
    assert set(Mention.objects.published()) == {sure, editors}
    assert set(Mention.objects.held_for_review()) == {unsure}

    detail = claim_with_mentions(slug=claim.slug, page=1)
    assert {row.pk for row in detail.rows} == {sure.pk, editors.pk}
    assert detail.kept == 0  # the unsure mention's "partly" is not a reader-facing count yet

    unsure.reviewed = True
    unsure.save()
    detail = claim_with_mentions(slug=claim.slug, page=1)
    assert {row.pk for row in detail.rows} == {sure.pk, unsure.pk, editors.pk}
    assert detail.kept == 1


def test_the_coverage_grid_leaves_an_uncertain_link_out(threshold):
    claim = make_claim()
    source = make_source()
    unsure = make_mention(claim=claim, source=source, confidence=0.3)
    sure = make_mention(claim=claim, confidence=0.8)
    matrix = coverage_matrix(filters=Filters(), page=1)
    shown = {
        cell.mention_id for row in matrix.rows if row.pk == claim.pk for cell in row.cells if cell
    }
    assert shown == {sure.pk} and unsure.pk not in shown


def test_the_review_queue_filter_lists_exactly_the_held_links(threshold, superuser_client):
    claim = make_claim()
    make_mention(claim=claim, confidence=0.95, quote="Musk said xAI partly used OpenAI models")
    unsure = make_mention(claim=claim, confidence=0.4)
    url = reverse("admin:sources_mention_changelist")
    page = superuser_client.get(url).content.decode()
    assert "Needs review (low confidence)" in page
    listed = superuser_client.get(f"{url}?low_confidence=1").context["cl"].result_list
    assert [m.pk for m in listed] == [unsure.pk]


def test_a_reviewed_uncertain_link_survives_relinking_and_stays_published(story, settings):
    body = 'Counsel asked about xAI and OpenAI.\n\nMusk paused. Then he answered: "Partly."'
    source = make_linked_source(body)
    (mention,) = source.mentions.filter(claim__slug="xai-distilled-openai")
    settings.LINK_PUBLISH_CONFIDENCE = mention.confidence + 0.05  # this link is under it
    assert not Mention.objects.published().filter(pk=mention.pk).exists()
    mention.reviewed = True
    mention.save()
    link_sources(sources=[source])
    mention.refresh_from_db()
    assert mention.reviewed and Mention.objects.published().filter(pk=mention.pk).exists()
    assert Claim.objects.get(slug="xai-distilled-openai").mentions.count() == 1
