"""The editors' desk: sources, claims, mentions and candidates in the admin.

Admin classes only arrange fields, permissions and buttons; what an edit
means (editor-owned fields, merges, restores) lives in sources.editorial and
the extra pages in sources.admin.views. Every model with history uses
SimpleHistoryAdmin, so each change shows who made it and when and can be
reverted from its History page.

Fact-checkers hold two field-level permissions instead of change rights:
``sources.change_verdict`` (a claim's verdict and explanation) and
``sources.review_mention`` (a mention's stance and reviewed flag). The admins
below open the change form to them with every other field read-only.
"""

from __future__ import annotations

from django.contrib import admin

from sources.admin import candidates, claims, mentions, reference, sources  # noqa: F401 (register)

admin.site.site_header = "Newsroom editors' desk"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Sources, claims and the timeline"
