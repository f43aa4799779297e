"""The editors' desk: sources, claims, mentions and candidates in the admin.

Admin classes only arrange fields, permissions and buttons; what an edit
means (editor-owned fields, merges, restores) lives in sources.editorial and
the extra pages in sources.admin.views. Every model with history uses
SimpleHistoryAdmin, so each change shows who made it and when and can be
reverted from its History page.

Fact-checkers hold two field-level permissions instead of change rights:
``sources.change_verdict`` (a claim's verdict and explanation) and
``sources.review_mention`` (a mention's stance and reviewed flag). The admins
below open the change form to them with every other field read-only.
"""

from __future__ import annotations

import copy
import json
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from sources import editorial
from sources.admin import views as admin_views
from sources.editorial import EditorialError
from sources.highlight import quote_in_sentence, segment_text
from sources.markdown import render_markdown
from sources.models import (
    CandidateClaim,
    Citation,
    Claim,
    Entity,
    IngestRun,
    Mention,
    Outlet,
    Source,
)

admin.site.site_header = "Newsroom editors' desk"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Sources, claims and the timeline"

HTMX_JS = "django_htmx/htmx-2.min.js"
RAW_DISPLAY_LIMIT = 200_000  # characters of raw input shown; the bytes are all kept


# --- Rendering helpers (everything escaped, piece by piece) ---------------------


def highlight_mentions(body: str, mentions: list[Mention]) -> SafeString:
    """The cleaned text with each mention's span in <mark>; overlapping spans nest safely.

    The text is cut at every mention boundary and each piece escaped on its
    own, so no quote or body text can inject markup.
    """
    pieces = []
    for segment in segment_text(body, mentions):
        if segment.spans:
            pieces.append(
                format_html(
                    '<mark class="mention" title="{}">{}</mark>',
                    "; ".join(
                        f"{m.claim.slug} ({m.get_stance_display().lower()})" for m in segment.spans
                    ),
                    segment.text,
                )
            )
        else:
            pieces.append(escape(segment.text))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def decode_raw(raw: bytes) -> str:
    """Raw input as text for display only: UTF-8, else cp1252, never failing."""
    raw = bytes(raw or b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def in_context_html(mention: Mention) -> SafeString:
    context = quote_in_sentence(
        sentence=mention.sentence or "",
        sentence_start=mention.sentence_start,
        quote=mention.quote,
        start=mention.start,
    )
    return format_html(
        '<span class="in-context">{}<mark>{}</mark>{}</span>',
        context.before,
        context.quote,
        context.after,
    )


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

    def revert_disabled(self, request, obj=None):
        opts = self.model._meta
        full_change = request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        return super().revert_disabled(request, obj) or not full_change

    def history_form_view(self, request, object_id, version_id, extra_context=None):
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


# --- Reference data ------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
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


# --- Mentions ---------------------------------------------------------------------------


class MentionInline(ReviewMentionPermission, admin.TabularInline):
    """Mentions on a source or claim page: judge stance and qualifier, tick reviewed."""

    model = Mention
    extra = 0
    fields = [
        "claim",
        "source",
        "in_context",
        "stance",
        "reviewed",
        "qualifier",
        "variant",
        "method",
    ]
    readonly_fields = ["in_context", "method"]
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
        return [*self.readonly_fields, *(["source"] if self.fk_name == "claim" else [])]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "source")

    def has_add_permission(self, request, obj=None):
        # New mentions need exact offsets: added from the Mention page or a candidate.
        return False

    @admin.display(description="Quote in its sentence")
    def in_context(self, obj):
        return in_context_html(obj)


class SourceMentionInline(MentionInline):
    fk_name = "source"


class ClaimMentionInline(MentionInline):
    fk_name = "claim"


def save_mention_formset(formset) -> None:
    """Stance/qualifier edits in an inline mark the mention reviewed and editor-owned."""
    if formset.model is not Mention:
        return
    deleted = set(formset.deleted_forms)
    for form in formset.forms:
        if form.instance.pk and form not in deleted and form.has_changed():
            editorial.apply_mention_edit(mention=form.instance, changed_fields=form.changed_data)


class MentionAddForm(forms.ModelForm):
    """An editor links a claim to words in a source; offsets are found, not typed."""

    near = forms.IntegerField(
        required=False,
        min_value=0,
        label="Near offset",
        help_text="If the words occur more than once, the occurrence nearest this offset.",
    )

    class Meta:
        model = Mention
        fields = ["claim", "source", "quote", "stance", "qualifier", "variant"]

    def clean(self):
        cleaned = super().clean()
        source, claim, quote = cleaned.get("source"), cleaned.get("claim"), cleaned.get("quote")
        if source and claim and quote:
            try:
                start, end = editorial.locate_quote(
                    source=source, quote=quote, near=cleaned.get("near")
                )
            except EditorialError as error:
                raise forms.ValidationError({"quote": str(error)}) from error
            if Mention.objects.filter(claim=claim, source=source, start=start, end=end).exists():
                raise forms.ValidationError("This claim is already linked to these words.")
            cleaned["start"] = start
        return cleaned


