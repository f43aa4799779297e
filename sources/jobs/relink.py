"""Re-link every source after a claim's matching rules change, and report what it did to
that claim's mentions, sentence by sentence.

The engine holds every claim's rules, not only the edited one: the reconciler
deletes a source's free automatic mentions that no rule in the engine matched,
and proposes sentences that no claim matched as candidates, so an engine of one
claim would delete the other claims' automatic mentions and flood the candidates.
With all the rules, linking is idempotent for the other claims and the edited
claim's new rules take effect.

Nothing is deleted without being listed: each batch of sources is read before and
after its re-link in one transaction, and every mention that went, whatever its
claim, is in the report with its sentence. Reads and writes the database; builds
no HTML.
"""

from __future__ import annotations

from dataclasses import fields

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sources.jobs.progress import Ticker
from sources.linking import LinkResult, build_engine, link_sources
from sources.models import Claim, Mention, Source, TaskRun

BATCH = 200  # sources per transaction, as the linker batches them
LISTED = 500  # added and kept mentions listed per report (counts are exact); removed: all
_SNAPSHOT = (
    "pk",
    "claim_id",
    "claim__slug",
    "source_id",
    "source__title",
    "quote",
    "start",
    "end",
    "sentence",
    "sentence_start",
)


def create_run(claim: Claim, *, user: AbstractBaseUser | None = None) -> TaskRun:
    """The run record for re-linking after ``claim``'s rules changed (queued)."""
    return TaskRun.objects.create(
        kind=TaskRun.Kind.RELINK,
        claim=claim,
        label=f"Re-link after the rules of {claim.slug} changed"[:300],
        created_by=user if user is not None and user.pk else None,
    )


def _entry(row: dict, *, moved: bool = False) -> dict:
    return {
        "mention": row["pk"],
        "claim": row["claim__slug"],
        "source": row["source_id"],
        "title": row["source__title"],
        "quote": row["quote"],
        "start": row["start"],
        "sentence": row["sentence"],
        "sentence_start": row["sentence_start"],
        "moved": moved,
    }


def _snapshot(ids: list[int]) -> dict[int, dict]:
    rows = Mention.objects.filter(source_id__in=ids).values(*_SNAPSHOT)
    return {row["pk"]: row for row in rows}


def _add(total: LinkResult, part: LinkResult) -> None:
    for item in fields(LinkResult):
        value = getattr(part, item.name)
        if isinstance(value, dict):
            getattr(total, item.name).update(value)
        else:
            setattr(total, item.name, getattr(total, item.name) + value)


def relink_claim(run: TaskRun) -> dict:
    """Re-link every source, batch by batch; fill ``run.report`` and return its counts."""
    claim_id = run.claim_id
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    run.total, run.done = len(ids), 0
    report: dict = {
        "claim": run.claim.slug if run.claim else "",
        "added": [],
        "removed": [],
        "kept": [],
        "others_removed": [],
        "counts": {"added": 0, "removed": 0, "kept": 0, "moved": 0, "others_added": 0},
    }
    run.report = report
    ticker = Ticker(run)
    ticker.advance(0, force=True)
    if claim_id is None:  # the claim was deleted before the worker got to it
        report["summary"] = "The claim no longer exists; nothing was re-linked."
        return report["counts"]
    engine = build_engine()
    counts, total = report["counts"], LinkResult()
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset : offset + BATCH]
        with transaction.atomic():
            before = _snapshot(batch)
            _add(total, link_sources(sources=[Source(pk=pk) for pk in batch], engine=engine))
            after = _snapshot(batch)
        for pk, row in before.items():
            if pk not in after:
                ours = row["claim_id"] == claim_id
                report["removed" if ours else "others_removed"].append(_entry(row))
                counts["removed"] += ours
            elif row["claim_id"] == claim_id:
                now = after[pk]
                moved = (now["start"], now["end"], now["quote"]) != (
                    row["start"],
                    row["end"],
                    row["quote"],
                )
                counts["kept"] += 1
                counts["moved"] += moved
                if len(report["kept"]) < LISTED:
                    report["kept"].append(_entry(now, moved=moved))
        for pk, row in after.items():
            if pk in before:
                continue
            if row["claim_id"] != claim_id:
                counts["others_added"] += 1
                continue
            counts["added"] += 1
            if len(report["added"]) < LISTED:
                report["added"].append(_entry(row))
        ticker.advance(len(batch))
    for name in ("added", "removed", "kept", "others_removed"):
        report[name].sort(key=lambda entry: (entry["source"], entry["start"]))
    report["summary"] = str(total)
    return counts
