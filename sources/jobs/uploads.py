"""Uploads held for a task: stored with their run, ingested with progress, and, when a
file's origin holds another article, held again until the editor decides (replace it,
keep both under a new name, or skip the file).

The ingestion is the command line's (sources.ingest.load.ingest_documents), linking
included; zips are opened by sources.jobs.archive. Reads and writes the database;
builds no HTML.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sources.ingest.identity import OriginCheck
from sources.ingest.load import Conflict, ingest_documents
from sources.ingest.records import Document, IngestFailure
from sources.jobs import archive
from sources.jobs.progress import Ticker
from sources.models import TaskRun, TaskUpload

SKIP = "skip"
# The editor's choices for an origin that holds another article, in the order offered.
CHOICES = {
    Conflict.NEW_ORIGIN.value: "Keep both: store this file under a new name",
    Conflict.REPLACE.value: "Replace the stored article with this file",
    SKIP: "Skip this file",
}
TRIGGER = "admin-upload"


def _user(user: AbstractBaseUser | None):
    return user if user is not None and user.pk else None


def describe_files(names: list[str]) -> str:
    """ "a.zip", "a.txt and b.txt", "a.txt and 11 more files"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} more files"


def create_run(files: list[tuple[str, bytes]], *, user: AbstractBaseUser | None) -> TaskRun:
    """A queued ingest run holding the uploaded files (zips unopened) for its task."""
    with transaction.atomic():
        run = TaskRun.objects.create(
            kind=TaskRun.Kind.INGEST,
            label=describe_files([name for name, _ in files])[:300],
            created_by=_user(user),
        )
        TaskUpload.objects.bulk_create(
            TaskUpload(run=run, position=index, origin=name, data=data)
            for index, (name, data) in enumerate(files)
        )
    return run


def _conflict(check: OriginCheck, upload: TaskUpload) -> dict:
    return {
        "upload": upload.pk,
        "origin": check.origin,
        "existing": check.existing.pk,
        "existing_title": check.existing.title,
        "free_origin": check.free_origin,
        "detail": check.describe(),
    }


def _hold(run: TaskRun, checks: list[OriginCheck], documents: dict[str, Document]) -> list[dict]:
    """Keep each refused file with the run until the editor decides; their report entries."""
    held = []
    for check in checks:
        upload = TaskUpload.objects.create(
            run=run,
            origin=check.origin,
            data=documents[check.origin].data,
            status=TaskUpload.Status.CONFLICT,
            detail=check.describe(),
        )
        held.append(_conflict(check, upload))
    return held


