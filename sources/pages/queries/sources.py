"""Reads for the source pages: the list of articles and one article with its mentions marked.

Nothing here writes or builds HTML; every function is safe to call again.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import F
from django.shortcuts import get_object_or_404

from sources.filters import Filters, filter_sources
from sources.highlight import Segment, paragraphs, segment_text
from sources.models import HEAVY_SOURCE_FIELDS, Citation, Mention, Source
from sources.pages.queries import CITED_BY_LIMIT, SOURCES_PER_PAGE, _page


def sources_page(*, filters: Filters, page: object) -> Page:
    """A page of sources matching ``filters``, newest first (two queries)."""
    sources = filter_sources(Source.objects.light(), filters).order_by(
        F("published").desc(nulls_last=True), "title", "pk"
    )
    return _page(sources, number=page, per_page=SOURCES_PER_PAGE)


@dataclass
class SourceDetail:
    source: Source
    mentions: list[Mention]
    citations: list[Citation]
    cited_by: list[Citation]
    cited_by_count: int
    # Mentions whose offsets no longer slice back to their quote in the body.
    stale: list[Mention] = field(default_factory=list)
    # The body cut into paragraphs of segments, mentions marked (see sources.highlight).
    paragraphs: list[list[Segment]] = field(default_factory=list)


def source_with_mentions(*, pk: int) -> SourceDetail:
    """One source with its mentions (and their claims), citations and who cites it.

    Five queries. Raises Http404 for an unknown id.
    """
    source = get_object_or_404(Source.objects.select_related("outlet").defer("raw_input"), pk=pk)
    mentions = list(
        Mention.objects.filter(source=source)
        .select_related("claim")
        .defer("editor_owned_fields", "claim__match_rules", "claim__verdict_explanation")
        .order_by("start", "end", "pk")
    )
    citations = list(
        Citation.objects.filter(source=source)
        .select_related("cited_outlet", "cited_source")
        .defer(*(f"cited_source__{name}" for name in HEAVY_SOURCE_FIELDS))
    )
    cited_by_qs = Citation.objects.filter(cited_source=source).exclude(source=source)
    cited_by = list(
        cited_by_qs.select_related("source__outlet")
        .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("source__published", "pk")[:CITED_BY_LIMIT]
    )
    # Only count when the list was cut, so the usual page costs one query less.
    cited_by_count = len(cited_by) if len(cited_by) < CITED_BY_LIMIT else cited_by_qs.count()
    stale = [m for m in mentions if source.body[m.start : m.end] != m.quote]
    marked = [m for m in mentions if m not in stale]
    return SourceDetail(
        paragraphs=paragraphs(segment_text(source.body, marked)),
        source=source,
        mentions=mentions,
        citations=citations,
        cited_by=cited_by,
        cited_by_count=cited_by_count,
        stale=stale,
    )
