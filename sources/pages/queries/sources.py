"""Reads for the source pages: the list of articles and one article with its mentions marked.

Nothing here writes or builds HTML; every function is safe to call again.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404

from sources import limits
from sources.filters import Filters, filter_sources
from sources.highlight import Segment, paragraphs, segment_text
from sources.models import Citation, Mention, Source, claim_path, outlet_path, source_path
from sources.pages.queries import CITED_BY_LIMIT, SOURCES_PER_PAGE
from sources.pages.queries.memo import per_version

# Citations one source page lists (an article rarely credits more than a handful).
CITATIONS_LIMIT = 200
_BEYOND = 2**62


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One line of the sources list: what it shows and where it links, nothing more."""

    pk: int
    title: str
    published: date | None
    published_precision: str
    word_count: int
    outlet: str | None  # the outlet's name; None when unknown
    url: str
    outlet_url: str


def sources_page(*, filters: Filters, page: object) -> Page:
    """A page of sources matching ``filters``, newest first, as ``SourceRow``s.

    Two queries (the count, the page's rows); one when the count of these filters was
    already taken for this data version. Bad or too-large page numbers give a valid page.
    """
    sources = filter_sources(Source.objects.all(), filters).order_by(
        F("published").desc(nulls_last=True), "title", "pk"
    )
    paginator = Paginator(sources, SOURCES_PER_PAGE)
    # Every page of a filter counts the same rows: counted once per data version.
    paginator.count = per_version(f"source-count:{filters.querystring()}", sources.count)
    page_obj = paginator.get_page(page)
    rows = page_obj.object_list.values_list(
        "pk", "title", "published", "published_precision", "word_count", "outlet__name",
        "outlet__slug",
    )  # fmt: skip
    page_obj.object_list = [
        SourceRow(
            pk=pk,
            title=title,
            published=published,
            published_precision=precision,
            word_count=words,
            outlet=outlet,
            url=source_path(pk),
            outlet_url=outlet_path(slug) if slug else "",
        )
        for pk, title, published, precision, words, outlet, slug in rows
    ]
    return page_obj


@dataclass(slots=True)
class MarkedMention:
    """A mention as the source page marks and lists it: offsets, stance, its claim's words
    and link (narrow rows, no model instances). ``stale``: its offsets no longer slice back
    to its quote in the text, so it is listed but not marked."""

    pk: int
    field: str
    start: int
    end: int
    quote: str
    stance: str
    qualifier: str
    reviewed: bool
    claim_url: str
    claim_statement: str
    stale: bool = False

    @property
    def in_body(self) -> bool:
        return (self.field or Mention.Field.BODY) == Mention.Field.BODY


@dataclass
class SourceDetail:
    source: Source
    # The mentions this part of the article lists: those starting in it (all of them
    # when the article is one part), at most limits.source_part_mentions().
    mentions: list[MarkedMention]
    citations: list[Citation]
    cited_by: list[Citation]
    cited_by_count: int
    # The part's text cut into paragraphs of segments, mentions marked (see sources.highlight).
    paragraphs: list[list[Segment]] = field(default_factory=list)
    # The headline and the dek cut the same way, their mentions marked (every part shows them).
    title_segments: list[Segment] = field(default_factory=list)
    dek_segments: list[Segment] = field(default_factory=list)
    # Every mention of the article, in all its parts.
    mention_count: int = 0
    part: int = 1
    parts: int = 1
    # More mentions in this part than one page shows: the rest are neither listed nor marked.
    mentions_cut: bool = False
    # More citations than one page lists.
    citations_cut: bool = False

    @property
    def part_numbers(self) -> range:
        return range(1, self.parts + 1)

    @property
    def previous_part(self) -> int | None:
        return self.part - 1 if self.part > 1 else None

    @property
    def next_part(self) -> int | None:
        return self.part + 1 if self.part < self.parts else None


