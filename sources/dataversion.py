"""The data version: one token in the cache that changes whenever the site's data changes.

Every cached reader page is keyed by it (newsroom/pagecache.py), so a write
makes every page built before it unreachable: a cached page is never stale.

How writes are seen: ``watch_writes`` (installed by SourcesConfig.ready on
every database connection) looks at each INSERT, UPDATE and DELETE statement
and, when it writes a table of the ``sources`` or ``timeline`` apps (models,
m2m tables, history tables), bumps the version once the transaction commits
(at once in autocommit). Working at the statement level catches what model
signals miss: ``bulk_create``, ``bulk_update``, ``QuerySet.update``, fast
deletes and raw SQL (the linker, ingestion, merges, ``synth``), with no call
in their code.

Why after the commit: a page rendered between the write and the commit reads
the old rows; bumped before the commit, that old page would be stored under
the new version and stay stale. And the writer's own connection, until it
commits, sees rows nobody else does (and that a rollback would undo), so
``has_uncommitted_writes`` tells the page cache to leave it alone.

The version lives in the default cache, shared by every worker and, with
Redis, every server. If it is missing (cache cleared or the key evicted),
the first reader sets a fresh random one with ``cache.add`` (atomic on
Redis): no page stored under an older token can ever match it. A token
starts with the second it was made, for ``Last-Modified``. No model rows
are read or written here.
"""

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

CACHE_KEY = "data-version"
# The apps whose tables feed the reader pages, the API, feeds and ClaimReview.
WATCHED_APPS = ("sources", "timeline")

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
log = logging.getLogger(__name__)
_bump_failed = threading.Event()  # a bump could not reach the cache: retry before the next read
_watched_tables: frozenset[str] | None = None


def _new_version() -> str:
    """``<seconds>.<random>``: two bumps in one second still differ."""
    return f"{int(time.time())}.{secrets.token_hex(8)}"


def version_seconds(version: str) -> int:
    """The second a version was made (for ``Last-Modified``); 0 if it is not one of ours."""
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def current_version() -> str:
    """The token every cached page is keyed by. One cache read (two when it was missing).

    Raises what the cache raises when it is unreachable (callers then skip caching).
    """
    if _bump_failed.is_set():
        return bump()
    version = cache.get(CACHE_KEY)
    if version is None:
        fresh = _new_version()
        # add() only writes when the key is absent, so servers that race here agree.
        version = fresh if cache.add(CACHE_KEY, fresh, None) else cache.get(CACHE_KEY, fresh)
    return version


def bump() -> str:
    """Make a new version now (call it after writes this module cannot see). Returns it."""
    _bump_failed.set()  # cleared only once the new version is stored
    version = _new_version()
    cache.set(CACHE_KEY, version, None)
    _bump_failed.clear()
    return version


def _bump_quietly() -> None:
    """Bump, but never fail the write that caused it: an unreachable cache is logged and
    the bump retried before this process next reads the version."""
    try:
        bump()
    except Exception:
        log.exception("Could not bump the data version; will retry")


def _tables() -> frozenset[str]:
    global _watched_tables
    if _watched_tables is None:
        names = set()
        for label in WATCHED_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                names.add(model._meta.db_table.lower())
        _watched_tables = frozenset(names)
    return _watched_tables


def writes_watched_table(sql: str) -> bool:
    """Whether ``sql`` is an INSERT, UPDATE or DELETE on a table of the watched apps."""
    match = _WRITE.match(sql)
    return bool(match) and match.group(1).lower() in _tables()


def _bump_after_commit() -> None:
    _bump_quietly()


def has_uncommitted_writes(connection: Any) -> bool:
    """Whether ``connection`` wrote a watched table in a transaction not yet committed."""
    return connection.in_atomic_block and any(
        _bump_after_commit in entry for entry in connection.run_on_commit
    )


def data_changed(connection: Any) -> None:
    """A watched table was written on ``connection``: bump when that is committed."""
    if not connection.in_atomic_block:
        _bump_quietly()  # autocommit: the statement is already committed
    elif not has_uncommitted_writes(connection):
        transaction.on_commit(_bump_after_commit, using=connection.alias, robust=True)


def _watch(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_watched_table(sql):
        data_changed(context["connection"])
    return result


def watch_writes(sender: Any = None, *, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: see every statement this connection runs."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def bump_after_migrate(sender: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: a deploy runs migrate, and new code may render pages anew."""
    bump()
