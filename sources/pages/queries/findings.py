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

from sources.models import Claim, Entity, Mention, Source


def short_name(entity: Entity | None) -> str:
    """The shortest of an entity's names ("Musk" for Elon Musk), for running text."""
    if entity is None:
        return ""
    return min(entity.names, key=len)


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
