"""PostgreSQL: the search indexes without GIN's pending list, so the planner uses them.

With "fastupdate" on, rows written after an index was built wait in its pending list,
and the planner charges a full scan of that list to every index search: at a couple of
thousand ingested articles it preferred a sequential scan (to_tsvector over every body,
~0.6 s) to the index (~2 ms). Ingestion writes few rows at a time, so updating the index
as rows are written costs little. SQLite's FTS5 tables need nothing.
"""

from django.db import migrations

INDEXES = ("sources_source_search_idx", "sources_claim_search_idx")


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list(%s::regclass) WHERE to_regclass(%s) IS NOT NULL",
            [name, name],
        )


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = on)")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_travel"),
    ]

    operations = [migrations.RunPython(fastupdate_off, fastupdate_on, elidable=False)]
