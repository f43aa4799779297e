"""The IngestRun record: how far a run got, and which sources runs left unlinked.

A run lists every file it will read as "pending" before it starts, then saves
each file's outcome in the transaction that writes the file's source (and its
mentions). So after a crash (``kill -9``) the run says exactly which files were
done, and a source is stored only together with its report entry. Each entry
says whether the source is linked; a later run links the ones still waiting.
Writes IngestRun rows only.
"""

from collections import Counter
from collections.abc import Sequence

from django.utils import timezone

from sources.models import IngestRun

PENDING = "pending"
_COUNTED = ("ingested", "updated", "unchanged", "failed")


def entry(
    origin: str,
    outcome: str,
    *,
    digest: str = "",
    reason: str = "",
    source: int | None = None,
    warnings: Sequence[str] = (),
    linked: bool = False,
) -> dict:
    """One file's line in ``IngestRun.report``."""
    return {
        "origin": origin,
        "hash": digest,
        "outcome": outcome,
        "reason": reason,
        "source": source,
        "warnings": list(warnings),
        "linked": linked,
    }


class RunLog:
    """The report of one run, saved entry by entry."""

    def __init__(self, *, trigger: str, origins: Sequence[str]):
        self.report = [entry(origin, PENDING) for origin in origins]
        self.run = IngestRun.objects.create(trigger=trigger[:50], report=self.report)

    def save(self, index: int, line: dict) -> None:
        """Record file ``index``'s outcome; call it inside the file's own transaction."""
        self.report[index] = line
        counts = Counter(item["outcome"] for item in self.report)
        for name in _COUNTED:
            setattr(self.run, name, counts[name])
        self.run.report = self.report
        self.run.save(update_fields=[*_COUNTED, "report"])

    def mark_linked(self) -> None:
        """Every stored source of this run is now linked (after relinking them all)."""
        for line in self.report:
            if line["source"] is not None:
                line["linked"] = True
        self.run.report = self.report
        self.run.save(update_fields=["report"])

    def finish(self) -> None:
        self.run.finished_at = timezone.now()
        self.run.save(update_fields=["finished_at"])


def sources_awaiting_links(*, before: IngestRun | None = None) -> set[int]:
    """Ids of the sources whose latest run entry says they were stored but not linked.

    Entries from before runs said so (no "linked" key) count as linked.
    """
    runs = IngestRun.objects.order_by("pk")
    if before is not None:
        runs = runs.filter(pk__lt=before.pk)
    linked: dict[int, bool] = {}
    for report in runs.values_list("report", flat=True).iterator():
        for line in report or []:
            if line.get("source") is not None and "linked" in line:
                linked[line["source"]] = line["linked"]
    return {pk for pk, done in linked.items() if not done}
