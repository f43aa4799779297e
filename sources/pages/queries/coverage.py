"""Reads for the coverage matrix: claims by a page of sources, and what the filter form offers.

"Reporter" means an outlet, or a source whose outlet is unknown. Nothing here
writes or builds HTML; every function is safe to call again.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef

from sources.filters import Filters, filter_claims, filter_mentions, filter_sources
from sources.models import Claim, Mention, Outlet, Source, distinct_hedges
from sources.pages.queries import (
    COVERAGE_COLUMNS_PER_PAGE,
    _page,
    _with_qualifier_flag,
    claim_tracks_qualifier,
)


@dataclass
class Cell:
    """One article's mentions of one claim.

    ``mentions`` are those the filters let through (what the cell shows and
    links to); ``all_mentions`` are every mention of the claim in the article,
    so whether the article kept the qualifier never depends on a stance filter.
    """

    source: Source
    mentions: list[Mention] = field(default_factory=list)
    all_mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention | None:
        return self.mentions[0] if self.mentions else None

    @property
    def stances(self) -> list[str]:
        return Mention.Stance.ordered(m.stance for m in self.mentions)

    @property
    def qualifiers(self) -> list[str]:
        mentions = self.all_mentions or self.mentions
        return distinct_hedges(m.qualifier for m in mentions)


@dataclass
class CoverageRow:
    claim: Claim
    tracks_qualifier: bool
    cells: list[Cell]


@dataclass
class CarriedFilter:
    """A filter the coverage form has no control for (claim, article, dates).

    The form carries it as a hidden input (``name``/``value``) so changing a
    checkbox keeps it; ``remove_query`` is the query string without it.
    ``named`` is what the page already knows to call it (the claim's
    statement, the article's title), empty when the filter names nothing
    loaded; ``label`` is the reader's text, filled in by
    ``sources.pages.labels.label_carried``.
    """

    name: str
    value: str
    remove_query: str
    named: str = ""
    label: str = ""


@dataclass
class CoverageMatrix:
    page: Page  # the page of sources shown as columns
    rows: list[CoverageRow]
    total_sources: int
    total_claims: int
    carried: list[CarriedFilter] = field(default_factory=list)


def carried_filters(
    filters: Filters, *, claims: Iterable[Claim] = (), sources: Iterable[Source] = ()
) -> list[CarriedFilter]:
    """The active claim, article and date filters, each with the query string that drops it.

    ``claims`` and ``sources`` are objects already loaded for the page, used
    only to name a filter (``named``); the reader's labels are written by
    ``sources.pages.labels``. No database access.
    """
    statements = {c.slug: c.statement for c in claims}
    titles = {s.pk: s.title for s in sources}
    carried = []
    for slug in filters.claims:
        rest = replace(filters, claims=tuple(c for c in filters.claims if c != slug))
        carried.append(
            CarriedFilter("claim", slug, rest.querystring(), named=statements.get(slug, ""))
        )
    for pk in filters.sources:
        rest = replace(filters, sources=tuple(p for p in filters.sources if p != pk))
        carried.append(
            CarriedFilter("source", str(pk), rest.querystring(), named=titles.get(pk, ""))
        )
    for name in ("published_after", "published_before"):
        day = getattr(filters, name)
        if day:
            rest = replace(filters, **{name: None})
            carried.append(CarriedFilter(name, day.isoformat(), rest.querystring()))
    return carried


def coverage_matrix(*, filters: Filters, page: object) -> CoverageMatrix:
    """Claims (rows) by a page of sources (columns), each cell the source's mentions.

    Same filters and ordering as the coverage export: sources by date (undated
    last) then origin, claims in the order they were added. Four queries.
    """
    sources = filter_sources(Source.objects.light(), filters).order_by(
        F("published").asc(nulls_last=True), "origin", "pk"
    )
    page_obj = _page(sources, number=page, per_page=COVERAGE_COLUMNS_PER_PAGE)
    columns = list(page_obj.object_list)
    claims = list(
        _with_qualifier_flag(filter_claims(Claim.objects.all(), filters))
        .defer("verdict_explanation", "editor_owned_fields")
        .order_by("pk")
    )
    # Every stance is read, so a cell knows whether its article kept the qualifier
    # anywhere; the stance filter then picks which mentions the cell shows.
    mentions = (
        filter_mentions(
            Mention.objects.published().filter(source__in=[s.pk for s in columns]),
            replace(filters, stances=()),
        )
        .only("id", "claim_id", "source_id", "stance", "qualifier", "start")
        .order_by("start", "pk")
    )
    found: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for mention in mentions:
        found[(mention.claim_id, mention.source_id)].append(mention)

    def cell(claim: Claim, source: Source) -> Cell:
        every = found.get((claim.pk, source.pk), [])
        shown = [m for m in every if m.stance in filters.stances] if filters.stances else every
        return Cell(source=source, mentions=shown, all_mentions=every)

    rows = [
        CoverageRow(
            claim=claim,
            tracks_qualifier=claim_tracks_qualifier(claim),
            cells=[cell(claim, s) for s in columns],
        )
        for claim in claims
    ]
    return CoverageMatrix(
        page=page_obj,
        rows=rows,
        total_sources=page_obj.paginator.count,
        total_claims=len(claims),
        carried=carried_filters(filters, claims=claims, sources=columns),
    )


def filter_choices() -> dict:
    """What the filter form offers: claim kinds, stances and the outlets that have sources."""
    return {
        "kinds": Claim.Kind.choices,
        "stances": Mention.Stance.choices,
        "outlets": list(
            Outlet.objects.filter(Exists(Source.objects.filter(outlet=OuterRef("pk"))))
            .order_by("name")
            .values_list("slug", "name")
        ),
    }
