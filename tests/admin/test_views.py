"""The desk's own pages: upload, paste and the rules preview run the command line's
ingestion and linking."""

import json

import pytest
from django.urls import reverse

from sources.models import Claim, IngestRun, Mention, Source
from tests.admin.articles import HEARING, SECOND, upload

pytestmark = pytest.mark.django_db


def test_upload_one_file_lands_on_its_source_with_mentions(editor_client, story):
    response = upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:sources_source_change", args=[source.pk]
    )
    assert source.title == "Musk concedes xAI leaned on OpenAI outputs"
    assert bytes(source.raw_input) == HEARING.encode()
    assert source.mentions.filter(claim__slug="xai-distilled-openai").exists()
    content = response.content.decode()
    assert '<mark class="mention"' in content  # its mentions, highlighted, to review
    assert "xai-distilled-openai" in content
    assert IngestRun.objects.filter(trigger="admin-upload").exists()


def test_upload_several_files_names_each_failure_with_its_reason(editor_client, story):
    response = upload(
        editor_client,
        ("hearing.txt", HEARING.encode()),
        ("judge.md", SECOND.encode()),
        ("empty.txt", b""),
        ("image.html", bytes(range(256)) * 4),
    )
    assert set(Source.objects.values_list("origin", flat=True)) == {"hearing.txt", "judge.md"}
    messages = [str(m) for m in response.context["messages"]]
    failed = [m for m in messages if "was not ingested" in m]
    assert len(failed) == 2
    assert any(m.startswith("empty.txt was not ingested: ") and len(m) > 30 for m in failed)
    assert any(m.startswith("image.html was not ingested: ") for m in failed)
    content = response.content.decode()
    assert "Ingestion results" in content
    for source in Source.objects.all():
        assert reverse("admin:sources_source_change", args=[source.pk]) in content


def test_upload_requires_a_file(editor_client):
    response = editor_client.post(reverse("admin:sources_source_upload"), {})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Source.objects.exists()


def test_paste_text_with_what_the_editor_knows(editor_client, story):
    response = editor_client.post(
        reverse("admin:sources_source_paste"),
        {
            "text": HEARING,
            "url": "https://courtwatch.example/musk-partly",
            "new_outlet": "Courtwatch",
            "published": "2026-04-30",
        },
        follow=True,
    )
    source = Source.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:sources_source_change", args=[source.pk]
    )
    assert source.origin.startswith("pasted-")
    assert source.url == "https://courtwatch.example/musk-partly"
    assert source.outlet.name == "Courtwatch"
    assert str(source.published) == "2026-04-30"
    assert {"url", "outlet", "published"} <= set(source.editor_owned_fields)
    mention = source.mentions.get(claim__slug="xai-distilled-openai", field="body")
    assert source.body[mention.start : mention.end] == mention.quote

    # Pasting the same words again finds the same source rather than a copy.
    editor_client.post(reverse("admin:sources_source_paste"), {"text": HEARING})
    assert Source.objects.count() == 1


def test_paste_refuses_empty_text(editor_client):
    response = editor_client.post(reverse("admin:sources_source_paste"), {"text": "   \n "})
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_rules_preview_shows_matches_and_writes_nothing(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    claim = Claim.objects.get(slug="xai-distilled-openai")
    before = Mention.objects.count()
    url = reverse("admin:sources_claim_preview_rules")

    fragment = editor_client.post(
        url, {"match_rules": json.dumps(claim.match_rules)}, headers={"HX-Request": "true"}
    )
    html = fragment.content.decode()
    assert "<html" not in html
    assert "Musk concedes xAI leaned on OpenAI outputs" in html
    assert "<mark>" in html

    page = editor_client.post(url, {"match_rules": "{not json"})
    assert "not valid JSON" in page.content.decode()
    assert Mention.objects.count() == before
    assert Claim.objects.get(pk=claim.pk).match_rules == claim.match_rules
