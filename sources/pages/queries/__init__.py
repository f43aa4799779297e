"""Reads for the reader pages: every query a page runs is built here.

Each function returns plain data or QuerySets with what the page needs
selected up front, so a page runs the same number of queries however many
sources, claims and mentions there are. Lists that grow with the corpus are
paginated. Nothing here writes; every function is safe to call again.

"Reporter" below means an outlet, or a source whose outlet is unknown: such a
source counts as an outlet of its own, so "2 of 5 outlets" never silently
drops the articles nobody has attributed yet.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from sources.filters import Filters, filter_claims, filter_mentions, filter_sources
from sources.highlight import (
    QuoteInContext,
    Segment,
    paragraphs,
    quote_in_sentence,
    segment_text,
    variant_key,
)
from sources.models import (
    HEAVY_SOURCE_FIELDS,
    Citation,
    Claim,
    Entity,
    Mention,
    Outlet,
    Source,
    distinct_hedges,
)

SOURCES_PER_PAGE = 50
MENTIONS_PER_PAGE = 50
COVERAGE_COLUMNS_PER_PAGE = 12
QUALIFIER_ROWS_PER_PAGE = 25
CONTEXT_MENTIONS_PER_CLAIM = 5
CITED_BY_LIMIT = 50


def _page(queryset: QuerySet, *, number: object, per_page: int) -> Page:
    """One page (two queries: count and slice); bad or too-large numbers give a valid page."""
    return Paginator(queryset, per_page).get_page(number)


def _with_qualifier_flag(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate ``has_qualifier``: some source kept a hedge ("partly") on this claim."""
    hedged = Mention.objects.filter(claim=OuterRef("pk")).exclude(qualifier="")
    return claims.annotate(has_qualifier=Exists(hedged))


def claim_tracks_qualifier(claim: Claim) -> bool:
    """Whether keeping or dropping a hedge matters for this claim.

    True when the linker's rules name qualifiers or any source kept one
    (needs ``_with_qualifier_flag``'s annotation, else only the rules count).
    """
    rules = claim.match_rules if isinstance(claim.match_rules, dict) else {}
    return bool(rules.get("qualifiers")) or bool(getattr(claim, "has_qualifier", False))


def short_name(entity: Entity | None) -> str:
    """The shortest of an entity's names ("Musk" for Elon Musk), for running text."""
    if entity is None:
        return ""
    return min(entity.names, key=len)


# --- Sources -----------------------------------------------------------------


def source_list(*, filters: Filters, page: object) -> Page:
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


def source_detail(*, pk: int) -> SourceDetail:
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


# --- Claims ------------------------------------------------------------------


@dataclass
class VariantGroup:
    """One way of rendering a quote, case- and punctuation-insensitively ("Partly." = "partly")."""

    key: str
    forms: list[str]
    count: int
    sources: int


@dataclass
class MentionRow:
    mention: Mention
    context: QuoteInContext
    qualifier_kept: bool | None  # None: the claim has no qualifier to keep


def _variant_groups(mentions: QuerySet[Mention]) -> list[VariantGroup]:
    """Group the rendered forms (variant, else quote) of these mentions. One query.

    ``sources`` counts distinct articles per group: an article that wrote
    "Partly." once and "partly" twice is one article, three quotes. Forms in a
    group come most used first, so the order is the same on every database.
    """
    rows = mentions.values("variant", "quote", "source_id").annotate(n=Count("id")).order_by()
    form_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sources: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        form = row["variant"] or row["quote"]
        key = variant_key(form)
        form_counts[key][form] += row["n"]
        sources[key].add(row["source_id"])
    groups = [
        VariantGroup(
            key=key,
            forms=sorted(forms, key=lambda f: (-forms[f], f)),
            count=sum(forms.values()),
            sources=len(sources[key]),
        )
        for key, forms in form_counts.items()
    ]
    return sorted(groups, key=lambda g: (-g.count, g.key))


