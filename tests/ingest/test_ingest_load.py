"""Writing sources: failures isolated, re-runs idempotent, editors' fields kept, manifests."""

import shutil
import sys
import types
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources import editorial
from sources.curated.reference import load_reference_data
from sources.ingest import parse as parse_module
from sources.ingest.load import ingest_documents, ingest_paths
from sources.ingest.records import Document
from sources.models import Citation, Entity, IngestRun, Outlet, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR, TEST_DATA_DIR

pytestmark = pytest.mark.django_db

DATA = TEST_DATA_DIR / "ingest"
BAD = DATA / "bad"
SEED_004 = ARTICLES_DIR / "004_cfef65a04c7a9be3.txt"


def copy(src: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    return target


def run_command(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("ingest", *map(str, args), "--no-link", stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


# --- bad input ---------------------------------------------------------------------


def test_bad_files_fail_one_line_each_while_the_others_ingest(tmp_path):
    article = copy(DATA / "courtwire-hardwrapped.txt", tmp_path)
    output, error = run_command(
        BAD / "empty.txt",
        BAD / "blank.md",
        BAD / "renamed-image.txt",
        BAD / "control-noise.txt",
        BAD / "notes.rtf",
        tmp_path / "missing.txt",
        article,
    )
    assert error is not None, "the command must exit non-zero"
    lines = output.strip().splitlines()
    failed = {
        line.split()[1].rstrip(":"): line for line in lines if line.lstrip().startswith("failed")
    }
    assert "empty file" in failed["empty.txt"]
    assert "empty file" in failed["blank.md"]
    assert "binary" in failed["renamed-image.txt"]
    assert "control characters" in failed["control-noise.txt"]
    assert "unsupported file type (.rtf)" in failed["notes.rtf"]
    assert "no such file" in failed[str(tmp_path / "missing.txt")]
    assert any(line.split()[:2] == ["ingested", "courtwire-hardwrapped.txt"] for line in lines)
    assert lines[-1] == "1 ingested, 0 updated, 0 unchanged, 6 failed"
    assert Source.objects.get().origin == "courtwire-hardwrapped.txt"

    run = IngestRun.objects.get()
    assert (run.ingested, run.failed) == (1, 6)
    assert {entry["origin"]: entry["outcome"] for entry in run.report}["empty.txt"] == "failed"
    assert all(entry["reason"] for entry in run.report if entry["outcome"] == "failed")


def test_oversize_file_is_refused_before_it_is_read(tmp_path, settings, monkeypatch):
    settings.INGEST_MAX_BYTES = 5000
    copy(ARTICLES_DIR / "003_3fb6d5b18cd5f1d4.txt", tmp_path)  # 7.9 KB
    copy(SEED_004, tmp_path)  # 4.1 KB
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self)
    )

    result = ingest_paths([tmp_path], link=False)

    assert result.summary() == "1 ingested, 0 updated, 0 unchanged, 1 failed"
    [failure] = result.failures
    assert failure.origin == "003_3fb6d5b18cd5f1d4.txt"
    assert "over the 4.9 KiB limit" in failure.reason
    assert str(failure).startswith("003_3fb6d5b18cd5f1d4.txt: file is 7.7 KiB")
    assert "003_3fb6d5b18cd5f1d4.txt" not in read


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


def test_same_file_name_given_twice_in_one_run(tmp_path):
    first = copy(SEED_004, tmp_path / "a")
    second = copy(SEED_004, tmp_path / "b")
    result = ingest_paths([first, second], link=False)  # both keyed by their bare name
    assert result.summary() == "1 ingested, 0 updated, 0 unchanged, 1 failed"
    assert "same origin" in result.failures[0].reason


# --- folders, idempotence, updates -------------------------------------------------------


def test_folders_are_walked_recursively_in_name_order(tmp_path):
    copy(DATA / "labnotes-frontmatter.md", tmp_path / "z")
    copy(DATA / "harbour-ledger-musk-testimony.html", tmp_path / "a", "page.htm")
    copy(DATA / "cp1252-cafe.txt", tmp_path)
    (tmp_path / "manifest.toml").write_text("[files]\n")
    (tmp_path / "z" / "notes.rtf").write_text("not an article")
    seen = []
    result = ingest_paths([tmp_path], link=False, progress=lambda o, outcome, d: seen.append(o))
    assert seen == ["a/page.htm", "cp1252-cafe.txt", "z/labnotes-frontmatter.md"]
    assert result.ok and result.ingested == 3


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


# --- manifest and outlets -----------------------------------------------------------------


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


def test_new_outlets_from_text_hints_and_citations():
    [source] = ingest_paths([DATA / "harbour-ledger-musk-testimony.html"], link=False).sources
    assert source.outlet.name == "The Harbour Ledger"
    assert source.outlet.domain == "harbourledger.example"
    # A name in prose only links to an outlet we know; the citation keeps its words.
    based_on = source.citations.get(kind=Citation.Kind.BASED_ON)
    assert (based_on.text, based_on.cited_outlet) == ("according to a report by Decrypt", None)
    assert not Outlet.objects.filter(name="Decrypt").exists()
    # A photographer's credit is not an outlet.
    assert source.citations.get(kind=Citation.Kind.IMAGE_CREDIT).cited_outlet is None
    assert not Outlet.objects.filter(name__icontains="Lena Park").exists()


def test_entities_are_tagged_on_whole_words_only():
    Entity.objects.create(name="Grok", slug="grok", kind="product")
    Entity.objects.create(name="Claude", slug="claude", kind="product")
    text = "Pasted headline\n\nEngineers grok Grokking, but Grok was trained on outputs.\n"
    [source] = ingest_documents([Document(origin="x.txt", data=text.encode())], link=False).sources
    assert list(source.entities.values_list("slug", flat=True)) == ["grok"]


# --- linking -------------------------------------------------------------------------------


def test_link_true_passes_created_and_updated_sources_to_the_linker(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("sources.linking")
    fake.link_sources = lambda *, sources: calls.append([s.origin for s in sources])
    monkeypatch.setitem(sys.modules, "sources.linking", fake)
    copy(SEED_004, tmp_path)
    copy(DATA / "cp1252-cafe.txt", tmp_path)

    ingest_paths([tmp_path])
    ingest_paths([tmp_path])  # nothing changed: nothing to link

    assert calls == [[SEED_004.name, "cp1252-cafe.txt"]]


def test_command_succeeds_on_the_seed_folder():
    output, error = run_command(ARTICLES_DIR)
    assert error is None
    lines = output.strip().splitlines()
    assert len(lines) == 6
    assert lines[-1] == "5 ingested, 0 updated, 0 unchanged, 0 failed"


# --- reference data ------------------------------------------------------------------------


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


# --- editors' entities and citations ---------------------------------------------------------


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


# --- outlets named by the text --------------------------------------------------------------


def test_taglines_and_prose_credits_only_link_outlets_we_know(tmp_path):
    Outlet.objects.create(name="Port Pulse", slug="port-pulse", domain="portpulse.example")
    Outlet.objects.create(name="Lloyd's List", slug="lloyds-list")
    body = (
        "Dockers voted to accept the offer on Friday, according to a Lloyd's List report.\n\n"
        "Shipping lines said queues would clear by the weekend, according to a Maersk analysis."
    )
    for name, last_line in (
        ("known.txt", "Port Pulse · Shipping, daily"),
        ("unknown.txt", "Quayside · Notes from the docks"),
        ("factbox.txt", "Backlog · 41 ships"),
    ):
        (tmp_path / name).write_text(f"Port strike ends after nine days\n\n{body}\n\n{last_line}\n")
    outlets = Outlet.objects.count()

    result = ingest_paths([tmp_path], link=False)

    assert result.ok
    assert Outlet.objects.count() == outlets  # nothing created from a guess or a prose name
    sources = {s.origin: s for s in result.sources}
    assert sources["known.txt"].outlet.name == "Port Pulse"
    assert sources["unknown.txt"].outlet is None
    assert sources["factbox.txt"].outlet is None
    assert sources["factbox.txt"].body.endswith("Backlog · 41 ships")
    credits = dict(
        sources["known.txt"]
        .citations.filter(kind=Citation.Kind.BASED_ON)
        .values_list("text", "cited_outlet__name")
    )
    assert credits == {
        "according to a Lloyd's List report": "Lloyd's List",
        "according to a Maersk analysis": None,
    }


# --- URLs -----------------------------------------------------------------------------------


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


# --- origins ----------------------------------------------------------------------------


def test_same_file_name_in_sibling_folders_gives_two_sources(tmp_path):
    for site, headline in (("siteA", "Tariffs rise in April"), ("siteB", "Ferries cut routes")):
        (tmp_path / site).mkdir()
        (tmp_path / site / "index.txt").write_text(
            f"{headline}\n\nA paragraph of the {site} story, which is its own.\n"
        )

    first = ingest_paths([tmp_path], link=False)
    again = ingest_paths([tmp_path], link=False)

    assert first.summary() == "2 ingested, 0 updated, 0 unchanged, 0 failed"
    assert again.summary() == "0 ingested, 0 updated, 2 unchanged, 0 failed"
    assert dict(Source.objects.values_list("origin", "title")) == {
        "siteA/index.txt": "Tariffs rise in April",
        "siteB/index.txt": "Ferries cut routes",
    }
    # A file named by itself, or directly in the folder named, keeps its bare name.
    single = ingest_paths([tmp_path / "siteA"], link=False)
    assert [s.origin for s in single.sources] == ["index.txt"]


def test_seed_origins_are_their_file_names():
    ingest_paths([ARTICLES_DIR], link=False)
    assert sorted(Source.objects.values_list("origin", flat=True)) == sorted(
        p.name for p in ARTICLES_DIR.glob("*.txt")
    )


def test_a_non_http_url_stored_before_is_shown_as_text_not_a_link(client):
    text = b"Tariffs rise in April\n\nThe regulator confirmed the rise on Tuesday.\n"
    [source] = ingest_documents([Document(origin="old.txt", data=text)], link=False).sources
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")  # a legacy row

    page = client.get(source.get_absolute_url()).content.decode()

    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page
