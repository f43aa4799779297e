"""Writing sources: failures isolated, re-runs idempotent, editors' fields kept, manifests."""

from datetime import date
from pathlib import Path

import pytest

from sources import editorial
from sources.curated.reference import load_reference_data
from sources.ingest import link as link_module
from sources.ingest import parse as parse_module
from sources.ingest.load import ingest_documents, ingest_paths
from sources.ingest.records import Document
from sources.models import Citation, Entity, IngestRun, Outlet, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR
from tests.ingest.helpers import DATA, copy, run_command

pytestmark = pytest.mark.django_db

SEED_004 = ARTICLES_DIR / "004_cfef65a04c7a9be3.txt"


def test_an_unexpected_error_in_one_file_does_not_stop_the_others(tmp_path, monkeypatch):
    copy(SEED_004, tmp_path)
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    real = parse_module.clean_text

    def explode_on_cafe(text, **kwargs):
        if "Café" in text:
            raise RuntimeError("parser bug")
        return real(text, **kwargs)

    monkeypatch.setattr(parse_module, "clean_text", explode_on_cafe)
    result = ingest_paths([tmp_path], link=False)
    assert result.summary() == "1 ingested, 0 updated, 0 unchanged, 1 failed"
    assert result.failures[0].reason == "unexpected error: RuntimeError: parser bug"
    assert Source.objects.filter(origin=SEED_004.name).exists()


def test_second_run_changes_nothing(db):
    load_reference_data(FIXTURES_DIR)
    first = ingest_paths([ARTICLES_DIR, DATA / "harbour-ledger-musk-testimony.html"], link=False)
    counts = (Source.objects.count(), Citation.objects.count(), Outlet.objects.count())
    history = Source.history.count()
    stamps = dict(Source.objects.values_list("origin", "updated_at"))

    second = ingest_paths([ARTICLES_DIR, DATA / "harbour-ledger-musk-testimony.html"], link=False)

    assert first.summary() == "6 ingested, 0 updated, 0 unchanged, 0 failed"
    assert second.summary() == "0 ingested, 0 updated, 6 unchanged, 0 failed"
    assert [s.pk for s in second.sources] == [s.pk for s in first.sources]
    assert (Source.objects.count(), Citation.objects.count(), Outlet.objects.count()) == counts
    assert Source.history.count() == history  # nothing was saved again
    assert dict(Source.objects.values_list("origin", "updated_at")) == stamps
    assert IngestRun.objects.count() == 2


def test_changed_file_updates_its_source(tmp_path):
    path = copy(SEED_004, tmp_path)
    [source] = ingest_paths([path], link=False).sources
    path.write_bytes(path.read_bytes() + b"\nA paragraph added in a later edition.\n")

    result = ingest_paths([path], link=False)

    assert result.summary() == "0 ingested, 1 updated, 0 unchanged, 0 failed"
    updated = Source.objects.get()
    assert updated.pk == source.pk
    assert updated.body.endswith("A paragraph added in a later edition.")
    assert bytes(updated.raw_input) == path.read_bytes()
    assert updated.content_hash != source.content_hash
    assert IngestRun.objects.first().report[0]["outcome"] == "updated"


def test_editor_owned_fields_survive_reingest(tmp_path):
    path = copy(SEED_004, tmp_path)
    [source] = ingest_paths([path], link=False).sources
    source.title = "Musk: xAI used OpenAI models “partly” (corrected headline)"
    source.published = date(2026, 4, 30)
    source.mark_editor_owned("title", "published")
    source.save()
    path.write_bytes(path.read_bytes().replace(b"Shubham Arora", b"S. Arora"))

    assert ingest_paths([path], link=False).updated == 1

    source.refresh_from_db()
    assert source.title == "Musk: xAI used OpenAI models “partly” (corrected headline)"
    assert source.published == date(2026, 4, 30)
    assert source.authors == "S. Arora"  # not owned: follows the file


def test_editor_supplied_hints_become_editor_owned():
    text = "Pasted headline\n\nMusk said xAI partly used OpenAI models to train Grok.\n"
    document = Document(
        origin="pasted-1.txt",
        data=text.encode(),
        hints={"title": "Editor's title", "outlet": "Desk Notes", "published": "2026-05-02"},
        editor_supplied=True,
    )
    [source] = ingest_documents([document], link=False).sources
    assert source.title == "Editor's title"
    assert source.outlet.name == "Desk Notes"
    assert set(source.editor_owned_fields) == {
        "title",
        "outlet",
        "published",
        "published_precision",
    }
    # The same text again, without hints, keeps what the editor said.
    again = ingest_documents([Document(origin="pasted-1.txt", data=text.encode())], link=False)
    assert again.summary() == "0 ingested, 0 updated, 1 unchanged, 0 failed"
    source.refresh_from_db()
    assert (source.title, source.outlet.name) == ("Editor's title", "Desk Notes")


