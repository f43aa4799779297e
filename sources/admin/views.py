"""The admin's own pages beyond create/change/delete: add a source by upload or
paste, list and restore deleted objects, preview rules and markdown.

Each view is thin: it checks permission, validates a form and calls the same
functions the command line uses (sources.ingest.load, sources.linking) or the
editor services in sources.editorial. They are wired in through
``ModelAdmin.get_urls`` and wrapped with ``admin_site.admin_view`` (staff login
and CSRF).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sources import tasks
from sources.admin.forms import ClaimChoiceForm, PasteForm, UploadForm, rule_errors
from sources.admin.render import rules_documentation
from sources.editorial import EditorialError, list_deleted, restore_deleted
from sources.ingest.decode import human_size
from sources.ingest.load import ingest_documents
from sources.ingest.records import Document
from sources.jobs import uploads
from sources.linking import preview_near_misses, preview_rules
from sources.markdown import render_markdown
from sources.models import Claim, Source, TaskRun

# --- Ingestion from the admin ------------------------------------------------


@dataclass
class Outcome:
    origin: str
    outcome: str
    detail: str
    source: Source | None = None
    mentions: int = 0


def _context(model_admin, request: HttpRequest, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def _run_ingest(documents, *, trigger: str):
    """Ingest and link exactly as the command line does; collect each file's outcome."""
    outcomes: dict[str, Outcome] = {}

    def progress(origin: str, outcome: str, detail: str = "") -> None:
        outcomes[origin] = Outcome(origin=origin, outcome=outcome, detail=detail)

    result = ingest_documents(documents, trigger=trigger, link=True, progress=progress)
    for source in result.sources:
        outcome = outcomes.setdefault(
            source.origin, Outcome(origin=source.origin, outcome="ingested", detail="")
        )
        outcome.source = source
    for failure in result.failures:
        outcomes.setdefault(
            failure.origin, Outcome(origin=failure.origin, outcome="failed", detail="")
        ).detail = failure.reason
    return result, list(outcomes.values())


def _after_ingest(
    model_admin, request: HttpRequest, result, outcomes, *, held: TaskRun | None = None
) -> HttpResponse:
    """The source itself when one was stored cleanly; else every file's outcome.

    ``held``: the run keeping files whose origin holds another article; the page
    asks what to do with each.
    """
    for failure in result.failures:
        messages.error(request, f"{failure.origin} was not ingested: {failure.reason}")
    if result.sources:
        messages.success(request, f"Ingestion: {result.summary()}.")
    if len(result.sources) == 1 and not result.failures:
        source = result.sources[0]
        return redirect(reverse("admin:sources_source_change", args=[source.pk]))
    for outcome in outcomes:
        if outcome.source is not None:
            outcome.mentions = outcome.source.mentions.count()
    return TemplateResponse(
        request,
        "admin/sources/source/ingest_results.html",
        _context(
            model_admin,
            request,
            title="Ingestion results",
            result=result,
            outcomes=outcomes,
            held=held,
            conflicts=held.report["conflicts"] if held else [],
            choices=uploads.CHOICES,
        ),
    )


def _ingest_form_page(request, model_admin, form, *, title: str, submit: str) -> HttpResponse:
    return TemplateResponse(
        request,
        "admin/sources/source/ingest_form.html",
        _context(
            model_admin,
            request,
            title=title,
            form=form,
            multipart=form.is_multipart(),
            submit=submit,
        ),
    )


# Multipart framing around the files themselves (boundaries, headers, the CSRF token).
MULTIPART_SLACK = 64 * 1024


def _declared_too_large(request: HttpRequest) -> bool:
    """Whether the request says it is over the upload limit (its files then go unread)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.ADMIN_UPLOAD_MAX_BYTES + MULTIPART_SLACK


def upload_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    """Add or update sources from uploaded files or zips of them.

    A few plain files are ingested while the editor waits; more files, or a zip,
    become a background task and the editor lands on its progress page. Files
    whose origin holds another article wait for the editor's decision.
    """
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and _declared_too_large(request):
        form = UploadForm()
        limit = human_size(settings.ADMIN_UPLOAD_MAX_BYTES)
        messages.error(request, f"This upload is over the {limit} limit for one upload.")
        response = _ingest_form_page(
            request, model_admin, form, title="Add sources from files", submit="Upload and ingest"
        )
        response.status_code = 413
        return response
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        if not form.runs_inline():
            run = uploads.create_run(files, user=request.user)
            tasks.start(tasks.ingest_upload, run)
            return redirect(reverse("admin:sources_taskrun_change", args=[run.pk]))
        documents = [Document(origin=name, data=data) for name, data in files]
        result, outcomes = _run_ingest(documents, trigger="admin-upload")
        held = None
        if result.conflicts:
            held = uploads.hold_conflicts(result.conflicts, documents, user=request.user)
        return _after_ingest(model_admin, request, result, outcomes, held=held)
    return _ingest_form_page(
        request, model_admin, form, title="Add sources from files", submit="Upload and ingest"
    )


def paste_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    """Add a source from pasted text, with what the editor knows about it."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = PasteForm(request.POST) if request.method == "POST" else PasteForm()
    if request.method == "POST" and form.is_valid():
        document = Document(
            origin=form.origin(),
            data=form.cleaned_data["text"].encode("utf-8"),
            hints=form.hints(),
            editor_supplied=True,
        )
        result, outcomes = _run_ingest([document], trigger="admin-paste")
        return _after_ingest(model_admin, request, result, outcomes)
    return _ingest_form_page(
        request, model_admin, form, title="Add a source from pasted text", submit="Ingest this text"
    )


