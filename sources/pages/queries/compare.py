"""Reads for the comparisons page: terms-of-service wordings, hedges kept or dropped, benchmarks.

Nothing here writes or builds HTML; every function is safe to call again.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch
from django.utils.text import Truncator

from sources import limits
from sources.highlight import QuoteInContext, quote_in_sentence, variant_key
from sources.models import Claim, Entity, Mention, Source, distinct_hedges
from sources.models.paths import claim_path, source_path
from sources.pages.queries import CONTEXT_MENTIONS_PER_CLAIM, QUALIFIER_ROWS_PER_PAGE
from sources.pages.queries.claims import MentionRow, mention_rows
from sources.pages.queries.coverage import UNKNOWN_OUTLET
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
    """One way an article rendered a hedged quote: its first such quote, and how many times."""

    href: str  # the first quote rendered this way, in its article
    variant: str  # the answer as the article wrote it, when the linker recorded it
    context: QuoteInContext  # else the quote inside its sentence
    count: int


@dataclass
class ArticleQualifier:
    """One article's renderings of a hedged claim, and whether it kept the hedge anywhere."""

    reporter: str  # its outlet's name, or "Unknown outlet"
    title: str  # shortened for the table
    url: str
    renderings: list[Rendering]
    qualifiers: list[str]

    @property
    def kept(self) -> bool:
        return bool(self.qualifiers)


@dataclass(frozen=True)
class HedgedClaim:
    """A claim on which some article kept a hedge, with its tallies over every article."""

    pk: int
    slug: str
    statement: str
    short: str  # the statement shortened, for the list of other hedged claims
    hedge_word: str  # one qualifier an article kept ("partly")
    n_hedged: int  # hedged mentions
    n_kept: int  # articles with a hedged mention

    @property
    def switch_href(self) -> str:
        """The link that shows this claim in the qualifier table instead."""
        return f"?{urlencode({'claim': self.slug})}#qualifier"


@dataclass
class QualifierTable:
    claim: HedgedClaim | None
    claim_url: str
    others: list[HedgedClaim]  # the other hedged claims, to switch to
    page: Page | None  # a page of articles
    rows: list[ArticleQualifier]
    qualifier_word: str
    kept: int = 0  # articles (over every page) that kept the hedge at least once
    dropped: int = 0


def qualifier_claims() -> list[HedgedClaim]:
    """Claims where some source kept a hedge, most often hedged first. Two queries.

    Counting hedged mentions reads only the partial index on hedged mentions,
    not every mention. Called once per data version (memo.py).
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
        .only("pk", "slug", "statement", "match_rules")
    )
    hedged = [
        HedgedClaim(
            pk=claim.pk,
            slug=claim.slug,
            statement=claim.statement,
            short=Truncator(claim.statement).chars(60),
            hedge_word=counts[claim.pk]["word"]
            or next(iter(claim.rules.get("qualifiers") or []), ""),
            n_hedged=counts[claim.pk]["n"],
            n_kept=counts[claim.pk]["n_sources"],
        )
        for claim in claims
    ]
    return sorted(hedged, key=lambda c: (-c.n_hedged, c.pk))


def qualifier_table(*, claim_slugs: Iterable[str], page: object) -> QualifierTable:
    """How each article rendered a hedged quote, and whether it kept the hedge.

    The claim is the first of ``claim_slugs`` that has a qualifier, else the
    most often hedged such claim. One row per article (by outlet, then date),
    paged, listing its distinct renderings; an article that kept the hedge in
    any of its quotes counts as keeping it, as on the claim page. It changes
    only on a write, so it is read once per data version (memo.py): the
    hedged claims and their tallies (two queries), how many articles report
    the claim (one), then each page of them with their quotes (two). None on
    a repeat request.
    """
    choices = per_version("hedged-claims", qualifier_claims)
    wanted = set(claim_slugs)
    claim = next((c for c in choices if c.slug in wanted), choices[0] if choices else None)
    if claim is None:
        return QualifierTable(
            claim=None, claim_url="", others=[], page=None, rows=[], qualifier_word=""
        )
    articles = per_version(f"qualifier-articles:{claim.pk}", lambda: _reporting(claim.pk).count())
    paginator = Paginator(range(articles), QUALIFIER_ROWS_PER_PAGE)
    number = paginator.get_page(page).number  # any page parameter becomes a valid number
    rows = per_version(
        f"qualifier-rows:{claim.pk}:{number}",
        lambda: _qualifier_rows(claim.pk, start=(number - 1) * paginator.per_page),
    )
    return QualifierTable(
        claim=claim,
        claim_url=claim_path(claim.slug),
        others=[c for c in choices if c.pk != claim.pk],
        page=Page(rows, number, paginator),
        rows=rows,
        qualifier_word=claim.hedge_word,
        kept=claim.n_kept,
        dropped=articles - claim.n_kept,
    )


def _reporting(claim_id: int):
    """The articles with a published mention of the claim."""
    return Source.objects.filter(
        Exists(Mention.objects.published().filter(claim=claim_id, source=OuterRef("pk")))
    )


def _qualifier_rows(claim_id: int, *, start: int) -> list[ArticleQualifier]:
    """A page of the articles reporting the claim, each with its renderings. Two queries."""
    sources = list(
        _reporting(claim_id)
        .order_by(F("outlet__name").asc(nulls_last=True), F("published").asc(nulls_last=True), "pk")
        .values_list("pk", "title", "outlet__name")[start : start + QUALIFIER_ROWS_PER_PAGE]
    )
    by_source: dict[int, list[tuple]] = defaultdict(list)
    mentions = (
        Mention.objects.published()
        .filter(claim=claim_id, source__in=[pk for pk, _, _ in sources])
        .order_by("start", "pk")
        .values_list(
            "pk",
            "source_id",
            "quote",
            "variant",
            "sentence",
            "sentence_start",
            "start",
            "qualifier",
        )
    )
    for mention in mentions:
        by_source[mention[1]].append(mention)
    rows = []
    for pk, title, outlet in sources:
        url = source_path(pk)
        renderings: dict[str, Rendering] = {}
        for mention_id, _, quote, variant, sentence, sentence_start, at, _ in by_source[pk]:
            key = variant_key(variant or quote)
            if key in renderings:
                renderings[key].count += 1
                continue
            renderings[key] = Rendering(
                href=f"{url}{limits.part_query(max(0, at or 0))}#mention-{mention_id}",
                variant=variant,
                context=quote_in_sentence(
                    sentence=sentence, sentence_start=sentence_start, quote=quote, start=at
                ),
                count=1,
            )
        rows.append(
            ArticleQualifier(
                reporter=outlet or UNKNOWN_OUTLET,
                title=Truncator(title).chars(70),
                url=url,
                renderings=list(renderings.values()),
                qualifiers=distinct_hedges(m[7] for m in by_source[pk]),
            )
        )
    return rows


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
