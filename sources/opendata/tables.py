"""Every table a reader can see, as rows for fact-checkers: CSV, JSON and XLSX.

``build_export(table=..., filters=..., base_url=...)`` returns an ``Export``: the
column names and a lazy iterator of row dicts (keys in column order). The rows
come from ``.iterator(chunk_size=...)`` over one query per table (plus one
prefetch per chunk for the small claim and event tables), so memory stays flat
and the query count does not grow with the number of rows. The writers below
turn an ``Export`` into CSV or JSON text chunks (for a streaming response or a
file) or an XLSX workbook. Nothing here writes to the database; every function
is safe to call again.

Provenance: every mention row carries the source's origin (its ingestion key),
the article URL when known, and the quote's character offsets into the
source's cleaned text, so ``body[start:end] == quote`` can be checked.

Spreadsheet safety (OWASP "CSV injection"): in CSV and XLSX a text cell that
starts with ``=``, ``+``, ``-``, ``@`` (or their fullwidth forms ``＝＋－＠``),
also after leading spaces (NBSP and other Unicode spaces included) or control
characters, or that starts with tab or carriage return, gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a
formula (``neutralise``, shared by both writers). XLSX drops the control
characters Excel cannot store before that check. Numbers stay numbers. JSON
keeps the exact text.
"""

import csv
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db.models import Count, F, Min, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from sources.filters import (
    Filters,
    filter_claims,
    filter_events,
    filter_mentions,
    filter_sources,
)
from sources.models import Claim, Entity, Mention, Source, distinct_hedges
from timeline.models import Event

