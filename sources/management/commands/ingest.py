"""Ingest article files and folders: `python manage.py ingest PATH [PATH ...]`."""

from django.core.management.base import BaseCommand, CommandError

from sources.ingest.load import Conflict, ingest_paths

# Outcomes whose line carries its reason.
_EXPLAINED = {"failed", "duplicate"}


class Command(BaseCommand):
    help = (
        "Ingest articles (.txt, .md, .html, .htm files, or folders of them) into Sources. "
        "Each source is keyed by its origin: the file's path relative to the folder given "
        "(`ingest sites/` keys sites/a/index.html as a/index.html), or the bare file name "
        "for a file directly in that folder or named on its own; ingest a common parent "
        "folder to keep same-named files apart. Safe to re-run: unchanged files are left "
        "alone, changed files update their Source and keep fields an editor corrected. "
        "Each file is stored with its links or not at all; a rerun finishes an interrupted "
        "run. A file whose origin holds another article, or whose article is already "
        "stored under another origin, is reported and not stored (see --replace, --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to ingest.")
        parser.add_argument(
            "--no-link",
            action="store_true",
            help="Do not link the new or changed sources to the claims (a later run links them).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Let a file replace another article stored under the same origin.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Store an article even when its URL or text is already stored under "
            "another origin.",
        )

    def handle(self, *args, paths: list[str], no_link: bool, replace: bool, force: bool, **options):
        def progress(origin: str, outcome: str, detail: str) -> None:
            line = f"{outcome:>9}  {origin}" + (f": {detail}" if outcome in _EXPLAINED else "")
            if outcome == "failed":
                self.stdout.write(self.style.ERROR(line))
            elif outcome == "duplicate":
                self.stdout.write(self.style.WARNING(f"{line} (--force stores it)"))
            else:
                self.stdout.write(line)

        result = ingest_paths(
            paths,
            trigger="command",
            link=not no_link,
            progress=progress,
            conflict=Conflict.REPLACE if replace else Conflict.REFUSE,
            force=force,
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  warning  {warning}"))
        for check in result.conflicts:
            self.stdout.write(
                self.style.WARNING(
                    f"  conflict  {check.origin}: --replace replaces source {check.existing.pk}; "
                    "or ingest the folders' common parent to keep both"
                )
            )
        self.stdout.write(result.summary())
        if not result.ok:
            raise CommandError(f"{result.failed} file(s) could not be ingested (see above).")
