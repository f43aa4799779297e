"""Bring a migrated database to the full demo state from fixtures/. Safe to re-run."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from sources.curated.claims import load_claims
from sources.curated.reference import load_reference_data
from sources.ingest.link import Linking
from sources.ingest.load import ingest_paths
from sources.travel.groups import rebuild_copy_groups
from sources.travel.pairs import detect_pairs
from timeline.curated import load_timeline


class Command(BaseCommand):
    help = "Load the demo story (outlets, entities, claims, articles, timeline) from fixtures/."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=Path(settings.BASE_DIR) / "fixtures")

    def handle(self, *args, fixtures: Path, **options):
        with transaction.atomic():
            reference = load_reference_data(fixtures)
            claims = load_claims(fixtures / "claims.toml")
        self.stdout.write(f"Reference data: {reference}")
        self.stdout.write(f"Claims: {claims}")

        # The claims may have just changed, so every source is linked, not only new ones.
        result = ingest_paths(
            [fixtures / "articles"], trigger="load_story", link=Linking.EVERYTHING
        )
        self.stdout.write(f"Articles: {result.summary()}")
        for failure in result.failures:
            self.stderr.write(f"  {failure}")
        self.stdout.write(f"Linking: {result.links}")
        with transaction.atomic():
            timeline = load_timeline(fixtures)
        self.stdout.write(f"Timeline: {timeline}")
        # How the story travelled: shared passages and copy groups (editors' marks kept).
        self.stdout.write(f"Reuse: {detect_pairs()}")
        groups = rebuild_copy_groups()
        self.stdout.write(f"Copy groups: {groups['groups']} groups, {groups['copies']} copies")
        self.stdout.write(self.style.SUCCESS("Story loaded."))
