"""Full-text search indexes for /search/: FTS5 on SQLite, GIN expression indexes on PostgreSQL.

Hand-written: each half runs only on its own database. The SQL is frozen
here (migrations must not change under later code edits); sources/search.py
queries with the same expressions and re-creates the SQLite triggers if a
later table rebuild drops them.
"""

from django.db import migrations

SQLITE_TABLES = {
    "sources_source": ("sources_source_fts", ("title", "dek", "body")),
    "sources_claim": ("sources_claim_fts", ("slug", "statement")),
}

POSTGRES_INDEXES = {
    "sources_source_search_idx": (
        "sources_source",
        "to_tsvector('english'::regconfig, title || ' ' || dek || ' ' || body)",
    ),
    "sources_claim_search_idx": (
        "sources_claim",
        "to_tsvector('english'::regconfig, slug || ' ' || statement)",
    ),
}


def _sqlite_statements(table, fts, columns):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for table, (fts, columns) in SQLITE_TABLES.items():
            for statement in _sqlite_statements(table, fts, columns):
                schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        for name, (table, expression) in POSTGRES_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN (({expression}))"
            )


def drop_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for fts, _columns in SQLITE_TABLES.values():
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif connection.vendor == "postgresql":
        for name in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
