"""Time one streaming export through the real download view, on a synthetic corpus.

The corpus comes from ``sources/synth.py`` (the same one the page benchmark
uses), so everything it adds is marked synthetic and ``synth --clear``
removes it. Use a scratch database: the rows are real rows and show up on
every page.
"""

import resource
import time
import tracemalloc
from dataclasses import dataclass

from django.test import RequestFactory

from sources.bench.synth import ORIGIN_PREFIX, make_synthetic_corpus
from sources.models import Mention

# make_synthetic_corpus gives each article two to four mentions.
_FEWEST_MENTIONS_PER_SOURCE = 2


@dataclass
class CorpusSize:
    sources_created: int
    mentions_created: int
    synthetic_mentions: int

    def __str__(self) -> str:
        return (
            f"{self.synthetic_mentions} synthetic mentions "
            f"({self.sources_created} sources and {self.mentions_created} mentions created now)"
        )


def synthetic_mention_count() -> int:
    return Mention.objects.filter(source__origin__startswith=ORIGIN_PREFIX).count()


def ensure_synthetic_mentions(mentions: int) -> CorpusSize:
    """Add synthetic articles until at least ``mentions`` synthetic mentions exist.

    Re-running is cheap: what is already there counts, and only the shortfall
    is added (overshooting by at most a few articles' mentions).
    """
    sources_created = mentions_created = 0
    have = synthetic_mention_count()
    while have < mentions:
        missing = mentions - have
        made = make_synthetic_corpus(sources=-(-missing // (_FEWEST_MENTIONS_PER_SOURCE + 1)))
        sources_created += made.sources
        mentions_created += made.mentions
        have += made.mentions
    return CorpusSize(sources_created, mentions_created, have)


@dataclass
class ExportTiming:
    fmt: str
    rows: int
    bytes: int
    seconds: float
    first_byte_seconds: float
    first_rows_seconds: float
    peak_traced_bytes: int | None = None
    maxrss_delta_kib: int | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.fmt:>4}: {self.rows} rows, {self.bytes / 1e6:.1f} MB in {self.seconds:.2f} s "
            f"= {self.rows_per_second:,.0f} rows/s; first byte after "
            f"{self.first_byte_seconds * 1000:.0f} ms, first rows after "
            f"{self.first_rows_seconds * 1000:.0f} ms"
        )
        if self.peak_traced_bytes is not None:
            text += (
                f"; tracemalloc peak {self.peak_traced_bytes / 1e6:.1f} MB"
                f", ru_maxrss +{self.maxrss_delta_kib / 1024:.1f} MB"
            )
        return text


def time_export(*, table: str, fmt: str, rows: int, trace_memory: bool) -> ExportTiming:
    """Download /export/<table>.<fmt> through the real view and time it.

    The response body is consumed chunk by chunk and thrown away, as a client
    would. With ``trace_memory`` the Python heap is traced (slower: use a
    separate run for the speed figures).
    """
    from sources.opendata.downloads import export

    request = RequestFactory().get(f"/export/{table}.{fmt}")
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    response = export(request, table=table, fmt=fmt)
    chunks = iter(response.streaming_content)
    size = len(next(chunks, b""))
    first_byte = time.perf_counter() - started
    # CSV and JSON send their header or "[" before querying; the next chunk has rows.
    size += len(next(chunks, b""))
    first_rows = time.perf_counter() - started
    for chunk in chunks:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    response.close()
    timing = ExportTiming(fmt, rows, size, elapsed, first_byte, first_rows)
    if trace_memory:
        timing.peak_traced_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        timing.maxrss_delta_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss_before
    return timing