def test_manifest_hints_applied_and_matched_to_known_outlets(tmp_path):
    load_reference_data(FIXTURES_DIR)
    copy(DATA / "courtwire-hardwrapped.txt", tmp_path / "wire")
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    (tmp_path / "manifest.toml").write_text(
        """
[files."wire/courtwire-hardwrapped.txt"]
outlet = "techcrunch ai"
url = "https://techcrunch.example/2026/05/02/musk"
published = "May 2026"
authors = ["Desk Editor"]
notes = "Checked with the wire desk."

[files."cp1252-cafe.txt"]
published = 2026-05-04
""",
        encoding="utf-8",
    )
    result = ingest_paths([tmp_path], link=False)
    assert result.ok
    wire = Source.objects.get(origin="wire/courtwire-hardwrapped.txt")
    assert wire.outlet == Outlet.objects.get(slug="techcrunch")  # alias, any case
    assert wire.url == "https://techcrunch.example/2026/05/02/musk"
    assert (wire.published, wire.published_precision) == (date(2026, 5, 1), "month")
    assert wire.authors == "Desk Editor"
    assert wire.editor_owned_fields == []  # a manifest is a hint, not an edit
    cafe = Source.objects.get(origin="cp1252-cafe.txt")
    assert (cafe.published, cafe.published_precision) == (date(2026, 5, 4), "day")


def test_manifest_change_updates_an_unchanged_file(tmp_path):
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    ingest_paths([tmp_path], link=False)
    (tmp_path / "manifest.toml").write_text('[files."cp1252-cafe.txt"]\noutlet = "Café Gazette"\n')
    result = ingest_paths([tmp_path], link=False)
    assert result.updated == 1
    assert Source.objects.get().outlet.name == "Café Gazette"


def test_broken_manifest_is_reported_not_ignored(tmp_path):
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    (tmp_path / "manifest.toml").write_text('[files."cp1252-cafe.txt"\noutlet = \n')
    result = ingest_paths([tmp_path], link=False)
    assert result.failed == 1
    assert "not a valid manifest" in result.failures[0].reason


def test_link_true_passes_created_and_updated_sources_to_the_linker(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        link_module,
        "link_sources",
        lambda *, sources, engine: calls.append([s.origin for s in sources]),
    )
    copy(SEED_004, tmp_path)
    copy(DATA / "cp1252-cafe.txt", tmp_path)

    ingest_paths([tmp_path])
    ingest_paths([tmp_path])  # nothing changed: nothing to link

    assert calls == [[SEED_004.name], ["cp1252-cafe.txt"]]  # each in its own transaction


def test_command_succeeds_on_the_seed_folder():
    output, error = run_command(ARTICLES_DIR)
    assert error is None
    lines = output.strip().splitlines()
    assert len(lines) == 6
    assert lines[-1] == "5 ingested, 0 updated, 0 unchanged, 0 failed"


def test_reference_data_loads_once_and_keeps_editor_changes():
    first = load_reference_data(FIXTURES_DIR)
    assert first["outlets"]["created"] == 8
    assert first["entities"]["created"] == 18
    musk = Entity.objects.get(slug="elon-musk")
    assert {"Elon Musk", "Musk"} <= set(musk.names)
    techlusive = Outlet.objects.get(slug="techlusive")
    techlusive.kind = Outlet.Kind.BLOG  # an editor's correction
    techlusive.save()
    musk.aliases = ["Musk", "Mr. Musk", "the billionaire"]
    musk.save()

    second = load_reference_data(FIXTURES_DIR)

    assert second["outlets"] == {"created": 0, "updated": 0, "unchanged": 8}
    assert second["entities"]["created"] == 0
    assert Outlet.objects.get(slug="techlusive").kind == Outlet.Kind.BLOG
    assert "the billionaire" in Entity.objects.get(slug="elon-musk").aliases


def _wire_source(tmp_path) -> tuple[Path, Source]:
    load_reference_data(FIXTURES_DIR)
    path = copy(DATA / "courtwire-hardwrapped.txt", tmp_path)
    [source] = ingest_paths([path], link=False).sources
    return path, source


