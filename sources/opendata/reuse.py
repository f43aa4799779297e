"""The reuse pairs as an open-data table: who shares passages with whom (issue 16 §6).

One row per ``ReusePair`` an editor has not dismissed: ``source_origin`` is the
article that reuses the text, ``copies_origin`` the earlier (or original) one it
shares it with, as ``ReusePair`` stores them. Read by the ``reuse`` export
(tables.py) and ``/api/reuse/`` (api.py) through the same ``REUSE`` columns and
``reuse_pairs`` rows, so both say the same. One values() query, streamed; never
writes.

Filters: a pair matches when either side is a source the filters pick
(``scope.sources``: outlet, source id, publication dates, and the claim filters as
"reports such a claim"), so ``outlet=wired`` lists WIRED's copies and the copies of
WIRED.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Func, IntegerField, Q, QuerySet

from sources.filters import Filters
from sources.models import ReusePair
from sources.opendata import scope
from sources.opendata.columns import Columns, _blank
from sources.opendata.links import Links


class JSONArrayLength(Func):
    """How many items a JSON list column holds (the pair's passages), in SQL."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSON_ARRAY_LENGTH", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


REUSE = Columns(
    ("reuse_id", "pk"),
    ("source_origin", "source__origin"),
    ("copies_origin", "copies__origin"),
    ("shared_words", "shared_words"),
    ("share", "share"),
    ("status", "status"),
    ("ordered_by", "ordered_by"),
    ("passages", JSONArrayLength("passages")),
    ("source_title", "source__title"),
    ("source_outlet", _blank("source__outlet__name")),
    ("source_published", "source__published"),
    ("copies_title", "copies__title"),
    ("copies_outlet", _blank("copies__outlet__name")),
    ("copies_published", "copies__published"),
    ("detected_at", "detected_at"),
    ("decided_at", "decided_at"),
    ("source_id", "source_id"),
    ("copies_id", "copies_id"),
    ("source_page", lambda row, links: links.source(row["source_id"])),
    ("copies_page", lambda row, links: links.source(row["copies_id"])),
    ("pair_url", lambda row, links: links.reuse_pair(row["source_id"], row["copies_id"])),
)
REUSE_COLUMNS = REUSE.names


def reuse_pairs(filters: Filters) -> QuerySet[ReusePair]:
    """The pairs not dismissed with a side matching ``filters``, most shared words first."""
    pairs = ReusePair.objects.exclude(status=ReusePair.Status.DISMISSED)
    if filters.active:
        matching = scope.sources(filters).values("pk")
        pairs = pairs.filter(Q(source__in=matching) | Q(copies__in=matching))
    return pairs.order_by("-shared_words", "pk")


def reuse_rows(*, filters: Filters, links: Links) -> Iterator[dict[str, Any]]:
    """One row per pair matching ``filters`` (one query, in chunks)."""
    return REUSE.rows(reuse_pairs(filters), links)
