"""Ingest article files and folders: `python manage.py ingest PATH [PATH ...]`."""

from django.core.management.base import BaseCommand, CommandError

from sources.ingest.load import ingest_paths


class Command(BaseCommand):
    help = (
        "Ingest articles (.txt, .md, .html, .htm files, or folders of them) into Sources. "
        "Each source is keyed by its origin: the file's path relative to the folder given "
        "(`ingest sites/` keys sites/a/index.html as a/index.html), or the bare file name "
        "for a file directly in that folder or named on its own; ingest a common parent "
        "folder to keep same-named files apart. Safe to re-run: unchanged files are left "
        "alone, changed files update their Source and keep fields an editor corrected."
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
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  warning  {warning}"))
        self.stdout.write(result.summary())
        if not result.ok:
            raise CommandError(f"{result.failed} file(s) could not be ingested (see above).")
