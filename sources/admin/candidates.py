"""The candidate review queue: sentences the linker proposed as new claims,
accepted, merged into a claim or rejected by an editor, and decisions undone.

An accepted candidate becomes a draft claim (readers do not see it) until an
editor writes its statement and publishes it from the claim's page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from sources import editorial
from sources.admin import views as admin_views
from sources.admin.base import _can
from sources.admin.forms import ClaimChoiceForm
from sources.admin.render import candidate_in_context
from sources.editorial import EditorialError
from sources.models import CandidateClaim

# --- Candidate review queue ---------------------------------------------------------------


class CandidateStatusFilter(admin.SimpleListFilter):
    """Pending first: the queue opens on what still needs a decision."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*CandidateClaim.Status.choices, ("all", "All")]

    def queryset(self, request, queryset):
        value = self.value() or CandidateClaim.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)

    def choices(self, changelist):
        current = self.value() or CandidateClaim.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


@admin.register(CandidateClaim)
class CandidateClaimAdmin(admin.ModelAdmin):
    list_display = ["text_in_sentence", "source", "kind", "status", "claim", "created_at"]
    list_filter = [CandidateStatusFilter, "kind", "source__outlet"]
    search_fields = ["text", "sentence", "source__title"]
    list_select_related = ["source", "claim"]
    autocomplete_fields = ["claim"]
    actions = ["accept_selected", "merge_selected", "reject_selected", "undo_selected"]
    readonly_fields = [
        "text_in_sentence",
        "source",
        "kind",
        "text",
        "start",
        "end",
        "status",
        "claim",
        "fingerprint",
        "created_at",
        "decided_at",
    ]
    fields = readonly_fields
    change_form_template = "admin/sources/candidateclaim/change_form.html"

    def has_add_permission(self, request):
        return False  # the linker proposes candidates

    def has_change_permission(self, request, obj=None):
        return False  # every field is the linker's; editors decide with the buttons instead

    def has_decide_permission(self, request):
        return _can(request, "change_candidateclaim") and _can(request, "add_mention")

    def has_accept_permission(self, request):
        return self.has_decide_permission(request) and _can(request, "add_claim")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/decide/",
                view(self.decide_view),
                name="sources_candidateclaim_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        form = ClaimChoiceForm(admin_site=self.admin_site, label="Merge into claim")
        extra = {
            "decide_form": form,
            "decide_url": reverse("admin:sources_candidateclaim_decide", args=[object_id]),
            "can_decide": self.has_decide_permission(request),
            "can_accept": self.has_accept_permission(request),
            "media_extra": form.media,
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description="Words in their sentence")
    def text_in_sentence(self, obj):
        return candidate_in_context(obj)

    def _decide(self, request, candidates, act) -> tuple[int, list[str]]:
        done, errors = 0, []
        for candidate in candidates.select_related("source"):
            try:
                act(candidate)
                done += 1
            except EditorialError as error:
                errors.append(str(error))
        for error in errors:
            self.message_user(request, error, messages.WARNING)
        return done, errors

    def decide_view(self, request, object_id):
        """One candidate's decision from its page: accept, merge (with a claim), reject, undo."""
        candidate = get_object_or_404(CandidateClaim, pk=object_id)
        back = reverse("admin:sources_candidateclaim_change", args=[candidate.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        decision = request.POST.get("decision")
        undoes_accept = decision == "undo" and candidate.status == CandidateClaim.Status.ACCEPTED
        if (
            not self.has_decide_permission(request)
            or (decision == "accept" and not self.has_accept_permission(request))
            # Undoing an accept deletes the draft claim it made.
            or (undoes_accept and not _can(request, "delete_claim"))
        ):
            raise PermissionDenied
        try:
            if decision == "accept":
                claim, _ = editorial.accept_candidate(candidate=candidate, by=request.user)
                self.message_user(
                    request,
                    f"Accepted as new claim “{claim.slug}”, a draft readers do not see yet. "
                    "Write its statement in the newsroom's words, then publish it.",
                )
                return HttpResponseRedirect(reverse("admin:sources_claim_change", args=[claim.pk]))
            if decision == "merge":
                form = ClaimChoiceForm(
                    request.POST, admin_site=self.admin_site, label="Merge into claim"
                )
                if not form.is_valid():
                    self.message_user(request, "Choose the claim to merge into.", messages.ERROR)
                    return HttpResponseRedirect(back)
                claim = form.cleaned_data["claim"]
                editorial.merge_candidate(candidate=candidate, claim=claim, by=request.user)
                self.message_user(request, f"Recorded as a mention of “{claim.slug}”.")
            elif decision == "reject":
                editorial.reject_candidate(candidate=candidate)
                self.message_user(request, "Rejected.")
            elif decision == "undo":
                result = editorial.undo_candidate_decision(candidate=candidate)
                self.message_user(request, str(result), messages.SUCCESS)
                return HttpResponseRedirect(back)
            else:
                self.message_user(request, "Unknown decision.", messages.ERROR)
                return HttpResponseRedirect(back)
        except EditorialError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("admin:sources_candidateclaim_changelist"))

    @admin.action(description="Accept selected as new claims", permissions=["accept"])
    def accept_selected(self, request, queryset):
        done, _ = self._decide(
            request,
            queryset,
            lambda candidate: editorial.accept_candidate(candidate=candidate, by=request.user),
        )
        self.message_user(request, f"{done} candidates accepted as new claims.")

    @admin.action(description="Reject selected", permissions=["decide"])
    def reject_selected(self, request, queryset):
        done, _ = self._decide(
            request, queryset, lambda candidate: editorial.reject_candidate(candidate=candidate)
        )
        self.message_user(request, f"{done} candidates rejected.")

    @admin.action(description="Undo the decision on selected", permissions=["decide"])
    def undo_selected(self, request, queryset):
        decided = queryset.exclude(status=CandidateClaim.Status.PENDING)
        if not _can(request, "delete_claim"):  # undoing an accept deletes its draft claim
            decided = decided.exclude(status=CandidateClaim.Status.ACCEPTED)
        done, _ = self._decide(
            request,
            decided,
            lambda candidate: editorial.undo_candidate_decision(candidate=candidate),
        )
        self.message_user(request, f"{done} decisions undone: those candidates are pending again.")

    @admin.action(description="Merge selected into an existing claim…", permissions=["decide"])
    def merge_selected(self, request, queryset):
        form = ClaimChoiceForm(
            request.POST if "apply" in request.POST else None,
            admin_site=self.admin_site,
            label="Merge into claim",
        )
        if "apply" in request.POST and form.is_valid():
            claim = form.cleaned_data["claim"]
            done, _ = self._decide(
                request,
                queryset,
                lambda candidate: editorial.merge_candidate(
                    candidate=candidate, claim=claim, by=request.user
                ),
            )
            self.message_user(request, f"{done} candidates recorded as mentions of {claim.slug}.")
            return None
        return admin_views.choose_claim_page(
            request,
            model_admin=self,
            queryset=queryset,
            action="merge_selected",
            title="Merge candidates into a claim",
            label="Merge into claim",
            intro="Each selected candidate becomes a reviewed, editor-made mention of the claim.",
            form=form,
        )
