"""History in plain words: who changed a row (a person, or which machine) and what.

"Ingest run 12 changed body", "edna changed stance, reviewed", "Automatic process
created this mention". A record without a user was written by a machine: its
change reason names it when the machine gave one (ingest run / linker /
load_story); otherwise an ingest run whose time span holds the record is named;
otherwise it is an "automatic process". One query per page of records (the
ingest runs); no HTML built here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from sources.models import IngestRun

AUTOMATIC = "Automatic process"


def ingest_runs_during(records: Sequence[Any]) -> list[IngestRun]:
    """The ingest runs that overlap the machine-written records among ``records``."""
    times = [
        record.history_date
        for record in records
        if record.history_user_id is None and not record.history_change_reason
    ]
    if not times:
        return []
    return list(
        IngestRun.objects.filter(started_at__lte=max(times))
        .filter(Q(finished_at__gte=min(times)) | Q(finished_at__isnull=True))
        .order_by("started_at")
    )


def actor(record: Any, runs: Sequence[IngestRun] = ()) -> str:
    """Who wrote this historical record, in words."""
    if record.history_user_id is not None and record.history_user is not None:
        user = record.history_user
        return user.get_full_name() or user.get_username()
    if record.history_change_reason and record.history_user_id is None:
        return record.history_change_reason
    for run in runs:
        if run.started_at <= record.history_date and (
            run.finished_at is None or record.history_date <= run.finished_at
        ):
            return f"Ingest run {run.pk}"
    return AUTOMATIC


def what_happened(record: Any, who: str) -> str:
    """One sentence: "<who> created this source", "<who> changed title, dek"..."""
    noun = record.instance._meta.verbose_name
    if record.history_type == "+":
        return f"{who} created this {noun}"
    if record.history_type == "-":
        return f"{who} deleted this {noun}"
    changes = getattr(record, "history_delta_changes", None)
    if changes is None:  # the oldest record on a page has nothing to compare with
        return f"{who} changed this {noun}"
    if not changes:
        return f"{who} saved this {noun} without changing a field"
    return f"{who} changed " + ", ".join(change["field"].lower() for change in changes)


def describe(records: Sequence[Any]) -> None:
    """Give each record ``actor`` and ``summary`` attributes for the history page."""
    runs = ingest_runs_during(records)
    for record in records:
        record.actor = actor(record, runs)
        record.summary = what_happened(record, record.actor)
