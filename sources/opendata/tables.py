"""Every table a reader can see, as rows for fact-checkers (written by writers.py).

``build_export(table=..., filters=..., base_url=...)`` returns an ``Export``: the
column names and a lazy iterator of row dicts (keys in column order). The rows
come from ``.iterator(chunk_size=...)`` over one query per table (plus one
prefetch per chunk for the small claim and event tables), so memory stays flat
and the query count does not grow with the number of rows. Nothing here writes
to the database; every function is safe to call again. The formats live in
writers.py, the counts in counts.py, the links in links.py.

Provenance: every mention row carries the source's origin (its ingestion key),
the article URL when known, and the quote's character offsets into the
source's cleaned text, so ``body[start:end] == quote`` can be checked (``field`` names
the text: "body", or "title"/"dek" for a mention in the headline or the dek).
"""

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Case, CharField, F, Prefetch, Value, When
from django.urls import reverse
from django.utils.text import slugify

from sources.filters import Filters
from sources.models import Claim, Entity, Mention, Source, distinct_hedges
from sources.opendata import scope
from sources.opendata.columns import CHUNK_SIZE, Columns, Computed, _blank
from sources.opendata.counts import (
    annotate_claim_counts,
    annotate_source_counts,
    claim_counts,
    independent_report_counts,
)
from sources.opendata.firsts import FirstRanks
from sources.opendata.links import Links
from sources.opendata.reuse import REUSE_COLUMNS, reuse_rows
from sources.opendata.writers import Export

FORMATS = ("csv", "json", "xlsx")
LIST_SEPARATOR = "; "
# File names stay short enough for every file system, whatever the filters.
_MAX_FILENAME_FILTERS = 150


# --- Row iterators: one per table -------------------------------------------------


# How a mention came to be, in SQL so the export reads it in its one query
# (the same words as ``Mention.provenance``).
PROVENANCE = Case(
    When(method=Mention.Method.EDITOR, then=Value("editor")),
    When(edited=True, then=Value("automatic, edited")),
    default=Value("automatic"),
    output_field=CharField(),
)


def _mention_columns(first_rank: Computed) -> Columns:
    """The mentions table; ``first_rank`` computes ``first_report_rank`` per row."""
    return Columns(
        ("claim_slug", "claim__slug"),
        ("claim", "claim__statement"),
        ("claim_kind", "claim__kind"),
        ("source_origin", "source__origin"),
        ("source_title", "source__title"),
        ("source_url", "source__url"),
        ("outlet", _blank("source__outlet__name")),
        ("published", "source__published"),
        ("quote", "quote"),
        ("start", "start"),
        ("end", "end"),
        ("sentence", "sentence"),
        ("qualifier", "qualifier"),
        ("variant", "variant"),
        ("stance", "stance"),
        ("method", "method"),
        ("reviewed", "reviewed"),
        ("verdict", "claim__verdict"),
        ("mention_id", "pk"),
        ("claim_id", "claim_id"),
        ("source_id", "source_id"),
        ("outlet_slug", _blank("source__outlet__slug")),
        (
            "mention_url",
            lambda row, links: links.mention(row["source_id"], row["mention_id"], row["start"]),
        ),
        ("source_page", lambda row, links: links.source(row["source_id"])),
        ("claim_url", lambda row, links: links.claim(row["claim_slug"])),
        # Last, so the columns before it keep their places: the text start/end index into.
        ("field", "field"),
        # Review provenance (issue 15 §4): who checked the row, when, how sure the linker was.
        ("reviewed_by", _blank("reviewed_by__username")),
        ("reviewed_at", "reviewed_at"),
        ("confidence", "confidence"),
        # How the story travelled (issue 16 §6): the outlet's framing verb and its place
        # in who-had-it-first for the claim (empty when its date is unknown).
        ("reporting_verb", "reporting_verb"),
        ("verb_connotation", "verb_connotation"),
        ("first_report_rank", first_rank),
        # Last as it is never empty: a streamed spreadsheet's rows then always reach the
        # last column (readers that go by the rows' length see every column).
        ("provenance", PROVENANCE),
    )


