"""Draft claims at the desk: listed with a filter, published with a button or an action.

A claim accepted from a candidate is a draft (``Claim.is_published`` False):
readers do not see it until an editor writes its statement in the newsroom's
words and publishes it; ``editorial.publish_claim`` decides, and its refusal is
shown to the editor as it words it. A mixin for the claim admin; no model
registration here and no HTML built in Python.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from sources import editorial
from sources.editorial import EditorialError
from sources.models import Claim


class DraftFilter(admin.SimpleListFilter):
    """Drafts (not shown to readers) or published claims."""

    title = "publication"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("no", "Drafts"), ("yes", "Published")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_published=self.value() == "yes")
        return queryset


def publish(request: HttpRequest, claim: Claim) -> bool:
    """Publish ``claim`` and tell the editor; a refusal is an error message. True if public."""
    try:
        result = editorial.publish_claim(claim=claim)
    except EditorialError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, str(result))
    return True


class PublishDraftsMixin:
    """The claim admin's "Publish" button (on a draft's page) and "Publish selected" action."""

    @admin.display(description="Readers see it", boolean=True, ordering="is_published")
    def published(self, obj: Claim) -> bool:
        return obj.is_published

    @admin.action(description="Publish selected drafts", permissions=["change"])
    def publish_selected(self, request, queryset):
        for claim in queryset.filter(is_published=False):
            publish(request, claim)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_publish": super().has_change_permission(request)}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def publish_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """POST only: publish one draft claim from its page."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        # The full change right: a fact-checker (verdict only) does not publish.
        if not request.user.has_perm("sources.change_claim"):
            raise PermissionDenied
        claim = get_object_or_404(Claim, pk=object_id)
        publish(request, claim)
        return HttpResponseRedirect(reverse("admin:sources_claim_change", args=[claim.pk]))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="sources_claim_publish",
            ),
            *super().get_urls(),
        ]
