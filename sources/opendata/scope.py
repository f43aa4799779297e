"""The rows the open data's filters pick: the reader filters plus full-text ``q``.

The exports and the API read their rows through these functions, so a filter
means the same in both. ``q`` uses the site's own search index (whole words,
stemmed, every word required), as the search page does: a claim matches by its
slug and statement, a source by its title, dek and body, a mention when its
claim or its source matches, an event when one of its claims or sources does.
The index is read inside the one SQL query (a subquery), never row by row.

Mentions are what readers see (``Mention.objects.published()``: no draft claim's, no
unreviewed low-confidence automatic link) unless the caller asks for the held links
too (``published=all`` on the mentions export and API, for fact-checkers' audits).
Builds QuerySets only; no writes.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from sources.filters import Filters, filter_claims, filter_mentions, filter_sources
from sources.highlight import query_terms
from sources.models import Claim, Mention, Source
from sources.pages.queries.search import (
    PG_CLAIM_DOCUMENT,
    PG_SOURCE_DOCUMENT,
    SQLITE_INDEXES,
    _fts5_match,
)
from timeline.filters import filter_events
from timeline.models import Event


def text_matches(table: str, q: str) -> RawSQL:
    """The ids of ``table`` (sources_source or sources_claim) whose indexed text has every
    word of ``q``, as a subquery for ``pk__in``. Only the words reach the database."""
    terms = query_terms(q)
    if connection.vendor == "sqlite":
        fts, _columns = SQLITE_INDEXES[table]
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [_fts5_match(terms)])
    if connection.vendor == "postgresql":
        # The very expression of the GIN index, so the planner uses it.
        document = PG_SOURCE_DOCUMENT if table == "sources_source" else PG_CLAIM_DOCUMENT
        return RawSQL(
            f"SELECT id FROM {table} WHERE {document} @@ plainto_tsquery('english'::regconfig, %s)",
            [" ".join(terms)],
        )
    raise NotImplementedError(f"No search index for {connection.vendor}")


# ``published=all``: the held links too (the mentions export and API only).
PUBLISHED_ALL = "all"
PUBLISHED_PARAMETER = {
    "published": f"mentions only: {PUBLISHED_ALL} to include the automatic links held for "
    "review (unreviewed, under the confidence threshold); by default only what readers see"
}


def held_links_asked(params) -> tuple[bool, list[str]]:
    """Whether ``params`` (a QueryDict) asks for the held links too, and any error."""
    raw = params.get("published", "")
    if raw in ("", PUBLISHED_ALL):
        return raw == PUBLISHED_ALL, []
    return False, [f"published must be {PUBLISHED_ALL!r} (or absent), not {raw!r}"]


def mentions(filters: Filters, *, include_held: bool = False) -> QuerySet[Mention]:
    """Mentions matching ``filters`` that readers see (with ``include_held``, also the
    links held for review); with ``q``, those whose claim or source matches it."""
    base = Mention.objects.all() if include_held else Mention.objects.published()
    rows = filter_mentions(base, filters)
    if filters.q:
        rows = rows.filter(
            Q(claim_id__in=text_matches("sources_claim", filters.q))
            | Q(source_id__in=text_matches("sources_source", filters.q))
        )
    return rows


def claims(filters: Filters) -> QuerySet[Claim]:
    """Claims matching ``filters``; with ``q``, those whose own text matches it."""
    rows = filter_claims(Claim.objects.all(), filters)
    if filters.q:
        rows = rows.filter(pk__in=text_matches("sources_claim", filters.q))
    return rows


def sources(filters: Filters) -> QuerySet[Source]:
    """Sources matching ``filters``; with ``q``, those whose text matches it."""
    rows = filter_sources(Source.objects.all(), filters)
    if filters.q:
        rows = rows.filter(pk__in=text_matches("sources_source", filters.q))
    return rows


def events(filters: Filters) -> QuerySet[Event]:
    """Events matching ``filters``; with ``q``, those with a matching claim or source."""
    rows = filter_events(Event.objects.all(), filters)
    if filters.q:
        matching = Event.objects.filter(
            Q(claims__in=text_matches("sources_claim", filters.q))
            | Q(sources__in=text_matches("sources_source", filters.q))
        )
        rows = rows.filter(pk__in=matching.values("pk"))
    return rows
