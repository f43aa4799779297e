"""PostgreSQL answers /search/ from its GIN index, not by re-parsing every article.

At a couple of thousand articles the planner chose a sequential scan (about
0.6 s a query, to_tsvector run on every body) over the GIN index (about 2 ms):
the rows written since the index was built sat in the index's pending list
(GIN "fastupdate"), whose full scan the planner charges to every index search.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.pages.queries.search import search_results

ARTICLES = 2000
QUERIES = ["grok", "model partly", "distillation testimony"]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_postgres_search_uses_the_gin_index():
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's; SQLite searches its FTS5 table")
    call_command("synth", sources=ARTICLES, verbosity=0)  # also refreshes statistics
    for query in QUERIES:
        with CaptureQueriesContext(connection) as queries:
            search_results(query=query)
        index_lookup = queries.captured_queries[0]["sql"]
        assert "sources_source" in index_lookup
        explained = plan(index_lookup)
        assert "sources_source_search_idx" in explained, f"{query!r}:\n{explained}"
