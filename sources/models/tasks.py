"""Background work the desk can watch: a task run (a re-link after a rule change, a bulk
upload) and the files an upload task ingests.
"""

from django.conf import settings
from django.db import models

from sources.models.claims import Claim


class TaskRun(models.Model):
    """One background job the desk started (a claim's re-link, a bulk upload): its
    progress while it runs and its report once done, for the editor to read.

    ``report`` for a re-link: ``added``, ``removed`` and ``kept`` mentions, each with its
    sentence (removed ones are listed before they go); for an upload: each file's
    outcome, the failures with their reasons and the origins that need a decision.
    """

    class Kind(models.TextChoices):
        RELINK = "relink", "Re-link a claim"
        INGEST = "ingest", "Ingest an upload"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    label = models.CharField(max_length=300, blank=True)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="task_runs"
    )
    task_id = models.CharField(max_length=64, blank=True, help_text="The tasks framework's id.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "background task"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.label}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class TaskUpload(models.Model):
    """An uploaded file kept for its task: waiting to be ingested, or for the editor's
    decision when its origin holds another article. Deleted once dealt with (the
    ingested bytes live on in ``Source.raw_input``)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be ingested"
        CONFLICT = "conflict", "Origin holds another article: waiting for a decision"

    run = models.ForeignKey(TaskRun, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveIntegerField(default=0)
    origin = models.CharField(max_length=500)
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # What to do if its origin holds another article: an ingest Conflict value
    # ("refuse", "replace", "new_origin"), the editor's decision once asked.
    on_conflict = models.CharField(max_length=12, default="refuse")
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "position", "pk"]

    def __str__(self) -> str:
        return self.origin
