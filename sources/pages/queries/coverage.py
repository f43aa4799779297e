"""Reads for the coverage matrix: claims by a page of sources, and what the filter form offers.

"Reporter" means an outlet, or a source whose outlet is unknown. Nothing here
writes or builds HTML; every function is safe to call again.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef

from sources import limits
from sources.filters import Filters, filter_claims, filter_mentions, filter_sources
from sources.models import Claim, Mention, Outlet, Source, distinct_hedges
from sources.models.paths import claim_path, source_path
from sources.pages.queries import (
    COVERAGE_COLUMNS_PER_PAGE,
    _with_qualifier_flag,
    claim_tracks_qualifier,
)
from sources.pages.queries.memo import per_version

# A column whose article has no known publisher: the words of the `reporter` template filter.
UNKNOWN_OUTLET = "Unknown outlet"


@dataclass(frozen=True)
class Column:
    """One article of the page's columns: what its header and its cells' labels say."""

    pk: int
    title: str
    reporter: str  # its outlet's name, or "Unknown outlet"
    published: date | None
    published_precision: str
    url: str


@dataclass
class Cell:
    """One article's mentions of one claim, as its cell shows them.

    ``stances`` are those of the mentions the filters let through, and the cell
    links to the first of them (``mention_id``, ``href``); ``qualifiers`` are
    the hedges the article kept in any of its mentions of the claim, so whether
    it kept the qualifier never depends on a stance filter.
    """

    column: Column
    mention_id: int
    href: str
    stances: list[str]
    qualifiers: list[str]


@dataclass
class CoverageRow:
    """A claim and its cells, one per column: ``None`` where the article does not report it."""

    pk: int
    slug: str
    statement: str
    kind_label: str
    url: str
    tracks_qualifier: bool
    cells: list[Cell | None]

    @property
    def reported(self) -> bool:
        return any(self.cells)


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
    page: Page  # the page of sources shown as columns; its object_list are Columns
    rows: list[CoverageRow]
    total_sources: int
    total_claims: int
    carried: list[CarriedFilter] = field(default_factory=list)


def carried_filters(
    filters: Filters, *, claims: Iterable = (), sources: Iterable = ()
) -> list[CarriedFilter]:
    """The active claim, article and date filters, each with the query string that drops it.

    ``claims`` (anything with ``slug`` and ``statement``) and ``sources`` (with
    ``pk`` and ``title``) are what the page already loaded, used only to name a
    filter (``named``); the reader's labels are written by
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
    last) then origin, claims in the order they were added. It all changes only
    on a write, so it is read once per data version (memo.py), keyed by the
    filters (the article count and the claims) and by the page number (its
    articles and their cells): five queries on a fresh data version, none after.
    """
    # The filters, hashed: a long query string would make a cache key too long to be portable.
    key = hashlib.blake2b(filters.querystring().encode(), digest_size=12).hexdigest()
    total, claims = per_version(f"coverage-frame:{key}", lambda: _frame(filters))
    paginator = Paginator(range(total), COVERAGE_COLUMNS_PER_PAGE)
    number = paginator.get_page(page).number  # any page parameter becomes a valid number
    fields, found = per_version(
        f"coverage-page:{key}:{number}", lambda: _page_cells(filters, paginator, number)
    )
    columns = [Column(*f, url=source_path(f[0])) for f in fields]
    rows = [
        CoverageRow(
            pk, slug, statement, kind_label, claim_path(slug), tracks, [None] * len(columns)
        )
        for pk, slug, statement, kind_label, tracks in claims
    ]
    row_of = {row.pk: row for row in rows}
    for claim_id, n, mention_id, part_query, stances, qualifiers in found:
        if (row := row_of.get(claim_id)) is not None:
            column = columns[n]
            row.cells[n] = Cell(
                column=column,
                mention_id=mention_id,
                href=f"{column.url}{part_query}#mention-{mention_id}",
                stances=stances,
                qualifiers=qualifiers,
            )
    return CoverageMatrix(
        page=Page(columns, number, paginator),
        rows=rows,
        total_sources=total,
        total_claims=len(rows),
        carried=carried_filters(filters, claims=rows, sources=columns),
    )


def _ordered_sources(filters: Filters):
    return filter_sources(Source.objects.all(), filters).order_by(
        F("published").asc(nulls_last=True), "origin", "pk"
    )


def _frame(filters: Filters) -> tuple[int, list[tuple[int, str, str, str, bool]]]:
    """How many articles match, and the claims as rows: (id, slug, statement, kind, tracks
    the qualifier). Two queries."""
    claims = (
        _with_qualifier_flag(filter_claims(Claim.objects.all(), filters))
        .only("pk", "slug", "statement", "kind", "match_rules")
        .order_by("pk")
    )
    rows = [
        (c.pk, c.slug, c.statement, c.get_kind_display(), claim_tracks_qualifier(c)) for c in claims
    ]
    return _ordered_sources(filters).count(), rows


def _page_cells(filters: Filters, paginator: Paginator, number: int) -> tuple[list, list]:
    """A page of matching articles and the cells they fill. Two queries.

    The articles, in order, as Column's fields but the URL; the cells as
    (claim id, column number, first shown mention id, its part's query string,
    stances shown, hedges kept), only where the article reports the claim.
    """
    start = (number - 1) * paginator.per_page
    fields = [
        (pk, title, outlet or UNKNOWN_OUTLET, published, precision)
        for pk, title, outlet, published, precision in _ordered_sources(filters)[
            start : start + paginator.per_page
        ].values_list("pk", "title", "outlet__name", "published", "published_precision")
    ]
    position = {f[0]: n for n, f in enumerate(fields)}
    # Every stance is read, so a cell knows whether its article kept the qualifier
    # anywhere; the stance filter then picks which mentions the cell shows.
    mentions = (
        filter_mentions(
            Mention.objects.published().filter(source__in=list(position)),
            replace(filters, stances=()),
        )
        .order_by("start", "pk")
        .values_list("pk", "claim_id", "source_id", "stance", "qualifier", "start")
    )
    found: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for mention in mentions:
        found[(mention[1], mention[2])].append(mention)
    cells = []
    for (claim_id, source_id), every in found.items():
        shown = [m for m in every if m[3] in filters.stances] if filters.stances else every
        if shown:
            first_id, first_start = shown[0][0], shown[0][5]
            cells.append(
                (
                    claim_id,
                    position[source_id],
                    first_id,
                    limits.part_query(max(0, first_start or 0)),
                    Mention.Stance.ordered(m[3] for m in shown),
                    distinct_hedges(m[4] for m in every),
                )
            )
    return fields, cells


def filter_choices() -> dict:
    """What the filter form offers: claim kinds, stances and the outlets that have sources.

    The outlets are read once per data version (one query then, none after).
    """
    return {
        "kinds": Claim.Kind.choices,
        "stances": Mention.Stance.choices,
        "outlets": per_version("coverage-outlet-choices", _outlets_with_sources),
    }


def _outlets_with_sources() -> list[tuple[str, str]]:
    return list(
        Outlet.objects.filter(Exists(Source.objects.filter(outlet=OuterRef("pk"))))
        .order_by("name")
        .values_list("slug", "name")
    )