def _part_number(value: object, parts: int) -> int:
    """``?part=`` as a part that exists: bad or out-of-range values give the nearest one."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), parts)


def _snap(body: str, at: int, *, backward: bool) -> int:
    """``at`` moved to the nearest paragraph break (else space) within a tenth of a part,
    outward, so a part starts and ends between paragraphs; ``at`` itself when none is near."""
    if at <= 0 or at >= len(body):
        return min(max(at, 0), len(body))
    slack = max(1, limits.source_part_chars() // 10)
    for mark in ("\n", " "):
        if backward:
            found = body.rfind(mark, max(0, at - slack), at)
            if found >= 0:
                return found + 1
        else:
            found = body.find(mark, at, at + slack)
            if found >= 0:
                return found
    return at


def _citations(source: Source) -> tuple[list[Citation], list[Citation], int]:
    """What ``source`` cites (at most CITATIONS_LIMIT + 1), who cites it (the first
    CITED_BY_LIMIT) and how many cite it. Two queries, three when more than
    CITED_BY_LIMIT cite it."""
    citations = list(
        Citation.objects.filter(source=source)
        .select_related("cited_outlet", "cited_source")
        .only(
            "pk",
            "kind",
            "cited_title",
            "cited_url",
            "text",
            "cited_outlet__name",
            "cited_outlet__slug",
            "cited_source__title",
        )  # fmt: skip
        .order_by("pk")[: CITATIONS_LIMIT + 1]
    )
    cited_by_qs = Citation.objects.filter(cited_source=source).exclude(source=source)
    cited_by = list(
        cited_by_qs.select_related("source__outlet")
        .only("pk", "kind", "source__title", "source__outlet__name")
        .order_by("source__published", "pk")[:CITED_BY_LIMIT]
    )
    # Only count when the list was cut, so the usual article costs one query less.
    cited_by_count = len(cited_by) if len(cited_by) < CITED_BY_LIMIT else cited_by_qs.count()
    return citations, cited_by, cited_by_count


def source_with_mentions(*, pk: int, part: object = None) -> SourceDetail:
    """One source, one part of its body with its mentions marked, its citations and who
    cites it.

    A body longer than ``limits.source_part_chars()`` is shown in parts (``part``: 1, 2,
    ...); a mention belongs to the part its start falls in (``limits.part_of``), which is
    where its URL points. Each part shows its own range plus the rest of the paragraphs at
    its edges, so every mention starting in it is marked. Two queries (the source, the
    part's mentions), and a bounded amount of text and mentions whatever the article
    holds; its count of mentions (one query) and its citations both ways (two, three
    when more than CITED_BY_LIMIT cite it) are read once per data version. Raises Http404
    for an unknown id.
    """
    source = get_object_or_404(
        Source.objects.select_related("outlet").defer(
            "raw_input", "editor_owned_fields", "outlet__aliases", "outlet__description"
        ),
        pk=pk,
    )
    body = source.body
    parts = limits.part_count(len(body))
    number = _part_number(part or 1, parts)
    size = limits.source_part_chars()
    own_start, own_end = (number - 1) * size, number * size
    window = (_snap(body, own_start, backward=True), _snap(body, own_end, backward=False))
    if number == parts:
        own_end = _BEYOND  # the last part also lists mentions left past the end of the body
    owned = Q(start__gte=own_start, start__lt=own_end)
    in_body = Q(field=Mention.Field.BODY)
    # The headline's and the dek's mentions head every part (ordered first: "body" sorts first
    # by name, so they are put before it by a sort in Python below).
    heading = ~in_body
    cap = limits.source_part_mentions()
    rows = (
        Mention.objects.published()
        .filter(
            (in_body & (Q(start__lt=window[1], end__gt=window[0]) | owned)) | heading,
            source=source,
        )
        .order_by("start", "end", "pk")
        .values_list(
            "pk",
            "field",
            "start",
            "end",
            "quote",
            "stance",
            "qualifier",
            "reviewed",
            "claim__slug",
            "claim__statement",
        )[: cap + 1]  # fmt: skip
    )
    fetched = [
        MarkedMention(*row[:8], claim_url=claim_path(row[8]), claim_statement=row[9])
        for row in rows
    ]
    reading_order = {Mention.Field.TITLE: 0, Mention.Field.DEK: 1}
    fetched.sort(key=lambda m: reading_order.get(m.field, 2))  # stable: start order kept
    mentions_cut = len(fetched) > cap
    fetched = fetched[:cap]
    for mention in fetched:
        text = getattr(source, mention.field or Mention.Field.BODY) or ""
        mention.stale = text[mention.start : mention.end] != mention.quote
    mention_count = per_version(
        f"source-mention-count:{source.pk}",
        lambda: Mention.objects.published().filter(source=source).count(),
    )
    citations, cited_by, cited_by_count = per_version(
        f"source-citations:{source.pk}", lambda: _citations(source)
    )
    marked = [m for m in fetched if not m.stale]
    # The headline's and dek's mentions are listed with the first part (they are marked in all).
    listed = [m for m in fetched if (own_start <= m.start < own_end if m.in_body else number == 1)]
    return SourceDetail(
        paragraphs=paragraphs(segment_text(body, [m for m in marked if m.in_body], window=window)),
        title_segments=segment_text(
            source.title, [m for m in marked if m.field == Mention.Field.TITLE]
        ),
        dek_segments=segment_text(source.dek, [m for m in marked if m.field == Mention.Field.DEK]),
        source=source,
        mentions=listed,
        citations=citations[:CITATIONS_LIMIT],
        cited_by=cited_by,
        cited_by_count=cited_by_count,
        mention_count=mention_count,
        part=number,
        parts=parts,
        mentions_cut=mentions_cut,
        citations_cut=len(citations) > CITATIONS_LIMIT,
    )