CHUNK_SIZE = 2000
FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A text cell starting with one of these is read as a formula (tab and CR by some
# importers); the fullwidth forms are read as formulas by Excel too.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# ...also after leading whitespace (str.isspace: NBSP, ideographic and other
# Unicode spaces, line breaks), control characters or invisible format characters.
_FORMULA_AFTER_BLANKS = re.compile(
    r"[\s\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]"
)
LIST_SEPARATOR = "; "
# Excel refuses longer cells; a longer sentence is cut rather than failing the download.
XLSX_MAX_CELL = 32767
_CSV_BATCH_CHARS = 64 * 1024


@dataclass
class Export:
    """One table ready to write: ``columns`` in order, ``rows`` a one-shot iterator of dicts."""

    table: str
    columns: list[str]
    rows: Iterator[dict[str, Any]]


class Links:
    """Absolute links to pages and API resources, computed once per export.

    Calling reverse() for every one of 100,000 rows would dominate the export,
    so each URL pattern is reversed once with a placeholder and filled in per row.
    """

    _INT = 987654321
    _SLUG = "placeholder-7f3a"

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self._source = self._template("sources:source_detail", self._INT)
        self._claim = self._template("sources:claim_detail", self._SLUG)
        self._outlet = self._template("sources:outlet_detail", self._SLUG)
        self._timeline = self.base + reverse("timeline:timeline")
        self._api_claim = self._template("api:claim_detail", self._SLUG)
        self._api_source = self._template("api:source_detail", self._INT)
        self._api_outlet = self._template("api:outlet_detail", self._SLUG)

    def _template(self, name: str, placeholder: int | str) -> str:
        return self.base + reverse(name, args=[placeholder]).replace(str(placeholder), "{}")

    def absolute(self, path: str) -> str:
        return self.base + path

    def source(self, pk: int) -> str:
        return self._source.format(pk)

    def mention(self, source_pk: int, mention_pk: int) -> str:
        return f"{self._source.format(source_pk)}#mention-{mention_pk}"

    def claim(self, slug: str) -> str:
        return self._claim.format(slug)

    def outlet(self, slug: str) -> str:
        return self._outlet.format(slug)

    def event(self, slug: str) -> str:
        return f"{self._timeline}#event-{slug}"

    def api_claim(self, slug: str) -> str:
        return self._api_claim.format(slug)

    def api_source(self, pk: int) -> str:
        return self._api_source.format(pk)

    def api_outlet(self, slug: str) -> str:
        return self._api_outlet.format(slug)


# --- Row iterators: one per table -------------------------------------------------

MENTION_COLUMNS = [
    "claim_slug",
    "claim",
    "claim_kind",
    "source_origin",
    "source_title",
    "source_url",
    "outlet",
    "published",
    "quote",
    "start",
    "end",
    "sentence",
    "qualifier",
    "variant",
    "stance",
    "method",
    "reviewed",
    "verdict",
    "mention_id",
    "claim_id",
    "source_id",
    "outlet_slug",
    "mention_url",
    "source_page",
    "claim_url",
]


def mention_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per mention matching ``filters``, grouped by claim, then source, then offset.

    A single values() query streamed in chunks: no model instances, and the
    sources' bodies and raw bytes are never fetched. The order follows the
    (claim, source, start, end) unique index, so the database can send the
    first rows without sorting the whole table first.
    """
    mentions = (
        filter_mentions(Mention.objects.all(), filters)
        .order_by("claim_id", "source_id", "start", "end")
        .values_list(
            "claim__slug",
            "claim__statement",
            "claim__kind",
            "source__origin",
            "source__title",
            "source__url",
            "source__outlet__name",
            "source__published",
            "quote",
            "start",
            "end",
            "sentence",
            "qualifier",
            "variant",
            "stance",
            "method",
            "reviewed",
            "claim__verdict",
            "pk",
            "claim_id",
            "source_id",
            "source__outlet__slug",
        )
    )
    for values in mentions.iterator(chunk_size=CHUNK_SIZE):
        row = dict(zip(MENTION_COLUMNS, values, strict=False))
        row["outlet"] = row["outlet"] or ""
        row["outlet_slug"] = row["outlet_slug"] or ""
        row["mention_url"] = links.mention(row["source_id"], row["mention_id"])
        row["source_page"] = links.source(row["source_id"])
        row["claim_url"] = links.claim(row["claim_slug"])
        yield row


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
]


def _mention_filters(filters: Filters) -> Filters:
    """The filters that pick mentions (not claims): counts honour them."""
    return Filters(
        outlets=filters.outlets,
        stances=filters.stances,
        sources=filters.sources,
        published_after=filters.published_after,
        published_before=filters.published_before,
    )


def annotate_claim_counts(claims: QuerySet[Claim], *, filters: Filters) -> QuerySet[Claim]:
    """Add per-claim counts over the mentions matching ``filters`` (one SQL query).

    ``sources_reporting``/``supporting``/``disputing``/``mentioning``/``with_qualifier``
    count distinct sources; ``mention_count`` counts mentions; ``first_reported``
    is the earliest publication date among them. Each is a correlated subquery
    that reuses ``filter_mentions``, so the counts agree with the mentions export.
    """
    scope = _mention_filters(filters)

    def matching(**conditions) -> QuerySet[Mention]:
        mentions = Mention.objects.filter(claim=OuterRef("pk"), **conditions)
        return filter_mentions(mentions, scope).order_by().values("claim")

    def count_sources(**conditions):
        counted = matching(**conditions).annotate(n=Count("source", distinct=True)).values("n")
        return Coalesce(Subquery(counted), Value(0))

    return claims.annotate(
        sources_reporting=count_sources(),
        supporting=count_sources(stance=Mention.Stance.SUPPORTS),
        disputing=count_sources(stance=Mention.Stance.DISPUTES),
        mentioning=count_sources(stance=Mention.Stance.MENTIONS),
        with_qualifier=Coalesce(
            Subquery(
                matching()
                .exclude(qualifier="")
                .annotate(n=Count("source", distinct=True))
                .values("n")
            ),
            Value(0),
        ),
        mention_count=Coalesce(Subquery(matching().annotate(n=Count("pk")).values("n")), Value(0)),
        first_reported=Subquery(
            matching().annotate(first=Min("source__published")).values("first")
        ),
    )


def claim_counts(claim: Claim) -> dict[str, int]:
    """The counts ``annotate_claim_counts`` added, under the names exports and the API use."""
    return {
        "sources_reporting": claim.sources_reporting,
        "supporting": claim.supporting,
        "disputing": claim.disputing,
        "mentioning": claim.mentioning,
        "with_qualifier": claim.with_qualifier,
        "mentions": claim.mention_count,
    }


def claim_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per claim matching ``filters``, with source counts under the same filters."""
    claims = (
        annotate_claim_counts(filter_claims(Claim.objects.all(), filters), filters=filters)
        .select_related("speaker")
        .prefetch_related(
            Prefetch("subjects", queryset=Entity.objects.order_by("name").only("name"))
        )
    )
    mentions_csv = links.absolute(reverse("export", kwargs={"table": "mentions", "fmt": "csv"}))
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
        }


