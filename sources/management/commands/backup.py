"""Copy the whole database to a file: `python manage.py backup OUTFILE` (see sources/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database, history tables included, to OUTFILE while the site keeps "
        "running: an SQLite database file on SQLite, a pg_dump custom-format archive on "
        "PostgreSQL. Restore it with `manage.py restore OUTFILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("outfile", type=Path, help="Where to write the backup.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, outfile: Path, database: str, **options):
        try:
            info = backup(outfile, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {info}."))
