"""Reads for a claim's page: its quote variants and a page of its mentions in context.

``mention_rows`` (a mention located inside its sentence) is shared with the
comparisons. The claim page itself reads narrow rows (``Wording``): what is computed
over every quote of the claim (the summary, which quotes are on which page) is read
once per data version, so a request reads the claim and its page's quotes, whatever
the claim's reach. Nothing here writes or builds HTML; safe to call again.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from sources import limits
from sources.highlight import QuoteInContext, quote_in_sentence, variant_key
from sources.models import Claim, Mention, source_path
from sources.pages.queries import MENTIONS_PER_PAGE, claim_tracks_qualifier
from sources.pages.queries.memo import per_version
from sources.travel.groups import copy_roots


@dataclass
class VariantGroup:
    """One way of rendering a quote, case- and punctuation-insensitively ("Partly." = "partly")."""

    key: str
    forms: list[str]
    count: int
    sources: int
    more_forms: int = 0  # spellings of this group not listed in ``forms``


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


# The ways of wording a claim the page lists, most used first, and the spellings of each.
VARIANTS_SHOWN = 20
FORMS_SHOWN = 5


@dataclass
class ClaimSummary:
    """What the claim page says about all of a claim's quotes; changes only on a write."""

    subjects: list[str]  # the names of who and what the claim is about
    variants: list[VariantGroup]  # the most used ways of wording it (at most VARIANTS_SHOWN)
    more_variants: int  # ways of wording it not listed
    quotes: int  # published mentions: the quotes the page lists
    hedged: bool  # some article kept a hedge ("partly") on this claim
    word: str  # the hedge articles kept ("partly"), "" when none did
    kept: int
    dropped: int
    # Articles that only copy another reporting the claim (a copy group counts once):
    # ``kept`` and ``dropped`` count each group once; these many more articles are copies.
    copies: int


@dataclass(slots=True)
class Wording:
    """One quote on the claim page: its article, the sentence with the quote marked, links."""

    pk: int  # the mention's id
    reporter: str  # the outlet's name, or "Unknown outlet"
    outlet: str | None  # the outlet's name; None when unknown
    title: str
    published: date | None
    published_precision: str
    web_url: str  # the article on the web; "" when unknown
    url: str  # the article on this site
    mention_url: str  # the quote in it: its part of the article and its anchor
    context: QuoteInContext
    stance: str
    qualifier: str
    qualifier_kept: bool | None  # None: the claim has no qualifier to keep


@dataclass
class ClaimDetail:
    claim: Claim
    tracks_qualifier: bool
    qualifier_word: str
    summary: ClaimSummary
    page: Page  # the page of quotes: counts and numbers (its rows are ``rows``)
    rows: list[Wording]

    @property
    def variants(self) -> list[VariantGroup]:
        return self.summary.variants

    @property
    def kept(self) -> int:
        return self.summary.kept

    @property
    def dropped(self) -> int:
        return self.summary.dropped

    @property
    def copies(self) -> int:
        return self.summary.copies


def _collapsed_tally(claim: Claim) -> tuple[int, int, int]:
    """(kept, total, copies) over the claim's articles, each copy group counted once.

    A group kept the hedge when any of its articles did, as an article does when any of
    its quotes did. Two queries (the copy links, the claim's articles).
    """
    roots = copy_roots()
    rows = (
        Mention.objects.published()
        .filter(claim=claim)
        .values_list("source_id", "qualifier")
        .order_by()
    )
    kept: dict[int, bool] = {}
    articles = set()
    for source_id, qualifier in rows:
        articles.add(source_id)
        root = roots.get(source_id, source_id)
        kept[root] = kept.get(root, False) or bool(qualifier)
    return sum(kept.values()), len(kept), len(articles) - len(kept)


def _summary(claim: Claim) -> ClaimSummary:
    """The claim's subjects, variants, quote count and hedge tallies. Five queries."""
    mentions = Mention.objects.published().filter(claim=claim)
    counts = mentions.aggregate(
        kept=Count("source", distinct=True, filter=~Q(qualifier="")),
        total=Count("source", distinct=True),
        word=Min("qualifier", filter=~Q(qualifier="")),
    )
    variants = _variant_groups(mentions)
    kept, total, copies = _collapsed_tally(claim)
    if not copies:  # no copies: each article counts, as the raw numbers say
        kept, total = counts["kept"], counts["total"]
    for group in variants[:VARIANTS_SHOWN]:
        group.more_forms = max(0, len(group.forms) - FORMS_SHOWN)
        group.forms = group.forms[:FORMS_SHOWN]
    return ClaimSummary(
        subjects=list(claim.subjects.order_by("name").values_list("name", flat=True)),
        variants=variants[:VARIANTS_SHOWN],
        more_variants=max(0, len(variants) - VARIANTS_SHOWN),
        quotes=sum(group.count for group in variants),
        hedged=bool(counts["kept"]),
        word=counts["word"] or "",
        # A source that kept the hedge in any of its quotes counts as keeping it; with
        # copies, a copy group counts once.
        kept=kept,
        dropped=total - kept,
        copies=copies,
    )