def mention_rows(mentions: Iterable[Mention], *, tracks_qualifier: bool) -> list[MentionRow]:
    """Each mention with its quote located inside its sentence, for highlighting."""
    return [
        MentionRow(
            mention=m,
            context=quote_in_sentence(
                sentence=m.sentence, sentence_start=m.sentence_start, quote=m.quote, start=m.start
            ),
            qualifier_kept=bool(m.qualifier) if tracks_qualifier else None,
        )
        for m in mentions
    ]


@dataclass
class ClaimDetail:
    claim: Claim
    tracks_qualifier: bool
    qualifier_word: str
    variants: list[VariantGroup]
    page: Page
    rows: list[MentionRow]
    kept: int
    dropped: int


def claim_detail(*, slug: str, page: object) -> ClaimDetail:
    """A claim, its quote variants, and a page of its mentions in context.

    Seven queries (claim, subjects, variants, qualifier counts, page count,
    page rows, events). Raises Http404 for an unknown slug.
    """
    claim = get_object_or_404(
        _with_qualifier_flag(Claim.objects.select_related("speaker")).prefetch_related(
            Prefetch("subjects", queryset=Entity.objects.order_by("name"))
        ),
        slug=slug,
    )
    mentions = Mention.objects.filter(claim=claim)
    variants = _variant_groups(mentions)
    counts = mentions.aggregate(
        kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        total=Count("source", distinct=True),
        word=Min("qualifier", filter=~Q(qualifier="")),
    )
    tracks = claim_tracks_qualifier(claim)
    ordered = (
        Mention.objects.with_light_source()
        .filter(claim=claim)
        .order_by(F("source__published").asc(nulls_last=True), "source__title", "start", "pk")
    )
    page_obj = _page(ordered, number=page, per_page=MENTIONS_PER_PAGE)
    rules = claim.match_rules if isinstance(claim.match_rules, dict) else {}
    word = counts["word"] or next(iter(rules.get("qualifiers") or []), "")
    return ClaimDetail(
        claim=claim,
        tracks_qualifier=tracks,
        qualifier_word=word,
        variants=variants,
        page=page_obj,
        rows=mention_rows(page_obj.object_list, tracks_qualifier=tracks),
        kept=counts["kept"],
        # A source that kept the hedge in any of its quotes counts as keeping it.
        dropped=counts["total"] - counts["kept"],
    )


