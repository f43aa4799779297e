"""Reviewing mentions from the desk and from the reader's source page.

Holds the "mark all reviewed" confirmation page (it says how many mentions it
will mark before anything is written) and the POST a fact-checker sends from
the article page where they read the quote. Both record who reviewed and when
through ``sources.editorial.mark_mentions_reviewed``. Views are wired in by the
source and mention admins (``admin_site.admin_view``: staff login and CSRF);
no model registration here and no HTML built in Python.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from sources import editorial
from sources.models import Mention, Source


def can_review(request: HttpRequest) -> bool:
    """Editors (change_mention) and fact-checkers (review_mention) may review mentions."""
    user = request.user
    return user.has_perm("sources.change_mention") or user.has_perm("sources.review_mention")


def reviewed_message(changed: int, *, asked: int) -> str:
    kept = asked - changed
    text = f"{changed} mention{'s' if changed != 1 else ''} marked reviewed by you."
    if kept:
        text += f" {kept} already reviewed kept who reviewed them and when."
    return text


def confirm_review_page(
    request: HttpRequest,
    *,
    model_admin,
    sources: QuerySet[Source],
    action: str = "",
    cancel_url: str,
) -> TemplateResponse:
    """The page that asks before marking every mention of ``sources`` reviewed.

    ``action`` is the change-list action to post back to (the selected rows go
    with it); empty for a single source's button, which posts to its own URL.
    """
    mentions = Mention.objects.filter(source__in=sources)
    total, unreviewed = mentions.count(), mentions.filter(reviewed=False).count()
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/sources/confirm_review.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": "Mark all mentions reviewed?",
            "sources": list(sources.values("pk", "title")[:50]),
            "source_total": sources.count(),
            "unreviewed": unreviewed,
            "already": total - unreviewed,
            "selected": list(sources.values_list("pk", flat=True)) if action else [],
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": cancel_url,
        },
    )


def mark_reviewed(request: HttpRequest, mentions: QuerySet[Mention]) -> int:
    """Mark ``mentions`` reviewed by the signed-in user and tell them how many."""
    asked = mentions.count()
    changed = editorial.mark_mentions_reviewed(mentions=mentions, by=request.user)
    messages.success(request, reviewed_message(changed, asked=asked))
    return changed


def review_from_page_view(request: HttpRequest, object_id: str) -> HttpResponse:
    """POST only: a fact-checker marks one mention reviewed from the reader's article page.

    Goes back to the page it came from (``next``, when it is this site's) or to
    the mention's place in its article.
    """
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    if not can_review(request):
        raise PermissionDenied
    mention = get_object_or_404(Mention.objects.select_related("source"), pk=object_id)
    editorial.mark_mentions_reviewed(
        mentions=Mention.objects.filter(pk=mention.pk), by=request.user
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = mention.get_absolute_url()
    return HttpResponseRedirect(back)
