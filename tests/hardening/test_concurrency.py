"""Several `manage.py ingest` processes writing to one database at once lose nothing.

Each process ingests its own folder of generated articles (the demo articles'
texts under new titles and file names) into a database that already holds the
demo claims, so every article has something to link to. On SQLite the database
is one file shared by the processes; on PostgreSQL a scratch database.
"""

import json

from tests.helpers import ARTICLES_DIR

WRITERS = 4
FILES_PER_WRITER = 12
WAIT_SECONDS = 150

COUNT_SCRIPT = """
import json
from django.db.models import Count
from sources.models import Source
rows = Source.objects.filter(origin__startswith="w").annotate(n=Count("mentions"))
print(json.dumps({s.origin: s.n for s in rows}))
"""


def write_articles(folder, writer: int) -> list[str]:
    """FILES_PER_WRITER distinct articles for one writer: a demo text under a new title, with a
    paragraph of its own (ingestion stores the same text twice only when forced)."""
    texts = sorted(p.read_text() for p in ARTICLES_DIR.glob("*.txt"))
    folder.mkdir()
    names = []
    for n in range(FILES_PER_WRITER):
        name = f"w{writer}_{n:02}.txt"
        title, _, body = texts[n % len(texts)].partition("\n")
        # Without its address line an article is no longer the same URL as its original.
        body = "\n".join(line for line in body.splitlines() if "http" not in line)
        own = f"Desk {writer} filed dispatch number {n} of the concurrency drill on time."
        # Inside the prose (the cleaner takes furniture off the ends), so no two are one text.
        lead, _, rest = body.strip().partition("\n\n")
        text = f"Writer {writer}, copy {n}: {title}\n\n{lead}\n\n{own}\n\n{rest}\n"
        (folder / name).write_text(text)
        names.append(name)
    return names


def test_parallel_ingests_lose_nothing(scratch_db, manage, spawn_manage, tmp_path):
    database = scratch_db("concurrency")
    manage(database, "migrate", "--noinput")
    manage(database, "load_story")

    folders = [tmp_path / f"writer{w}" for w in range(WRITERS)]
    expected = [name for w, folder in enumerate(folders) for name in write_articles(folder, w)]
    writers = [spawn_manage(database, "ingest", str(folder)) for folder in folders]
    outputs = [writer.communicate(timeout=WAIT_SECONDS)[0] for writer in writers]

    for writer, output in zip(writers, outputs, strict=True):
        assert "locked" not in output, output
        assert writer.returncode == 0, output
    counted = manage(database, "shell", "-c", COUNT_SCRIPT)
    mentions = json.loads(counted.stdout.strip().splitlines()[-1])
    assert sorted(mentions) == sorted(expected), ("files lost", outputs)
    assert [origin for origin, n in mentions.items() if n == 0] == [], "sources with no mentions"
