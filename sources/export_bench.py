"""A synthetic corpus big enough to stress the exports, and a timer for one export.

Everything synthetic is marked: outlets named "Synthetic outlet N" (slug
``synthetic-outlet-N``), sources with origin ``synthetic/source-NNNNNN.txt`` and
the title prefix "[synthetic]", claims with slug ``synthetic-claim-NNN``. Use a
scratch database: the rows are real rows and show up on every page.
"""

import hashlib
import resource
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.test import RequestFactory

from sources.models import Claim, Mention, Outlet, Source

SYNTHETIC_ORIGIN = "synthetic/"
MENTIONS_PER_SOURCE = 100
CLAIMS = 200
OUTLETS = 20
_QUALIFIERS = ("", "", "", "partly", "in part")
_STANCES = (Mention.Stance.SUPPORTS, Mention.Stance.SUPPORTS, Mention.Stance.MENTIONS)


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


def _sentence(source_no: int, n: int, claim: Claim) -> str:
    qualifier = _QUALIFIERS[(source_no + n) % len(_QUALIFIERS)]
    hedge = f" {qualifier}" if qualifier else ""
    return (
        f"Synthetic report {source_no} line {n}: the company{hedge} said that "
        f"{claim.statement.rstrip('.').lower()}, according to the filing. "
    )


def build_synthetic_corpus(*, mentions: int) -> CorpusSize:
    """Ensure at least ``mentions`` synthetic mentions exist (bulk_create, batched).

    Re-running is safe and cheap: existing synthetic sources are reused and only
    the missing ones are added.
    """
    outlets = []
    for n in range(1, OUTLETS + 1):
        outlet, _ = Outlet.objects.get_or_create(
            slug=f"synthetic-outlet-{n}",
            defaults={"name": f"Synthetic outlet {n}", "domain": f"synthetic{n}.example"},
        )
        outlets.append(outlet)
    claims = []
    kinds = Claim.Kind.values
    for n in range(1, CLAIMS + 1):
        claim, _ = Claim.objects.get_or_create(
            slug=f"synthetic-claim-{n:03d}",
            defaults={
                "statement": f"Synthetic claim {n} holds for benchmark purposes.",
                "kind": kinds[n % len(kinds)],
            },
        )
        claims.append(claim)

    wanted_sources = -(-mentions // MENTIONS_PER_SOURCE)
    existing = set(
        Source.objects.filter(origin__startswith=SYNTHETIC_ORIGIN).values_list("origin", flat=True)
    )
    sources_created = mentions_created = 0
    batch = 50
    for first in range(1, wanted_sources + 1, batch):
        numbers = [
            n
            for n in range(first, min(first + batch, wanted_sources + 1))
            if f"{SYNTHETIC_ORIGIN}source-{n:06d}.txt" not in existing
        ]
        if not numbers:
            continue
        with transaction.atomic():
            new_sources, plans = [], []
            for n in numbers:
                picked = [claims[(n * 7 + k) % CLAIMS] for k in range(MENTIONS_PER_SOURCE)]
                sentences = [_sentence(n, k, c) for k, c in enumerate(picked)]
                body = "".join(sentences)
                raw = body.encode()
                new_sources.append(
                    Source(
                        outlet=outlets[n % OUTLETS],
                        title=f"[synthetic] Report {n}",
                        published=date(2026, 5, 1) + timedelta(days=n % 60),
                        published_precision="day",
                        url=f"https://synthetic{n % OUTLETS + 1}.example/report-{n}",
                        body=body,
                        raw_input=raw,
                        origin=f"{SYNTHETIC_ORIGIN}source-{n:06d}.txt",
                        content_hash=hashlib.sha256(raw).hexdigest(),
                        word_count=len(body.split()),
                    )
                )
                plans.append((n, picked, sentences))
            Source.objects.bulk_create(new_sources)
            saved = Source.objects.in_bulk([s.origin for s in new_sources], field_name="origin")
            new_mentions = []
            for n, picked, sentences in plans:
                source = saved[f"{SYNTHETIC_ORIGIN}source-{n:06d}.txt"]
                offset = 0
                for k, (claim, sentence) in enumerate(zip(picked, sentences, strict=True)):
                    quote = sentence.split(": ", 1)[1].split(",")[0]
                    start = offset + sentence.index(quote)
                    new_mentions.append(
                        Mention(
                            claim=claim,
                            source=source,
                            quote=quote,
                            start=start,
                            end=start + len(quote),
                            sentence=sentence.strip(),
                            sentence_start=offset,
                            qualifier=_QUALIFIERS[(n + k) % len(_QUALIFIERS)],
                            stance=_STANCES[(n + k) % len(_STANCES)],
                        )
                    )
                    offset += len(sentence)
            Mention.objects.bulk_create(new_mentions, batch_size=5000)
        sources_created += len(new_sources)
        mentions_created += len(new_mentions)
    total = Mention.objects.filter(source__origin__startswith=SYNTHETIC_ORIGIN).count()
    return CorpusSize(sources_created, mentions_created, total)


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
    from sources.export_views import export

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
