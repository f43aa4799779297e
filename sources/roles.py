"""The newsroom's roles as Django groups; `manage.py setup_roles` calls this.

- ``editor``: add, change, delete and view everything in sources and timeline,
  their history included, plus the field-level rights below.
- ``fact-checker``: view everything; change only a claim's verdict and
  explanation (``sources.change_verdict``) and a mention's stance and reviewed
  flag (``sources.review_mention``); export (``sources.export_data``).
- Readers need no account and get no group.

Staff status is still given per user (``is_staff``) by whoever creates them.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

APPS = ("sources", "timeline")
EDITOR = "editor"
FACT_CHECKER = "fact-checker"
FACT_CHECKER_EXTRA = ("change_verdict", "review_mention", "export_data")


def role_permissions() -> dict[str, list[Permission]]:
    """Which permissions each group holds (computed from the installed models)."""
    everything = Permission.objects.filter(content_type__app_label__in=APPS)
    viewing = everything.filter(codename__startswith="view_")
    extra = everything.filter(content_type__app_label="sources", codename__in=FACT_CHECKER_EXTRA)
    return {EDITOR: list(everything), FACT_CHECKER: list(viewing) + list(extra)}


def setup_roles() -> dict[str, int]:
    """Create or update the groups so each holds exactly its permissions.

    Returns {group name: number of permissions}. Safe to re-run: the groups'
    permission sets are replaced, never duplicated, and users keep their groups.
    """
    counts = {}
    with transaction.atomic():
        for name, permissions in role_permissions().items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            counts[name] = len(permissions)
    return counts
