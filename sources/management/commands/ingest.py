"""Ingest article files and folders: `python manage.py ingest PATH [PATH ...]`."""

from django.core.management.base import BaseCommand, CommandError

from sources.ingest.load import ingest_paths


class Command(BaseCommand):
    help = (
        "Ingest articles (.txt, .md, .html, .htm files, or folders of them) into Sources. "
        "Safe to re-run: unchanged files are left alone, changed files update their Source "
        "and keep fields an editor corrected."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to ingest.")
        parser.add_argument(
            "--no-link",
            action="store_true",
            help="Do not link the new or changed sources to the claims afterwards.",
        )

    def handle(self, *args, paths: list[str], no_link: bool, **options):
        def progress(origin: str, outcome: str, detail: str) -> None:
            line = f"{outcome:>9}  {origin}" + (f": {detail}" if outcome == "failed" else "")
            self.stdout.write(self.style.ERROR(line) if outcome == "failed" else line)

        result = ingest_paths(paths, trigger="command", link=not no_link, progress=progress)
        self.stdout.write(result.summary())
        if not result.ok:
            raise CommandError(f"{result.failed} file(s) could not be ingested (see above).")
