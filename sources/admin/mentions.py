"""Mentions in the admin: the inlines on source and claim pages, the mention
list, and the base admin whose inline mentions are saved by the editorial rules.

What an edit to a mention means lives in sources.editorial.
"""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils.text import Truncator

from sources import editorial
from sources.admin import review
from sources.admin import views as admin_views
from sources.admin.base import HistoryAdmin, ReviewMentionPermission, _can
from sources.admin.forms import MentionAddForm, MentionChangeForm, MentionInlineForm
from sources.admin.render import mention_checked, mention_in_context
from sources.models import Mention

# --- Mentions ---------------------------------------------------------------------------

INLINE_LIMIT = 20  # mentions shown on a source or claim page; the rest in the mention list


class BoundedMentionFormSet(BaseInlineFormSet):
    """The first INLINE_LIMIT mentions in text order, and where to find all of them.

    An article can hold hundreds of mentions and a claim thousands; the page stays
    usable and the full, filtered mention list is one click away.
    """

    limit = INLINE_LIMIT

    def get_queryset(self):
        if not hasattr(self, "_bounded"):
            every = super().get_queryset().order_by(*Mention._meta.ordering, "pk")
            self.total = every.count()
            first = list(every.values_list("pk", flat=True)[: self.limit])
            self._bounded = every.filter(pk__in=first)
        return self._bounded

    @property
    def shown(self) -> int:
        return min(self.total, self.limit)

    @property
    def full_list_url(self) -> str:
        changelist = reverse("admin:sources_mention_changelist")
        return f"{changelist}?{self.fk.name}__id__exact={self.instance.pk}"


class MentionInline(ReviewMentionPermission, admin.TabularInline):
    """Mentions on a source or claim page: judge stance and qualifier, tick reviewed.

    Few, narrow columns, so the editable ones fit a 1366 px screen beside the
    wrapped sentence; who found and who checked each mention share one column;
    the rest is on each mention's own page (the change link). A mention's
    source is never editable here: its offsets index that article's text.
    """

    model = Mention
    form = MentionInlineForm
    extra = 0
    formset = BoundedMentionFormSet
    template = "admin/sources/mention/bounded_tabular.html"
    fields = [
        "claim",
        "source",
        "in_context",
        "stance",
        "reviewed",
        "qualifier",
        "variant",
        "checked",
    ]
    readonly_fields = ["in_context", "source", "checked"]
    autocomplete_fields = ["claim", "source"]
    show_change_link = True
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 12})}}

    def get_fields(self, request, obj=None):
        hidden = "source" if self.fk_name == "source" else "claim"
        return [name for name in self.fields if name != hidden]

    def get_readonly_fields(self, request, obj=None):
        if self.reviewer_only(request):
            return [
                name for name in self.get_fields(request, obj) if name not in self.reviewer_fields
            ]
        # A mention cannot move to another source (its offsets index that text).
        return [name for name in self.readonly_fields if name in self.get_fields(request, obj)]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.by = request.user  # a per-request class: who reviewed or edited
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "source", "reviewed_by")

    def has_add_permission(self, request, obj=None):
        # New mentions need exact offsets: added from the Mention page or a candidate.
        return False

    @admin.display(description="Quote in its sentence")
    def in_context(self, obj):
        return mention_in_context(obj)

    @admin.display(description="Found, checked")
    def checked(self, obj):
        return mention_checked(obj)


class SourceMentionInline(MentionInline):
    fk_name = "source"


class ClaimMentionInline(MentionInline):
    fk_name = "claim"


class LowConfidenceFilter(admin.SimpleListFilter):
    """The review queue of uncertain links: automatic, unreviewed, under
    ``settings.LINK_PUBLISH_CONFIDENCE``; readers' counts leave them out until reviewed."""

    title = "confidence"
    parameter_name = "low_confidence"

    def lookups(self, request, model_admin):
        return [("1", "Needs review (low confidence)")]

    def queryset(self, request, queryset):
        return queryset.held_for_review() if self.value() == "1" else queryset


@admin.register(Mention)
class MentionAdmin(ReviewMentionPermission, HistoryAdmin):
    # Few columns, the sentence wrapped: the editable stance and reviewed stay in
    # view on a 1366 px screen. Who found it (provenance, confidence) and who checked
    # it (reviewed by, when) share one narrow column; the rest is on each mention's page.
    list_display = ["in_context", "claim", "article", "qualifier", "stance", "reviewed", "checked"]
    list_display_links = ["in_context"]
    list_editable = ["stance", "reviewed"]
    list_per_page = 50
    list_filter = [
        LowConfidenceFilter,
        "reviewed",
        "stance",
        "method",
        "edited",
        "reviewed_by",
        "claim__kind",
        "source__outlet",
        "claim",
    ]
    search_fields = ["quote", "sentence", "claim__slug", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source"]
    list_select_related = ["claim", "source", "reviewed_by"]
    change_list_template = "admin/sources/mention/change_list.html"
    actions = ["mark_reviewed"]
    # The source is never editable: the quote and its offsets index that article's
    # text. Quote and offsets may be adjusted, within that text only (checked on save).
    readonly_fields = [
        "source",
        "in_context",
        "sentence",
        "method",
        "provenance",
        "confidence",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ]
    fields = [
        "claim",
        "source",
        "in_context",
        "quote",
        "start",
        "end",
        "qualifier",
        "variant",
        "stance",
        "reviewed",
        "reviewed_by",
        "reviewed_at",
        "method",
        "provenance",
        "confidence",
        "editor_owned_fields",
        "created_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = MentionAddForm
            kwargs["fields"] = [*MentionAddForm._meta.fields, "near"]
        else:
            kwargs["form"] = MentionChangeForm
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user  # a per-request class: who reviewed or edited
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*MentionAddForm._meta.fields, "near"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if self.reviewer_only(request):
            return [name for name in self.fields if name not in self.reviewer_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # A change was checked and applied by the form (MentionChangeForm), so a
        # refused edit is a form error, never a failed save.
        if not change:
            editorial.prepare_editor_mention(
                mention=obj, near=form.cleaned_data["start"], by=request.user
            )
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/review/",
                self.admin_site.admin_view(review.review_from_page_view),
                name="sources_mention_review",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Article", ordering="source__title")
    def article(self, obj):
        return Truncator(obj.source.title).chars(60)

    @admin.display(description="Quote in its sentence")
    def in_context(self, obj):
        return mention_in_context(obj)

    @admin.display(description="Found, checked")
    def checked(self, obj):
        return mention_checked(obj)

    @admin.display(description="Provenance")
    def provenance(self, obj):
        return obj.provenance

    @admin.action(description="Mark selected mentions reviewed", permissions=["review"])
    def mark_reviewed(self, request, queryset):
        review.mark_reviewed(request, queryset)

    def has_review_permission(self, request):
        return _can(request, "change_mention") or _can(request, "review_mention")


class MentionOwnerAdmin(HistoryAdmin):
    """Sources and claims: mentions inline, saved under the editorial rules, and a
    "deleted" page from which a deleted row comes back together with its mentions."""

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "deleted/",
                view(partial(admin_views.deleted_view, model_admin=self)),
                name=f"{prefix}_deleted",
            ),
            path(
                "deleted/<str:object_id>/restore/",
                view(partial(admin_views.restore_view, model_admin=self)),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]
