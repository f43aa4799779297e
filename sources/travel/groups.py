"""Copy groups: near-identical copies of one article, so counts can take the story once.

A pair of sources is in a copy group when the copy is nearly all the other's words
(``share`` ≥ ``COPY_SHARE``) or an editor confirmed the pair, unless an editor dismissed
it. Pairs chain: a copy of a copy is in the same group. Each group's original is its
earliest member at the precision known (then the one others copy, then the oldest
record); every other member gets ``Source.copy_of`` = the original.

Editors mark or unmark a copy with ``mark_copy`` / ``unmark_copy``; that makes
``copy_of`` editor-owned and ``rebuild_copy_groups`` leaves it as the editor set it.
``copy_roots`` and ``independent_reports`` are the read side for findings and tallies.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from sources.models import Mention, ReusePair, Source
from sources.travel.dates import interval

COPY_SHARE = 0.8


def _find(parent: dict[int, int], item: int) -> int:
    while parent.setdefault(item, item) != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def rebuild_copy_groups(*, copy_share: float = COPY_SHARE) -> dict[str, int]:
    """Set ``copy_of`` from the reuse pairs. Safe to re-run; never touches editor marks.

    Returns counts: groups, copies (sources that now point at an original), changed.
    """
    pairs = (
        ReusePair.objects.exclude(status=ReusePair.Status.DISMISSED)
        .filter(Q(share__gte=copy_share) | Q(status=ReusePair.Status.CONFIRMED))
        .values_list("source_id", "copies_id")
    )
    parent: dict[int, int] = {}
    copied_times: dict[int, int] = defaultdict(int)
    for copy, original in pairs:
        parent[_find(parent, copy)] = _find(parent, original)
        copied_times[original] += 1
    members: dict[int, list[int]] = defaultdict(list)
    for item in list(parent):
        members[_find(parent, item)].append(item)

    dates = {
        pk: interval(published, precision)
        for pk, published, precision in Source.objects.filter(pk__in=list(parent)).values_list(
            "pk", "published", "published_precision"
        )
    }

    def seniority(pk: int) -> tuple:
        when = dates.get(pk)
        return (when.earliest if when else datetime.max, -copied_times[pk], pk)

    wanted: dict[int, int | None] = {}
    for group in members.values():
        original = min(group, key=seniority)
        wanted.update({pk: (None if pk == original else original) for pk in group})

    changed = 0
    with transaction.atomic():
        current = Source.objects.filter(Q(copy_of__isnull=False) | Q(pk__in=list(wanted)))
        for source in current.only("pk", "copy_of", "editor_owned_fields"):
            if source.owns("copy_of"):
                continue
            target = wanted.get(source.pk)
            if source.copy_of_id != target:
                # update(), not save(): the body and its history stay as they are.
                Source.objects.filter(pk=source.pk).update(copy_of=target)
                changed += 1
    copies = sum(1 for target in wanted.values() if target is not None)
    return {"groups": len(members), "copies": copies, "changed": changed}


def mark_copy(source: Source, original: Source) -> None:
    """An editor says ``source`` is a copy of ``original``; re-detection keeps it so."""
    if source.pk == original.pk:
        raise ValueError("A source cannot be a copy of itself.")
    source.copy_of = original
    source.mark_editor_owned("copy_of")
    source.save(update_fields=["copy_of", "editor_owned_fields", "updated_at"])


def unmark_copy(source: Source) -> None:
    """An editor says ``source`` is its own report; re-detection keeps it so."""
    source.copy_of = None
    source.mark_editor_owned("copy_of")
    source.save(update_fields=["copy_of", "editor_owned_fields", "updated_at"])


def copy_roots() -> dict[int, int]:
    """Each copy's source id → its group's original (chains followed), in one query."""
    links = dict(Source.objects.filter(copy_of__isnull=False).values_list("pk", "copy_of_id"))
    roots = {}
    for pk in links:
        seen, node = {pk}, links[pk]
        while node in links and links[node] not in seen:
            seen.add(node)
            node = links[node]
        roots[pk] = node
    return roots


@dataclass
class IndependentReport:
    """One original and every copy of it among the counted items."""

    original_id: int
    source_ids: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def copies(self) -> int:
        """How many of the counted sources are copies ("and N copies")."""
        return len(self.source_ids) - 1


def independent_sources(
    source_ids: Iterable[int], roots: dict | None = None
) -> list[IndependentReport]:
    """Group source ids by copy group: one report per original, copies inside it."""
    roots = copy_roots() if roots is None else roots
    reports: dict[int, IndependentReport] = {}
    for pk in dict.fromkeys(source_ids):
        root = roots.get(pk, pk)
        reports.setdefault(root, IndependentReport(root)).source_ids.append(pk)
    return list(reports.values())


def independent_reports(
    mentions: Iterable[Mention], roots: dict | None = None
) -> list[IndependentReport]:
    """Mentions grouped by copy group: a story reprinted five times is one report."""
    roots = copy_roots() if roots is None else roots
    reports: dict[int, IndependentReport] = {}
    for mention in mentions:
        root = roots.get(mention.source_id, mention.source_id)
        report = reports.setdefault(root, IndependentReport(root))
        if mention.source_id not in report.source_ids:
            report.source_ids.append(mention.source_id)
        report.mentions.append(mention)
    return list(reports.values())


def independent_count(source_ids: Iterable[int], roots: dict | None = None) -> int:
    """How many independent reports ``source_ids`` make (each copy group once)."""
    return len(independent_sources(source_ids, roots))
