"""Create (or clear) a large synthetic corpus for benchmarks. See sources/synth.py."""

from django.core.management.base import BaseCommand
from django.db import connection

from sources.bench.synth import clear_synthetic, make_synthetic_corpus


class Command(BaseCommand):
    help = "Add N synthetic sources (origin synthetic/...) with outlets, claims and mentions."

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, default=1000, help="How many articles to add.")
        parser.add_argument("--outlets", type=int, default=60)
        parser.add_argument("--claims", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--clear", action="store_true", help="Delete all synthetic data.")

    def handle(self, *args, sources, outlets, claims, seed, clear, **options):
        if clear:
            self.stdout.write(f"Deleted: {clear_synthetic()}")
            return
        result = make_synthetic_corpus(
            sources=sources,
            outlets=outlets,
            claims=claims,
            seed=seed,
            progress=lambda n: self.stdout.write(f"  {n} sources written", ending="\r"),
        )
        self.stdout.write("")
        # Fresh planner statistics: before autovacuum gets to the bulk insert, PostgreSQL
        # plans some page queries as if the tables were still small.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Created {result}."))
