"""Several `manage.py ingest` processes writing to one database at once lose nothing.

Each process ingests its own folder of generated articles (the demo articles'
texts under new titles and file names) into a database that already holds the
demo claims, so every article has something to link to. On SQLite the database
is a real file shared by the processes (the test database is in memory and
cannot be); on PostgreSQL, when DATABASE_URL points there, a scratch database
beside the test one.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ARTICLES_DIR, REPO_ROOT

WRITERS = 4
FILES_PER_WRITER = 12
# Generous for a loaded two-core machine; a hung writer fails the test, never the suite.
PROCESS_TIMEOUT = 150

COUNT_SCRIPT = """
import json
from django.db.models import Count
from sources.models import Source
rows = Source.objects.filter(origin__startswith="w").annotate(n=Count("mentions"))
print(json.dumps({s.origin: s.n for s in rows}))
"""


def manage(env: dict, *args: str, timeout: int = PROCESS_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def database_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return env


def write_articles(folder, writer: int) -> list[str]:
    """FILES_PER_WRITER articles for one writer, each a demo text under a new title."""
    texts = sorted(p.read_text() for p in ARTICLES_DIR.glob("*.txt"))
    folder.mkdir()
    names = []
    for n in range(FILES_PER_WRITER):
        name = f"w{writer}_{n:02}.txt"
        title, _, body = texts[n % len(texts)].partition("\n")
        (folder / name).write_text(f"Writer {writer}, copy {n}: {title}\n{body}\n")
        names.append(name)
    return names


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_database(request, tmp_path):
    """A DATABASE_URL for a fresh database of the given kind, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    import psycopg

    server, _, name = base.rpartition("/")
    scratch = f"{name.split('?')[0]}_concurrency"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    yield f"{server}/{scratch}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_parallel_ingests_lose_nothing(scratch_database, tmp_path):
    env = database_env(scratch_database)
    for step in (["migrate", "--noinput"], ["load_story"]):
        done = manage(env, *step)
        assert done.returncode == 0, done.stderr

    folders = [tmp_path / f"writer{w}" for w in range(WRITERS)]
    expected = [name for w, folder in enumerate(folders) for name in write_articles(folder, w)]
    writers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "ingest", str(folder)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for folder in folders
    ]
    outputs = [writer.communicate(timeout=PROCESS_TIMEOUT)[0] for writer in writers]

    for writer, output in zip(writers, outputs, strict=True):
        assert "locked" not in output, output
        assert writer.returncode == 0, output
    counted = manage(env, "shell", "-c", COUNT_SCRIPT)
    assert counted.returncode == 0, counted.stderr
    mentions = json.loads(counted.stdout.strip().splitlines()[-1])
    assert sorted(mentions) == sorted(expected), "files lost"
    assert [origin for origin, n in mentions.items() if n == 0] == [], "sources with no mentions"
