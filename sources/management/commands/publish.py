"""manage.py publish OUTDIR: the reader site as plain files (sources/publish/)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sources.publish import PublishError, publish_site


class Command(BaseCommand):
    help = (
        "Write the whole reader site (pages, exports, feeds, API, static files) as plain "
        "files under OUTDIR, for any static host or CDN; serve OUTDIR at a host's root."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path)
        parser.add_argument(
            "--site-url",
            default=None,
            help=(
                "The live site, where search and filters point (default: the SITE_URL "
                "environment variable; without either they are left out)."
            ),
        )

    def handle(self, *args, outdir: Path, site_url: str | None, **options):
        if site_url is None:
            site_url = settings.SITE_URL if os.environ.get("SITE_URL") else ""
        try:
            result = publish_site(outdir, site_url=site_url)
        except PublishError as error:
            raise CommandError(str(error)) from error
        for url in result.skipped:
            self.stderr.write(f"  not published: {url}")
        self.stdout.write(self.style.SUCCESS(f"Published to {outdir}: {result.summary()}"))
