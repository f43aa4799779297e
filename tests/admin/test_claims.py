"""Claims at the desk: merges, verdicts and matching rules checked on save."""

import pytest
from django.urls import reverse

from sources.models import Claim, Mention
from tests.admin.articles import BODY
from tests.factories import make_candidate, make_claim, make_event, make_mention, make_source
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_merge_claims_moves_mentions_and_keeps_the_editors_duplicate(editor_client):
    source = make_source(body=BODY)
    other_source = make_source(body=BODY)
    target = make_claim(slug="xai-distilled-openai")
    duplicate = make_claim(slug="musk-distillation")
    automatic = make_mention(claim=target, source=source, quote="Musk was asked about distillation")
    reviewed = make_mention(
        claim=duplicate,
        source=source,
        quote="Musk was asked about distillation",
        reviewed=True,
        stance="disputes",
    )
    moved = make_mention(claim=duplicate, source=other_source, quote="49 points")
    candidate = make_candidate(source=source, text="49 points", status="merged", claim=duplicate)
    event = make_event()
    event.claims.add(duplicate)
    changelist = reverse("admin:sources_claim_changelist")
    selected = {"action": "merge_claims", "_selected_action": [target.pk, duplicate.pk]}

    choose = editor_client.post(changelist, selected)
    assert "Keep this claim" in choose.content.decode()
    response = editor_client.post(changelist, {**selected, "apply": "1", "claim": target.pk})
    assert response["Location"] == reverse("admin:sources_claim_change", args=[target.pk])

    assert not Claim.objects.filter(pk=duplicate.pk).exists()
    kept = {m.pk: m for m in target.mentions.all()}
    assert set(kept) == {reviewed.pk, moved.pk}  # one mention per span; the reviewed one won
    assert not Mention.objects.filter(pk=automatic.pk).exists()
    assert kept[reviewed.pk].stance == "disputes"
    assert "claim" in kept[moved.pk].editor_owned_fields  # re-linking keeps the move
    candidate.refresh_from_db()
    assert candidate.claim == target
    assert list(event.claims.all()) == [target]
    # Nothing lost: the merged claim is in history and can come back.
    deleted = editor_client.get(reverse("admin:sources_claim_deleted")).context["deleted"]
    assert [item.pk for item in deleted] == [duplicate.pk]
    assert duplicate.history.filter(history_type="-").get().history_user.username == "edna"


def test_setting_a_verdict_stamps_its_time(editor_client):
    claim = make_claim()
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url), verdict="needs_context")
    data.pop("match_rules", None)
    data["match_rules"] = "{}"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    claim.refresh_from_db()
    assert claim.verdict == "needs_context" and claim.verdict_updated_at is not None
    assert "verdict" in claim.editor_owned_fields


def test_invalid_rules_are_refused_on_save(editor_client, story):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url), match_rules="[1, 2, 3]")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert Claim.objects.get(pk=claim.pk).match_rules == claim.match_rules


def test_claim_rules_link_to_their_documentation_page(editor_client):
    claim = make_claim()
    page = editor_client.get(reverse("admin:sources_claim_change", args=[claim.pk]))
    content = page.content.decode()
    help_url = reverse("admin:sources_claim_rules_help")
    assert f'href="{help_url}"' in content and "How matching rules work" in content
    assert "see sources/linking.py" not in content

    doc = editor_client.get(help_url)
    assert doc.status_code == 200
    text = doc.content.decode()
    assert "Claim.match_rules" in text and "``terms``: concept groups" in text


def test_rules_that_are_not_json_say_where_the_mistake_is(editor_client):
    claim = make_claim()
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    rules = '{\n  "patterns": [\n    {"terms": [["partly"]]}\n  ]\n  "exclude": []\n}'
    response = editor_client.post(url, form_data(editor_client.get(url), match_rules=rules))
    assert response.status_code == 200
    assert "This is not valid JSON" in response.content.decode()
    assert "line 5, column 3." in response.content.decode()  # the missing comma


def test_claim_editor_owned_fields_are_checkboxes_of_the_field_names(editor_client):
    claim = make_claim(editor_owned_fields=["statement", "verdict"])
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    page = editor_client.get(url)
    content = page.content.decode()
    for name in ("statement", "verdict", "match_rules"):
        assert f'type="checkbox" name="editor_owned_fields" value="{name}"' in content
    editor_client.post(url, form_data(page, editor_owned_fields=["verdict"]))
    claim.refresh_from_db()
    assert claim.editor_owned_fields == ["verdict"]
