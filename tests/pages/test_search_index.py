"""Search reads the full-text index (FTS5 or a GIN index), never a LIKE scan."""

from django.core.management import call_command
from django.db import connection

from sources.highlight import MARK_CLOSE, MARK_OPEN, marked_segments, query_terms
from sources.pages.queries.search import matching_ids, search_results
from sources.search_index import PG_SOURCE_DOCUMENT, ensure_sqlite_index
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


def test_query_terms_drop_one_letter_words_unless_nothing_else_is_left():
    assert query_terms("Distillation <b>") == ["distillation"]
    assert query_terms("Musk's  musk") == ["musk"]
    assert query_terms("X") == ["x"]


def test_marked_segments_keep_the_text_and_mark_what_the_database_marked():
    text = f"{MARK_OPEN}Distilled{MARK_CLOSE}, not still;\n {MARK_OPEN}distils{MARK_CLOSE}."
    segments = marked_segments(text)
    assert [s.text for s in segments if s.spans] == ["Distilled", "distils"]
    assert "".join(s.text for s in segments) == "Distilled, not still; distils."
    # A stray marker never reaches the page.
    assert "".join(s.text for s in marked_segments(f"a{MARK_CLOSE}b")) == "ab"


def marked_words(segments) -> list[str]:
    return [s.text for s in segments if s.spans]


def test_highlighting_marks_only_what_the_index_matched(db):
    make_source("Musk's lawyers said it was partly true. Part of it was not.", title="Partly")
    results = search_results(query="musk's partly")
    (hit,) = results.sources
    # The "s" of "Musk's" is not a search word, so it is never marked.
    words = [w.casefold() for w in marked_words(hit.snippet)]
    assert "s" not in words and "musk" in words and "partly" in words
    assert marked_words(hit.title) == ["Partly"]
    # "part" is marked only where the index itself folds "partly" into "part":
    # PostgreSQL's english stemmer does, FTS5's porter tokenizer does not.
    assert ("part" in words) == (connection.vendor == "postgresql")


def test_snippet_centres_on_the_best_match(db):
    filler = " ".join(f"Sentence {n} is about something else entirely." for n in range(40))
    make_source(f"{filler} Here the testimony was distilled into one word. {filler}")
    (hit,) = search_results(query="distillation").sources
    text = "".join(s.text for s in hit.snippet)
    assert marked_words(hit.snippet) == ["distilled"]
    assert text.startswith("…") and text.endswith("…")
    assert len(text) < 400
