"""Claims in the admin: statement and verdict, matching rules with a test
button, merging claims, exporting their mentions, and publishing drafts.

Saving changed rules (or kind) re-links in the background (sources.tasks); the
claim's page then shows what the last re-link added, removed and kept.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Count
from django.http import HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from sources import editorial, tasks
from sources.admin import views as admin_views
from sources.admin.base import HTMX_JS, _can
from sources.admin.drafts import DraftFilter, PublishDraftsMixin
from sources.admin.forms import ClaimChoiceForm, ClaimForm
from sources.admin.mentions import ClaimMentionInline, MentionOwnerAdmin
from sources.admin.render import markdown_preview
from sources.admin.tasks import run_fragment  # also registers the task runs' admin
from sources.editorial import EditorialError
from sources.jobs import relink
from sources.models import Claim, TaskRun

# A change to these decides what the linker finds for the claim: saving one re-links.
RELINK_FIELDS = ("match_rules", "kind")

# --- Claims --------------------------------------------------------------------------------


@admin.register(Claim)
class ClaimAdmin(PublishDraftsMixin, MentionOwnerAdmin):
    form = ClaimForm
    list_display = [
        "slug",
        "short_statement",
        "kind",
        "verdict",
        "mention_count",
        "verdict_updated_at",
        "published",
    ]
    list_filter = [DraftFilter, "kind", "verdict", "speaker", "subjects"]
    search_fields = ["slug", "statement", "speaker__name"]
    autocomplete_fields = ["speaker", "subjects"]
    prepopulated_fields = {"slug": ["statement"]}
    inlines = [ClaimMentionInline]
    actions = ["merge_claims", "export_mentions", "publish_selected"]
    verdict_fields = ["verdict", "verdict_explanation"]
    markdown_fields = ("verdict_explanation",)
    change_form_template = "admin/sources/claim/change_form.html"
    change_list_template = "admin/sources/claim/change_list.html"
    fieldsets = [
        (None, {"fields": ["slug", "statement", "kind", "speaker", "subjects", "claimed_on"]}),
        ("For numbers", {"fields": [("value", "unit")], "classes": ["collapse"]}),
        (
            "Fact-check",
            {
                "fields": [
                    "verdict",
                    "verdict_explanation",
                    "explanation_preview",
                    "verdict_updated_at",
                ]
            },
        ),
        (
            "Matching rules",
            {
                "fields": ["match_rules", "rules_test", "last_relink"],
                "description": "How the linker finds this claim in articles. "
                "Test them before saving: nothing is written. Saving changed rules "
                "re-links every article in the background; “Last re-link” then lists "
                "what it added, removed and kept.",
            },
        ),
        ("Editor-owned fields", {"fields": ["editor_owned_fields"], "classes": ["collapse"]}),
    ]

    class Media:
        js = [HTMX_JS]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_total=Count("mentions"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or _can(request, "change_verdict")

    def get_readonly_fields(self, request, obj=None):
        always = ["explanation_preview", "rules_test", "last_relink", "verdict_updated_at"]
        if not super().has_change_permission(request, obj) and _can(request, "change_verdict"):
            every = flatten_fieldsets(self.fieldsets)
            return [name for name in every if name not in self.verdict_fields]
        return always

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def save_model(self, request, obj, form, change):
        editorial.apply_claim_edit(claim=obj, changed_fields=form.changed_data)
        super().save_model(request, obj, form, change)
        if change:
            rules_changed = bool(set(form.changed_data) & set(RELINK_FIELDS))
        else:
            rules_changed = bool(obj.match_rules)
        if rules_changed:
            run = tasks.start(tasks.relink_claim, relink.create_run(obj, user=request.user))
            url = reverse("admin:sources_taskrun_change", args=[run.pk])
            self.message_user(
                request,
                format_html(
                    'The new rules take effect in the background: <a href="{}">watch the '
                    "re-link</a>; this page lists what it changed once it is done.",
                    url,
                ),
                messages.INFO,
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview-rules/",
                view(partial(admin_views.rules_preview_view, model_admin=self)),
                name="sources_claim_preview_rules",
            ),
            path(
                "rules-help/",
                view(partial(admin_views.rules_help_view, model_admin=self)),
                name="sources_claim_rules_help",
            ),
            path(
                "preview-markdown/",
                view(partial(admin_views.markdown_preview_view, field="verdict_explanation")),
                name="sources_claim_preview_markdown",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Last re-link")
    def last_relink(self, obj):
        if not (obj and obj.pk):
            return "—"
        run = obj.task_runs.filter(kind=TaskRun.Kind.RELINK).order_by("-created_at", "-pk")
        return run_fragment(run.first()) or "Not re-linked from here yet."

    @admin.display(description="Statement")
    def short_statement(self, obj):
        return Truncator(obj.statement).chars(90)

    @admin.display(description="Mentions", ordering="mention_total")
    def mention_count(self, obj):
        return obj.mention_total

    @admin.display(description="Explanation as readers see it")
    def explanation_preview(self, obj):
        return markdown_preview(
            obj.verdict_explanation if obj and obj.pk else "",
            url=reverse("admin:sources_claim_preview_markdown"),
            target="explanation-preview",
        )

    @admin.display(description="Test")
    def rules_test(self, obj):
        return render_to_string(
            "admin/sources/claim/_rules_test.html",
            {
                "url": reverse("admin:sources_claim_preview_rules"),
                "help_url": reverse("admin:sources_claim_rules_help"),
            },
        )

    @admin.action(description="Merge selected claims into one…", permissions=["delete"])
    def merge_claims(self, request, queryset):
        form = ClaimChoiceForm(
            request.POST if "apply" in request.POST else None,
            admin_site=self.admin_site,
            label="Keep this claim",
        )
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["claim"]
            try:
                result = editorial.merge_claims(target=target, claims=list(queryset))
            except EditorialError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, str(result), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:sources_claim_change", args=[target.pk]))
        if not form.is_bound:
            form.initial = {"claim": queryset.order_by("pk").first()}
        return admin_views.choose_claim_page(
            request,
            model_admin=self,
            queryset=queryset,
            action="merge_claims",
            title="Merge claims",
            label="Keep this claim",
            intro="Choose the claim to keep. The others are merged into it: their mentions, "
            "candidates and timeline events move to it, then they are deleted (their history "
            "stays, and “Deleted claims” can restore them).",
            form=form,
        )

    @admin.action(description="Export mentions of selected claims (CSV)", permissions=["export"])
    def export_mentions(self, request, queryset):
        query = QueryDict(mutable=True)
        query.setlist("claim", list(queryset.values_list("slug", flat=True)))
        url = reverse("export", kwargs={"table": "mentions", "fmt": "csv"})
        return HttpResponseRedirect(f"{url}?{query.urlencode()}")

    def has_export_permission(self, request):
        return _can(request, "export_data")