def _wording_ids(claim: Claim, *, start: int, end: int) -> list[int]:
    """The ids of the claim's quotes ``start:end``, oldest article first. One query."""
    ordered = (
        Mention.objects.published()
        .filter(claim=claim)
        .order_by(F("source__published").asc(nulls_last=True), "source__title", "start", "pk")
    )
    return list(ordered.values_list("pk", flat=True)[start:end])


def _wordings(ids: list[int], *, tracks_qualifier: bool) -> list[Wording]:
    """The quotes ``ids`` in that order, each inside its sentence. One query, narrow rows."""
    rows = {
        row["pk"]: row
        for row in Mention.objects.published()
        .filter(pk__in=ids)
        .values(
            "pk", "quote", "field", "start", "sentence", "sentence_start", "stance", "qualifier",
            "source_id", "source__title", "source__published", "source__published_precision",
            "source__url", "source__outlet__name",
        )
    }  # fmt: skip
    wordings = []
    for row in (rows[pk] for pk in ids if pk in rows):  # (one gone since: a write between)
        url = source_path(row["source_id"])
        # Mention.get_absolute_url without the mention: its part, unless in the headline.
        in_body = (row["field"] or Mention.Field.BODY) == Mention.Field.BODY
        part = limits.part_query(row["start"]) if in_body else ""
        outlet = row["source__outlet__name"]
        wordings.append(
            Wording(
                pk=row["pk"],
                reporter=outlet if outlet is not None else "Unknown outlet",
                outlet=outlet,
                title=row["source__title"],
                published=row["source__published"],
                published_precision=row["source__published_precision"],
                web_url=row["source__url"],
                url=url,
                mention_url=f"{url}{part}#mention-{row['pk']}",
                context=quote_in_sentence(
                    sentence=row["sentence"],
                    sentence_start=row["sentence_start"],
                    quote=row["quote"],
                    start=row["start"],
                ),
                stance=row["stance"],
                qualifier=row["qualifier"],
                qualifier_kept=bool(row["qualifier"]) if tracks_qualifier else None,
            )
        )
    return wordings


def claim_with_mentions(*, slug: str, page: object) -> ClaimDetail:
    """A claim, its quote variants, and a page of its quotes in context.

    One query (the claim), and a fixed number more when this data version has not been
    read yet: the summary (five: subjects, variants, hedge counts, copy links, the
    articles for the copy-collapsed tally) and the page's quotes (two: their ids in
    order, then their rows), each computed once per data version. Raises Http404 for an
    unknown slug.
    """
    claim = get_object_or_404(
        Claim.objects.published().select_related("speaker").defer("editor_owned_fields"),
        slug=slug,
    )
    summary = per_version(f"claim-summary:{claim.pk}", lambda: _summary(claim))
    claim.has_qualifier = summary.hedged  # what _with_qualifier_flag would have annotated
    tracks = claim_tracks_qualifier(claim)
    # The paginator counts nothing: the summary knows how many quotes there are.
    page_obj = Paginator(range(summary.quotes), MENTIONS_PER_PAGE).get_page(page)
    start, end = page_obj.start_index() - 1, page_obj.end_index()
    # The page's quotes change only on a write: read once per data version (narrow rows,
    # no model instances), as the summary is.
    rows = (
        per_version(
            f"claim-wordings:{claim.pk}:{page_obj.number}:{MENTIONS_PER_PAGE}:{tracks}",
            lambda: _wordings(_wording_ids(claim, start=start, end=end), tracks_qualifier=tracks),
        )
        if summary.quotes
        else []
    )
    page_obj.object_list = rows
    rules = claim.rules
    return ClaimDetail(
        claim=claim,
        tracks_qualifier=tracks,
        qualifier_word=summary.word or next(iter(rules.get("qualifiers") or []), ""),
        summary=summary,
        page=page_obj,
        rows=rows,
    )
