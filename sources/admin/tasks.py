"""Background tasks in the admin: each TaskRun's page, which shows its progress while it
runs (htmx polls it every two seconds) and its report once done (a re-link's added,
removed and kept mentions by sentence; an upload's failures, sources and the files
waiting for a decision), and the form that acts on those decisions.

Runs are written by the tasks only: nobody adds or edits one here. No business
logic: the decisions go to sources.jobs.uploads, the work to sources.tasks.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import SafeString
from django_tasks_db.models import DBTaskResult

from sources import tasks
from sources.admin.base import HTMX_JS, _can
from sources.highlight import quote_in_sentence
from sources.jobs import uploads
from sources.models import TaskRun, TaskUpload

POLL = "2s"
PAGE = "admin/sources/taskrun/progress.html"
_RELINK_LISTS = ("added", "removed", "kept", "others_removed")


def _in_context(entries: list[dict]) -> list[dict]:
    """Report entries with their quote marked in their sentence (QuoteInContext)."""
    return [
        {
            **entry,
            "quoted": quote_in_sentence(
                sentence=entry.get("sentence") or "",
                sentence_start=entry.get("sentence_start") or 0,
                quote=entry.get("quote") or "",
                start=entry.get("start") or 0,
            ),
        }
        for entry in entries
    ]


def run_context(run: TaskRun, *, request: HttpRequest | None = None) -> dict:
    """What the progress fragment needs, for the run's page and the claim's.

    Without a request (the claim page's display) no decision form is offered.
    """
    report = run.report or {}
    context: dict = {
        "run": run,
        "report": report,
        "poll_url": reverse("admin:sources_taskrun_change", args=[run.pk]),
        "poll": POLL,
        "percent": int(100 * run.done / run.total) if run.total else (100 if run.finished else 0),
    }
    if run.kind == TaskRun.Kind.RELINK:
        context.update({name: _in_context(report.get(name, [])) for name in _RELINK_LISTS})
        context["counts"] = report.get("counts", {})
    else:
        context["counts"] = report.get("counts", {})
        context["conflicts"] = report.get("conflicts", [])
        context["choices"] = uploads.CHOICES
        context["can_decide"] = request is not None and _can(request, "add_source")
    return context


def run_fragment(run: TaskRun | None) -> SafeString:
    """The progress fragment for ``run`` (the claim page shows its last re-link so)."""
    if run is None:
        return SafeString("")
    return render_to_string(f"{PAGE}#progress", run_context(run))


# The desk shows each task through its TaskRun (progress, report, the error of a failed
# one); django-tasks-db's own admin of raw queue rows stays out of it (it answers 403
# rather than 404 to a malformed id, and offers editors nothing they can act on).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "progress", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]

    class Media:
        js = [HTMX_JS]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Progress")
    def progress(self, obj: TaskRun) -> str:
        return f"{obj.done} of {obj.total}"

    def _run(self, request: HttpRequest, object_id: str) -> TaskRun:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            return TaskRun.objects.select_related("claim", "created_by").get(
                pk=int(unquote(object_id))
            )
        except (ValueError, TaskRun.DoesNotExist) as error:
            raise Http404("No such task.") from error

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The run's page; to htmx (polling), only its progress fragment."""
        run = self._run(request, object_id)
        context = run_context(run, request=request)
        if getattr(request, "htmx", False):
            return TemplateResponse(request, f"{PAGE}#progress", context)
        return TemplateResponse(
            request,
            PAGE,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "app_label": self.model._meta.app_label,
                "title": str(run),
                "media": self.media,
                **context,
            },
        )

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST: the editor's choice for each file whose origin holds another article."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        run = self._run(request, object_id)
        if not _can(request, "add_source"):
            raise PermissionDenied
        choices = {}
        for upload in run.uploads.filter(status=TaskUpload.Status.CONFLICT).only("pk"):
            choice = request.POST.get(f"choice-{upload.pk}")
            if choice:
                choices[upload.pk] = choice
        try:
            new = uploads.decide(run, choices, user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(reverse("admin:sources_taskrun_change", args=[run.pk]))
        if new is None:
            messages.info(request, "Nothing to ingest: the files you skipped were dropped.")
            return redirect(reverse("admin:sources_taskrun_change", args=[run.pk]))
        if new.uploads.count() <= settings.ADMIN_UPLOAD_INLINE_FILES:
            tasks.run_now(tasks.ingest_upload, new)
        else:
            tasks.start(tasks.ingest_upload, new)
        return redirect(reverse("admin:sources_taskrun_change", args=[new.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/decide/",
                view(self.decide_view),
                name="sources_taskrun_decide",
            ),
            *super().get_urls(),
        ]
