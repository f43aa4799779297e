"""Upkeep of the full-text search index: what is indexed, and putting it back after migrate.

SQLite: FTS5 external-content tables ``sources_source_fts`` and
``sources_claim_fts`` kept in step with their tables by triggers (created by
migration 0002_search_index, and re-created by ``ensure_sqlite_index`` after
any later migration that rebuilt a table and so dropped its triggers).
PostgreSQL: GIN indexes on ``to_tsvector('english', ...)`` expressions; the
search reads (sources/pages/queries/search.py) use the very same expressions
so the planner can use them. Never reads or writes rows of the models.
"""

# Must stay identical to the index expressions in migration 0002_search_index.
PG_SOURCE_DOCUMENT = "to_tsvector('english'::regconfig, title || ' ' || dek || ' ' || body)"
PG_CLAIM_DOCUMENT = "to_tsvector('english'::regconfig, slug || ' ' || statement)"

SQLITE_INDEXES = {
    # table: (fts table, indexed columns)
    "sources_source": ("sources_source_fts", ("title", "dek", "body")),
    "sources_claim": ("sources_claim_fts", ("slug", "statement")),
}


def sqlite_index_sql(table: str) -> list[str]:
    """The FTS5 table and the three triggers that keep it in step with ``table``."""
    fts, columns = SQLITE_INDEXES[table]
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
    ]


def ensure_sqlite_index(using: str = "default") -> list[str]:
    """Re-create missing FTS5 tables/triggers and rebuild the indexes they left stale.

    SQLite drops a table's triggers when Django rebuilds the table during a
    later migration; this runs after every ``migrate`` to put them back.
    Returns the names of the indexes it rebuilt. Safe to re-run.
    """
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    rebuilt = []
    with conn.cursor() as cursor:
        existing_tables = set(conn.introspection.table_names(cursor))
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
        for table, (fts, _columns) in SQLITE_INDEXES.items():
            if table not in existing_tables:
                continue
            wanted = {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"}
            if fts in existing_tables and wanted <= triggers:
                continue
            for statement in sqlite_index_sql(table):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            rebuilt.append(fts)
    return rebuilt


def rebuild_index_after_migrate(sender, *, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (connected in SourcesConfig.ready): see ``ensure_sqlite_index``."""
    ensure_sqlite_index(using)
