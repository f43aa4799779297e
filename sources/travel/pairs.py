"""Reuse pairs in the database: detect over the stored sources and keep the records current.

Reads every Source's body once, runs ``detect.find_reuse`` and writes ``ReusePair`` rows.
Safe to re-run: a pair is found again under the same two sources whichever way round;
an editor's decision (confirmed or dismissed) is never changed, and a pair an editor
decided is kept even when the detector no longer finds it. Proposed pairs that are no
longer found are deleted.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sources.models import Citation, ReusePair, Source
from sources.travel.dates import interval, order
from sources.travel.detect import Doc, Found, Params, find_reuse

# Citations that say "this article is based on that one".
_DERIVING = (Citation.Kind.BASED_ON, Citation.Kind.REPUBLISHED_FROM, Citation.Kind.SOURCE_LIST)


@dataclass
class PairCounts:
    found: int = 0
    created: int = 0
    updated: int = 0
    kept_by_editor: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return (
            f"{self.found} pairs found: {self.created} new, {self.updated} updated, "
            f"{self.deleted} no longer found (deleted), {self.kept_by_editor} left as an "
            f"editor decided"
        )


@dataclass
class _Meta:
    published: object
    precision: str
    outlet_id: int | None


def _derivations() -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(copy, original source) and (copy, original outlet) pairs that a citation names."""
    rows = Citation.objects.filter(kind__in=_DERIVING).values_list(
        "source_id", "cited_source_id", "cited_outlet_id"
    )
    by_source = {(s, c) for s, c, _ in rows if c}
    by_outlet = {(s, o) for s, _, o in rows if o}
    return by_source, by_outlet


def orient(found: Found, meta: dict[int, _Meta], derived: tuple[set, set]) -> tuple[Found, str]:
    """``found`` turned so that ``a`` is the copy and ``b`` the original, and what says so."""
    ma, mb = meta[found.a], meta[found.b]
    verdict = order(interval(ma.published, ma.precision), interval(mb.published, mb.precision))
    if verdict:
        return (found.swapped() if verdict < 0 else found), ReusePair.OrderedBy.DATES
    for copy, original in ((found.a, found.b), (found.b, found.a)):
        cited = (copy, original) in derived[0] or ((copy, meta[original].outlet_id) in derived[1])
        if cited:
            return (found if copy == found.a else found.swapped()), ReusePair.OrderedBy.CITATION
    # Nothing says who came first: call the one most made of the other's words the copy.
    if found.words_b and found.words_b < found.words_a:
        found = found.swapped()
    return found, ReusePair.OrderedBy.NONE


def detect_pairs(*, params: Params | None = None, sources=None) -> PairCounts:
    """Detect reuse among ``sources`` (default: all) and store it as ReusePair rows."""
    queryset = sources if sources is not None else Source.objects.all()
    rows = queryset.order_by("pk").values_list(
        "pk", "body", "outlet_id", "published", "published_precision"
    )
    docs, meta = [], {}
    for pk, body, outlet_id, published, precision in rows.iterator(chunk_size=500):
        docs.append(Doc(id=pk, body=body, outlet=outlet_id))
        meta[pk] = _Meta(published, precision, outlet_id)
    found = find_reuse(docs, params)
    return store_pairs(found, meta, scope=set(meta))


def store_pairs(found: list[Found], meta: dict, *, scope: set[int]) -> PairCounts:
    derived = _derivations()
    now = timezone.now()
    counts = PairCounts(found=len(found))
    with transaction.atomic():
        existing = {
            frozenset((p.source_id, p.copies_id)): p
            for p in ReusePair.objects.filter(source__in=scope, copies__in=scope)
        }
        seen = set()
        for pair in found:
            oriented, ordered_by = orient(pair, meta, derived)
            key = frozenset((oriented.a, oriented.b))
            seen.add(key)
            fields = {
                "source_id": oriented.a,
                "copies_id": oriented.b,
                "shared_words": oriented.shared_words,
                "share": round(oriented.shared_words / max(oriented.words_a, 1), 4),
                "passages": [p.as_dict() for p in oriented.passages],
                "ordered_by": ordered_by,
                "detected_at": now,
            }
            record = existing.get(key)
            if record is None:
                ReusePair.objects.create(**fields)
                counts.created += 1
                continue
            if record.status != ReusePair.Status.PROPOSED:
                counts.kept_by_editor += 1
                if (record.source_id, record.copies_id) != (oriented.a, oriented.b):
                    # The editor decided on the pair as it was turned then: keep that.
                    continue
            for name, value in fields.items():
                setattr(record, name, value)
            record.save()
            counts.updated += 1
        stale = [
            p.pk
            for key, p in existing.items()
            if key not in seen and p.status == ReusePair.Status.PROPOSED
        ]
        counts.deleted, _ = ReusePair.objects.filter(pk__in=stale).delete()
    return counts


def decide(pair: ReusePair, status: str) -> ReusePair:
    """An editor confirms or dismisses a pair (or sets it back to proposed)."""
    pair.status = ReusePair.Status(status)
    pair.decided_at = timezone.now() if pair.status != ReusePair.Status.PROPOSED else None
    pair.save(update_fields=["status", "decided_at"])
    return pair