def hold_conflicts(
    checks: list[OriginCheck], documents: list[Document], *, user: AbstractBaseUser | None
) -> TaskRun:
    """A finished run holding the files an inline upload refused, for the editor's decision."""
    run = TaskRun.objects.create(
        kind=TaskRun.Kind.INGEST,
        status=TaskRun.Status.DONE,
        label=describe_files([check.origin for check in checks])[:300],
        created_by=_user(user),
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    run.report = {"conflicts": _hold(run, checks, {d.origin: d for d in documents})}
    run.save(update_fields=["report"])
    return run


def _expand(uploads: list[TaskUpload]) -> list[tuple[Conflict, Document | IngestFailure]]:
    """Every article in the uploads, zips opened, each with what to do on a conflict."""
    items: list[tuple[Conflict, Document | IngestFailure]] = []
    for upload in uploads:
        data, mode = bytes(upload.data), Conflict(upload.on_conflict)
        if not archive.is_zip(upload.origin, data):
            items.append((mode, Document(origin=upload.origin, data=data)))
            continue
        try:  # read whole first: a zip that inflates past the limit stores nothing
            items += [(mode, item) for item in archive.read(upload.origin, data)]
        except archive.ArchiveError as error:
            items.append((mode, IngestFailure(upload.origin, str(error))))
    return items


def ingest_upload(run: TaskRun) -> dict:
    """Ingest and link the run's waiting files, saving progress; returns the counts.

    ``run.report``: ``counts`` by outcome, ``failures`` (origin, reason),
    ``sources`` (id, title, origin, outcome), ``duplicates`` and ``conflicts``
    (files held for a decision, with the source their origin holds).
    """
    uploads = list(run.uploads.filter(status=TaskUpload.Status.WAITING))
    items = _expand(uploads)
    counts: Counter[str] = Counter()
    report: dict = {"failures": [], "sources": [], "duplicates": [], "conflicts": []}
    run.report, run.total, run.done = report, len(items), 0
    ticker = Ticker(run)
    ticker.advance(0, force=True)
    outcomes: dict[str, str] = {}

    def progress(origin: str, outcome: str, detail: str) -> None:
        outcomes[origin] = outcome
        if outcome == "failed":
            report["failures"].append({"origin": origin, "reason": detail})
        ticker.advance()

    for mode in Conflict:
        group = [item for item_mode, item in items if item_mode is mode]
        if not group:
            continue
        result = ingest_documents(
            group, trigger=TRIGGER, link=True, progress=progress, conflict=mode
        )
        for source in result.sources:
            outcome = outcomes.get(source.origin, "ingested")
            counts[outcome] += 1
            report["sources"].append(
                {"id": source.pk, "title": source.title, "origin": source.origin}
                | {"outcome": outcome}
            )
        for duplicate in result.duplicates:
            report["duplicates"].append(
                {
                    "origin": duplicate.origin,
                    "existing": duplicate.existing.pk,
                    "existing_title": duplicate.existing.title,
                    "detail": duplicate.describe(),
                }
            )
        documents = {item.origin: item for item in group if isinstance(item, Document)}
        report["conflicts"] += _hold(run, result.conflicts, documents)
    held = {entry["origin"] for entry in report["conflicts"]}
    report["failures"] = [f for f in report["failures"] if f["origin"] not in held]
    counts.update(
        failed=len(report["failures"]),
        duplicates=len(report["duplicates"]),
        conflicts=len(held),
    )
    report["counts"] = dict(counts)
    TaskUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()
    return report["counts"]


def decide(
    run: TaskRun, choices: dict[int, str], *, user: AbstractBaseUser | None
) -> TaskRun | None:
    """Act on the editor's choice for each file ``run`` holds (see CHOICES).

    Skipped files are dropped; the others move to a new queued run, which
    ingests each as chosen. Undecided files stay held. Returns the new run, or
    None when nothing is left to ingest. Raises ValueError on an unknown choice.
    """
    if unknown := set(choices.values()) - set(CHOICES):
        raise ValueError(f"unknown choice: {', '.join(sorted(unknown))}")
    held = {u.pk: u for u in run.uploads.filter(status=TaskUpload.Status.CONFLICT)}
    decided = {pk: choice for pk, choice in choices.items() if pk in held}
    if not decided:
        return None
    chosen = [held[pk] for pk, choice in decided.items() if choice != SKIP]
    with transaction.atomic():
        run.report.setdefault("decisions", []).extend(
            {"origin": held[pk].origin, "choice": choice} for pk, choice in decided.items()
        )
        run.report["conflicts"] = [
            entry for entry in run.report.get("conflicts", []) if entry["upload"] not in decided
        ]
        run.save(update_fields=["report"])
        TaskUpload.objects.filter(
            pk__in=[pk for pk, choice in decided.items() if choice == SKIP]
        ).delete()
        if not chosen:
            return None
        new = TaskRun.objects.create(
            kind=TaskRun.Kind.INGEST,
            label=f"Decisions on {describe_files([u.origin for u in chosen])}"[:300],
            created_by=_user(user),
        )
        for upload in chosen:
            upload.run, upload.status = new, TaskUpload.Status.WAITING
            upload.on_conflict = decided[upload.pk]
            upload.save(update_fields=["run", "status", "on_conflict"])
    return new
