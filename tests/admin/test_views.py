"""The desk's own pages: upload, paste and the rules preview run the command line's
ingestion and linking."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sources.models import Claim, IngestRun, Mention, Source, TaskRun, TaskUpload
from tests.admin.articles import HEARING, SECOND, upload
from tests.tasks.helpers import IMMEDIATE, make_zip, run_worker

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


# --- Large uploads as tasks, the upload limit, origins that hold another article ---------


def _post_upload(client, capture, *files):
    with capture(execute=True):
        return client.post(
            reverse("admin:sources_source_upload"),
            {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        )


def test_a_zip_is_ingested_by_a_task_whose_page_shows_failures_and_sources(
    editor_client, story, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    archive = make_zip(
        ("site/hearing.txt", HEARING.encode()),
        ("judge.md", SECOND.encode()),
        ("../../escape.txt", b"outside the folder"),
        ("empty.txt", b""),
        ("notes.pdf", b"%PDF-1.7"),
    )
    response = _post_upload(editor_client, django_capture_on_commit_callbacks, ("a.zip", archive))
    run = TaskRun.objects.get(kind="ingest")
    assert response["Location"] == reverse("admin:sources_taskrun_change", args=[run.pk])
    assert run.status == "done" and run.done == run.total == 5
    assert set(Source.objects.values_list("origin", flat=True)) == {"site/hearing.txt", "judge.md"}
    assert not run.uploads.exists()  # the bytes live on in the sources only

    html = editor_client.get(response["Location"]).content.decode()
    assert "5 of 5 files done" in html
    assert "2 ingested, 0 updated, 0 unchanged, 3 failed" in html
    assert "../../escape.txt" in html and "unsafe path in the archive" in html
    assert "empty.txt" in html and "empty file" in html
    assert "not an article file (.pdf)" in html
    for source in Source.objects.all():
        assert reverse("admin:sources_source_change", args=[source.pk]) in html
    assert 'hx-trigger="every 2s"' not in html
    hearing = Source.objects.get(origin="site/hearing.txt")
    assert hearing.mentions.filter(claim__slug="xai-distilled-openai").exists()  # linked


def test_the_progress_page_polls_until_the_worker_has_run_the_upload(
    editor_client, story, django_capture_on_commit_callbacks
):
    files = [(f"note-{n}.txt", f"Note {n}\n\nA short note number {n}.".encode()) for n in range(6)]
    response = _post_upload(editor_client, django_capture_on_commit_callbacks, *files)
    run = TaskRun.objects.get()
    url = reverse("admin:sources_taskrun_change", args=[run.pk])
    assert response["Location"] == url  # more files than the inline limit: a task
    assert not Source.objects.exists()  # stored for the worker, not ingested yet
    assert DBTaskResult.objects.get().task_path == "sources.tasks.ingest_upload"

    page = editor_client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page
    assert "Waiting for the worker" in page
    fragment = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 2s"' in fragment

    run_worker()

    fragment = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' not in fragment  # done: polling stops
    assert "6 of 6 files done" in fragment and "6 ingested" in fragment
    assert Source.objects.count() == 6
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_one_upload_has_a_total_size_limit(editor_client, story, settings):
    settings.ADMIN_UPLOAD_MAX_BYTES = 1000
    response = upload(editor_client, ("a.txt", b"a" * 600), ("b.txt", b"b" * 600))
    assert response.status_code == 200
    assert "These 2 files weigh 1.2 KiB together, over the 1000 bytes limit for one upload" in (
        response.content.decode()
    )
    assert not Source.objects.exists() and not TaskRun.objects.exists()

    # A body that declares itself far over the limit is refused without reading its files.
    big = upload(editor_client, ("big.txt", b"x" * 200_000))
    assert big.status_code == 413
    assert "over the 1000 bytes limit for one upload" in big.content.decode()
    assert not Source.objects.exists()


def test_a_zip_bomb_is_refused_by_the_upload_form(editor_client, settings):
    settings.ADMIN_UPLOAD_MAX_UNCOMPRESSED = 1024 * 1024
    bomb = make_zip(*[(f"{n}.txt", b"0" * 600_000) for n in range(2)])
    response = upload(editor_client, ("bomb.zip", bomb))
    assert response.status_code == 200
    assert "bomb.zip would inflate to 1.1 MiB, over the 1.0 MiB limit" in response.content.decode()
    assert not TaskRun.objects.exists()


@pytest.mark.parametrize(
    ("choice", "origins", "hearing_title"),
    [
        (
            "new_origin",
            {"hearing.txt", "hearing-2.txt"},
            "Musk concedes xAI leaned on OpenAI outputs",
        ),
        ("replace", {"hearing.txt"}, "Judge presses both sides in Musk v. Altman"),
        ("skip", {"hearing.txt"}, "Musk concedes xAI leaned on OpenAI outputs"),
    ],
)
def test_an_origin_holding_another_article_asks_the_editor(
    editor_client, story, choice, origins, hearing_title
):
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    stored = Source.objects.get()

    # Another article under the same name: nothing is replaced, the editor is asked.
    response = upload(editor_client, ("hearing.txt", SECOND.encode()))
    html = response.content.decode()
    assert "1 file with a name that holds another article" in html
    assert reverse("admin:sources_source_change", args=[stored.pk]) in html
    assert "(as <code>hearing-2.txt</code>)" in html
    held = TaskUpload.objects.get(status="conflict")
    for value in ("new_origin", "replace", "skip"):
        assert f'name="choice-{held.pk}" value="{value}"' in html
    assert Source.objects.get().title == "Musk concedes xAI leaned on OpenAI outputs"

    decide = reverse("admin:sources_taskrun_decide", args=[held.run_id])
    result = editor_client.post(decide, {f"choice-{held.pk}": choice}, follow=True)
    assert result.status_code == 200
    assert set(Source.objects.values_list("origin", flat=True)) == origins
    assert Source.objects.get(origin="hearing.txt").title.startswith(hearing_title)
    assert Source.objects.get(origin="hearing.txt").pk == stored.pk
    assert not TaskUpload.objects.exists()
    if choice == "new_origin":
        kept = Source.objects.get(origin="hearing-2.txt")
        assert kept.title.startswith("Judge presses both sides in Musk v. Altman")
        assert reverse("admin:sources_source_change", args=[kept.pk]) in result.content.decode()


def test_conflicts_in_a_zip_wait_for_a_decision_on_the_task_page(
    editor_client, fact_checker_client, story, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    upload(editor_client, ("hearing.txt", HEARING.encode()))
    archive = make_zip(("hearing.txt", SECOND.encode()), ("fresh.md", SECOND.encode() + b"More."))
    response = _post_upload(editor_client, django_capture_on_commit_callbacks, ("a.zip", archive))
    page = editor_client.get(response["Location"]).content.decode()
    assert "1 waiting for a decision" in page
    held = TaskUpload.objects.get(status="conflict")
    assert f'name="choice-{held.pk}"' in page

    decide = reverse("admin:sources_taskrun_decide", args=[held.run_id])
    # A fact-checker sees the question but cannot answer it.
    checker_page = fact_checker_client.get(response["Location"]).content.decode()
    assert (
        "waiting for an editor's decision" in checker_page and 'name="choice-' not in checker_page
    )
    assert fact_checker_client.post(decide, {f"choice-{held.pk}": "skip"}).status_code == 403
    # An unknown choice changes nothing.
    assert editor_client.post(decide, {f"choice-{held.pk}": "bogus"}).status_code == 302
    assert TaskUpload.objects.filter(pk=held.pk, status="conflict").exists()
    assert Source.objects.get(origin="hearing.txt").title.startswith("Musk concedes")
