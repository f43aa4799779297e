"""Search reads the full-text index (FTS5 or a GIN index), never a LIKE scan."""

from django.core.management import call_command
from django.db import connection

from sources.highlight import match_segments, query_terms, stem
from sources.search import (
    PG_SOURCE_DOCUMENT,
    ensure_sqlite_index,
    matching_ids,
)
from tests.factories import make_source


def test_query_plan_uses_the_index(db):
    make_source("Musk said xAI partly distilled OpenAI models.")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM sources_source_fts "
                "WHERE sources_source_fts MATCH %s",
                ['"distilled"'],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"EXPLAIN SELECT id FROM sources_source WHERE {PG_SOURCE_DOCUMENT} "
                "@@ plainto_tsquery('english'::regconfig, %s)",
                ["distilled"],
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "sources_source_search_idx" in plan


def test_matches_word_forms_not_substrings(db):
    source = make_source("The labs distilled their models.")
    assert matching_ids("sources_source", ["distillation"], limit=10) == ([source.pk], 1)
    assert matching_ids("sources_source", ["istil"], limit=10) == ([], 0)
    assert matching_ids("sources_source", ["model", "labs"], limit=10) == ([source.pk], 1)
    assert matching_ids("sources_source", ["model", "absent"], limit=10) == ([], 0)


def test_lost_sqlite_triggers_are_recreated_after_migrate(db):
    if connection.vendor != "sqlite":
        assert ensure_sqlite_index() == []
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER sources_source_fts_ai")
    source = make_source("Written while the trigger was missing: zebra.")
    assert matching_ids("sources_source", ["zebra"], limit=5) == ([], 0)
    # Any migrate run (here one with nothing to do) puts the triggers back and reindexes.
    call_command("migrate", verbosity=0)
    assert matching_ids("sources_source", ["zebra"], limit=5) == ([source.pk], 1)
    assert ensure_sqlite_index() == []


def test_highlighting_marks_whole_words_and_their_forms():
    terms = query_terms("Distillation <b>")
    assert terms == ["distillation", "b"]
    segments = match_segments("Distilled, not still; distils.", ["distillation"])
    marked = [s.text for s in segments if s.spans]
    assert marked == ["Distilled", "distils"]
    assert "".join(s.text for s in segments) == "Distilled, not still; distils."
    assert stem("models") == stem("model")
