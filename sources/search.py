"""Full-text search over article text and claims, backed by the database's own index.

SQLite: FTS5 external-content tables ``sources_source_fts`` and
``sources_claim_fts`` kept in step with their tables by triggers (created by
migration 0002_search_index, and re-created by ``ensure_sqlite_index`` after
any later migration that rebuilt a table and so dropped its triggers).
PostgreSQL: GIN indexes on ``to_tsvector('english', ...)`` expressions; the
queries below use the very same expressions so the planner can use them.

Queries are reduced to their words (``query_terms``) before they reach the
database, so no user input is ever parsed as FTS5 or tsquery syntax. A term
matches whole words (with stemming), never the inside of a word the way a
LIKE scan would. Reads only; safe to call any number of times.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count

from sources.highlight import Segment, excerpt, match_segments, query_terms
from sources.models import Claim, Source
from sources.queries import HEAVY_SOURCE_FIELDS

RESULTS_PER_KIND = 20

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


@dataclass
class SourceHit:
    source: Source
    title: list[Segment]
    snippet: list[Segment]


@dataclass
class ClaimHit:
    claim: Claim
    statement: list[Segment]
    sources: int


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    sources: list[SourceHit] = field(default_factory=list)
    claims: list[ClaimHit] = field(default_factory=list)
    source_total: int = 0
    claim_total: int = 0


def _fts5_match(terms: list[str]) -> str:
    # Each term quoted: a phrase of one word, so nothing in it is FTS5 syntax.
    return " ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


def _sqlite_ids(table: str, terms: list[str], limit: int) -> tuple[list[int], int]:
    fts, _columns = SQLITE_INDEXES[table]
    match = _fts5_match(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, count(*) OVER () FROM {fts} WHERE {fts} MATCH %s "
            "ORDER BY rank LIMIT %s",
            [match, limit],
        )
        rows = cursor.fetchall()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def _postgres_ids(table: str, terms: list[str], limit: int) -> tuple[list[int], int]:
    document = PG_SOURCE_DOCUMENT if table == "sources_source" else PG_CLAIM_DOCUMENT
    # Ranking by the whole body would re-parse every matching article; titles
    # and statements are short, so rank by those and break ties by id.
    rank_on = "title" if table == "sources_source" else "statement"
    query = "plainto_tsquery('english'::regconfig, %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, count(*) OVER () FROM {table} WHERE {document} @@ {query} "
            f"ORDER BY ts_rank(to_tsvector('english'::regconfig, {rank_on}), {query}) DESC, id "
            "LIMIT %s",
            [" ".join(terms), " ".join(terms), limit],
        )
        rows = cursor.fetchall()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def matching_ids(table: str, terms: list[str], *, limit: int) -> tuple[list[int], int]:
    """Ids in ``table`` whose indexed text has every term, best first, and the total."""
    if not terms:
        return [], 0
    if connection.vendor == "sqlite":
        return _sqlite_ids(table, terms, limit)
    if connection.vendor == "postgresql":
        return _postgres_ids(table, terms, limit)
    raise NotImplementedError(f"No search index for {connection.vendor}")


def search(*, query: str, limit: int = RESULTS_PER_KIND) -> SearchResults:
    """Sources and claims matching every word of ``query``, with the words marked.

    Four queries (two index look-ups, two fetches) whatever the corpus size.
    """
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    source_ids, results.source_total = matching_ids("sources_source", terms, limit=limit)
    claim_ids, results.claim_total = matching_ids("sources_claim", terms, limit=limit)

    sources = Source.objects.select_related("outlet").defer(
        *(f for f in HEAVY_SOURCE_FIELDS if f != "body")
    )
    by_id = {s.pk: s for s in sources.filter(pk__in=source_ids)} if source_ids else {}
    for pk in source_ids:
        if pk in by_id:
            source = by_id[pk]
            results.sources.append(
                SourceHit(
                    source=source,
                    title=match_segments(source.title, terms),
                    snippet=match_segments(excerpt(source.body, terms), terms),
                )
            )
    claims = (
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(n_sources=Count("mentions__source", distinct=True))
        .defer("match_rules", "editor_owned_fields", "verdict_explanation")
        if claim_ids
        else []
    )
    by_id_claim = {c.pk: c for c in claims}
    for pk in claim_ids:
        if pk in by_id_claim:
            claim = by_id_claim[pk]
            results.claims.append(
                ClaimHit(
                    claim=claim,
                    statement=match_segments(claim.statement, terms),
                    sources=claim.n_sources,
                )
            )
    return results


def rebuild_index_after_migrate(sender, *, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (connected in SourcesConfig.ready): see ``ensure_sqlite_index``."""
    ensure_sqlite_index(using)
