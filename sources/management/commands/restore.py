"""Replace the whole database with a backup: `python manage.py restore INFILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from sources.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup`, in one "
        "transaction: everything written since the backup is lost. The database must be "
        "of the same kind (SQLite or PostgreSQL) as the one backed up."
    )

    def add_arguments(self, parser):
        parser.add_argument("infile", type=Path, help="The backup file to restore.")
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, infile: Path, database: str, interactive: bool, **options):
        if interactive:
            answer = input(
                f"This replaces everything in the database '{database}' with {infile}.\n"
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            info = restore(infile, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {info}."))
        # A backup taken before the code's latest migrations restores the older schema.
        connection = connections[database]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(
                self.style.WARNING("The backup predates this code: run `manage.py migrate`.")
            )
