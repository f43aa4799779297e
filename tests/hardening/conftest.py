"""Fixtures for tests that run `manage.py` in subprocesses against scratch databases.

The test database pytest-django makes is in memory on SQLite (other processes
cannot open it), so these tests make their own: an SQLite file in the test's
temporary folder, or, when DATABASE_URL points at PostgreSQL, databases beside
the test one, dropped afterwards.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from tests.helpers import REPO_ROOT

# Generous for a loaded two-core machine; a hung process fails its test, never the suite.
PROCESS_TIMEOUT = 150


def _postgres_base() -> tuple[str, str] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    server, _, name = url.rpartition("/")
    return server, name.split("?")[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def vendor(request) -> str:
    if request.param == "postgresql" and _postgres_base() is None:
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    return request.param


@pytest.fixture
def scratch_db(vendor, tmp_path) -> Iterator[Callable[[str], str]]:
    """``scratch_db(label)``: the DATABASE_URL of a new, empty database of this vendor."""
    made: list[str] = []

    def make(label: str) -> str:
        if vendor == "sqlite":
            return f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        import psycopg

        server, name = _postgres_base()
        scratch = f"{name}_{label}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{scratch}"')
        made.append(scratch)
        return f"{server}/{scratch}"

    yield make
    if made:
        import psycopg

        server, _ = _postgres_base()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            for scratch in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def database_env(database_url: str) -> dict:
    """The environment of a development process on ``database_url``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return env


@pytest.fixture
def manage() -> Callable[..., subprocess.CompletedProcess]:
    """``manage(database_url, *args)``: run manage.py there; fails the test if it fails."""

    def run(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=database_env(database_url),
            capture_output=True,
            text=True,
            timeout=PROCESS_TIMEOUT,
        )
        if check:
            assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr}"
        return done

    return run


@pytest.fixture
def spawn_manage() -> Callable[..., subprocess.Popen]:
    """``spawn_manage(database_url, *args)``: start manage.py there without waiting."""

    def start(database_url: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=database_env(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    return start