# --- Coverage ----------------------------------------------------------------


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
    """

    name: str
    value: str
    label: str
    remove_query: str


@dataclass
class CoverageMatrix:
    page: Page  # the page of sources shown as columns
    rows: list[CoverageRow]
    total_sources: int
    total_claims: int
    carried: list[CarriedFilter] = field(default_factory=list)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def carried_filters(
    filters: Filters, *, claims: Iterable[Claim] = (), sources: Iterable[Source] = ()
) -> list[CarriedFilter]:
    """The active claim, article and date filters, each with the query string that drops it.

    ``claims`` and ``sources`` are objects already loaded for the page, used
    only to name a filter ("the claim “...”"); a slug or id not among them is
    shown as it is. No database access.
    """
    statements = {c.slug: c.statement for c in claims}
    titles = {s.pk: s.title for s in sources}
    carried = []
    for slug in filters.claims:
        rest = replace(filters, claims=tuple(c for c in filters.claims if c != slug))
        label = statements.get(slug) or slug
        carried.append(CarriedFilter("claim", slug, f"Claim: {label}", rest.querystring()))
    for pk in filters.sources:
        rest = replace(filters, sources=tuple(p for p in filters.sources if p != pk))
        label = titles.get(pk) or f"no. {pk}"
        carried.append(CarriedFilter("source", str(pk), f"Article: {label}", rest.querystring()))
    for name, day, text in (
        ("published_after", filters.published_after, "Published on or after"),
        ("published_before", filters.published_before, "Published on or before"),
    ):
        if day:
            rest = replace(filters, **{name: None})
            label = f"{text} {_long_date(day)}"
            carried.append(CarriedFilter(name, day.isoformat(), label, rest.querystring()))
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
            Mention.objects.filter(source__in=[s.pk for s in columns]),
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


# --- Comparisons -------------------------------------------------------------


@dataclass
class Wording:
    """One clause wording as sources quote it, with a link target for its first mention.

    ``stance`` is "supports" for the clause as the articles state it; wordings
    from sentences that dispute or only ask about it are kept apart.
    """

    text: str
    count: int
    sources: int
    first_mention_id: int
    first_source_id: int
    stance: str = Mention.Stance.SUPPORTS


@dataclass
class PolicyRow:
    claim: Claim
    wordings: list[Wording]  # supporting mentions: the clause "as quoted"
    other: list[Wording] = field(default_factory=list)  # disputing or questioning ones


def policy_table() -> list[PolicyRow]:
    """Terms-of-service clauses: who wrote each, how sources word it, who reportedly broke it.

    Wordings are grouped case- and punctuation-insensitively and count distinct
    articles; supporting ones are the clause "as quoted", the others (disputes,
    mere mentions) are listed apart with their stance. Four queries (claims,
    subjects, quotes grouped, where each wording first appears), a fifth only
    when two spellings fold together.
    """
    claims = list(
        Claim.objects.filter(kind=Claim.Kind.POLICY_CLAUSE)
        .select_related("speaker")
        .prefetch_related(Prefetch("subjects", queryset=Entity.objects.order_by("name")))
        .defer("match_rules", "editor_owned_fields")
        .order_by("pk")
    )
    grouped = _group_wordings([c.pk for c in claims])
    rows = []
    for claim in claims:
        wordings = sorted(grouped[claim.pk].values(), key=lambda w: (-w.sources, -w.count, w.text))
        rows.append(
            PolicyRow(
                claim=claim,
                wordings=[w for w in wordings if w.stance == Mention.Stance.SUPPORTS],
                other=[w for w in wordings if w.stance != Mention.Stance.SUPPORTS],
            )
        )
    return rows


def _wording_stance(stance: str) -> str:
    if stance == Mention.Stance.SUPPORTS or stance in Mention.Stance.values:
        return stance
    return Mention.Stance.MENTIONS


def _group_wordings(claim_ids: list[int]) -> dict[int, dict[tuple[str, str], Wording]]:
    """Each claim's quotes folded into wordings (stance, variant_key), counting articles.

    The database counts the articles per exact quote; only where two spellings
    fold into one wording ("Partly." and "partly") are the articles read, so one
    article that used both still counts once.
    """
    quotes = (
        Mention.objects.filter(claim__in=claim_ids)
        .values_list("claim_id", "stance", "quote")
        .annotate(n=Count("id"), n_sources=Count("source", distinct=True), first=Min("id"))
        .order_by("claim_id", "first")
    )
    grouped: dict[int, dict[tuple[str, str], Wording]] = defaultdict(dict)
    spellings: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for claim_id, stance, quote, n, n_sources, first in quotes:
        key = (_wording_stance(stance), variant_key(quote))
        wording = grouped[claim_id].get(key)
        if wording is None:
            wording = Wording(quote, 0, 0, first, 0, key[0])
            grouped[claim_id][key] = wording
        wording.count += n
        wording.sources += n_sources
        spellings[(claim_id, *key)].append(quote)
    folded = {where: quotes for where, quotes in spellings.items() if len(quotes) > 1}
    if folded:
        articles: dict[tuple[int, str, str], set[int]] = defaultdict(set)
        rows = Mention.objects.filter(
            claim__in={claim_id for claim_id, _, _ in folded},
            quote__in={quote for quotes in folded.values() for quote in quotes},
        ).values_list("claim_id", "stance", "quote", "source_id")
        for claim_id, stance, quote, source_id in rows:
            articles[(claim_id, _wording_stance(stance), variant_key(quote))].add(source_id)
        for (claim_id, *key), sources in articles.items():
            if (claim_id, *key) in folded:
                grouped[claim_id][tuple(key)].sources = len(sources)
    # Each wording links to its first quote, in its article. (A subquery per group
    # instead is evaluated per row on PostgreSQL: far slower than this lookup.)
    wordings = [w for by_key in grouped.values() for w in by_key.values()]
    first_sources = dict(
        Mention.objects.filter(pk__in=[w.first_mention_id for w in wordings]).values_list(
            "pk", "source_id"
        )
    )
    for wording in wordings:
        wording.first_source_id = first_sources[wording.first_mention_id]
    return grouped


@dataclass
class Rendering:
    """One way an article rendered a hedged quote, with how many times it did."""

    row: MentionRow  # the first mention rendered this way, in its sentence
    count: int


@dataclass
class ArticleQualifier:
    """One article's renderings of a hedged claim, and whether it kept the hedge anywhere."""

    source: Source
    renderings: list[Rendering]
    qualifiers: list[str]

    @property
    def kept(self) -> bool:
        return bool(self.qualifiers)