SOURCE_COLUMNS = [
    "source_id",
    "source_origin",
    "source_title",
    "source_url",
    "outlet",
    "outlet_slug",
    "authors",
    "published",
    "published_precision",
    "language",
    "word_count",
    "claims",
    "mentions",
    "ingested_at",
    "source_page",
    "api_url",
]


def annotate_source_counts(sources: QuerySet[Source], *, filters: Filters) -> QuerySet[Source]:
    """Add ``claim_count`` and ``mention_count`` over the mentions matching ``filters``."""

    def matching() -> QuerySet[Mention]:
        mentions = Mention.objects.filter(source=OuterRef("pk"))
        return filter_mentions(mentions, filters).order_by().values("source")

    return sources.annotate(
        claim_count=Coalesce(
            Subquery(matching().annotate(n=Count("claim", distinct=True)).values("n")), Value(0)
        ),
        mention_count=Coalesce(Subquery(matching().annotate(n=Count("pk")).values("n")), Value(0)),
    )


def source_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per source matching ``filters``, newest first; bodies are not exported."""
    sources = (
        annotate_source_counts(filter_sources(Source.objects.all(), filters), filters=filters)
        .order_by(F("published").desc(nulls_last=True), "origin")
        .values_list(
            "pk",
            "origin",
            "title",
            "url",
            "outlet__name",
            "outlet__slug",
            "authors",
            "published",
            "published_precision",
            "language",
            "word_count",
            "claim_count",
            "mention_count",
            "ingested_at",
        )
    )
    for values in sources.iterator(chunk_size=CHUNK_SIZE):
        row = dict(zip(SOURCE_COLUMNS, values, strict=False))
        row["outlet"] = row["outlet"] or ""
        row["outlet_slug"] = row["outlet_slug"] or ""
        row["source_page"] = links.source(row["source_id"])
        row["api_url"] = links.api_source(row["source_id"])
        yield row


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
        filter_sources(Source.objects.all(), filters)
        .order_by(F("published").asc(nulls_last=True), "origin")
        .values_list("origin", flat=True)
    )
    columns = ["claim_slug", "claim", "claim_kind", "verdict", *origins, "claim_url"]

    def rows() -> Iterator[dict[str, Any]]:
        claims = (
            filter_claims(Claim.objects.all(), filters)
            .order_by("pk")
            .values_list("pk", "slug", "statement", "kind", "verdict")
        )
        mentions = (
            filter_mentions(Mention.objects.all(), filters)
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
    events = filter_events(Event.objects.all(), filters).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("slug").only("slug")),
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
    def build(*, filters: Filters, links: Links) -> Export:
        return Export(table=table, columns=list(columns), rows=rows(filters=filters, links=links))

    return build


TABLES: dict[str, Callable[..., Export]] = {
    "mentions": _simple("mentions", MENTION_COLUMNS, mention_rows),
    "claims": _simple("claims", CLAIM_COLUMNS, claim_rows),
    "sources": _simple("sources", SOURCE_COLUMNS, source_rows),
    "coverage": coverage_table,
    "events": _simple("events", EVENT_COLUMNS, event_rows),
}


def build_export(*, table: str, filters: Filters, base_url: str) -> Export:
    """The named table under ``filters``; links are absolute under ``base_url``.

    Raises KeyError for an unknown table. Rows are read lazily: nothing is
    queried until the caller iterates (apart from the coverage column list).
    """
    return TABLES[table](filters=filters, links=Links(base_url))


def export_filename(*, table: str, fmt: str, today: date | None = None) -> str:
    """``mentions-2026-11-23.csv``."""
    return f"{table}-{(today or date.today()).isoformat()}.{fmt}"


# --- Cell values --------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A leading apostrophe for text a spreadsheet would read as a formula.

    The one check for CSV and XLSX cells (headers included). Only for text:
    numbers are written as numbers and never pass through here.
    """
    if not text:
        return text
    first = text[0]
    if first in FORMULA_TRIGGERS:
        return "'" + text
    # Cheap test first: most cells start with a letter or digit.
    if (first.isspace() or first < " " or not first.isprintable()) and (
        _FORMULA_AFTER_BLANKS.match(text)
    ):
        return "'" + text
    return text


