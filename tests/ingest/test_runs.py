"""Atomic ingest: a source is stored with its mentions or not at all; the run says how far
it got; a rerun finishes the job. Includes a real ``kill -9`` in the middle of a folder."""

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from sources.curated.claims import load_claims
from sources.curated.reference import load_reference_data
from sources.ingest import link as link_module
from sources.ingest.load import ingest_paths
from sources.models import IngestRun, Mention, Source
from tests.helpers import ARTICLES_DIR, FIXTURES_DIR, REPO_ROOT
from tests.ingest.helpers import copy, run_command

pytestmark = pytest.mark.django_db

SEEDS = sorted(ARTICLES_DIR.glob("*.txt"))


@pytest.fixture
def claims(db):
    load_reference_data(FIXTURES_DIR)
    load_claims(FIXTURES_DIR / "claims.toml")


def test_the_run_lists_every_file_and_saves_each_outcome_as_it_commits(tmp_path, claims):
    for seed in SEEDS[:3]:
        copy(seed, tmp_path)
    seen_by_the_database = []

    def progress(origin, outcome, detail):
        run = IngestRun.objects.get()  # read back what is committed so far
        seen_by_the_database.append(
            ([line["outcome"] for line in run.report], run.ingested, run.finished_at)
        )

    ingest_paths([tmp_path], progress=progress)

    assert seen_by_the_database == [
        (["ingested", "pending", "pending"], 1, None),
        (["ingested", "ingested", "pending"], 2, None),
        (["ingested", "ingested", "ingested"], 3, None),
    ]
    run = IngestRun.objects.get()
    assert run.finished_at is not None
    assert all(line["linked"] for line in run.report)


def test_a_source_whose_linking_fails_is_not_stored_without_its_mentions(
    tmp_path, claims, monkeypatch
):
    for seed in SEEDS[:3]:
        copy(seed, tmp_path)
    real = link_module.link_sources

    def fail_on_the_second(*, sources, engine):
        if sources[0].origin == SEEDS[1].name:
            raise RuntimeError("linker crashed")
        return real(sources=sources, engine=engine)

    monkeypatch.setattr(link_module, "link_sources", fail_on_the_second)

    result = ingest_paths([tmp_path])

    assert result.summary() == "2 ingested, 0 updated, 0 unchanged, 1 failed"
    assert "linker crashed" in result.failures[0].reason
    assert sorted(Source.objects.values_list("origin", flat=True)) == [
        SEEDS[0].name,
        SEEDS[2].name,
    ]
    assert set(Mention.objects.values_list("source__origin", flat=True)) == {
        SEEDS[0].name,
        SEEDS[2].name,
    }


def test_a_rerun_links_what_a_no_link_run_left_unlinked(tmp_path, claims):
    copy(SEEDS[3], tmp_path)
    run_command(tmp_path)  # --no-link
    assert not Mention.objects.exists()

    result = ingest_paths([tmp_path])

    assert result.summary() == (
        "0 ingested, 0 updated, 1 unchanged, 0 failed, 1 left unlinked by an earlier run linked now"
    )
    assert Mention.objects.filter(source__origin=SEEDS[3].name).exists()
    again = ingest_paths([tmp_path])  # now nothing is left to do
    assert again.summary() == "0 ingested, 0 updated, 1 unchanged, 0 failed"
    assert again.links is None


# --- kill -9 in the middle of a folder ---------------------------------------------------


def _manage(database: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def _finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    return output


def _unlinked(database: str) -> list[str]:
    with sqlite3.connect(database) as db:
        return [
            origin
            for (origin,) in db.execute(
                "SELECT origin FROM sources_source WHERE id NOT IN "
                "(SELECT source_id FROM sources_mention)"
            )
        ]


def test_kill_9_mid_folder_leaves_whole_sources_and_the_rerun_finishes(tmp_path):
    database = str(tmp_path / "newsroom.sqlite3")
    articles = tmp_path / "articles"
    articles.mkdir()
    # 24 distinct articles: four seeds six times, each copy with a closing paragraph of its
    # own (003 ends in a "Sources:" list, which would take the paragraph in).
    for n in range(6):
        for seed in (s for s in SEEDS if not s.name.startswith("003")):
            text = seed.read_text(encoding="utf-8")
            (articles / f"{n}-{seed.name}").write_text(
                f"{text}\n\nArchive copy number {n} of this article.\n", encoding="utf-8"
            )
    _finish(_manage(database, "migrate", "--noinput"))
    _finish(
        _manage(
            database,
            "shell",
            "-c",
            "from pathlib import Path; "
            "from sources.curated.reference import load_reference_data; "
            "from sources.curated.claims import load_claims; "
            f"load_reference_data(Path({str(FIXTURES_DIR)!r})); "
            f"load_claims(Path({str(FIXTURES_DIR)!r}) / 'claims.toml')",
        )
    )

    ingest = _manage(database, "ingest", str(articles))
    done = 0
    for line in ingest.stdout:
        done += line.strip().startswith("ingested")
        if done == 4:
            ingest.send_signal(signal.SIGKILL)  # mid-folder, maybe mid-transaction
            break
    ingest.wait(timeout=60)
    ingest.stdout.close()
    assert ingest.returncode == -signal.SIGKILL

    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT COUNT(*) FROM sources_source").fetchone()[0]
        finished_at, report = db.execute(
            "SELECT finished_at, report FROM sources_ingestrun ORDER BY id DESC"
        ).fetchone()
    assert 4 <= stored < 24, "the kill came after the run was over"
    assert _unlinked(database) == []  # every stored source has its mentions
    assert finished_at is None  # the run says it did not finish...
    outcomes = [line["outcome"] for line in json.loads(report)]
    assert outcomes.count("ingested") == stored  # ...and how far it got
    assert outcomes.count("pending") == 24 - stored

    output = _finish(_manage(database, "ingest", str(articles)))

    assert f"\n{24 - stored} ingested, 0 updated, {stored} unchanged, 0 failed\n" in output
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM sources_source").fetchone()[0] == 24
        assert db.execute("SELECT finished_at FROM sources_ingestrun ORDER BY id DESC").fetchone()[
            0
        ]
    assert _unlinked(database) == []
