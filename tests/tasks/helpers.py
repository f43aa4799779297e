"""What the task and upload tests share: zips made in memory, the immediate backend's
settings, and the database worker run once (no tests here)."""

import io
import zipfile
from unittest import mock

from django.core.management import call_command

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def make_zip(*members: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)  # ZipInfo keeps the name as given ("../x" included)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def run_worker() -> None:
    """The database backend's worker, until its queue is empty (``db_worker --batch``).

    In-process, inside the test's transaction: the worker's close_old_connections
    (which drops a connection older than CONN_MAX_AGE) would end that transaction
    mid-test, as Django's test client also prevents for requests.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
