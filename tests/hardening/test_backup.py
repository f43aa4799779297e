"""`manage.py backup` then `manage.py restore` gives back every table, row for row.

History tables included: the round trip must neither lose history nor add the
fake "created" rows a loaddata would. Checked twice: restoring over a database
that changed since the backup, and restoring into a new, empty database.
"""

import sqlite3

import pytest
from django.core.management import CommandError, call_command

EDITS = """
from django.contrib.auth.models import User
from sources.models import Claim, Outlet, Source
claim = Claim.objects.order_by("pk").first()
claim.verdict_explanation = "Checked against the filing, twice."
claim.save()
Source.objects.order_by("pk").last().delete()
Outlet.objects.create(name="Backup Gazette", slug="backup-gazette", domain="gazette.example")
User.objects.create_user("backup-editor", password="x", is_staff=True)
"""

LATER_CHANGES = """
from sources.models import Claim, Source
Source.objects.all().delete()
Claim.objects.update(statement="Overwritten after the backup.")
"""


def _sqlite_snapshot(path: str) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        snapshot = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            # quote() renders every stored value as its SQL literal, type included.
            select = ", ".join(f'quote("{c}")' for c in columns)
            snapshot[table] = sorted(db.execute(f'SELECT {select} FROM "{table}"').fetchall())
        return snapshot
    finally:
        db.close()


def _postgres_snapshot(url: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(url) as db:
        db.execute("SET TIME ZONE 'UTC'")
        tables = [
            r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
        snapshot = {
            table: sorted(r[0] for r in db.execute(f'SELECT t::text FROM "{table}" AS t'))
            for table in tables
        }
        # Sequences too: a restored database must not hand out ids it already used.
        snapshot["<sequences>"] = sorted(
            db.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname='public'"
            ).fetchall()
        )
        return snapshot


def snapshot(url: str) -> dict[str, list]:
    """Every row of every table in the database at ``url``, in a comparable form."""
    if url.startswith("sqlite:///"):
        return _sqlite_snapshot(url.removeprefix("sqlite:///"))
    return _postgres_snapshot(url)


def test_backup_and_restore_give_back_every_row(scratch_db, manage, tmp_path):
    live = scratch_db("backup_live")
    manage(live, "migrate", "--noinput")
    manage(live, "load_story")
    manage(live, "shell", "-c", EDITS)
    saved = snapshot(live)
    history = {t: rows for t, rows in saved.items() if "historical" in t}
    assert len(history) >= 7 and all(history.values()), "the test needs history to compare"

    outfile = tmp_path / "newsroom.backup"
    manage(live, "backup", str(outfile))
    assert snapshot(live) == saved, "a backup must not change the database"

    manage(live, "shell", "-c", LATER_CHANGES)
    assert snapshot(live) != saved
    manage(live, "restore", "--noinput", str(outfile))
    assert snapshot(live) == saved

    fresh = scratch_db("backup_fresh")
    restored = manage(fresh, "restore", "--noinput", str(outfile))
    assert "predates" not in restored.stdout
    assert snapshot(fresh) == saved
    # The restored database is a working one: the site's own checks pass on it.
    manage(fresh, "migrate", "--check")


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("SQLite? No, just notes.")
    with pytest.raises(CommandError, match="neither an SQLite backup nor a pg_dump"):
        call_command("restore", str(not_a_backup), interactive=False)