@admin.register(Mention)
class MentionAdmin(ReviewMentionPermission, HistoryAdmin):
    list_display = [
        "short_quote",
        "claim",
        "source",
        "qualifier",
        "stance",
        "method",
        "reviewed",
    ]
    list_editable = ["stance", "reviewed"]
    list_filter = ["reviewed", "stance", "method", "claim__kind", "source__outlet", "claim"]
    search_fields = ["quote", "sentence", "claim__slug", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source"]
    list_select_related = ["claim", "source"]
    actions = ["mark_reviewed"]
    readonly_fields = ["in_context", "quote", "start", "end", "sentence", "method", "created_at"]
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
        "method",
        "editor_owned_fields",
        "created_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = MentionAddForm
            kwargs["fields"] = [*MentionAddForm._meta.fields, "near"]
        return super().get_form(request, obj, **kwargs)

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
        if change:
            editorial.apply_mention_edit(mention=obj, changed_fields=form.changed_data)
            return super().save_model(request, obj, form, change)
        editorial.prepare_editor_mention(mention=obj, near=form.cleaned_data["start"])
        super().save_model(request, obj, form, change)

    @admin.display(description="Quote")
    def short_quote(self, obj):
        return Truncator(obj.quote).chars(80)

    @admin.display(description="Quote in its sentence")
    def in_context(self, obj):
        return in_context_html(obj)

    @admin.action(description="Mark selected mentions reviewed", permissions=["review"])
    def mark_reviewed(self, request, queryset):
        changed = editorial.mark_mentions_reviewed(mentions=queryset)
        self.message_user(request, f"{changed} mentions marked reviewed.")

    def has_review_permission(self, request):
        return _can(request, "change_mention") or _can(request, "review_mention")


# --- Sources -------------------------------------------------------------------------------


class SourceChangeForm(forms.ModelForm):
    editor_owned_fields = forms.MultipleChoiceField(
        choices=[(name, name) for name in editorial.SOURCE_METADATA_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Editor-owned fields",
        help_text="Re-ingesting the file never overwrites a ticked field. A field you change "
        "is ticked on save; untick one to let the next ingestion update it again.",
    )

    class Meta:
        model = Source
        fields = "__all__"


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "source"
    extra = 0
    fields = ["kind", "cited_outlet", "cited_source", "cited_title", "cited_url", "text"]
    autocomplete_fields = ["cited_outlet", "cited_source"]


class MentionOwnerAdmin(HistoryAdmin):
    """Sources and claims: mentions inline, saved under the editorial rules, and a
    "deleted" page from which a deleted row comes back together with its mentions."""

    def save_formset(self, request, form, formset, change):
        save_mention_formset(formset)
        super().save_formset(request, form, formset, change)

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
            ("Ingestion", {"fields": self.ingestion_fields, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["text_side_by_side", *self.ingestion_fields]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {
            "can_relink": self.has_change_permission(request),
            "can_review": self.has_review_permission(request),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        if change:
            editorial.apply_source_edit(
                source=obj,
                changed_fields=form.changed_data,
                kept_owned=form.cleaned_data.get("editor_owned_fields"),
            )
        else:
            editorial.prepare_manual_source(source=obj, filled_fields=form.changed_data)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        source = form.instance
        # Citations edited by hand belong to the editor: re-ingestion leaves them alone.
        citations_edited = any(
            formset.model is Citation and formset.has_changed() for formset in formsets
        )
        if change and citations_edited and "citations" not in source.editor_owned_fields:
            source.editor_owned_fields = sorted({*source.editor_owned_fields, "citations"})
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
                "<path:object_id>/review-all/",
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
        mentions = list(obj.mentions.select_related("claim").order_by("start"))
        raw = decode_raw(obj.raw_input)
        note = ""
        if len(raw) > RAW_DISPLAY_LIMIT:
            raw = raw[:RAW_DISPLAY_LIMIT]
            note = format_html(
                '<p class="help">Showing the first {} characters.</p>', f"{RAW_DISPLAY_LIMIT:,}"
            )
        return format_html(
            '<div class="text-panes">'
            "<section><h3>Raw input (as received, read-only)</h3>"
            '{}<pre class="raw">{}</pre></section>'
            "<section><h3>Cleaned text, {} mentions highlighted</h3>"
            '<div class="cleaned">{}</div></section></div>',
            note,
            raw,
            len(mentions),
            highlight_mentions(obj.body, mentions),
        )

    # Actions and buttons

    @admin.action(description="Re-link selected sources to every claim", permissions=["change"])
    def relink(self, request, queryset):
        _link(request, list(queryset))

    @admin.action(
        description="Mark all mentions of selected sources reviewed", permissions=["review"]
    )
    def mark_all_reviewed(self, request, queryset):
        changed = editorial.mark_mentions_reviewed(
            mentions=Mention.objects.filter(source__in=queryset)
        )
        self.message_user(request, f"{changed} mentions marked reviewed.")

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
        def act(source):
            changed = editorial.mark_mentions_reviewed(mentions=source.mentions.all())
            messages.success(request, f"{changed} mentions marked reviewed.")

        return self._object_button(
            request, object_id, allowed=self.has_review_permission(request), act=act
        )


def _link(request: HttpRequest, sources: list[Source]) -> None:
    """Re-link sources with the linker the command line uses and report what changed."""
    from sources.linking import link_sources

    result = link_sources(sources=sources)
    messages.success(request, f"Re-linked {len(sources)} source(s): {result}")


# --- Claims --------------------------------------------------------------------------------


class IndentedJSONField(forms.JSONField):
    """Rules shown one key per line, so an editor can read and edit them."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, cls=self.encoder)


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = "__all__"
        field_classes = {"match_rules": IndentedJSONField}
        widgets = {
            "match_rules": forms.Textarea(attrs={"rows": 12, "cols": 90, "class": "monospace"}),
            "verdict_explanation": forms.Textarea(attrs={"rows": 8, "cols": 90}),
        }

    def clean_match_rules(self):
        rules = self.cleaned_data.get("match_rules")
        if rules in (None, ""):
            return {}
        if not isinstance(rules, dict):
            raise forms.ValidationError("Rules must be a JSON object ({…}).")
        errors = admin_views.rule_errors(rules)
        if errors:
            raise forms.ValidationError(errors)
        return rules


@admin.register(Claim)
class ClaimAdmin(MentionOwnerAdmin):
    form = ClaimForm
    list_display = [
        "slug",
        "short_statement",
        "kind",
        "verdict",
        "mention_count",
        "verdict_updated_at",
    ]
    list_filter = ["kind", "verdict", "speaker", "subjects"]
    search_fields = ["slug", "statement", "speaker__name"]
    autocomplete_fields = ["speaker", "subjects"]
    prepopulated_fields = {"slug": ["statement"]}
    inlines = [ClaimMentionInline]
    actions = ["merge_claims", "export_mentions"]
    verdict_fields = ["verdict", "verdict_explanation"]
    change_form_template = "admin/sources/claim/change_form.html"
    change_list_template = "admin/sources/claim/change_list.html"
    fieldsets = [
        (None, {"fields": ["slug", "statement", "kind", "speaker", "subjects", "claimed_on"]}),
        ("For numbers", {"fields": [("value", "unit")], "classes": ["collapse"]}),
        (
            "Fact-check",
            {
                "fields": [
                    "verdict",
                    "verdict_explanation",
                    "explanation_preview",
                    "verdict_updated_at",
                ]
            },
        ),
        (
            "Matching rules",
            {
                "fields": ["match_rules", "rules_test"],
                "description": "How the linker finds this claim in articles (JSON). "
                "Test them before saving: nothing is written.",
            },
        ),
        ("Editor-owned fields", {"fields": ["editor_owned_fields"], "classes": ["collapse"]}),
    ]

    class Media:
        js = [HTMX_JS]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_total=Count("mentions"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or _can(request, "change_verdict")

    def get_readonly_fields(self, request, obj=None):
        always = ["explanation_preview", "rules_test", "verdict_updated_at"]
        if not super().has_change_permission(request, obj) and _can(request, "change_verdict"):
            every = flatten_fieldsets(self.fieldsets)
            return [name for name in every if name not in self.verdict_fields]
        return always

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def save_model(self, request, obj, form, change):
        editorial.apply_claim_edit(claim=obj, changed_fields=form.changed_data)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview-rules/",
                view(partial(admin_views.rules_preview_view, model_admin=self)),
                name="sources_claim_preview_rules",
            ),
            path(
                "preview-markdown/",
                view(partial(admin_views.markdown_preview_view, field="verdict_explanation")),
                name="sources_claim_preview_markdown",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Statement")
    def short_statement(self, obj):
        return Truncator(obj.statement).chars(90)

    @admin.display(description="Mentions", ordering="mention_total")
    def mention_count(self, obj):
        return obj.mention_total

    @admin.display(description="Explanation as readers see it")
    def explanation_preview(self, obj):
        return format_html(
            '<div class="markdown-preview" id="explanation-preview">{}</div>'
            '<button type="submit" class="button" name="_preview_markdown" '
            'formaction="{}" hx-post="{}" hx-target="#explanation-preview" '
            'hx-swap="innerHTML">Preview the text above</button>',
            render_markdown(obj.verdict_explanation) if obj and obj.pk else "",
            reverse("admin:sources_claim_preview_markdown"),
            reverse("admin:sources_claim_preview_markdown"),
        )

    @admin.display(description="Test")
    def rules_test(self, obj):
        url = reverse("admin:sources_claim_preview_rules")
        return format_html(
            '<button type="submit" class="button" name="_preview_rules" formaction="{}" '
            'hx-post="{}" hx-target="#rules-preview" hx-swap="innerHTML">'
            "Test these rules against the corpus</button>"
            '<div id="rules-preview" class="rules-preview"></div>',
            url,
            url,
        )

    @admin.action(description="Merge selected claims into one…", permissions=["delete"])
    def merge_claims(self, request, queryset):
        form = admin_views.ClaimChoiceForm(
            request.POST if "apply" in request.POST else None,
            admin_site=self.admin_site,
            label="Keep this claim",
        )
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["claim"]
            try:
                result = editorial.merge_claims(target=target, claims=list(queryset))
            except EditorialError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, str(result), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:sources_claim_change", args=[target.pk]))
        if not form.is_bound:
            form.initial = {"claim": queryset.order_by("pk").first()}
        return admin_views.choose_claim_page(
            request,
            model_admin=self,
            queryset=queryset,
            action="merge_claims",
            title="Merge claims",
            label="Keep this claim",
            intro="Choose the claim to keep. The others are merged into it: their mentions, "
            "candidates and timeline events move to it, then they are deleted (their history "
            "stays, and “Deleted claims” can restore them).",
            form=form,
        )

    @admin.action(description="Export mentions of selected claims (CSV)", permissions=["export"])
    def export_mentions(self, request, queryset):
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        query.setlist("claim", list(queryset.values_list("slug", flat=True)))
        url = reverse("export", kwargs={"table": "mentions", "fmt": "csv"})
        return HttpResponseRedirect(f"{url}?{query.urlencode()}")

    def has_export_permission(self, request):
        return _can(request, "export_data")


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
    actions = ["accept_selected", "merge_selected", "reject_selected"]
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
        form = admin_views.ClaimChoiceForm(admin_site=self.admin_site, label="Merge into claim")
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
        sentence, text = obj.sentence or "", obj.text
        at = sentence.find(text) if text else -1
        if at < 0:
            return format_html("<mark>{}</mark>", text)
        return format_html("{}<mark>{}</mark>{}", sentence[:at], text, sentence[at + len(text) :])

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
        """One candidate's decision from its page: accept, merge (with a claim) or reject."""
        candidate = get_object_or_404(CandidateClaim, pk=object_id)
        back = reverse("admin:sources_candidateclaim_change", args=[candidate.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        decision = request.POST.get("decision")
        if not self.has_decide_permission(request) or (
            decision == "accept" and not self.has_accept_permission(request)
        ):
            raise PermissionDenied
        try:
            if decision == "accept":
                claim, _ = editorial.accept_candidate(candidate=candidate)
                self.message_user(request, f"Accepted as new claim “{claim.slug}”. Edit it below.")
                return HttpResponseRedirect(reverse("admin:sources_claim_change", args=[claim.pk]))
            if decision == "merge":
                form = admin_views.ClaimChoiceForm(
                    request.POST, admin_site=self.admin_site, label="Merge into claim"
                )
                if not form.is_valid():
                    self.message_user(request, "Choose the claim to merge into.", messages.ERROR)
                    return HttpResponseRedirect(back)
                claim = form.cleaned_data["claim"]
                editorial.merge_candidate(candidate=candidate, claim=claim)
                self.message_user(request, f"Recorded as a mention of “{claim.slug}”.")
            elif decision == "reject":
                editorial.reject_candidate(candidate=candidate)
                self.message_user(request, "Rejected.")
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
            request, queryset, lambda candidate: editorial.accept_candidate(candidate=candidate)
        )
        self.message_user(request, f"{done} candidates accepted as new claims.")

    @admin.action(description="Reject selected", permissions=["decide"])
    def reject_selected(self, request, queryset):
        done, _ = self._decide(
            request, queryset, lambda candidate: editorial.reject_candidate(candidate=candidate)
        )
        self.message_user(request, f"{done} candidates rejected.")

    @admin.action(description="Merge selected into an existing claim…", permissions=["decide"])
    def merge_selected(self, request, queryset):
        form = admin_views.ClaimChoiceForm(
            request.POST if "apply" in request.POST else None,
            admin_site=self.admin_site,
            label="Merge into claim",
        )
        if "apply" in request.POST and form.is_valid():
            claim = form.cleaned_data["claim"]
            done, _ = self._decide(
                request,
                queryset,
                lambda candidate: editorial.merge_candidate(candidate=candidate, claim=claim),
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