@dataclass
class QualifierTable:
    claim: Claim | None
    choices: list[Claim]
    page: Page | None  # a page of articles
    rows: list[ArticleQualifier]
    qualifier_word: str
    kept: int = 0  # articles (over every page) that kept the hedge at least once
    dropped: int = 0


def qualifier_claims() -> list[Claim]:
    """Claims where some source kept a hedge, most often hedged first. Two queries.

    Counting hedged mentions reads only the partial index on hedged mentions,
    not every mention. Each claim gets ``n_hedged`` (mentions), ``n_kept``
    (articles with a hedged mention) and ``hedge_word`` (one such qualifier).
    """
    counts = {
        row["claim_id"]: row
        for row in Mention.objects.exclude(qualifier="")
        .values("claim_id")
        .annotate(n=Count("id"), n_sources=Count("source", distinct=True), word=Min("qualifier"))
        .order_by()
    }
    claims = list(
        Claim.objects.filter(pk__in=list(counts))
        .select_related("speaker")
        .defer("verdict_explanation", "editor_owned_fields")
    )
    for claim in claims:
        claim.has_qualifier = True
        claim.n_hedged = counts[claim.pk]["n"]
        claim.n_kept = counts[claim.pk]["n_sources"]
        claim.hedge_word = counts[claim.pk]["word"] or ""
    return sorted(claims, key=lambda c: (-c.n_hedged, c.pk))


def _renderings(mentions: list[Mention]) -> list[Rendering]:
    """An article's mentions grouped by how they render the quote (its variant, else the quote)."""
    groups: dict[str, Rendering] = {}
    for row in mention_rows(mentions, tracks_qualifier=True):
        key = variant_key(row.mention.variant or row.mention.quote)
        if key in groups:
            groups[key].count += 1
        else:
            groups[key] = Rendering(row=row, count=1)
    return list(groups.values())


