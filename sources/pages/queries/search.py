"""Full-text search over article text and claims, backed by the database's own index.

The index itself (FTS5 tables on SQLite, GIN expression indexes on
PostgreSQL) and its upkeep live in sources/search_index.py; the queries below
use the very same expressions so the planner can use them.

Queries are reduced to their words (``query_terms``) before they reach the
database, so no user input is ever parsed as FTS5 or tsquery syntax. A term
matches whole words (with stemming), never the inside of a word the way a
LIKE scan would. Reads only; safe to call any number of times.
"""

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import connection
from django.db.models import Count

from sources.highlight import MARK_CLOSE, MARK_OPEN, Segment, marked_segments, query_terms
from sources.models import Claim, Source, published_mention_q
from sources.pages.queries.memo import per_version
from sources.search_index import PG_CLAIM_DOCUMENT, PG_SOURCE_DOCUMENT, SQLITE_INDEXES

RESULTS_PER_KIND = 20


@dataclass
class SourceHit:
    """An article that matched, as the results list shows it (plain values: they pickle
    small, so a result can be kept for its data version)."""

    pk: int
    url: str
    outlet: str  # "Unknown outlet" when unknown
    published: date | None
    published_precision: str
    title: list[Segment]
    snippet: list[Segment]


@dataclass
class ClaimHit:
    pk: int
    url: str
    kind: str  # the kind's label ("Policy clause")
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


@dataclass
class Hit:
    """One row the index matched, best first, with its text as the database highlighted it.

    ``marked`` maps a column (title, body, statement) to its text with each
    match wrapped in MARK_OPEN/MARK_CLOSE; for the body, only the best passage.
    """

    pk: int
    marked: dict[str, str]


# Words in a body passage: about the 240 characters the results list has room for.
SNIPPET_WORDS = 36


def _fts5_match(terms: list[str]) -> str:
    # Each term quoted: a phrase of one word, so nothing in it is FTS5 syntax.
    return " ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


def _sqlite_hits(table: str, terms: list[str], limit: int) -> tuple[list[Hit], int]:
    # highlight() and snippet() re-read the matched phrases from the index itself, so
    # what is marked is exactly what matched. FTS5 sorts by rank itself (no temporary
    # b-tree), so they run only for the rows within the limit.
    fts, columns = SQLITE_INDEXES[table]
    if table == "sources_source":
        marked = {
            "title": f"highlight({fts}, {columns.index('title')}, %s, %s)",
            "body": f"snippet({fts}, {columns.index('body')}, %s, %s, '…', {SNIPPET_WORDS})",
        }
    else:
        marked = {"statement": f"highlight({fts}, {columns.index('statement')}, %s, %s)"}
    match = _fts5_match(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, (SELECT count(*) FROM {fts} WHERE {fts} MATCH %s), "
            + ", ".join(marked.values())
            + f" FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT %s",
            [match, *([MARK_OPEN, MARK_CLOSE] * len(marked)), match, limit],
        )
        rows = cursor.fetchall()
    hits = [Hit(pk=row[0], marked=dict(zip(marked, row[2:], strict=True))) for row in rows]
    return hits, (rows[0][1] if rows else 0)


def _postgres_hits(table: str, terms: list[str], limit: int) -> tuple[list[Hit], int]:
    # ts_headline parses with the same configuration as the index, so it marks the
    # words the index matched; it runs only on the rows within the limit.
    document = PG_SOURCE_DOCUMENT if table == "sources_source" else PG_CLAIM_DOCUMENT
    # Ranking by the whole body would re-parse every matching article; titles
    # and statements are short, so rank by those and break ties by id.
    rank_on = "title" if table == "sources_source" else "statement"
    query = "plainto_tsquery('english'::regconfig, %s)"
    marks = f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}"'
    whole = f"HighlightAll=true, {marks}"
    passage = f"MaxFragments=1, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, {marks}"
    if table == "sources_source":
        marked = {
            "title": f"ts_headline('english'::regconfig, t.title, {query}, %s)",
            "body": f"ts_headline('english'::regconfig, t.body, {query}, %s)",
            # To tell whether the passage starts or ends the body (no "…" then).
            "head": "left(t.body, 400)",
            "tail": "right(t.body, 400)",
        }
        params = [" ".join(terms), whole, " ".join(terms), passage]
    else:
        marked = {"statement": f"ts_headline('english'::regconfig, t.statement, {query}, %s)"}
        params = [" ".join(terms), whole]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH hits AS (SELECT id, count(*) OVER () AS total, "
            f"ts_rank(to_tsvector('english'::regconfig, {rank_on}), {query}) AS rank "
            f"FROM {table} WHERE {document} @@ {query} ORDER BY rank DESC, id LIMIT %s) "
            f"SELECT hits.id, hits.total, {', '.join(marked.values())} "
            f"FROM hits JOIN {table} t ON t.id = hits.id ORDER BY hits.rank DESC, hits.id",
            [" ".join(terms), " ".join(terms), limit, *params],
        )
        rows = cursor.fetchall()
    hits = [Hit(pk=row[0], marked=dict(zip(marked, row[2:], strict=True))) for row in rows]
    for hit in hits:
        head, tail = hit.marked.pop("head", None), hit.marked.pop("tail", None)
        if "body" in hit.marked:
            hit.marked["body"] = _with_ellipses(hit.marked["body"], head=head, tail=tail)
    return hits, (rows[0][1] if rows else 0)


