"""Results that change only when the data does, computed once per data version.

A tally over every mention of a claim (who reported it first, the copy
groups, the claim the story tracks) costs the same on every request until an
editor, the linker or an ingest writes; then the data version
(sources/dataversion.py) changes, which every write bumps. ``per_version``
keys a result by that version in the default cache, so the first request
after a write computes it and the others read it: precomputed on write, with
no refresh code in the write paths to forget. This is not the page cache:
``DJANGO_PAGE_CACHE=0`` leaves it on, pages still render every time.

A connection holding writes it has not committed computes afresh and stores
nothing (it sees rows nobody else does); so does any request when the cache
cannot be reached. No database access of its own.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from sources.dataversion import current_version, has_uncommitted_writes

log = logging.getLogger(__name__)
# Results of older versions are never read again; this only bounds how long they linger.
TIMEOUT = 24 * 3600
_MISSING = object()


def per_version[T](name: str, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per data version and read from the cache after that.

    ``name`` must say everything the result depends on besides the data (e.g. a
    claim's id). The result must pickle.
    """
    if not getattr(settings, "DATA_MEMO", True) or has_uncommitted_writes(connection):
        return compute()
    try:
        key = f"memo:{name}:{current_version()}"
    except Exception:
        log.exception("Cache unreachable; computing %s afresh", name)
        return compute()
    try:
        found = cache.get(key, _MISSING)
    except Exception:
        # Unreachable, or an entry that no longer unpickles (stored by code a deploy has
        # since changed): computed afresh and stored again below, so the next request
        # does not pay for it too.
        log.exception("Could not read %s; computing it afresh", name)
        found = _MISSING
    if found is not _MISSING:
        return found
    result = compute()
    try:
        cache.set(key, result, TIMEOUT)
    except Exception:
        log.exception("Could not store %s", name)
    return result