def _editor_fixes(source: Source) -> tuple[set[int], Citation]:
    """What an editor does in the admin: untags entities, corrects a citation."""
    kept = set(source.entities.filter(slug__in=["elon-musk", "xai"]).values_list("pk", flat=True))
    assert source.entities.count() > len(kept) == 2
    source.entities.set(kept)
    editorial.apply_source_edit(source=source, changed_fields=["entities"])
    source.save()
    citation = source.citations.get(kind=Citation.Kind.BASED_ON)
    citation.cited_title = "TechCrunch's first report (editor)"
    citation.save()
    return kept, citation


def test_unchanged_file_leaves_editors_entities_and_citations_alone(tmp_path):
    path, source = _wire_source(tmp_path)
    kept, citation = _editor_fixes(source)
    history = Source.history.count()
    citations = set(Citation.objects.values_list("pk", "cited_title"))

    result = ingest_paths([path], link=False)

    assert result.summary() == "0 ingested, 0 updated, 1 unchanged, 0 failed"
    assert set(source.entities.values_list("pk", flat=True)) == kept
    assert set(Citation.objects.values_list("pk", "cited_title")) == citations
    assert Source.history.count() == history


def test_changed_file_keeps_entities_and_citations_an_editor_owns(tmp_path):
    path, source = _wire_source(tmp_path)
    kept, citation = _editor_fixes(source)
    source.mark_editor_owned("citations")  # ticked in the admin's editor-owned list
    source.save()
    path.write_bytes(path.read_bytes() + b"\nOpenAI declined to comment on Friday.\n")

    assert ingest_paths([path], link=False).updated == 1

    source.refresh_from_db()
    assert source.body.endswith("OpenAI declined to comment on Friday.")
    assert set(source.entities.values_list("pk", flat=True)) == kept
    citation.refresh_from_db()
    assert citation.cited_title == "TechCrunch's first report (editor)"


def test_changed_file_updates_entities_and_citations_nobody_owns(tmp_path):
    path, source = _wire_source(tmp_path)
    source.entities.clear()
    source.citations.all().delete()
    path.write_bytes(path.read_bytes() + b"\nOpenAI declined to comment on Friday.\n")

    assert ingest_paths([path], link=False).updated == 1

    assert source.entities.filter(slug="openai").exists()
    assert source.citations.filter(kind=Citation.Kind.BASED_ON).exists()


def test_editors_can_own_entities_and_citations():
    assert {"entities", "citations"} <= set(editorial.SOURCE_METADATA_FIELDS)


def test_non_http_urls_are_dropped_with_a_warning_not_a_failure(tmp_path):
    (tmp_path / "note.md").write_text(
        "---\ntitle: Tariffs rise\nurl: javascript:alert(document.domain)\n---\n\n"
        "The regulator confirmed the rise on Tuesday.\n"
    )
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    (tmp_path / "manifest.toml").write_text(
        '[files."cp1252-cafe.txt"]\nurl = "javascript:fetch(1)"\n', encoding="utf-8"
    )

    output, error = run_command(tmp_path)

    assert error is None
    assert set(Source.objects.values_list("url", flat=True)) == {""}
    warnings = [line for line in output.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert any("note.md" in line and "not an http(s) address" in line for line in warnings)
    assert output.strip().endswith("2 ingested, 0 updated, 0 unchanged, 0 failed")
    report = {entry["origin"]: entry for entry in IngestRun.objects.get().report}
    assert "javascript:fetch(1)" in report["cp1252-cafe.txt"]["warnings"][0]


def test_a_non_http_url_stored_before_is_shown_as_text_not_a_link(client):
    text = b"Tariffs rise in April\n\nThe regulator confirmed the rise on Tuesday.\n"
    [source] = ingest_documents([Document(origin="old.txt", data=text)], link=False).sources
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")  # a legacy row

    page = client.get(source.get_absolute_url()).content.decode()

    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page


def test_a_headline_with_a_word_processor_line_break_keeps_the_feeds_readable(client):
    result = ingest_documents(
        [
            Document(
                origin="pilots.txt",
                data=b"Antwerp pilots\x0bwalk out\n\nPilots walked\x1b off the job on Thursday.\n",
                hints={"authors": "Ilse\x07 Janssens"},
                editor_supplied=True,
            )
        ],
        link=False,
    )
    assert result.ok
    source = Source.objects.get()
    assert (source.title, source.authors) == ("Antwerp pilots walk out", "Ilse Janssens")
    assert source.body == "Pilots walked off the job on Thursday."
    response = client.get("/feeds/sources/")
    assert response.status_code == 200
    assert "Antwerp pilots walk out" in response.content.decode()
