"""Audit the linker on hand-labelled articles (sources.audit.linking); never touches
the site's data."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.audit.linking import Thresholds, evaluate, render_text


class Command(BaseCommand):
    help = (
        "Ingest ARTICLES_DIR into a scratch database with the demo claims, link, and compare "
        "with GOLD.json: per claim recall, precision and stance errors, the admission's "
        "qualifier accuracy, every miss and false link. Exits 1 under the thresholds given."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="gold.json: the labels")
        parser.add_argument("articles", type=Path, help="the folder of labelled articles")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--fixtures", type=Path, help="claims and entities (default fixtures/)")
        parser.add_argument(
            "--scratch-database",
            help="URL of an empty database to use (and flush) instead of a temporary SQLite file",
        )
        parser.add_argument("--min-recall", type=float, default=0.0)
        parser.add_argument("--min-precision", type=float, default=0.0)
        parser.add_argument("--min-qualifier-accuracy", type=float, default=0.0)
        parser.add_argument("--min-admission-recall", type=float, default=0.0)
        parser.add_argument("--max-stance-errors", type=int, default=None)
        parser.add_argument(
            "--min-articles",
            type=int,
            default=3,
            help="hold recall and precision only for claims at least this many articles report",
        )

    def handle(self, *args, gold: Path, articles: Path, **options):
        if not gold.is_file():
            raise CommandError(f"No labels file {gold}.")
        if not articles.is_dir():
            raise CommandError(f"No folder {articles}.")
        try:
            result = evaluate(
                gold,
                articles,
                fixtures=options["fixtures"],
                scratch_url=options["scratch_database"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        thresholds = Thresholds(
            min_recall=options["min_recall"],
            min_precision=options["min_precision"],
            min_qualifier_accuracy=options["min_qualifier_accuracy"],
            min_admission_recall=options["min_admission_recall"],
            max_stance_errors=options["max_stance_errors"],
            min_articles=options["min_articles"],
        )
        failures = result.failures(thresholds)
        if options["format"] == "json":
            self.stdout.write(json.dumps({**result.as_dict(), "failures": failures}, indent=1))
        else:
            self.stdout.write(render_text(result), ending="")
        if failures:
            raise CommandError("Under the thresholds: " + "; ".join(failures), returncode=1)
