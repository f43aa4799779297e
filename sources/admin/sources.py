"""Sources in the admin: metadata, raw and cleaned text side by side, mentions
and citations inline, and the re-link and review-all buttons.

Every write of a source goes through sources.editorial (a saved edit, a
History → Revert), so its mentions follow a changed text in the same
transaction and the editor-owned list is kept; the editor is told what happened.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from sources import editorial
from sources.admin import review
from sources.admin import views as admin_views
from sources.admin.base import HTMX_JS, _can
from sources.admin.forms import SourceAddForm, SourceChangeForm
from sources.admin.mentions import MentionOwnerAdmin, SourceMentionInline
from sources.admin.render import text_panes
from sources.editorial import EditorialError
from sources.linking import link_sources
from sources.models import Citation, Mention, Source

# --- Sources -------------------------------------------------------------------------------


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "source"
    extra = 0
    fields = ["kind", "cited_outlet", "cited_source", "cited_title", "cited_url", "text"]
    autocomplete_fields = ["cited_outlet", "cited_source"]


@admin.register(Source)
class SourceAdmin(MentionOwnerAdmin):
    form = SourceChangeForm
    list_display = [
        "title",
        "outlet",
        "published",
        "word_count",
        "mention_count",
        "owned",
        "origin",
        "updated_at",
    ]
    list_filter = ["outlet", "published_precision", "language", "published"]
    search_fields = ["title", "origin", "url", "authors", "dek", "outlet__name"]
    autocomplete_fields = ["outlet", "entities"]
    list_select_related = ["outlet"]
    date_hierarchy = "published"
    inlines = [SourceMentionInline, CitationInline]
    actions = ["relink", "mark_all_reviewed"]
    metadata_fields = [
        "title",
        "outlet",
        "dek",
        "authors",
        ("published", "published_precision"),
        "url",
        "language",
        "entities",
        "captions",
    ]
    ingestion_fields = [
        "origin",
        "content_hash",
        "word_count",
        "raw_size",
        "ingested_at",
        "updated_at",
    ]
    change_form_template = "admin/sources/source/change_form.html"
    change_list_template = "admin/sources/source/change_list.html"

    class Media:
        js = [HTMX_JS]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_total=Count("mentions"))

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []  # mentions come from linking on save

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": self.metadata_fields}),
                ("Text", {"fields": ["body"], "description": "The cleaned article text."}),
            ]
        return [
            (None, {"fields": self.metadata_fields}),
            ("Editor-owned fields", {"fields": ["editor_owned_fields"]}),
            ("Text: raw input and cleaned text", {"fields": ["text_side_by_side"]}),
            (
                "Correct the cleaned text",
                {
                    "fields": ["body"],
                    "classes": ["collapse"],
                    "description": "Mentions follow your correction when you save: each "
                    "moves to its words in the new text, or is listed for review when its "
                    "words are gone. Re-ingesting a changed file replaces the text again.",
                },
            ),
            ("Ingestion", {"fields": self.ingestion_fields, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["text_side_by_side", *self.ingestion_fields]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SourceAddForm
        return super().get_form(request, obj, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {
            "can_relink": self.has_change_permission(request),
            "can_review": self.has_review_permission(request),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        if not change:
            editorial.prepare_manual_source(source=obj, filled_fields=form.changed_data)
            return super().save_model(request, obj, form, change)
        # Saves the source and re-anchors its mentions in one transaction.
        result = editorial.save_source_edit(
            source=obj,
            changed_fields=form.changed_data,
            kept_owned=form.cleaned_data.get("editor_owned_fields"),
            by=request.user,
        )
        if result.changed:
            messages.info(request, str(result))
        return None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """History → Revert through ``editorial.revert_source``: the mentions follow the
        reverted text, the editor-owned list is kept, and the editor is told both.

        simple-history's own revert would save the past row as it was: its offsets
        into a newer text and its (older) editor-owned list.
        """
        if request.method != "POST" or self.revert_disabled(request):
            return super().history_form_view(request, object_id, version_id, extra_context)
        self._check_ids(object_id, version_id)
        record = get_object_or_404(
            Source.history.model, id=unquote(object_id), history_id=version_id
        )
        try:
            result = editorial.revert_source(record=record, by=request.user)
        except EditorialError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:sources_source_history", args=[object_id]))
        self.log_change(request, result.source, str(result))
        messages.success(request, str(result))
        return HttpResponseRedirect(reverse("admin:sources_source_change", args=[result.source.pk]))

    def save_related(self, request, form, formsets, change):
        source = form.instance
        # Citations edited by hand belong to the editor: re-ingestion leaves them alone.
        citations_edited = any(
            formset.model is Citation and formset.has_changed() for formset in formsets
        )
        if change and citations_edited and "citations" not in source.editor_owned_fields:
            source.mark_editor_owned("citations")
            source.save(update_fields=["editor_owned_fields"])
        super().save_related(request, form, formsets, change)
        if not change:
            _link(request, [source])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "upload/",
                view(partial(admin_views.upload_view, model_admin=self)),
                name="sources_source_upload",
            ),
            path(
                "paste/",
                view(partial(admin_views.paste_view, model_admin=self)),
                name="sources_source_paste",
            ),
            path("<path:object_id>/relink/", view(self.relink_one), name="sources_source_relink"),
            path(
                "<int:object_id>/review-all/",
                view(self.review_all_one),
                name="sources_source_review_all",
            ),
            *super().get_urls(),
        ]

    # Displays

    @admin.display(description="Mentions", ordering="mention_total")
    def mention_count(self, obj):
        return obj.mention_total

    @admin.display(description="Editor-owned")
    def owned(self, obj):
        return ", ".join(obj.editor_owned_fields) or "—"

    @admin.display(description="Raw size")
    def raw_size(self, obj):
        return f"{len(bytes(obj.raw_input or b'')):,} bytes"

    @admin.display(description="Text")
    def text_side_by_side(self, obj):
        return text_panes(obj, list(obj.mentions.select_related("claim").order_by("start")))

    # Actions and buttons

    @admin.action(description="Re-link selected sources to every claim", permissions=["change"])
    def relink(self, request, queryset):
        _link(request, list(queryset))

    @admin.action(
        description="Mark all mentions of selected sources reviewed…", permissions=["review"]
    )
    def mark_all_reviewed(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return review.confirm_review_page(
                request,
                model_admin=self,
                sources=queryset,
                action="mark_all_reviewed",
                cancel_url=reverse("admin:sources_source_changelist"),
            )
        review.mark_reviewed(request, Mention.objects.filter(source__in=queryset))
        return None

    def has_review_permission(self, request):
        return _can(request, "change_mention") or _can(request, "review_mention")

    def _object_button(self, request, object_id, *, allowed: bool, act):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:sources_source_change", args=[object_id]))
        if not allowed:
            raise PermissionDenied
        source = get_object_or_404(Source, pk=object_id)
        act(source)
        return HttpResponseRedirect(reverse("admin:sources_source_change", args=[source.pk]))

    def relink_one(self, request, object_id):
        return self._object_button(
            request,
            object_id,
            allowed=self.has_change_permission(request),
            act=lambda source: _link(request, [source]),
        )

    def review_all_one(self, request, object_id):
        """GET asks first (how many, a confirmation page); the POST marks them reviewed."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            get_object_or_404(Source, pk=object_id)
            return review.confirm_review_page(
                request,
                model_admin=self,
                sources=Source.objects.filter(pk=object_id),
                cancel_url=reverse("admin:sources_source_change", args=[object_id]),
            )
        return self._object_button(
            request,
            object_id,
            allowed=True,
            act=lambda source: review.mark_reviewed(request, source.mentions.all()),
        )


def _link(request: HttpRequest, sources: list[Source]) -> None:
    """Re-link sources with the linker the command line uses and report what changed."""
    result = link_sources(sources=sources)
    messages.success(request, f"Re-linked {len(sources)} source(s): {result}")