def qualifier_table(*, claim_slugs: Iterable[str], page: object) -> QualifierTable:
    """How each article rendered a hedged quote, and whether it kept the hedge.

    The claim is the first of ``claim_slugs`` that has a qualifier, else the
    most often hedged such claim. One row per article (by outlet, then date),
    paged, listing its distinct renderings; an article that kept the hedge in
    any of its quotes counts as keeping it, as on the claim page. Five
    queries: hedged counts, claims, article count, a page of articles, and
    their mentions.
    """
    choices = qualifier_claims()
    wanted = set(claim_slugs)
    claim = next((c for c in choices if c.slug in wanted), choices[0] if choices else None)
    if claim is None:
        return QualifierTable(claim=None, choices=[], page=None, rows=[], qualifier_word="")
    sources = (
        Source.objects.light()
        .filter(Exists(Mention.objects.filter(claim=claim, source=OuterRef("pk"))))
        .order_by(F("outlet__name").asc(nulls_last=True), F("published").asc(nulls_last=True), "pk")
    )
    page_obj = _page(sources, number=page, per_page=QUALIFIER_ROWS_PER_PAGE)
    columns = list(page_obj.object_list)
    by_source: dict[int, list[Mention]] = defaultdict(list)
    mentions = (
        Mention.objects.filter(claim=claim, source__in=[s.pk for s in columns])
        .defer("editor_owned_fields")
        .order_by("start", "pk")
    )
    source_of = {s.pk: s for s in columns}
    for mention in mentions:
        mention.source = source_of[mention.source_id]
        by_source[mention.source_id].append(mention)
    rows = [
        ArticleQualifier(
            source=source,
            renderings=_renderings(by_source[source.pk]),
            qualifiers=distinct_hedges(m.qualifier for m in by_source[source.pk]),
        )
        for source in columns
    ]
    rules = claim.match_rules if isinstance(claim.match_rules, dict) else {}
    word = claim.hedge_word or next(iter(rules.get("qualifiers") or []), "")
    return QualifierTable(
        claim=claim,
        choices=choices,
        page=page_obj,
        rows=rows,
        qualifier_word=word,
        kept=claim.n_kept,
        dropped=page_obj.paginator.count - claim.n_kept,
    )


@dataclass
class ClaimInContext:
    claim: Claim
    rows: list[MentionRow]
    total: int


def claims_in_context(*, kind: str, per_claim: int = CONTEXT_MENTIONS_PER_CLAIM):
    """Claims of ``kind`` (e.g. benchmark) with the first few sentences reporting each.

    Three queries: the claims, the (claim, id) pairs of their mentions, then
    at most ``per_claim`` mentions per claim with their sources.
    """
    claims = list(
        Claim.objects.filter(kind=kind)
        .select_related("speaker")
        .defer("match_rules", "editor_owned_fields")
        .order_by("pk")
    )
    claim_ids = [c.pk for c in claims]
    # Two integers per mention, read from an index: cheaper on SQLite than a
    # window function, and it gives the totals too.
    totals: dict[int, int] = defaultdict(int)
    first_ids: list[int] = []
    pairs = (
        Mention.objects.filter(claim__in=claim_ids)
        .order_by("claim_id", "pk")
        .values_list("claim_id", "pk")
    )
    for claim_id, pk in pairs:
        totals[claim_id] += 1
        if totals[claim_id] <= per_claim:
            first_ids.append(pk)
    by_claim: dict[int, list[Mention]] = defaultdict(list)
    for mention in (
        Mention.objects.with_light_source().filter(pk__in=first_ids).order_by("claim_id", "pk")
    ):
        by_claim[mention.claim_id].append(mention)
    return [
        ClaimInContext(
            claim=c,
            rows=mention_rows(by_claim[c.pk], tracks_qualifier=False),
            total=totals.get(c.pk, 0),
        )
        for c in claims
    ]


# --- Outlets -----------------------------------------------------------------


def outlet_list() -> tuple[list[Outlet], int]:
    """Every outlet with its source and mention counts, and how many sources lack an outlet.

    Two queries.
    """
    source_count = (
        Source.objects.filter(outlet=OuterRef("pk"))
        .order_by()
        .values("outlet")
        .annotate(n=Count("id"))
        .values("n")
    )
    mention_count = (
        Mention.objects.filter(source__outlet=OuterRef("pk"))
        .order_by()
        .values("source__outlet")
        .annotate(n=Count("id"))
        .values("n")
    )
    outlets = list(
        Outlet.objects.annotate(
            n_sources=Coalesce(Subquery(source_count), 0),
            n_mentions=Coalesce(Subquery(mention_count), 0),
        ).order_by("name")
    )
    unattributed = Source.objects.filter(outlet__isnull=True).count()
    return outlets, unattributed


@dataclass
class OutletClaim:
    slug: str
    statement: str
    sources: int
    kept: int


@dataclass
class OutletDetail:
    outlet: Outlet
    page: Page
    claims: list[OutletClaim]
    cited_in: list[Citation]


