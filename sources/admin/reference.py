"""Reference data in the admin: outlets, entities, citations and ingestion runs."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.text import Truncator

from sources.admin.base import HistoryAdmin
from sources.admin.forms import EntityForm, OutletForm
from sources.models import Citation, Entity, IngestRun, Outlet

# --- Reference data ------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    form = OutletForm
    list_display = ["name", "kind", "domain", "source_count"]
    list_filter = ["kind"]
    search_fields = ["name", "domain", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_total=Count("sources"))

    @admin.display(description="Sources", ordering="source_total")
    def source_count(self, obj):
        return obj.source_total


@admin.register(Entity)
class EntityAdmin(HistoryAdmin):
    form = EntityForm
    list_display = ["name", "kind", "alias_list", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="Aliases")
    def alias_list(self, obj):
        return ", ".join(obj.aliases)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "cited_outlet", "cited_title", "short_text"]
    list_filter = ["kind", "cited_outlet"]
    search_fields = ["text", "cited_title", "source__title", "cited_outlet__name"]
    autocomplete_fields = ["source", "cited_outlet", "cited_source"]
    list_select_related = ["source", "cited_outlet"]

    @admin.display(description="Text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    """The record of each ingestion run; read-only (machines write it)."""

    list_display = ["started_at", "trigger", "ingested", "updated", "unchanged", "failed"]
    list_filter = ["trigger"]
    readonly_fields = [f.name for f in IngestRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