def csv_cell(value: Any) -> Any:
    """One CSV value: text neutralised, dates ISO, booleans true/false, None empty."""
    # Exact type checks first: this runs for every cell of every row.
    cls = value.__class__
    if cls is str:
        return neutralise(value)
    if cls is int or cls is float:
        return value  # a number, negative ones included: not a formula
    if value is None:
        return ""
    if cls is bool:
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(export: Export) -> Iterator[str]:
    """The table as CSV text: the header at once, then rows in ~64 KB chunks."""
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(c) for c in export.columns])
    batch: list[str] = []
    size = 0
    for row in export.rows:
        line = writer.writerow([csv_cell(row[c]) for c in export.columns])
        batch.append(line)
        size += len(line)
        if size >= _CSV_BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_chunks(export: Export) -> Iterator[str]:
    """The table as one JSON array of objects, streamed a batch of rows at a time."""
    encoder = json.JSONEncoder(ensure_ascii=False, default=_json_default)
    yield "["
    batch: list[str] = []
    size = 0
    first = True
    for row in export.rows:
        text = encoder.encode({c: row[c] for c in export.columns})
        batch.append(("\n" if first else ",\n") + text)
        first = False
        size += len(text)
        if size >= _CSV_BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    batch.append("\n]\n")
    yield "".join(batch)


def _xlsx_cell(sheet, value: Any) -> Any:
    if value is None or value.__class__ in (int, bool, float, date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
    text = str(value)
    # Drop the control characters Excel cannot store *before* the formula check,
    # or "\x0b+3+3" would pass it and be written as "+3+3".
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    text = neutralise(text)[:XLSX_MAX_CELL]
    if text in ERROR_CODES or text.startswith("="):
        # openpyxl stores "#N/A"-like text as an error and "=..." as a formula; force
        # text (neutralise already prefixed "=", this guards any later change to it).
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_xlsx(export: Export, file: IO[bytes]) -> None:
    """Write the table as a one-sheet workbook to ``file`` (write-only mode: rows are
    spooled to a temporary file by openpyxl, not kept in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.table[:31])
    sheet.append([_xlsx_cell(sheet, c) for c in export.columns])
    for row in export.rows:
        sheet.append([_xlsx_cell(sheet, row[c]) for c in export.columns])
    workbook.save(file)


def write_export(export: Export, *, fmt: str, file: IO) -> None:
    """Write the table to an open file: text mode for csv/json, binary for xlsx."""
    if fmt == "xlsx":
        write_xlsx(export, file)
        return
    chunks = csv_chunks(export) if fmt == "csv" else json_chunks(export)
    for chunk in chunks:
        file.write(chunk)
