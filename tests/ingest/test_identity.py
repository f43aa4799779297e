"""Nothing replaced silently, nothing stored twice: origins holding another article, duplicates."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.curated.reference import load_reference_data
from sources.ingest.identity import OriginStatus, check_origin
from sources.ingest.load import Conflict, ingest_documents, ingest_paths
from sources.ingest.records import Document
from sources.models import IngestRun, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR
from tests.ingest.helpers import run_command

pytestmark = pytest.mark.django_db

TARIFFS = "Tariffs rise in April\n\nCustoms posted the new duties on Monday, a week early.\n"
FERRIES = "Ferries cut routes\n\nThe island ferry company cut two winter routes to Skye.\n"


def write_site(folder, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.txt").write_text(text)
    return folder


# --- an origin that holds another article -----------------------------------------


def test_same_file_name_from_two_folders_is_reported_not_replaced(tmp_path):
    site_a = write_site(tmp_path / "siteA", TARIFFS)
    site_b = write_site(tmp_path / "siteB", FERRIES)
    run_command(site_a)

    output, error = run_command(site_b)  # keyed "index.txt" too

    assert error is not None, "the command must exit non-zero"
    assert "failed  index.txt: exists with different content" in output
    assert "conflict  index.txt: --replace replaces source" in output
    assert Source.objects.get().title == "Tariffs rise in April"  # the first article kept
    assert IngestRun.objects.first().report[0]["outcome"] == "failed"
    # An edition of the stored article (new headline, same story) still updates it.
    write_site(site_a, TARIFFS.replace("Tariffs rise in April", "Customs duties go up early"))
    output, error = run_command(site_a)
    assert error is None and "0 ingested, 1 updated, 0 unchanged, 0 failed" in output
    assert Source.objects.get().title == "Customs duties go up early"


def test_replace_lets_the_file_replace_the_other_article(tmp_path):
    run_command(write_site(tmp_path / "siteA", TARIFFS))
    output, error = run_command(write_site(tmp_path / "siteB", FERRIES), "--replace")
    assert error is None
    assert "0 ingested, 1 updated, 0 unchanged, 0 failed" in output
    assert Source.objects.get().title == "Ferries cut routes"


def test_check_origin_says_new_same_edited_or_different_with_a_free_origin():
    """The service the admin upload calls before storing a file."""
    new = check_origin(Document(origin="index.txt", data=TARIFFS.encode()))
    assert (new.status, new.existing) == (OriginStatus.NEW, None)
    [stored] = ingest_documents([Document("index.txt", TARIFFS.encode())], link=False).sources
    Source.objects.create(origin="index-2.txt", title="Taken", body="x", content_hash="x")

    same = check_origin(Document("index.txt", TARIFFS.encode()))
    edited = check_origin(Document("index.txt", (TARIFFS + "Importers protested.\n").encode()))
    different = check_origin(Document("index.txt", FERRIES.encode()))

    assert (same.status, same.existing) == (OriginStatus.SAME, stored)
    assert edited.status is OriginStatus.EDITED and not edited.exists_with_different_content
    assert different.exists_with_different_content and different.existing == stored
    assert different.free_origin == "index-3.txt"
    assert "exists with different content" in different.describe()


def test_a_different_article_can_be_stored_under_a_new_origin():
    ingest_documents([Document("index.txt", TARIFFS.encode())], link=False)
    result = ingest_documents(
        [Document("index.txt", FERRIES.encode())], link=False, conflict=Conflict.NEW_ORIGIN
    )
    assert result.summary() == "1 ingested, 0 updated, 0 unchanged, 0 failed"
    assert dict(Source.objects.values_list("origin", "title")) == {
        "index.txt": "Tariffs rise in April",
        "index-2.txt": "Ferries cut routes",
    }
    assert "stored as index-2.txt" in result.run.report[0]["reason"]


def test_refused_by_default_in_memory_too_with_the_conflict_in_the_result():
    ingest_documents([Document("index.txt", TARIFFS.encode())], link=False)
    result = ingest_documents([Document("index.txt", FERRIES.encode())], link=False)
    assert not result.ok
    [check] = result.conflicts
    assert (check.origin, check.existing.title) == ("index.txt", "Tariffs rise in April")
    assert check.free_origin == "index-2.txt"


# --- the same article under another origin ------------------------------------------


def test_the_same_text_under_another_name_points_to_the_stored_source(tmp_path):
    copy_a = tmp_path / "tariffs.txt"
    copy_a.write_text(TARIFFS)
    [first] = ingest_paths([copy_a], link=False).sources
    copy_b = tmp_path / "elsewhere" / "tariffs-copy.txt"
    copy_b.parent.mkdir()
    copy_b.write_text(TARIFFS + "\n\n")  # other bytes, the same text after cleaning

    output, error = run_command(copy_b)

    assert error is None
    assert (
        f"duplicate  tariffs-copy.txt: the same text as source {first.pk} (tariffs.txt); "
        "not stored again (--force stores it)"
    ) in output
    assert "0 ingested, 0 updated, 0 unchanged, 0 failed, 1 duplicate not stored again" in output
    assert Source.objects.count() == 1
    result = ingest_paths([copy_b], link=False)
    assert result.sources == []  # nothing stored; the duplicate names the stored source
    [duplicate] = result.duplicates
    assert (duplicate.origin, duplicate.existing, duplicate.why) == (
        "tariffs-copy.txt",
        first,
        "the same text",
    )
    output, error = run_command(copy_b, "--force")  # an editor can still store it
    assert error is None and "1 ingested" in output
    assert Source.objects.count() == 2


def test_the_same_url_under_another_name_is_a_duplicate(tmp_path):
    (tmp_path / "a.txt").write_text(TARIFFS)
    (tmp_path / "b.txt").write_text(TARIFFS.replace("a week early", "ahead of schedule"))
    (tmp_path / "manifest.toml").write_text(
        '[files."a.txt"]\nurl = "https://customs.example/tariffs"\n'
        '[files."b.txt"]\nurl = "https://customs.example/tariffs"\n'
    )
    result = ingest_paths([tmp_path], link=False)
    assert result.summary() == (
        "1 ingested, 0 updated, 0 unchanged, 0 failed, 1 duplicate not stored again"
    )
    assert result.duplicates[0].why == "the same URL"


def test_ingesting_the_fixtures_folder_after_the_articles_adds_no_second_copies():
    load_reference_data(FIXTURES_DIR)
    assert ingest_paths([ARTICLES_DIR], link=False).ingested == 5  # five articles, none alike
    result = ingest_paths([FIXTURES_DIR], link=False)  # keys the seeds articles/…
    assert len(result.duplicates) == 5
    assert not Source.objects.filter(origin__startswith="articles/").exists()


def test_an_admin_upload_of_another_article_under_a_taken_name_replaces_nothing(editor_client):
    def upload(text: str):
        return editor_client.post(
            reverse("admin:sources_source_upload"),
            {"files": [SimpleUploadedFile("index.txt", text.encode())]},
            follow=True,
        )

    upload(TARIFFS)
    page = upload(FERRIES).content.decode()

    text = " ".join(re.sub(r"<[^>]+>", " ", unescape(page)).split())
    assert "index.txt failed: exists with different content: source" in text
    assert Source.objects.get().title == "Tariffs rise in April"
