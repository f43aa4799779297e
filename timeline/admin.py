"""Timeline events and the story's front-page text in the admin, with history."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.text import Truncator

from sources.admin.base import HTMX_JS, HistoryAdmin
from sources.admin.render import markdown_preview
from sources.admin.views import markdown_preview_view
from timeline.models import Event, Story


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = ["date", "date_precision", "title", "claim_count", "source_count"]
    list_filter = ["date_precision", "date", "entities"]
    search_fields = ["title", "description", "slug"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["claims", "sources", "entities"]
    readonly_fields = ["description_preview"]
    markdown_fields = ("description",)
    fields = [
        "slug",
        ("date", "date_precision"),
        "title",
        "description",
        "description_preview",
        "claims",
        "sources",
        "entities",
    ]

    class Media:
        js = [HTMX_JS]

    def get_urls(self):
        preview = self.admin_site.admin_view(
            lambda request: markdown_preview_view(request, field="description")
        )
        return [
            path("preview-markdown/", preview, name="timeline_event_preview_markdown"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("claims", "sources")

    @admin.display(description="Claims")
    def claim_count(self, obj):
        return len(obj.claims.all())

    @admin.display(description="Sources")
    def source_count(self, obj):
        return len(obj.sources.all())

    @admin.display(description="Description as readers see it")
    def description_preview(self, obj):
        return markdown_preview(
            obj.description if obj and obj.pk else "",
            url=reverse("admin:timeline_event_preview_markdown"),
            target="description-preview",
        )


@admin.register(Story)
class StoryAdmin(HistoryAdmin):
    list_display = ["headline", "slug", "short_summary", "updated_at"]
    search_fields = ["headline", "summary", "body"]
    readonly_fields = ["body_preview", "updated_at"]
    markdown_fields = ("body",)
    fields = ["slug", "headline", "summary", "body", "body_preview", "updated_at"]

    class Media:
        js = [HTMX_JS]

    def get_urls(self):
        preview = self.admin_site.admin_view(
            lambda request: markdown_preview_view(request, field="body")
        )
        return [
            path("preview-markdown/", preview, name="timeline_story_preview_markdown"),
            *super().get_urls(),
        ]

    @admin.display(description="Summary")
    def short_summary(self, obj):
        return Truncator(obj.summary).chars(90)

    @admin.display(description="Body as readers see it")
    def body_preview(self, obj):
        return markdown_preview(
            obj.body if obj and obj.pk else "",
            url=reverse("admin:timeline_story_preview_markdown"),
            target="body-preview",
        )