MENTION_COLUMNS = _mention_columns(lambda row, links: None).names


def mention_rows(
    *, filters: Filters, links: Links, include_held: bool = False
) -> Iterator[dict[str, Any]]:
    """One row per mention matching ``filters``, grouped by claim, then source, then offset.

    A single values() query streamed in chunks (the reviewer's name joined in): no
    model instances, and the sources' bodies and raw bytes are never fetched. The
    order follows the (claim, source, start, end) unique index, so the database can
    send the first rows without sorting the whole table first. ``include_held``
    adds the automatic links held for review (``published=all``).
    """
    mentions = scope.mentions(filters, include_held=include_held).order_by(
        "claim_id", "source_id", "start", "end"
    )
    return _mention_columns(FirstRanks(mentions)).rows(mentions, links)


CLAIM_COLUMNS = [
    "claim_slug",
    "claim",
    "claim_kind",
    "speaker",
    "subjects",
    "value",
    "unit",
    "claimed_on",
    "verdict",
    "verdict_label",
    "verdict_updated_at",
    "sources_reporting",
    "supporting",
    "disputing",
    "mentioning",
    "with_qualifier",
    "mentions",
    "first_reported",
    "claim_id",
    "claim_url",
    "api_url",
    "mentions_export",
    # After the existing columns: ``sources_reporting`` with each copy group once.
    "independent_reports",
]


