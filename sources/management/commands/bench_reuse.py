"""Time reuse detection on a synthetic corpus with planted copies; print recall and false pairs."""

from django.core.management.base import BaseCommand, CommandError

from sources.bench.reuse import run


class Command(BaseCommand):
    help = (
        "Make --sources synthetic articles in memory (no database), --copy-rate of them copies "
        "(exact, re-typeset, partial, lightly edited) among outlet boilerplate and stock "
        "phrases; detect reuse and print the time, the recall of planted copies and the "
        "false-pair rate. Fails if recall < 95%% or false pairs > 1%%."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, default=10_000)
        parser.add_argument("--copy-rate", type=float, default=0.05)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, sources: int, copy_rate: float, seed: int, **options):
        score = run(sources=sources, copy_rate=copy_rate, seed=seed)
        self.stdout.write(str(score))
        if score.recall < 0.95 or score.false_pair_rate > 0.01:
            raise CommandError("Below target: recall ≥ 95% and false pairs ≤ 1% required.")
