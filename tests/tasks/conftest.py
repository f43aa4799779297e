"""Fixtures for the background tasks."""

import pytest

from tests.tasks.helpers import IMMEDIATE


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued, in the test's thread (Django's ImmediateBackend)."""
    settings.TASKS = IMMEDIATE
