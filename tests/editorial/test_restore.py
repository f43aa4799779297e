"""Every change is in history with who and when, can be reverted, and deletions undone."""

import pytest
from django.urls import reverse

from sources.editorial import apply_mention_edit
from sources.models import Claim, Mention, Source
from tests.factories import make_claim, make_entity, make_event, make_mention, make_source
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def edit_title(client, source, title):
    url = reverse("admin:sources_source_change", args=[source.pk])
    response = client.post(url, form_data(client.get(url), title=title))
    assert response.status_code == 302


def test_an_edit_shows_in_history_with_who_and_when(editor_client):
    source = make_source(title="First title")
    edit_title(editor_client, source, "Second title")

    page = editor_client.get(reverse("admin:sources_source_history", args=[source.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "edna" in content
    assert "First title" in content and "Second title" in content  # the change itself
    latest = source.history.first()
    assert latest.history_user.username == "edna"
    assert latest.history_date is not None


def test_revert_a_change_from_history(editor_client):
    source = make_source(title="What the outlet wrote")
    original = source.history.earliest()
    edit_title(editor_client, source, "A mistaken correction")

    url = reverse("admin:sources_source_simple_history", args=[source.pk, original.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'value="Revert"' in page.content.decode()
    response = editor_client.post(url, form_data(page))
    assert response.status_code == 302

    source.refresh_from_db()
    assert source.title == "What the outlet wrote"
    assert source.history.first().history_user.username == "edna"
    assert source.history.count() == 3  # created, edited, reverted: nothing rewritten


def test_fact_checker_sees_history_but_cannot_revert_a_source(fact_checker_client):
    source = make_source(title="Kept")
    record = source.history.earliest()
    url = reverse("admin:sources_source_simple_history", args=[source.pk, record.history_id])
    page = fact_checker_client.get(url)
    assert page.status_code == 200
    assert 'value="Revert"' not in page.content.decode()
    assert fact_checker_client.post(url, {"title": "Hacked"}).status_code == 403
    source.refresh_from_db()
    assert source.title == "Kept"


def test_mentions_and_events_have_history_too(editor_client):
    mention = make_mention()
    event = make_event()
    for name, obj in (("sources_mention", mention), ("timeline_event", event)):
        page = editor_client.get(reverse(f"admin:{name}_history", args=[obj.pk]))
        assert page.status_code == 200
        assert "Created" in page.content.decode()


def test_delete_asks_for_confirmation_and_restore_brings_back_the_mentions(editor_client):
    raw = "Café: Musk said xAI partly used OpenAI models.".encode("cp1252")
    source = make_source(body="Café: Musk said xAI partly used OpenAI models.", raw_input=raw)
    first = make_mention(source=source, quote="Musk said xAI partly used OpenAI models")
    second = make_mention(source=source, quote="Café", reviewed=True, stance="disputes")
    untouched = make_mention()  # another source's mention is not part of it
    delete_url = reverse("admin:sources_source_delete", args=[source.pk])

    confirm = editor_client.get(delete_url)
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()  # asking deletes nothing

    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Mention.objects.filter(pk__in=[first.pk, second.pk]).exists()

    listing = editor_client.get(reverse("admin:sources_source_deleted"))
    assert source.title in listing.content.decode()
    assert "edna" in listing.content.decode()

    restore = reverse("admin:sources_source_restore", args=[source.pk])
    assert editor_client.get(restore).status_code == 405  # only a POST restores
    response = editor_client.post(restore)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_source_change", args=[source.pk])

    restored = Source.objects.get(pk=source.pk)
    assert bytes(restored.raw_input) == raw
    assert restored.title == source.title
    assert restored.ingested_at == source.ingested_at
    mentions = {m.pk: m for m in restored.mentions.all()}
    assert set(mentions) == {first.pk, second.pk}
    assert mentions[second.pk].reviewed and mentions[second.pk].stance == "disputes"
    assert Mention.objects.filter(pk=untouched.pk).exists()
    still_deleted = editor_client.get(reverse("admin:sources_source_deleted")).context["deleted"]
    assert source.pk not in [item.pk for item in still_deleted]

    # Restoring twice does nothing more.
    editor_client.post(restore)
    assert Source.objects.filter(pk=source.pk).count() == 1


def test_restore_a_deleted_claim_with_its_mentions(editor_client):
    claim = make_claim(slug="grok-score", statement="Grok 4.20 scored 49.")
    mention = make_mention(claim=claim)
    editor_client.post(reverse("admin:sources_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert not Claim.objects.filter(pk=claim.pk).exists()

    listing = editor_client.get(reverse("admin:sources_claim_deleted"))
    assert "grok-score" in listing.content.decode()
    editor_client.post(reverse("admin:sources_claim_restore", args=[claim.pk]))
    assert Claim.objects.get(pk=claim.pk).statement == "Grok 4.20 scored 49."
    assert Mention.objects.get(pk=mention.pk).claim_id == claim.pk


def test_a_restored_claim_gets_its_subjects_and_timeline_events_back(editor_client):
    claim = make_claim(slug="grok-score")
    claim.subjects.set([make_entity("Grok"), make_entity("Artificial Analysis")])
    hearing, launch, unrelated = make_event(), make_event(), make_event()
    hearing.claims.add(claim)
    launch.claims.add(claim)
    launch.claims.remove(claim)  # an editor unlinked it before the deletion: stays unlinked
    editor_client.post(reverse("admin:sources_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert not hearing.claims.exists()

    editor_client.post(reverse("admin:sources_claim_restore", args=[claim.pk]))

    restored = Claim.objects.get(pk=claim.pk)
    assert set(restored.subjects.values_list("name", flat=True)) == {"Grok", "Artificial Analysis"}
    assert list(restored.events.all()) == [hearing]
    assert not launch.claims.exists() and not unrelated.claims.exists()


def test_a_mention_moved_away_from_a_restored_claim_still_keeps_clear_of_it(editor_client):
    left, kept = make_claim(slug="left"), make_claim(slug="kept")
    mention = make_mention(claim=left)
    mention.claim = kept
    apply_mention_edit(mention=mention, changed_fields=["claim"])
    mention.save()
    editor_client.post(reverse("admin:sources_claim_delete", args=[left.pk]), {"post": "yes"})
    mention.refresh_from_db()
    assert mention.moved_from is None

    editor_client.post(reverse("admin:sources_claim_restore", args=[left.pk]))
    mention.refresh_from_db()
    assert mention.moved_from_id == left.pk and mention.claim == kept


def test_a_mention_deleted_long_before_its_source_is_not_restored_with_it(editor_client):
    source = make_source(body="One sentence. Another sentence.")
    early = make_mention(source=source, quote="One sentence")
    kept = make_mention(source=source, quote="Another sentence")
    early_pk = early.pk
    early.delete()
    moved = Mention.history.filter(id=early_pk, history_type="-").update(
        history_date=early.created_at.replace(year=2025)
    )
    assert moved == 1
    editor_client.post(reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"})
    editor_client.post(reverse("admin:sources_source_restore", args=[source.pk]))
    assert list(Mention.objects.filter(source_id=source.pk).values_list("pk", flat=True)) == [
        kept.pk
    ]


def test_fact_checker_cannot_restore(fact_checker_client, editor_client):
    source = make_source()
    editor_client.post(reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"})
    response = fact_checker_client.post(reverse("admin:sources_source_restore", args=[source.pk]))
    assert response.status_code == 403
    assert not Source.objects.filter(pk=source.pk).exists()
