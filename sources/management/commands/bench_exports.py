"""Time the streaming exports on a synthetic corpus of (at least) --rows mentions."""

from django.core.management.base import BaseCommand

from sources.bench.exports import ensure_synthetic_mentions, time_export
from sources.models import Mention
from sources.opendata.tables import FORMATS


class Command(BaseCommand):
    help = (
        "Build (or reuse) a synthetic corpus on the CURRENT database, then stream the mentions "
        "export in each format and print rows/s, time to first byte and peak memory. "
        "Adds clearly marked synthetic rows (synth --clear removes them): use a scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--format", action="append", choices=FORMATS, dest="formats")
        parser.add_argument("--table", default="mentions")

    def handle(self, *args, rows: int, formats: list[str] | None, table: str, **options):
        corpus = ensure_synthetic_mentions(rows)
        self.stdout.write(f"Corpus: {corpus}")
        exported = Mention.objects.count()
        for fmt in formats or FORMATS:
            # Speed and memory in separate runs: tracing the heap slows Python down.
            speed = time_export(table=table, fmt=fmt, rows=exported, trace_memory=False)
            memory = time_export(table=table, fmt=fmt, rows=exported, trace_memory=True)
            speed.peak_traced_bytes = memory.peak_traced_bytes
            speed.maxrss_delta_kib = memory.maxrss_delta_kib
            self.stdout.write(str(speed))
