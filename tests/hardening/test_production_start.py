"""A server started with DEBUG off and the development secret key refuses to start."""

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO_ROOT

START_SERVER_APP = "import newsroom.wsgi"  # what gunicorn and runserver load


def start(**env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **env_vars)
    return subprocess.run(
        [sys.executable, "-c", START_SERVER_APP],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_with_the_development_key_refuses_to_start():
    started = start()
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "DJANGO_SECRET_KEY" in started.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "env_vars",
    [{"DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40}, {"DJANGO_DEBUG": "1"}],
    ids=["own key", "debug"],
)
def test_a_server_with_its_own_key_or_debug_starts(env_vars):
    started = start(**env_vars)
    assert started.returncode == 0, started.stderr
