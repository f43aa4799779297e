"""The desk's foundations: permission helpers and the history-aware ModelAdmin.

Every admin in the desk (and timeline's) builds on these. No models are
registered here and no HTML is built here.
"""

from __future__ import annotations

import copy

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from sources.admin.history import describe
from sources.markdown import validate_markdown_length

HTMX_JS = "django_htmx/htmx-2.min.js"


# --- Permissions for fact-checkers ------------------------------------------------


def _can(request: HttpRequest, codename: str) -> bool:
    return request.user.has_perm(f"sources.{codename}")


class ReviewMentionPermission:
    """Mixin: a reviewer (review_mention) may change only stance and reviewed."""

    reviewer_fields = ("stance", "reviewed")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or _can(request, "review_mention")

    def reviewer_only(self, request) -> bool:
        return not _can(request, "change_mention") and _can(request, "review_mention")


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose revert needs the model's full change permission.

    simple-history saves the whole historical object on a revert POST even
    when the form shows no editable field; without this check a view-only
    user (or a fact-checker allowed only the verdict) could revert anything.
    """

    object_history_list_template = "admin/history_list.html"
    # Markdown fields readers see rendered: refused on save when longer than a page
    # shows (form validation only; the column itself is unbounded).
    markdown_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.markdown_fields:
            field.validators.append(validate_markdown_length)
        return field

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        # Each row then says in words who (a person or which machine) did what.
        describe(list(historical_records))

    def revert_disabled(self, request, obj=None):
        opts = self.model._meta
        full_change = request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        return super().revert_disabled(request, obj) or not full_change

    def _check_ids(self, object_id, version_id=None) -> None:
        """A malformed id in the URL is a page that does not exist (404), never a 500.

        simple-history passes the URL's ids straight to the ORM, which raises
        ValueError on "abc" or "1e3".
        """
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError as error:
            raise Http404("No such record.") from error

    def history_view(self, request, object_id, extra_context=None):
        self._check_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_ids(object_id, version_id)
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        # simple-history builds the form with self.prepopulated_fields, not
        # get_prepopulated_fields(): a slug read-only for this user (a
        # fact-checker) is not in the form and AdminForm raises KeyError. Run
        # the view on a per-request copy (admins are shared between requests)
        # that prepopulates only fields this user may edit.
        view = copy.copy(self)
        view.prepopulated_fields = self.history_prepopulated_fields(request)
        return super(HistoryAdmin, view).history_form_view(
            request, object_id, version_id, extra_context
        )

    def history_prepopulated_fields(self, request) -> dict:
        """Prepopulated fields for a past version: none when the user cannot revert it."""
        if self.revert_disabled(request):
            return {}
        readonly = set(self.get_readonly_fields(request))
        return {
            name: sources
            for name, sources in self.prepopulated_fields.items()
            if name not in readonly and readonly.isdisjoint(sources)
        }
