"""Table columns for the exports: names in order, each with where its values come from.

Shared by the tables (tables.py, reuse.py). Builds values() queries and turns their
records into row dicts; never writes to the database.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce

from sources.opendata.links import Links

CHUNK_SIZE = 2000
# A column computed per row from the columns read: (row, links) -> value.
Computed = Callable[[dict[str, Any], Links], Any]


class Columns:
    """A table's columns in order, each with where its values come from.

    A column is either read from the database (a field path or an expression for
    ``values_list``) or computed per row from the columns read (a function of the
    row and the ``Links``). Declaring both in one list means the header and the
    query cannot drift apart: a column always comes with its source, and the
    values are zipped to the read columns strictly.
    """

    def __init__(self, *spec: tuple[str, str | BaseExpression | Computed]):
        self.names = [name for name, _ in spec]
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"duplicate column in {self.names}")
        self._read = [(n, s) for n, s in spec if isinstance(s, str | BaseExpression)]
        self._computed = [(n, s) for n, s in spec if not isinstance(s, str | BaseExpression)]

    def values(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` reading the columns read from the database, as tuples."""
        return queryset.values_list(*(read for _, read in self._read))

    def row(self, record: tuple, links: Links) -> dict[str, Any]:
        """One record of ``values()`` as a dict of every column."""
        row = dict(zip((name for name, _ in self._read), record, strict=True))
        for name, compute in self._computed:
            row[name] = compute(row, links)
        # In column order, whichever way each column was filled.
        return {name: row[name] for name in self.names}

    def rows(self, queryset: QuerySet, links: Links) -> Iterator[dict[str, Any]]:
        """``queryset``'s rows as dicts of every column, read in chunks (one query)."""
        for record in self.values(queryset).iterator(chunk_size=CHUNK_SIZE):
            yield self.row(record, links)


def _blank(field: str) -> Coalesce:
    """``field``, or "" where it is NULL (a source without an outlet)."""
    return Coalesce(field, Value(""))
