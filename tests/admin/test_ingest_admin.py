"""Adding sources from the admin goes through the same ingestion and linking as the CLI."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Claim, IngestRun, Mention, Source
from tests.helpers import form_data, inline_prefix

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# Written for these tests: worded unlike the seed articles.
HEARING = """Musk concedes xAI leaned on OpenAI outputs

By Dana Whitfield

OAKLAND, Calif. -- Asked under oath whether xAI had distilled OpenAI's models to build Grok, \
Elon Musk answered: "Partly." He added that it is a general practice among AI labs.

The exchange came during the second week of Musk v. Altman in federal court.
"""

SECOND = """Judge presses both sides in Musk v. Altman

Judge Yvonne Gonzalez Rogers asked lawyers for OpenAI and for Musk to narrow their witness lists.
The trial resumes on Monday.
"""


def change_url(source: Source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def upload(client, *files):
    return client.post(
        reverse("admin:sources_source_upload"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        follow=True,
    )


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
    mention = source.mentions.get(claim__slug="xai-distilled-openai")
    assert source.body[mention.start : mention.end] == mention.quote

    # Pasting the same words again finds the same source rather than a copy.
    editor_client.post(reverse("admin:sources_source_paste"), {"text": HEARING})
    assert Source.objects.count() == 1


def test_paste_refuses_empty_text(editor_client):
    response = editor_client.post(reverse("admin:sources_source_paste"), {"text": "   \n "})
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_an_edited_field_survives_re_ingestion(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    url = reverse("admin:sources_source_change", args=[source.pk])
    editor_client.post(url, form_data(editor_client.get(url), title="Musk: xAI 'partly' distilled"))
    source.refresh_from_db()
    assert source.editor_owned_fields == ["title"]

    changed = HEARING.replace("second week", "2nd week").replace("leaned on", "relied on")
    upload(editor_client, ("hearing.txt", changed.encode()))
    source.refresh_from_db()
    assert source.title == "Musk: xAI 'partly' distilled"  # the editor's title kept
    assert "2nd week" in source.body  # the rest updated
    assert bytes(source.raw_input) == changed.encode()


def test_an_edited_citation_survives_re_ingestion(editor_client, story):
    cited = HEARING + "\nBased on the Courtroom Wire report, with additional reporting.\n"
    upload(editor_client, ("hearing.txt", cited.encode()))
    source = Source.objects.get(origin="hearing.txt")
    citation = source.citations.get()
    url = change_url(source)
    page = editor_client.get(url)
    prefix = inline_prefix(page, "citation")
    data = form_data(page)
    index = next(i for i in range(10) if str(data.get(f"{prefix}-{i}-id")) == str(citation.pk))
    data[f"{prefix}-{index}-cited_title"] = "Musk testimony, day three"
    editor_client.post(url, data)
    source.refresh_from_db()
    assert "citations" in source.editor_owned_fields

    upload(editor_client, ("hearing.txt", cited.replace("second week", "2nd week").encode()))
    source.refresh_from_db()
    assert "2nd week" in source.body
    assert [c.cited_title for c in source.citations.all()] == ["Musk testimony, day three"]


def test_a_stance_correction_survives_re_linking(editor_client, story):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    source = Source.objects.get(origin="hearing.txt")
    mention = source.mentions.get(claim__slug="xai-distilled-openai")
    url = reverse("admin:sources_mention_change", args=[mention.pk])
    editor_client.post(url, form_data(editor_client.get(url), stance="mentions"))

    editor_client.post(reverse("admin:sources_source_relink", args=[source.pk]))
    editor_client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "relink", "_selected_action": [source.pk]},
    )
    mention.refresh_from_db()
    assert mention.stance == "mentions" and mention.reviewed


def test_manual_source_is_linked_and_editor_owned(editor_client, story):
    response = editor_client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Typed in by hand",
            "body": HEARING,
            "published_precision": "unknown",
            "language": "en",
            "captions": "[]",
            "initial-captions": "[]",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    source = Source.objects.get()
    assert source.title == "Typed in by hand"
    assert "title" in source.editor_owned_fields
    assert source.body == HEARING.strip()
    assert bytes(source.raw_input) == source.body.encode()
    assert source.mentions.filter(claim__slug="xai-distilled-openai").exists()


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


def test_invalid_rules_are_refused_on_save(editor_client, story):
    claim = Claim.objects.get(slug="xai-distilled-openai")
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url), match_rules="[1, 2, 3]")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert Claim.objects.get(pk=claim.pk).match_rules == claim.match_rules
