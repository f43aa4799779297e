"""The front page's headline findings, computed from the mentions, and their cache.

"Reporter" means an outlet, or a source whose outlet is unknown: such a
source counts as an outlet of its own, so "2 of 5 outlets" never silently
drops the articles nobody has attributed yet. Nothing here writes to the
database (only to the cache, once per data version); safe to call again.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from sources.models import Claim, Mention, Source
from sources.pages.queries.memo import per_version


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
    # Reporters left out because they only republished another's article (a copy group
    # counts once): ``count`` + ``copies`` (or ``reporters`` + ``copies``) is the raw number.
    copies: int = 0

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
    # How many of each the copies add (raw minus independent), per field above.
    copies: dict = field(default_factory=dict)


# The counts a copy group collapses, and which mentions each one counts.
_COLLAPSED = ("reporters", "kept", "disputes", "supports")


def _copy_collapse() -> dict[int, dict[str, int]]:
    """Per claim, how many reporters each count loses when a copy group counts once.

    A copy (``Source.copy_of``, chains followed) is counted as its original's reporter
    (the original's outlet, or the original itself when its outlet is unknown). Only the
    reporters touched by a copy group can change: the mentions of every source in a group
    and of every outlet that has one are read, nothing else. Two queries, always.
    """
    grouped = Source.objects.filter(Q(copy_of__isnull=False) | Q(copies__isnull=False))
    links = grouped.values_list("pk", "copy_of_id", "outlet_id").distinct()
    parent = {pk: original for pk, original, _ in links if original}
    outlet_of = {pk: outlet for pk, _, outlet in links}
    touched = grouped.exclude(outlet=None).values("outlet_id")
    rows = (
        Mention.objects.published()
        .filter(Q(source__in=grouped.values("pk")) | Q(source__outlet__in=touched))
        .values_list("claim_id", "source_id", "source__outlet_id", "qualifier", "stance")
        .order_by()
    )
    raw: dict[int, dict[str, set]] = {}
    independent: dict[int, dict[str, set]] = {}
    for claim_id, source_id, outlet_id, qualifier, stance in rows:
        root, seen = source_id, {source_id}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        raw_key = outlet_id or ("source", source_id)
        key = (outlet_of.get(root) or ("source", root)) if root != source_id else raw_key
        which = {"reporters": True, "kept": bool(qualifier), "disputes": stance == "disputes"}
        which["supports"] = stance == "supports"
        for name, counted in which.items():
            if counted:
                raw.setdefault(claim_id, {}).setdefault(name, set()).add(raw_key)
                independent.setdefault(claim_id, {}).setdefault(name, set()).add(key)
    return {
        claim_id: {
            name: len(sets.get(name, ())) - len(independent[claim_id].get(name, ()))
            for name in _COLLAPSED
        }
        for claim_id, sets in raw.items()
    }


def _reach_by_claim() -> dict[int, dict]:
    """Per claim: reporters, and those that kept a hedge, dispute or support it. One query."""
    loose = Q(source__outlet__isnull=True)
    hedged = ~Q(qualifier="")
    disputes = Q(stance=Mention.Stance.DISPUTES)
    supports = Q(stance=Mention.Stance.SUPPORTS)
    rows = (
        Mention.objects.published()
        .values("claim_id")
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


def headline_findings(*, limit: int = 6) -> tuple[list[Finding], int]:
    """Facts like "2 of 5 outlets kept Musk's “partly”", computed from mentions.

    Returns the findings and how many reporters (outlets, plus sources with no
    known outlet) the corpus has. Counting distinct outlets per claim reads
    every mention, so the result is computed once per data version (every write
    bumps it): six queries then, none after.
    """
    return per_version(f"headline-findings:{limit}", lambda: _compute_findings(limit=limit))


def _compute_findings(*, limit: int) -> tuple[list[Finding], int]:
    totals = Source.objects.aggregate(
        outlets=Count("outlet", distinct=True), loose=Count("id", filter=Q(outlet__isnull=True))
    )
    corpus_reporters = totals["outlets"] + totals["loose"]
    reach = _reach_by_claim()
    collapse = _copy_collapse()
    claims = {
        c.pk: c
        for c in Claim.objects.published()
        .filter(pk__in=list(reach))
        .select_related("speaker")
        .defer("verdict_explanation", "editor_owned_fields")
    }
    measured = []
    for pk, row in reach.items():
        if pk not in claims:
            continue
        copies = collapse.get(pk, dict.fromkeys(_COLLAPSED, 0))
        measured.append(
            (
                _ClaimReach(
                    claim=claims[pk],
                    reporters=row["outlets"] + row["loose"] - copies["reporters"],
                    kept=row["outlets_kept"] + row["loose_kept"] - copies["kept"],
                    disputes=row["outlets_disputing"] + row["loose_disputing"] - copies["disputes"],
                    supports=row["outlets_supporting"]
                    + row["loose_supporting"]
                    - copies["supports"],
                    copies=copies,
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
            Finding(
                HEDGE_KEPT,
                reach_row.claim,
                reach_row.kept,
                reach_row.reporters,
                word=word,
                copies=reach_row.copies["reporters"],
            )
        )
    for kind in STATED_KINDS:
        # Only reporters that state the claim count: an article whose sole mention
        # disputes a clause (or only asks about it) did not "quote" it.
        backed = [r for r, _ in measured if r.claim.kind == kind and r.supports]
        if not backed:
            continue
        best = min(backed, key=lambda r: (-r.supports, r.claim.pk))
        findings.append(
            Finding(
                STATED,
                best.claim,
                best.supports,
                corpus_reporters,
                copies=best.copies["supports"],
            )
        )
    disputed = [r for r, _ in measured if r.disputes]
    if disputed:
        top = max(disputed, key=lambda r: r.disputes)
        findings.append(Finding(DISPUTED, top.claim, top.disputes, copies=top.copies["disputes"]))
    return findings[:limit], corpus_reporters