def claim_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per claim matching ``filters``, with source counts under the same filters."""
    claims = (
        annotate_claim_counts(scope.claims(filters), filters=filters)
        .select_related("speaker")
        .prefetch_related(
            Prefetch("subjects", queryset=Entity.objects.order_by("name").only("name"))
        )
    )
    mentions_csv = links.absolute(reverse("export", kwargs={"table": "mentions", "fmt": "csv"}))
    independent = independent_report_counts(scope.claims(filters), filters=filters)
    for claim in claims.order_by("slug").iterator(chunk_size=CHUNK_SIZE):
        # This claim's mentions under the same filters: the rows behind its counts.
        mention_query = replace(filters, claims=(claim.slug,)).querystring()
        yield {
            "claim_slug": claim.slug,
            "claim": claim.statement,
            "claim_kind": claim.kind,
            "speaker": claim.speaker.name if claim.speaker else "",
            "subjects": LIST_SEPARATOR.join(e.name for e in claim.subjects.all()),
            "value": claim.value,
            "unit": claim.unit,
            "claimed_on": claim.claimed_on,
            "verdict": claim.verdict,
            "verdict_label": claim.get_verdict_display() if claim.verdict else "",
            "verdict_updated_at": claim.verdict_updated_at,
            **claim_counts(claim),
            "first_reported": claim.first_reported,
            "claim_id": claim.pk,
            "claim_url": links.claim(claim.slug),
            "api_url": links.api_claim(claim.slug),
            "mentions_export": f"{mentions_csv}?{mention_query}",
            "independent_reports": independent.get(claim.pk, 0),
        }


class CopyGroups:
    """Which copy group each source is in, read once per export (one query).

    ``copy_group`` is the origin of the group's original (for the original too);
    ``copies`` is how many sources copy this one (0 for a copy itself). Chains (an
    editor's copy of a copy) are followed to the original, as ``copy_roots`` does.
    """

    def __init__(self) -> None:
        links = Source.objects.filter(copy_of__isnull=False).values_list(
            "pk", "copy_of_id", "copy_of__origin"
        )
        parent, self.origins = {}, {}
        for pk, copy_of, origin in links:
            parent[pk] = copy_of
            self.origins[copy_of] = origin
        self.roots = {pk: _root(parent, pk) for pk in parent}
        self.copies = Counter(self.roots.values())

    def group(self, row: dict[str, Any], links: Links) -> str:
        root = self.roots.get(row["source_id"], row["source_id"])
        return self.origins.get(root, "")

    def count(self, row: dict[str, Any], links: Links) -> int:
        return self.copies.get(row["source_id"], 0)


def _root(parent: dict[int, int], pk: int) -> int:
    """The original ``pk`` is a copy of, following chains (and stopping on a loop)."""
    seen, node = {pk}, parent[pk]
    while node in parent and parent[node] not in seen:
        seen.add(node)
        node = parent[node]
    return node


def _source_columns(groups: CopyGroups | None) -> Columns:
    """The sources table; ``groups`` fills the copy columns (None: only the names)."""
    return Columns(
        ("source_id", "pk"),
        ("source_origin", "origin"),
        ("source_title", "title"),
        ("source_url", "url"),
        ("outlet", _blank("outlet__name")),
        ("outlet_slug", _blank("outlet__slug")),
        ("authors", "authors"),
        ("published", "published"),
        ("published_precision", "published_precision"),
        ("language", "language"),
        ("word_count", "word_count"),
        ("claims", "claim_count"),
        ("mentions", "mention_count"),
        ("ingested_at", "ingested_at"),
        ("source_page", lambda row, links: links.source(row["source_id"])),
        ("api_url", lambda row, links: links.api_source(row["source_id"])),
        # Syndication (issue 16 §2): the group a republished copy belongs to.
        ("copy_group", groups.group if groups else lambda row, links: ""),
        ("copies", groups.count if groups else lambda row, links: 0),
    )


SOURCE_COLUMNS = _source_columns(None).names


def source_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per source matching ``filters``, newest first; bodies are not exported."""
    sources = annotate_source_counts(scope.sources(filters), filters=filters).order_by(
        F("published").desc(nulls_last=True), "origin"
    )
    return _source_columns(CopyGroups()).rows(sources, links)


def coverage_cell(stances: Iterable[str], qualifiers: Iterable[str]) -> str:
    """What one source says about one claim: ``supports``, ``disputes (partly)``, ...

    A source with several mentions of one claim lists each stance once, disputes
    first; qualifiers ("partly") follow in brackets.
    """
    cell = "/".join(Mention.Stance.ordered(stances))
    marks = distinct_hedges(qualifiers)
    return f"{cell} ({', '.join(marks)})" if marks else cell


def coverage_table(*, filters: Filters, links: Links) -> Export:
    """Claims x sources: one row per claim, one column per source origin (both filtered).

    Cells are ``coverage_cell`` values, empty where the source does not report
    the claim. Claims (in the order they were added) and mentions are both read
    in claim id order and merged, so only one claim's cells are held at a time.
    """
    origins = list(
        scope.sources(filters)
        .order_by(F("published").asc(nulls_last=True), "origin")
        .values_list("origin", flat=True)
    )
    columns = ["claim_slug", "claim", "claim_kind", "verdict", *origins, "claim_url"]

    def rows() -> Iterator[dict[str, Any]]:
        claims = (
            scope.claims(filters)
            .order_by("pk")
            .values_list("pk", "slug", "statement", "kind", "verdict")
        )
        mentions = (
            scope.mentions(filters)
            .order_by("claim_id", "source_id", "start", "end")
            .values_list("claim_id", "source__origin", "stance", "qualifier")
        )
        by_claim = itertools.groupby(mentions.iterator(chunk_size=CHUNK_SIZE), key=lambda m: m[0])
        pending = next(by_claim, None)
        for pk, slug, statement, kind, verdict in claims.iterator(chunk_size=CHUNK_SIZE):
            row = dict.fromkeys(columns, "")
            row.update(claim_slug=slug, claim=statement, claim_kind=kind, verdict=verdict)
            row["claim_url"] = links.claim(slug)
            # Every matching mention's claim is a matching claim (same filters), so
            # walking both in claim id order lines the groups up with the claims.
            while pending is not None and pending[0] < pk:
                pending = next(by_claim, None)
            if pending is not None and pending[0] == pk:
                cells: dict[str, tuple[list[str], list[str]]] = {}
                for _, origin, stance, qualifier in pending[1]:
                    stances, qualifiers = cells.setdefault(origin, ([], []))
                    stances.append(stance)
                    qualifiers.append(qualifier)
                for origin, (stances, qualifiers) in cells.items():
                    if origin in row:
                        row[origin] = coverage_cell(stances, qualifiers)
                pending = next(by_claim, None)
            yield row

    return Export(table="coverage", columns=columns, rows=rows())


EVENT_COLUMNS = [
    "event_slug",
    "date",
    "date_precision",
    "title",
    "description",
    "claims",
    "source_origins",
    "source_urls",
    "entities",
    "event_id",
    "event_url",
]


def event_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per timeline event matching ``filters``, in date order."""
    events = scope.events(filters).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.published().order_by("slug").only("slug")),
        Prefetch("sources", queryset=Source.objects.order_by("origin").only("origin", "url")),
        Prefetch("entities", queryset=Entity.objects.order_by("name").only("name")),
    )
    for event in events.order_by("date", "slug").iterator(chunk_size=CHUNK_SIZE):
        sources = list(event.sources.all())
        yield {
            "event_slug": event.slug,
            "date": event.date,
            "date_precision": event.date_precision,
            "title": event.title,
            "description": event.description,
            "claims": LIST_SEPARATOR.join(c.slug for c in event.claims.all()),
            "source_origins": LIST_SEPARATOR.join(s.origin for s in sources),
            "source_urls": LIST_SEPARATOR.join(s.url for s in sources if s.url),
            "entities": LIST_SEPARATOR.join(e.name for e in event.entities.all()),
            "event_id": event.pk,
            "event_url": links.event(event.slug),
        }


def _simple(
    table: str, columns: list[str], rows: Callable[..., Iterator[dict[str, Any]]]
) -> Callable[..., Export]:
    def build(*, filters: Filters, links: Links, **options: Any) -> Export:
        rows_read = rows(filters=filters, links=links, **options)
        return Export(table=table, columns=list(columns), rows=rows_read)

    return build


TABLES: dict[str, Callable[..., Export]] = {
    "mentions": _simple("mentions", MENTION_COLUMNS, mention_rows),
    "claims": _simple("claims", CLAIM_COLUMNS, claim_rows),
    "sources": _simple("sources", SOURCE_COLUMNS, source_rows),
    "coverage": coverage_table,
    "events": _simple("events", EVENT_COLUMNS, event_rows),
    "reuse": _simple("reuse", REUSE_COLUMNS, reuse_rows),
}
# The tables that read ``published=all`` (the held links): only the mentions.
HELD_LINK_TABLES = ("mentions",)


def build_export(
    *, table: str, filters: Filters, base_url: str, include_held: bool = False
) -> Export:
    """The named table under ``filters``; links are absolute under ``base_url``.

    ``include_held`` (mentions only) adds the automatic links held for review.
    Raises KeyError for an unknown table. Rows are read lazily: nothing is
    queried until the caller iterates (apart from the coverage column list).
    """
    options = {"include_held": include_held} if table in HELD_LINK_TABLES else {}
    return TABLES[table](filters=filters, links=Links(base_url), **options)


def export_filename(
    *, table: str, fmt: str, filters: Filters | None = None, today: date | None = None
) -> str:
    """``mentions-2026-11-23.csv``; filtered, each filter as name-value before the date:
    ``mentions-claim-xai-distilled-openai-2026-12-01.xlsx``."""
    parts = [table]
    for name, value in (filters or Filters()).params():
        parts += [name, slugify(value, allow_unicode=True) or "x"]
    stem = "-".join(parts)[:_MAX_FILENAME_FILTERS].rstrip("-")
    return f"{stem}-{(today or date.today()).isoformat()}.{fmt}"