def outlet_detail(*, slug: str, page: object) -> OutletDetail:
    """An outlet, a page of its sources, the claims it reported and who credits it.

    Five queries. Raises Http404 for an unknown slug.
    """
    outlet = get_object_or_404(Outlet, slug=slug)
    sources = (
        Source.objects.light()
        .filter(outlet=outlet)
        .order_by(F("published").desc(nulls_last=True), "title", "pk")
    )
    page_obj = _page(sources, number=page, per_page=SOURCES_PER_PAGE)
    claims = [
        OutletClaim(
            slug=row["claim__slug"],
            statement=row["claim__statement"],
            sources=row["n"],
            kept=row["kept"],
        )
        for row in Mention.objects.filter(source__outlet=outlet)
        .values("claim__slug", "claim__statement")
        .annotate(
            n=Count("source", distinct=True),
            kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        )
        .order_by("-n", "claim__slug")
    ]
    cited_in = list(
        Citation.objects.filter(cited_outlet=outlet)
        .select_related("source__outlet")
        .defer(*(f"source__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("source__published", "pk")[:CITED_BY_LIMIT]
    )
    return OutletDetail(outlet=outlet, page=page_obj, claims=claims, cited_in=cited_in)


# --- Headline findings -------------------------------------------------------


@dataclass
class Finding:
    """One sentence computed from the data, with the page that backs it up."""

    text: str
    url: str
    claim: Claim | None = None


@dataclass
class _ClaimReach:
    claim: Claim
    reporters: int
    kept: int
    disputes: int
    supports: int = 0


def _reach_by_claim() -> dict[int, dict]:
    """Per claim: reporters, and those that kept a hedge, dispute or support it. One query."""
    loose = Q(source__outlet__isnull=True)
    hedged = ~Q(qualifier="")
    disputes = Q(stance=Mention.Stance.DISPUTES)
    supports = Q(stance=Mention.Stance.SUPPORTS)
    rows = (
        Mention.objects.values("claim_id")
        .annotate(
            outlets=Count("source__outlet", distinct=True),
            loose=Count("source", distinct=True, filter=loose),
            outlets_kept=Count("source__outlet", distinct=True, filter=hedged),
            loose_kept=Count("source", distinct=True, filter=loose & hedged),
            outlets_disputing=Count("source__outlet", distinct=True, filter=disputes),
            loose_disputing=Count("source", distinct=True, filter=loose & disputes),
            outlets_supporting=Count("source__outlet", distinct=True, filter=supports),
            loose_supporting=Count("source", distinct=True, filter=loose & supports),
            qualifier=Min("qualifier", filter=hedged),
        )
        .order_by()
    )
    return {row["claim_id"]: row for row in rows}


def corpus_version() -> str:
    """A stamp that changes whenever a source, claim or mention is added, edited or removed.

    One query over indexed columns (counts and latest change times), so it
    stays cheap however large the corpus grows. Bulk updates that skip
    ``updated_at`` are not seen; the cache below also expires on its own.
    """
    parts = []
    for model in (Mention, Source, Claim):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX(updated_at) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)


FINDINGS_CACHE_SECONDS = 600

_CLOSING_QUOTES = "\"'”’»"
_DOUBLE_QUOTES = str.maketrans({"“": "‘", "”": "’", "«": "‘", "»": "’"})


def quoted(statement: str) -> str:
    """``statement`` in curly double quotes, for running text that adds its own full stop.

    The statement's own final full stop goes, even inside a closing quote
    (``OpenAI.”`` becomes ``OpenAI’”``), and quotes inside it become single
    quotes, so the result never ends in ``.””.``.
    """
    text = " ".join(statement.split())
    body = text.rstrip(_CLOSING_QUOTES)
    closing = text[len(body) :]
    body = body.rstrip(".").rstrip()
    inner = _single_quotes(body + closing)
    return f"“{inner}”"


def _single_quotes(text: str) -> str:
    """Double quotation marks made single (curly), for a quote nested in a quote."""
    out = []
    for index, char in enumerate(text.translate(_DOUBLE_QUOTES)):
        if char == '"':
            before = text[index - 1] if index else " "
            char = "‘" if before.isspace() or before in "([{—–-/" else "’"
        out.append(char)
    return "".join(out)


def headline_findings(*, limit: int = 6) -> tuple[list[Finding], int]:
    """Sentences like "2 of 5 outlets kept Musk's “partly”", computed from mentions.

    Returns the findings and how many reporters (outlets, plus sources with no
    known outlet) the corpus has. Counting distinct outlets per claim reads
    every mention, so the result is cached under ``corpus_version()``: one
    query when nothing changed, four when something did.
    """
    version = hashlib.sha256(corpus_version().encode()).hexdigest()
    key = f"headline-findings:v2:{limit}:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = _compute_findings(limit=limit)
        cache.set(key, cached, FINDINGS_CACHE_SECONDS)
    return cached


def _compute_findings(*, limit: int) -> tuple[list[Finding], int]:
    totals = Source.objects.aggregate(
        outlets=Count("outlet", distinct=True), loose=Count("id", filter=Q(outlet__isnull=True))
    )
    corpus_reporters = totals["outlets"] + totals["loose"]
    reach = _reach_by_claim()
    claims = {
        c.pk: c
        for c in Claim.objects.filter(pk__in=list(reach))
        .select_related("speaker")
        .defer("verdict_explanation", "editor_owned_fields")
    }
    measured = []
    for pk, row in reach.items():
        if pk not in claims:
            continue
        measured.append(
            (
                _ClaimReach(
                    claim=claims[pk],
                    reporters=row["outlets"] + row["loose"],
                    kept=row["outlets_kept"] + row["loose_kept"],
                    disputes=row["outlets_disputing"] + row["loose_disputing"],
                    supports=row["outlets_supporting"] + row["loose_supporting"],
                ),
                row["qualifier"] or "",
            )
        )
    measured.sort(key=lambda item: (-item[0].reporters, item[0].claim.pk))
    findings: list[Finding] = []

    def outlets(n: int) -> str:
        return f"{n} outlet" if n == 1 else f"{n} outlets"

    for reach_row, word in measured:
        if not word:
            continue
        claim = reach_row.claim
        who = f"{short_name(claim.speaker)}’s " if claim.speaker else "the "
        dropped = reach_row.reporters - reach_row.kept
        findings.append(
            Finding(
                text=(
                    f"{reach_row.kept} of {outlets(reach_row.reporters)} that reported "
                    f"{quoted(claim.statement)} kept {who}“{word}”; "
                    f"{dropped} dropped it."
                ),
                url=claim.get_absolute_url(),
                claim=claim,
            )
        )
    for kind, verb in (
        (Claim.Kind.POLICY_CLAUSE, "quoted"),
        (Claim.Kind.BENCHMARK, "gave"),
        (Claim.Kind.CHARACTERIZATION, "said"),
    ):
        # Only reporters that state the claim count: an article whose sole mention
        # disputes a clause (or only asks about it) did not "quote" it.
        backed = [r for r, _ in measured if r.claim.kind == kind and r.supports]
        if not backed:
            continue
        best = min(backed, key=lambda r: (-r.supports, r.claim.pk))
        findings.append(
            Finding(
                text=(
                    f"{best.supports} of {outlets(corpus_reporters)} {verb}: "
                    f"{quoted(best.claim.statement)}."
                ),
                url=best.claim.get_absolute_url(),
                claim=best.claim,
            )
        )
    disputed = [r for r, _ in measured if r.disputes]
    if disputed:
        top = max(disputed, key=lambda r: r.disputes)
        findings.append(
            Finding(
                text=f"{outlets(top.disputes)} disputed {quoted(top.claim.statement)}.",
                url=top.claim.get_absolute_url(),
                claim=top.claim,
            )
        )
    return findings[:limit], corpus_reporters
