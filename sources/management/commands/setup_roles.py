"""Create the editor and fact-checker groups. Safe to re-run."""

from django.core.management.base import BaseCommand

from sources.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the 'editor' and 'fact-checker' groups and their permissions."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
        self.stdout.write(
            self.style.SUCCESS("Roles ready. Add staff users to a group in the admin (Users).")
        )
