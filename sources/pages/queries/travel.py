"""Reads for how the story travelled (issue 16): the story chart's marks, an article's
family and the passages it shares, one reuse pair side by side, and a claim's first
reports and framing verbs.

Every function runs a fixed number of queries, stated in its docstring and pinned by
tests/pages/test_travel*.py, however large the corpus grows. Nothing here writes or
builds HTML; the words a reader sees are put together in the templates. The detection
itself (pairs, copy groups, verbs) is in ``sources.travel``; this module only reads it.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404

from sources.filters import MAX_ID
from sources.models import (
    HEAVY_SOURCE_FIELDS,
    Claim,
    Mention,
    ReusePair,
    Source,
    published_mention_q,
)
from sources.pages.queries.memo import per_version
from sources.pages.reuse_diff import Compared, Piece, compare_texts, paragraphs
from sources.travel.dates import interval, order
from sources.travel.first import FirstReport, first_reports
from sources.travel.framing import VerbRow, verb_qualifier_summary

_LIGHT = tuple(f"source__{name}" for name in HEAVY_SOURCE_FIELDS)


# --- The story chart ------------------------------------------------------------------


@dataclass
class Mark:
    """One article on the story chart: whether it kept the hedge, and the sentence to open."""

    source: Source
    mention: Mention  # the sentence the mark links to (one that kept the hedge, if any)
    kept: bool
    group: int | None  # the original this article is grouped under; None: no copy found
    copies: int | None  # the article it takes its text from (copy group or reuse pair)

    @property
    def url(self) -> str:
        return f"{self.source.get_absolute_url()}#mention-{self.mention.pk}"


@dataclass
class StoryMarks:
    claim: Claim
    qualifier: str
    marks: list[Mark]
    # Group original's id → (outlet name, title) to label the chart's rows.
    groups: dict[int, tuple[str, str]] = field(default_factory=dict)


def tracked_claim() -> Claim | None:
    """The claim whose hedge the story tracks: of the published claims some article hedged
    ("partly"), the one the most reporters carried (outlets, plus sources with no known
    outlet), as the front page's first finding counts them before copies collapse. One query,
    none when already computed for this data version (it counts every mention).
    """
    return per_version("tracked-claim", _tracked_claim)


def _tracked_claim() -> Claim | None:
    hedged = Mention.objects.published().filter(claim=OuterRef("pk")).exclude(qualifier="")
    published = published_mention_q("mentions__")  # uncertain links wait for review
    loose = Q(mentions__source__outlet__isnull=True) & published
    return (
        Claim.objects.filter(Exists(hedged), is_published=True)
        .annotate(
            reach=Count("mentions__source__outlet", distinct=True, filter=published)
            + Count("mentions__source", distinct=True, filter=loose)
        )
        .defer("verdict_explanation", "editor_owned_fields")
        .order_by("-reach", "pk")
        .first()
    )


def _representative(mentions: list[Mention]) -> Mention:
    """The mention a mark stands for: one that kept the hedge, else one with a verb."""
    for test in (lambda m: m.qualifier.strip(), lambda m: m.reporting_verb, lambda m: True):
        for mention in mentions:
            if test(mention):
                return mention
    raise ValueError("no mentions")


def story_marks(claim: Claim) -> StoryMarks:
    """Every article reporting ``claim`` (disputes left out), for the story chart. Three queries.

    Mentions with their sources; the copy links (``Source.copy_of``) with their
    originals' names; the reuse pairs (not dismissed) those articles take text from.
    An article is grouped under the original of its copy group, or else under the
    article it shares the most words with and copies (chains followed).
    """
    mentions = (
        Mention.objects.published()
        .with_light_source()
        .filter(claim=claim)
        .exclude(stance=Mention.Stance.DISPUTES)
        .order_by("source__published", "source_id", "start", "pk")
    )
    by_source: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_source.setdefault(mention.source_id, []).append(mention)
    copy_rows = Source.objects.filter(copy_of__isnull=False).values_list(
        "pk", "copy_of_id", "copy_of__outlet__name", "copy_of__title"
    )
    parent: dict[int, int] = {}
    names: dict[int, tuple[str, str]] = {}
    for pk, original, outlet, title in copy_rows:
        parent[pk] = original
        names[original] = (outlet or "", title)
    claim_sources = Mention.objects.published().filter(claim=claim).values("source_id")
    pairs = (
        ReusePair.objects.exclude(status=ReusePair.Status.DISMISSED)
        .filter(source_id__in=Subquery(claim_sources))
        .order_by("source_id", "-shared_words", "pk")
        .values_list("source_id", "copies_id", "copies__outlet__name", "copies__title")
    )
    for pk, copies, outlet, title in pairs:
        names.setdefault(copies, (outlet or "", title))
        parent.setdefault(pk, copies)  # the first is the one it shares most with
    for pk, found in by_source.items():
        source = found[0].source
        names.setdefault(pk, (source.outlet.name if source.outlet_id else "", source.title))

    def root(pk: int) -> int:
        seen = {pk}
        while pk in parent and parent[pk] not in seen:
            pk = parent[pk]
            seen.add(pk)
        return pk

    roots = {pk: root(pk) for pk in by_source}
    grouped = {r for pk, r in roots.items() if r != pk}
    marks = []
    for pk, found in by_source.items():
        group = roots[pk] if (roots[pk] != pk or pk in grouped) else None
        marks.append(
            Mark(
                source=found[0].source,
                mention=_representative(found),
                kept=any(m.qualifier.strip() for m in found),
                group=group,
                copies=parent.get(pk),
            )
        )
    # The hedge most articles kept ("partly"), else the first the linker's rules name.
    hedges = Counter(
        m.qualifier.strip().lower() for f in by_source.values() for m in f if m.qualifier.strip()
    )
    rules = claim.rules
    word = min(hedges, key=lambda h: (-hedges[h], h)) if hedges else ""
    word = word or next(iter(rules.get("qualifiers") or []), "")
    used = {m.group for m in marks} | {m.copies for m in marks}
    return StoryMarks(
        claim=claim,
        qualifier=word,
        marks=marks,
        groups={pk: names[pk] for pk in used if pk is not None and pk in names},
    )


# --- An article's family and the passages it shares -----------------------------------


@dataclass
class SharedWith:
    """Another article this one shares passages with, and which came first."""

    pair: ReusePair
    other: Source
    this_is_copy: bool  # this article is the pair's ``source`` (the later or copying one)
    other_is: str  # "earlier", "later", "same" or "unknown": when the other was published

    @property
    def passages(self) -> int:
        return len(self.pair.passages)


@dataclass
class Family:
    original: Source | None  # the original of this article's copy group, if it is a copy
    copies: list[Source]  # near-identical copies of this article (or of its original)
    shared: list[SharedWith]


def _other_is(this: Source, other: Source) -> str:
    """When ``other`` was published next to ``this``: "earlier", "later", "same" (the dates
    cannot tell them apart) or "unknown" (one of them has no date)."""
    theirs = interval(other.published, other.published_precision)
    ours = interval(this.published, this.published_precision)
    if theirs is None or ours is None:
        return "unknown"
    return {-1: "earlier", 1: "later"}.get(order(theirs, ours), "same")


def source_family(source: Source) -> Family:
    """Who ``source`` copies and who copies it, and every pair it is in. Two queries.

    Reuse pairs an editor dismissed are left out. ``copies`` are the other members of
    its copy group: its copies when it is an original, its siblings when it is a copy.
    """
    pairs = (
        ReusePair.objects.filter(Q(source=source) | Q(copies=source))
        .exclude(status=ReusePair.Status.DISMISSED)
        .select_related("source__outlet", "copies__outlet")
        .defer(*_LIGHT, *(f"copies__{name}" for name in HEAVY_SOURCE_FIELDS))
        .order_by("-shared_words", "pk")
    )
    shared = []
    for pair in pairs:
        this_is_copy = pair.source_id == source.pk
        other = pair.copies if this_is_copy else pair.source
        shared.append(SharedWith(pair, other, this_is_copy, _other_is(source, other)))
    original_id = source.copy_of_id
    group = Source.objects.light().filter(
        Q(copy_of_id=original_id or source.pk) | Q(pk=original_id or source.pk)
    )
    members = list(group.exclude(pk=source.pk).order_by("published", "pk"))
    original = next((m for m in members if m.pk == original_id), None)
    return Family(
        original=original, copies=[m for m in members if m.pk != original_id], shared=shared
    )


# --- One pair side by side -----------------------------------------------------------


@dataclass
class PairView:
    pair: ReusePair
    this: Source
    other: Source
    other_is: str  # "earlier", "later", "same" or "unknown"
    compared: Compared

    @property
    def columns(self) -> list[tuple[str, Source, list[list[Piece]]]]:
        """(role, source, paragraphs of pieces) for each text, this article first."""
        original = ("original", self.pair.copies, paragraphs(self.compared.original))
        copy = ("copy", self.pair.source, paragraphs(self.compared.copy))
        return [copy, original] if self.pair.source_id == self.this.pk else [original, copy]


def reuse_pair_view(*, pk: int, other_pk: int) -> PairView:
    """The pair between two articles, both texts compared word by word. One query.

    Raises Http404 when the two share no recorded passages (or an editor dismissed it).
    """
    if max(pk, other_pk) > MAX_ID:  # past the database's 64-bit ids: no such article
        raise Http404("These two articles share no recorded passages.")
    pair = (
        ReusePair.objects.filter(
            Q(source_id=pk, copies_id=other_pk) | Q(source_id=other_pk, copies_id=pk)
        )
        .exclude(status=ReusePair.Status.DISMISSED)
        .select_related("source__outlet", "copies__outlet")
        .defer("source__raw_input", "copies__raw_input")
        .first()
    )
    if pair is None:
        raise Http404("These two articles share no recorded passages.")
    this, other = (pair.source, pair.copies) if pair.source_id == pk else (pair.copies, pair.source)
    # The copy is the pair's source; compare from the original's side.
    compared = compare_texts(
        original=pair.copies.body,
        copy=pair.source.body,
        passages=[
            (p["b_start"], p["b_end"], p["a_start"], p["a_end"]) for p in pair.passages or []
        ],
    )
    return PairView(pair, this, other, _other_is(this, other), compared)


# --- A claim: who had it first, and the framing verb --------------------------------


@dataclass
class OutletVerbs:
    outlet: str  # "" when unknown
    outlet_id: int | None
    verbs: dict[str, int]  # verb ("" = none) → mentions
    kept: int  # mentions that kept the hedge
    mentions: int


# The claim page lists who had it first and each outlet's verbs a page at a time.
FIRST_REPORTS_PER_PAGE = 20
OUTLET_VERBS_PER_PAGE = 20


@dataclass
class TravelTally:
    """What the claim page's travel sections say about all of a claim's outlets."""

    verbs: list[VerbRow]
    qualifier: str
    first_reports: int  # how many first reports (outlets, and articles of no known outlet)
    outlets: int  # how many rows the verb table has in all


@dataclass
class ClaimTravel:
    first: list[FirstReport]  # one page of them, first first
    first_page: Page  # its numbers and counts (its rows are ``first``)
    reference: date | None
    verbs: list[VerbRow]
    outlets: list[OutletVerbs]  # one page of them, by outlet name
    outlets_page: Page  # its numbers and counts (its rows are ``outlets``)
    qualifier: str


def _page_of(total: int, per_page: int, number: object) -> Page:
    """A page of ``total`` rows held elsewhere (no query); bad numbers give a valid page."""
    return Paginator(range(total), per_page).get_page(number)


def claim_travel(
    claim: Claim,
    *,
    first_page: object = 1,
    outlets_page: object = 1,
    reference: date | None = None,
) -> ClaimTravel:
    """One page of ``claim``'s first reports, its verb × hedge summary and one page of
    each outlet's verbs.

    No query when this data version was read already; else a fixed number: three for
    the tally (first reports, the summary, the per-outlet verbs) and two for the pages
    shown (first reports, the per-outlet verbs), each kept for the data version.
    Disputing mentions are left out throughout: they do not report the claim as made.
    """
    tally = per_version(
        f"claim-travel-tally:{claim.pk}:{reference}",
        lambda: _travel_tally(claim, reference=reference),
    )
    first = _page_of(tally.first_reports, FIRST_REPORTS_PER_PAGE, first_page)
    outlets = _page_of(tally.outlets, OUTLET_VERBS_PER_PAGE, outlets_page)
    first.object_list, outlets.object_list = per_version(
        f"claim-travel-pages:{claim.pk}:{reference}:{first.number}:{outlets.number}"
        f":{FIRST_REPORTS_PER_PAGE}:{OUTLET_VERBS_PER_PAGE}",
        lambda: (
            [_narrowed(r) for r in first_reports(claim, reference=reference)[_bounds(first)]],
            _outlet_verbs(claim)[_bounds(outlets)],
        ),
    )
    return ClaimTravel(
        first=first.object_list,
        first_page=first,
        reference=reference or claim.claimed_on,
        verbs=tally.verbs,
        outlets=outlets.object_list,
        outlets_page=outlets,
        qualifier=tally.qualifier,
    )


def _narrowed(report: FirstReport) -> FirstReport:
    """``report`` with its article cut to what the page shows of it (its link and date):
    kept per data version, a page of reports then holds no titles, deks or URLs."""
    source = report.source
    kept = Source(pk=source.pk, published=source.published)
    kept.published_precision = source.published_precision
    return replace(report, source=kept)


def _bounds(page: Page) -> slice:
    return slice(page.start_index() - 1 if page.start_index() else 0, page.end_index())


def cached_first_reports(claim: Claim) -> list[FirstReport]:
    """``first_reports(claim)``: one query, none when computed for this data version."""
    return per_version(f"first-reports:{claim.pk}", lambda: first_reports(claim))


def _outlet_verbs(claim: Claim) -> list[OutletVerbs]:
    """Each outlet's verbs and hedges for ``claim``, by outlet name (unknown last). One query."""
    rows = (
        Mention.objects.published()
        .filter(claim=claim)
        .exclude(stance=Mention.Stance.DISPUTES)
        .values_list("source__outlet_id", "source__outlet__name", "reporting_verb", "qualifier")
        .order_by()
    )
    outlets: dict[int | None, OutletVerbs] = {}
    for outlet_id, name, verb, qualifier in rows:
        row = outlets.setdefault(outlet_id, OutletVerbs(name or "", outlet_id, {}, 0, 0))
        row.verbs[verb] = row.verbs.get(verb, 0) + 1
        row.mentions += 1
        row.kept += bool(qualifier.strip())
    for row in outlets.values():
        row.verbs = dict(sorted(row.verbs.items(), key=lambda item: (-item[1], item[0] == "")))
    return sorted(outlets.values(), key=lambda r: (r.outlet_id is None, r.outlet.lower()))


def _travel_tally(claim: Claim, *, reference: date | None) -> TravelTally:
    verbs = verb_qualifier_summary(claim)
    hedges = [row.qualifier for row in verbs if row.qualifier]
    return TravelTally(
        verbs=verbs,
        qualifier=hedges[0] if hedges else "",
        first_reports=len(first_reports(claim, reference=reference)),
        outlets=len(_outlet_verbs(claim)),
    )
