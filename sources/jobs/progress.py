"""A TaskRun's life: started, advanced, finished or failed, written as it goes so the
editor's progress page (which polls) sees it.

Progress writes are throttled (at most one every ``EVERY`` seconds, plus the last),
so a thousand-file upload does not rewrite its report a thousand times. No task
framework here: the task functions in sources.tasks call these.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from sources.models import TaskRun

EVERY = 1.0  # seconds between two progress writes


@contextmanager
def running(run_id: int) -> Iterator[TaskRun]:
    """Mark the run as running, hand it over, then done; failed (with why) on an exception."""
    run = TaskRun.objects.get(pk=run_id)
    run.status, run.started_at = TaskRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        yield run
    except Exception as error:
        run.status, run.finished_at = TaskRun.Status.FAILED, timezone.now()
        run.error = f"{type(error).__name__}: {error}"
        run.save(update_fields=["status", "finished_at", "error", "done", "total", "report"])
        raise
    run.status, run.finished_at = TaskRun.Status.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at", "done", "total", "report"])


class Ticker:
    """Saves a run's ``done``, ``total`` and ``report`` now and then while it advances."""

    def __init__(self, run: TaskRun):
        self.run = run
        self.last = 0.0

    def advance(self, by: int = 1, *, force: bool = False) -> None:
        self.run.done += by
        now = time.monotonic()
        if force or now - self.last >= EVERY:
            self.last = now
            self.run.save(update_fields=["done", "total", "report"])
