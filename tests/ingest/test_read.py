"""Reading files and folders: origins, bad files one line each, the size check."""

from pathlib import Path

import pytest

from sources.ingest.load import ingest_paths
from sources.models import IngestRun, Source
from tests.helpers import ARTICLES_DIR
from tests.ingest.helpers import BAD, DATA, copy, run_command

pytestmark = pytest.mark.django_db

SEED_004 = ARTICLES_DIR / "004_cfef65a04c7a9be3.txt"


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


def test_same_file_name_given_twice_in_one_run(tmp_path):
    first = copy(SEED_004, tmp_path / "a")
    second = copy(SEED_004, tmp_path / "b")
    result = ingest_paths([first, second], link=False)  # both keyed by their bare name
    assert result.summary() == "1 ingested, 0 updated, 0 unchanged, 1 failed"
    assert "same origin" in result.failures[0].reason


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
    single = ingest_paths([tmp_path / "siteA"], link=False, force=True)  # same text: forced
    assert [s.origin for s in single.sources] == ["index.txt"]


def test_seed_origins_are_their_file_names():
    ingest_paths([ARTICLES_DIR], link=False)
    assert sorted(Source.objects.values_list("origin", flat=True)) == sorted(
        p.name for p in ARTICLES_DIR.glob("*.txt")
    )
