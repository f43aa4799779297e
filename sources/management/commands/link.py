"""Re-link sources to the claims (all of them, or the ones given). Safe to re-run."""

from django.core.management.base import BaseCommand, CommandError

from sources.linking import link_sources, relink_all
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Find every claim's mentions in the sources' text, keeping editors' corrections. "
        "Without --source, re-links every source."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=int, action="append", dest="sources", metavar="ID", default=[]
        )

    def handle(self, *args, sources: list[int], **options):
        if not sources:
            result = relink_all()
        else:
            found = list(Source.objects.filter(pk__in=sources).only("pk"))
            missing = sorted(set(sources) - {source.pk for source in found})
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, missing))}.")
            result = link_sources(sources=found)
        self.stdout.write(self.style.SUCCESS(f"Linked {result}"))
