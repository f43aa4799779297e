"""The background tasks (Django's tasks framework) and how the desk starts them.

Each task is thin: it marks its TaskRun running, calls the job in sources.jobs
(the linker's or the ingester's services underneath) and marks it done or failed.
The backend is settings.TASKS: the database backend of django-tasks-db, whose
``manage.py db_worker`` runs them (``make run`` starts one). A task's return value
is a small JSON summary; the full report lives in its TaskRun, which the desk shows.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import Task, task

from sources.jobs import relink, uploads
from sources.jobs.progress import running
from sources.models import TaskRun


@task()
def relink_claim(run_id: int) -> dict:
    """Re-link every source after a claim's rules changed; report by sentence."""
    with running(run_id) as run:
        return relink.relink_claim(run)


@task()
def ingest_upload(run_id: int) -> dict:
    """Ingest and link the files of an upload, with progress."""
    with running(run_id) as run:
        return uploads.ingest_upload(run)


def start(job: Task, run: TaskRun) -> TaskRun:
    """Enqueue ``job`` for ``run`` once the current transaction commits.

    After the commit, so a worker never reads a half-saved claim, and the admin's
    inline forms are saved before an immediate backend runs the task.
    """

    def enqueue() -> None:
        result = job.enqueue(run.pk)
        TaskRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return run


def run_now(job: Task, run: TaskRun) -> TaskRun:
    """Run ``job`` for ``run`` here and now (a small upload the editor waits for)."""
    job.call(run.pk)
    run.refresh_from_db()
    return run