# --- Deleted objects ----------------------------------------------------------


def deleted_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    """Sources or claims deleted and not restored, each with a restore button."""
    model = model_admin.model
    if not (model_admin.has_view_permission(request) or model_admin.has_add_permission(request)):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/sources/deleted.html",
        _context(
            model_admin,
            request,
            title=f"Deleted {model._meta.verbose_name_plural}",
            deleted=list_deleted(model=model),
            can_restore=model_admin.has_add_permission(request),
            restore_url_name=f"admin:sources_{model._meta.model_name}_restore",
        ),
    )


def restore_view(request: HttpRequest, object_id: str, *, model_admin) -> HttpResponse:
    """POST only: bring a deleted object back with its mentions."""
    model = model_admin.model
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    changelist = reverse(f"admin:sources_{model._meta.model_name}_deleted")
    try:
        result = restore_deleted(model=model, pk=int(object_id))
    except (EditorialError, ValueError) as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(changelist)
    messages.success(request, str(result))
    return redirect(reverse(f"admin:sources_{model._meta.model_name}_change", args=[object_id]))


# --- Previews -------------------------------------------------------------------


def rules_preview_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    """What the posted match_rules would match in the corpus; writes nothing.

    Answers htmx with a fragment for the claim form, anything else with a page.
    """
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not (model_admin.has_change_permission(request) or model_admin.has_add_permission(request)):
        raise PermissionDenied
    text = request.POST.get("match_rules", "")
    errors: list[str] = []
    matches = []
    near = []
    rules = None
    try:
        rules = json.loads(text or "{}")
    except json.JSONDecodeError as error:
        errors.append(f"The rules are not valid JSON: {error}")
    if rules is not None:
        errors.extend(rule_errors(rules))
    if not errors:
        kind = request.POST.get("kind")
        kind = kind if kind in Claim.Kind.values else Claim.Kind.QUOTE
        matches = preview_rules(rules=rules, kind=kind)
        near = preview_near_misses(rules=rules, kind=kind)
    context = {
        "errors": errors,
        "matches": matches,
        "near_misses": near,
        "rules_text": text,
        "source_count": len({match.source.pk for match in matches}),
    }
    if getattr(request, "htmx", False):
        return TemplateResponse(
            request, "admin/sources/claim/rules_preview_page.html#result", context
        )
    return TemplateResponse(
        request,
        "admin/sources/claim/rules_preview_page.html",
        _context(model_admin, request, title="What these rules would match", **context),
    )


def rules_help_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    """How matching rules work: the linker's own specification, for editors."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/sources/claim/rules_help.html",
        _context(model_admin, request, title="How matching rules work", spec=rules_documentation()),
    )


def markdown_preview_view(request: HttpRequest, *, field: str) -> HttpResponse:
    """The posted markdown ``field`` rendered and sanitised, as an htmx fragment."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not request.user.is_staff:
        raise PermissionDenied
    # render_markdown's output is already sanitised by nh3.
    return HttpResponse(render_markdown(request.POST.get(field, "")))


# --- Intermediate action pages ----------------------------------------------------


def choose_claim_page(
    request: HttpRequest,
    *,
    model_admin,
    queryset,
    action: str,
    title: str,
    label: str,
    intro: str,
    form: ClaimChoiceForm,
) -> TemplateResponse:
    """The page an action shows to pick a claim before acting on the selected rows."""
    return TemplateResponse(
        request,
        "admin/sources/choose_claim.html",
        _context(
            model_admin,
            request,
            title=title,
            intro=intro,
            form=form,
            media=model_admin.media + form.media,
            queryset=queryset,
            action=action,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        ),
    )
