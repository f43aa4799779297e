"""Who may do what in the admin: each role allowed what it should, refused the rest."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from sources.models import Claim, Mention
from sources.roles import EDITOR, FACT_CHECKER
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def perms(group: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group).permissions.select_related("content_type")
    }


def test_setup_roles_is_idempotent_and_gives_each_group_its_rights(roles):
    before = {name: perms(name) for name in (EDITOR, FACT_CHECKER)}
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {name: perms(name) for name in (EDITOR, FACT_CHECKER)} == before
    assert Group.objects.filter(name__in=[EDITOR, FACT_CHECKER]).count() == 2

    editor, checker = before[EDITOR], before[FACT_CHECKER]
    for codename in ("sources.delete_source", "sources.change_claim", "timeline.change_event"):
        assert codename in editor
    assert "sources.view_historicalsource" in editor
    assert "sources.change_source" not in checker
    assert "sources.change_claim" not in checker
    assert {"sources.view_source", "sources.view_claim", "timeline.view_event"} <= checker
    assert {"sources.change_verdict", "sources.review_mention", "sources.export_data"} <= checker


def test_anonymous_is_sent_to_login(client):
    source = make_source()
    for url in (
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:sources_source_upload"),
        reverse("admin:sources_source_paste"),
        reverse("admin:sources_claim_deleted"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_post_to_upload_does_nothing(client):
    response = client.post(reverse("admin:sources_source_paste"), {"text": "Hello."})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_logged_in_reader_who_is_not_staff_is_refused(reader_client):
    response = reader_client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_a_group_sees_nothing(staff_client):
    assert staff_client.get(reverse("admin:sources_source_changelist")).status_code == 403
    assert staff_client.get(reverse("admin:sources_source_upload")).status_code == 403
    index = staff_client.get(reverse("admin:index"))
    assert "have permission to view or edit anything" in index.content.decode()


def test_fact_checker_cannot_edit_a_source_title(fact_checker_client):
    source = make_source(title="Original title")
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = fact_checker_client.get(url)
    assert page.status_code == 200
    assert "Original title" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # shown read-only

    response = fact_checker_client.post(url, {"title": "Changed by a fact-checker"})
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title == "Original title"


def test_fact_checker_cannot_add_sources_or_merge_claims(fact_checker_client):
    assert fact_checker_client.get(reverse("admin:sources_source_upload")).status_code == 403
    assert fact_checker_client.get(reverse("admin:sources_source_add")).status_code == 403
    a, b = make_claim(), make_claim()
    response = fact_checker_client.post(
        reverse("admin:sources_claim_changelist"),
        {"action": "merge_claims", "_selected_action": [a.pk, b.pk], "apply": "1", "claim": a.pk},
    )
    assert Claim.objects.filter(pk=b.pk).exists()
    assert response.status_code in (200, 302)


def test_fact_checker_sets_a_verdict_but_not_the_statement(fact_checker_client):
    claim = make_claim(statement="Musk said xAI partly distilled OpenAI models.")
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    page = fact_checker_client.get(url)
    assert 'name="verdict"' in page.content.decode()
    assert 'name="statement"' not in page.content.decode()

    data = form_data(
        page,
        verdict=Claim.Verdict.ACCURATE,
        verdict_explanation="He said **partly** under oath.",
        statement="Rewritten by a fact-checker",
    )
    response = fact_checker_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim.refresh_from_db()
    assert claim.verdict == Claim.Verdict.ACCURATE
    assert claim.verdict_updated_at is not None
    assert claim.statement == "Musk said xAI partly distilled OpenAI models."
    assert claim.history.first().history_user.username == "fran"


def test_fact_checker_reviews_a_mention_but_cannot_change_its_qualifier(fact_checker_client):
    mention = make_mention(qualifier="")
    url = reverse("admin:sources_mention_change", args=[mention.pk])
    page = fact_checker_client.get(url)
    content = page.content.decode()
    assert 'name="stance"' in content and 'name="reviewed"' in content
    assert 'name="qualifier"' not in content

    data = form_data(page, stance=Mention.Stance.DISPUTES, reviewed="on", qualifier="partly")
    assert fact_checker_client.post(url, data).status_code == 302
    mention.refresh_from_db()
    assert mention.stance == Mention.Stance.DISPUTES
    assert mention.reviewed is True
    assert mention.qualifier == ""
    assert "stance" in mention.editor_owned_fields


def test_editor_and_superuser_can_edit_a_source(editor_client, superuser_client):
    for client in (editor_client, superuser_client):
        source = make_source(title="Before")
        url = reverse("admin:sources_source_change", args=[source.pk])
        response = client.post(url, form_data(client.get(url), title="After"))
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.title == "After"
        assert "title" in source.editor_owned_fields


def test_fact_checker_exports_the_mentions_of_chosen_claims(fact_checker_client, staff_client):
    claim = make_claim(slug="openai-tos-competing-models")
    changelist = reverse("admin:sources_claim_changelist")
    selected = {"action": "export_mentions", "_selected_action": [claim.pk]}
    response = fact_checker_client.post(changelist, selected)
    assert response.status_code == 302
    assert response["Location"] == "/export/mentions.csv?claim=openai-tos-competing-models"
    assert staff_client.post(changelist, selected).status_code == 403
