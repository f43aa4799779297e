"""Detect text reuse between the stored sources, then rebuild copy groups and framing verbs."""

from django.core.management.base import BaseCommand

from sources.travel.framing import frame_mentions
from sources.travel.groups import rebuild_copy_groups
from sources.travel.pairs import detect_pairs


class Command(BaseCommand):
    help = (
        "Find the passages each source shares with another (ReusePair), rebuild copy groups "
        "(Source.copy_of) and set each mention's reporting verb. Safe to re-run: editors' "
        "decisions and marks are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-verbs", action="store_true", help="Skip the reporting verbs.")

    def handle(self, *args, no_verbs: bool, **options):
        self.stdout.write(f"Reuse: {detect_pairs()}")
        groups = rebuild_copy_groups()
        self.stdout.write(
            f"Copy groups: {groups['groups']} groups, {groups['copies']} copies, "
            f"{groups['changed']} sources changed"
        )
        if not no_verbs:
            verbs = frame_mentions()
            self.stdout.write(
                f"Verbs: {verbs['mentions']} mentions, {verbs['with_verb']} with a reporting "
                f"verb, {verbs['changed']} changed, {verbs['kept_by_editor']} kept by editors"
            )
