"""Reads for the comparisons page: terms-of-service wordings, hedges kept or dropped, benchmarks.

Nothing here writes or builds HTML; every function is safe to call again.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch

from sources.highlight import variant_key
from sources.models import Claim, Entity, Mention, Source, distinct_hedges
from sources.pages.queries import CONTEXT_MENTIONS_PER_CLAIM, QUALIFIER_ROWS_PER_PAGE, _page
from sources.pages.queries.claims import MentionRow, mention_rows
from sources.pages.queries.memo import per_version


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
    first_mention_start: int = 0  # which part of a long article's page it is on


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
        Claim.objects.published()
        .filter(kind=Claim.Kind.POLICY_CLAUSE)
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
        Mention.objects.published()
        .filter(claim__in=claim_ids)
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
        rows = (
            Mention.objects.published()
            .filter(
                claim__in={claim_id for claim_id, _, _ in folded},
                quote__in={quote for quotes in folded.values() for quote in quotes},
            )
            .values_list("claim_id", "stance", "quote", "source_id")
        )
        for claim_id, stance, quote, source_id in rows:
            articles[(claim_id, _wording_stance(stance), variant_key(quote))].add(source_id)
        for (claim_id, *key), sources in articles.items():
            if (claim_id, *key) in folded:
                grouped[claim_id][tuple(key)].sources = len(sources)
    # Each wording links to its first quote, in its article. (A subquery per group
    # instead is evaluated per row on PostgreSQL: far slower than this lookup.)
    wordings = [w for by_key in grouped.values() for w in by_key.values()]
    first_sources = {
        pk: (source_id, start)
        for pk, source_id, start in Mention.objects.published()
        .filter(pk__in=[w.first_mention_id for w in wordings])
        .values_list("pk", "source_id", "start")
    }
    for wording in wordings:
        wording.first_source_id, wording.first_mention_start = first_sources[
            wording.first_mention_id
        ]
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
        for row in Mention.objects.published()
        .exclude(qualifier="")
        .values("claim_id")
        .annotate(n=Count("id"), n_sources=Count("source", distinct=True), word=Min("qualifier"))
        .order_by()
    }
    claims = list(
        Claim.objects.published()
        .filter(pk__in=list(counts))
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
    their mentions (three once the hedged claims are counted for this data version).
    """
    choices = per_version("qualifier-claims", qualifier_claims)
    wanted = set(claim_slugs)
    claim = next((c for c in choices if c.slug in wanted), choices[0] if choices else None)
    if claim is None:
        return QualifierTable(claim=None, choices=[], page=None, rows=[], qualifier_word="")
    sources = (
        Source.objects.light()
        .filter(Exists(Mention.objects.published().filter(claim=claim, source=OuterRef("pk"))))
        .order_by(F("outlet__name").asc(nulls_last=True), F("published").asc(nulls_last=True), "pk")
    )
    page_obj = _page(sources, number=page, per_page=QUALIFIER_ROWS_PER_PAGE)
    columns = list(page_obj.object_list)
    by_source: dict[int, list[Mention]] = defaultdict(list)
    mentions = (
        Mention.objects.published()
        .filter(claim=claim, source__in=[s.pk for s in columns])
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
    rules = claim.rules
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
        Claim.objects.published()
        .filter(kind=kind)
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
        Mention.objects.published()
        .filter(claim__in=claim_ids)
        .order_by("claim_id", "pk")
        .values_list("claim_id", "pk")
    )
    for claim_id, pk in pairs:
        totals[claim_id] += 1
        if totals[claim_id] <= per_claim:
            first_ids.append(pk)
    by_claim: dict[int, list[Mention]] = defaultdict(list)
    for mention in (
        Mention.objects.published()
        .with_light_source()
        .filter(pk__in=first_ids)
        .order_by("claim_id", "pk")
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