def _with_ellipses(passage: str, *, head: str | None, tail: str | None) -> str:
    """``passage`` with "…" where it does not reach the start or end of the text."""
    plain = " ".join(passage.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split())
    if not plain:
        return passage
    starts = " ".join((head or "").split()).startswith(plain[:40])
    ends = " ".join((tail or "").split()).endswith(plain[-40:])
    return ("" if starts else "…") + passage.strip() + ("" if ends else "…")


def matching_hits(table: str, terms: list[str], *, limit: int) -> tuple[list[Hit], int]:
    """Rows of ``table`` whose indexed text has every term, best first, and the total.

    One query. Each hit carries its text with the matches marked by the
    database itself (see ``Hit``), so highlighting agrees with matching.
    """
    if not terms:
        return [], 0
    if connection.vendor == "sqlite":
        return _sqlite_hits(table, terms, limit)
    if connection.vendor == "postgresql":
        return _postgres_hits(table, terms, limit)
    raise NotImplementedError(f"No search index for {connection.vendor}")


def matching_ids(table: str, terms: list[str], *, limit: int) -> tuple[list[int], int]:
    """Ids in ``table`` whose indexed text has every term, best first, and the total."""
    hits, total = matching_hits(table, terms, limit=limit)
    return [hit.pk for hit in hits], total


def search_results(*, query: str, limit: int = RESULTS_PER_KIND) -> SearchResults:
    """Sources and claims matching every word of ``query``, with the words marked.

    Four queries (two index look-ups, which also highlight, and two fetches)
    whatever the corpus size. Article bodies are never loaded: the database
    returns only the passage it chose around the best match.
    """
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results
    source_hits, results.source_total = matching_hits("sources_source", terms, limit=limit)
    claim_hits, results.claim_total = matching_hits("sources_claim", terms, limit=limit)

    if source_hits:
        rows = Source.objects.filter(pk__in=[h.pk for h in source_hits]).values_list(
            "pk", "outlet__name", "published", "published_precision"
        )
        by_id = {row[0]: row for row in rows}
        results.sources = [
            SourceHit(
                pk=hit.pk,
                url=Source(pk=hit.pk).get_absolute_url(),  # the model's URL needs only the id
                outlet=by_id[hit.pk][1] or "Unknown outlet",
                published=by_id[hit.pk][2],
                published_precision=by_id[hit.pk][3],
                title=marked_segments(hit.marked["title"]),
                snippet=marked_segments(hit.marked["body"]),
            )
            for hit in source_hits
            if hit.pk in by_id
        ]
    if claim_hits:
        claims = (
            Claim.objects.published()
            .filter(pk__in=[h.pk for h in claim_hits])
            .annotate(
                n_sources=Count(
                    "mentions__source", distinct=True, filter=published_mention_q("mentions__")
                )
            )
            .only("pk", "slug", "kind")
        )
        by_id_claim = {c.pk: c for c in claims}
        results.claims = [
            ClaimHit(
                pk=hit.pk,
                url=by_id_claim[hit.pk].get_absolute_url(),
                kind=by_id_claim[hit.pk].get_kind_display(),
                statement=marked_segments(hit.marked["statement"]),
                sources=by_id_claim[hit.pk].n_sources,
            )
            for hit in claim_hits
            if hit.pk in by_id_claim
        ]
    return results


def cached_search_results(*, query: str, limit: int = RESULTS_PER_KIND) -> SearchResults:
    """``search_results``, kept per data version under the query's words (so "OpenAI
    models" and "models, openai" share one entry): ranking every match costs milliseconds
    at ten thousand articles, and a search repeats until a write changes what it finds.
    Four queries the first time, none after."""
    terms = query_terms(query)
    if not terms:
        return SearchResults(query=query, terms=terms)
    words = hashlib.sha256(json.dumps(sorted(terms)).encode()).hexdigest()[:32]
    found = per_version(
        f"search:{limit}:{words}", lambda: search_results(query=" ".join(terms), limit=limit)
    )
    return replace(found, query=query)
