"""The synthetic corpus behind `bench_exports`, and the timer, on a tiny scale."""

from sources.export_bench import SYNTHETIC_ORIGIN, build_synthetic_corpus, time_export
from sources.models import Mention, Source


def test_synthetic_corpus_is_marked_valid_and_reused(db):
    first = build_synthetic_corpus(mentions=150)
    again = build_synthetic_corpus(mentions=150)

    assert first.synthetic_mentions >= 150 and first.mentions_created == first.synthetic_mentions
    assert again.mentions_created == 0 and again.synthetic_mentions == first.synthetic_mentions
    assert not Source.objects.exclude(origin__startswith=SYNTHETIC_ORIGIN).exists()
    for mention in Mention.objects.select_related("source"):
        assert mention.source.body[mention.start : mention.end] == mention.quote
        assert mention.claim.slug.startswith("synthetic-claim-")


def test_time_export_counts_every_byte(client, db):
    build_synthetic_corpus(mentions=100)
    body = b"".join(client.get("/export/mentions.csv").streaming_content)

    timing = time_export(table="mentions", fmt="csv", rows=100, trace_memory=True)

    assert timing.bytes == len(body)
    assert timing.rows_per_second > 0 and timing.peak_traced_bytes > 0
    assert "rows/s" in str(timing)
