"""The front page's headline findings, computed from the mentions, and their cache.

"Reporter" means an outlet, or a source whose outlet is unknown: such a
source counts as an outlet of its own, so "2 of 5 outlets" never silently
drops the articles nobody has attributed yet. Nothing here writes to the
database (only to the cache); safe to call again.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q

from sources.models import Claim, Mention, Source


@dataclass
class Finding:
    """One fact computed from the data, with the claim that backs it up.

    ``kind`` says which fact (see ``HEDGE_KEPT``, ``STATED``, ``DISPUTED``);
    ``count`` reporters did it, out of ``reporters``. The sentence a reader
    sees is written by ``sources.pages.labels.finding_sentence``.
    """

    kind: str
    claim: Claim
    count: int
    reporters: int = 0
    word: str = ""  # the hedge kept (HEDGE_KEPT)

    @property
    def url(self) -> str:
        return self.claim.get_absolute_url()


# "count of reporters of the claim kept its hedge word"
HEDGE_KEPT = "hedge-kept"
# "count of the corpus's reporters stated the claim" (the likeliest claim of each kind)
STATED = "stated"
# "count reporters disputed the claim" (the most disputed one)
DISPUTED = "disputed"
# Which kinds of claim get a STATED finding, in this order.
STATED_KINDS = (Claim.Kind.POLICY_CLAUSE, Claim.Kind.BENCHMARK, Claim.Kind.CHARACTERIZATION)


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


def headline_findings(*, limit: int = 6) -> tuple[list[Finding], int]:
    """Facts like "2 of 5 outlets kept Musk's “partly”", computed from mentions.

    Returns the findings and how many reporters (outlets, plus sources with no
    known outlet) the corpus has. Counting distinct outlets per claim reads
    every mention, so the result is cached under ``corpus_version()``: one
    query when nothing changed, four when something did.
    """
    version = hashlib.sha256(corpus_version().encode()).hexdigest()
    key = f"headline-findings:v3:{limit}:{version}"
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
    for reach_row, word in measured:
        if not word:
            continue
        findings.append(
            Finding(HEDGE_KEPT, reach_row.claim, reach_row.kept, reach_row.reporters, word=word)
        )
    for kind in STATED_KINDS:
        # Only reporters that state the claim count: an article whose sole mention
        # disputes a clause (or only asks about it) did not "quote" it.
        backed = [r for r, _ in measured if r.claim.kind == kind and r.supports]
        if not backed:
            continue
        best = min(backed, key=lambda r: (-r.supports, r.claim.pk))
        findings.append(Finding(STATED, best.claim, best.supports, corpus_reporters))
    disputed = [r for r, _ in measured if r.disputes]
    if disputed:
        top = max(disputed, key=lambda r: r.disputes)
        findings.append(Finding(DISPUTED, top.claim, top.disputes))
    return findings[:limit], corpus_reporters
