"""Mentions at the desk: judged inline, added by their words, kept through re-linking."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.admin.articles import BODY, HEARING, upload
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import form_data, inline_prefix

pytestmark = pytest.mark.django_db


def test_editor_stance_change_in_the_inline_marks_the_mention_reviewed(editor_client):
    mention = make_mention(stance="supports", qualifier="")
    url = reverse("admin:sources_source_change", args=[mention.source_id])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "mention")
    data = form_data(page, **{f"{prefix}-0-stance": "disputes", f"{prefix}-0-qualifier": "partly"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    mention.refresh_from_db()
    assert mention.stance == "disputes" and mention.qualifier == "partly"
    assert mention.reviewed
    assert {"stance", "qualifier"} <= set(mention.editor_owned_fields)


def test_add_a_mention_by_typing_its_words(editor_client):
    source = make_source(body=BODY)
    claim = make_claim()
    response = editor_client.post(
        reverse("admin:sources_mention_add"),
        {"claim": claim.pk, "source": source.pk, "quote": "scored 49 points", "stance": "supports"},
    )
    assert response.status_code == 302, response.context["errors"]
    mention = claim.mentions.get()
    assert source.body[mention.start : mention.end] == "scored 49 points"
    assert mention.sentence == "The model scored 49 points on the index."
    assert mention.method == "editor" and mention.reviewed

    missing = editor_client.post(
        reverse("admin:sources_mention_add"),
        {"claim": claim.pk, "source": source.pk, "quote": "not in the text", "stance": "supports"},
    )
    assert missing.status_code == 200
    assert "is not in the text" in missing.content.decode()


def test_a_stance_correction_survives_re_linking(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    mention = source.mentions.get(claim__slug="xai-distilled-openai", field="body")
    url = reverse("admin:sources_mention_change", args=[mention.pk])
    editor_client.post(url, form_data(editor_client.get(url), stance="mentions"))

    editor_client.post(reverse("admin:sources_source_relink", args=[source.pk]))
    editor_client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "relink", "_selected_action": [source.pk]},
    )
    mention.refresh_from_db()
    assert mention.stance == "mentions" and mention.reviewed


def test_mention_editor_owned_fields_keep_a_name_the_desk_does_not_offer(editor_client):
    mention = make_mention(editor_owned_fields=["stance", "machine-note"])
    url = reverse("admin:sources_mention_change", args=[mention.pk])
    page = editor_client.get(url)
    content = page.content.decode()
    assert 'type="checkbox" name="editor_owned_fields" value="qualifier"' in content
    assert 'value="machine-note"' in content  # shown, ticked, so saving never drops it
    assert editor_client.post(url, form_data(page)).status_code == 302
    mention.refresh_from_db()
    assert sorted(mention.editor_owned_fields) == ["machine-note", "stance"]
