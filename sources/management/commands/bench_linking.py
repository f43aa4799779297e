"""Measure the linker on a synthetic corpus: articles per second, matches found.

The corpus is made in memory: the curated claims of fixtures/claims.toml plus
synthetic claims up to --claims, and articles of about --words words drawn from
a vocabulary, with sentences that should match mixed in. The matching engine is
sources.linking.Engine, the same code link_sources runs. With --with-db the
database reconcile is measured too, inside a transaction that is rolled back
(use a scratch database anyway: DATABASE_URL=sqlite:////tmp/bench.sqlite3).
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from sources.bench.linking import entity_names, synthetic_article, synthetic_claims
from sources.linking import Engine, link_sources
from sources.models import Claim, Entity, Source


class Command(BaseCommand):
    help = "Benchmark linking: N synthetic articles against M claims; prints articles/second."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--words", type=int, default=1000)
        parser.add_argument("--claims", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--with-db",
            action="store_true",
            help="Also write sources/claims and run link_sources (rolled back afterwards).",
        )

    def handle(self, *args, articles, words, claims, seed, with_db, **options):
        rng = random.Random(seed)
        specs = synthetic_claims(claims, rng)
        names = entity_names()
        bodies = [synthetic_article(words, rng) for _ in range(articles)]
        word_count = sum(len(body.split()) for body in bodies)

        started = time.perf_counter()
        engine = Engine(specs, names)
        compiled = time.perf_counter() - started
        started = time.perf_counter()
        found = candidates = 0
        for body in bodies:
            matches, proposed = engine.scan(body)
            found += len(matches)
            candidates += len(proposed)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Matching: {articles} articles ({word_count / max(articles, 1):.0f} words each) "
            f"against {len(specs)} claims in {elapsed:.2f}s = {articles / elapsed:.0f} articles/s "
            f"(rules compiled in {compiled * 1000:.0f} ms); {found} matches, "
            f"{candidates} candidates."
        )
        if with_db:
            self._with_db(specs, names, bodies)

    def _with_db(self, specs, names, bodies):
        with transaction.atomic():
            for slug, aliases in names.items():
                Entity.objects.get_or_create(
                    slug=slug, defaults={"name": aliases[0], "kind": "organisation"}
                )
            Claim.objects.bulk_create(
                [
                    Claim(
                        slug=f"bench-{spec.key}",
                        statement="x",
                        kind=spec.kind,
                        match_rules=spec.rules,
                    )
                    for spec in specs
                ]
            )
            sources = Source.objects.bulk_create(
                [
                    Source(title=f"Bench {n}", origin=f"bench-{n}.txt", body=body, raw_input=b"")
                    for n, body in enumerate(bodies)
                ]
            )
            for label in ("first run", "re-run"):
                started = time.perf_counter()
                result = link_sources(sources=sources)
                elapsed = time.perf_counter() - started
                self.stdout.write(
                    f"With database ({label}): {len(sources) / elapsed:.0f} articles/s; {result}"
                )
            transaction.set_rollback(True)
