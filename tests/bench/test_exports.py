"""The synthetic corpus behind `bench_exports`, and the timer, on a tiny scale."""

from django.core.management import call_command

from sources.bench.exports import ensure_synthetic_mentions, time_export
from sources.bench.synth import ORIGIN_PREFIX
from sources.models import Mention, Source


def test_synthetic_mentions_are_topped_up_not_duplicated(db):
    first = ensure_synthetic_mentions(150)
    assert 150 <= first.synthetic_mentions == first.mentions_created == Mention.objects.count()

    again = ensure_synthetic_mentions(150)
    more = ensure_synthetic_mentions(200)

    assert again.sources_created == again.mentions_created == 0
    assert again.synthetic_mentions == first.synthetic_mentions
    assert more.synthetic_mentions >= 200 and more.mentions_created > 0
    assert not Source.objects.exclude(origin__startswith=ORIGIN_PREFIX).exists()
    for mention in Mention.objects.select_related("source"):
        assert mention.source.body[mention.start : mention.end] == mention.quote


def test_synth_clear_removes_the_benchmark_corpus(db):
    ensure_synthetic_mentions(50)

    call_command("synth", "--clear", verbosity=0)

    assert not Source.objects.exists() and not Mention.objects.exists()


def test_time_export_counts_every_byte(client, db):
    ensure_synthetic_mentions(100)
    rows = Mention.objects.count()
    body = b"".join(client.get("/export/mentions.csv").streaming_content)

    timing = time_export(table="mentions", fmt="csv", rows=rows, trace_memory=True)

    assert timing.bytes == len(body)
    assert body.count(b"\n") >= rows + 1
    assert timing.rows_per_second > 0 and timing.peak_traced_bytes > 0
    assert "rows/s" in str(timing)
