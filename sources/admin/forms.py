"""The desk's forms: source and claim change forms, adding a mention, and the
upload, paste and choose-a-claim forms of the desk's own pages.

Forms validate; what an edit means is left to sources.editorial. No views here.
"""

from __future__ import annotations

import hashlib
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from sources import editorial
from sources.admin.fields import EditorOwnedField, IndentedJSONField, LineListField
from sources.editorial import EditorialError
from sources.editorial.ownership import CLAIM_EDITABLE_FIELDS, MENTION_JUDGEMENT_FIELDS
from sources.ingest.decode import human_size
from sources.jobs import archive
from sources.linking import validate_rules
from sources.models import CandidateClaim, Claim, Entity, Mention, Outlet, Source


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


SOURCE_OWNED_HELP = (
    "Re-ingesting the file never overwrites a ticked field. A field you change "
    "is ticked on save; untick one to let the next ingestion update it again."
)
CLAIM_OWNED_HELP = (
    "Loading claims.toml again never overwrites a ticked field. A field you change is "
    "ticked on save; untick one to let the next load update it again."
)
MENTION_OWNED_HELP = (
    "Re-linking never changes a ticked field. A judgement you change is ticked on save; "
    "untick one to let the linker update it again."
)
# What the desk and the linker mark on a mention: its claim (moved by an editor),
# its quote (re-anchored after a body change) and the judgement fields.
MENTION_OWNABLE_FIELDS = ("claim", "quote", *MENTION_JUDGEMENT_FIELDS)


class OwnedFieldsForm(forms.ModelForm):
    """A model form whose ``editor_owned_fields`` is a set of checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owned = self.fields.get("editor_owned_fields")
        if isinstance(owned, EditorOwnedField) and self.instance.pk:
            owned.offer(self.instance.editor_owned_fields)


class SourceAddForm(forms.ModelForm):
    """A source written by hand: captions edited one per line."""

    class Meta:
        model = Source
        fields = "__all__"
        field_classes = {"captions": LineListField}
        widgets = {"captions": forms.Textarea(attrs={"rows": 3, "cols": 80})}
        help_texts = {"captions": "One caption or credit per line."}


def owned_fields(names, owned_help: str):
    """The field class for ``editor_owned_fields``: a checkbox per name.

    Given through Meta.field_classes (not declared on the form), so the admin
    still leaves it out when it is read-only for the user.
    """
    return partial(EditorOwnedField, names=names, owned_help=owned_help)


class SourceChangeForm(OwnedFieldsForm, SourceAddForm):
    class Meta(SourceAddForm.Meta):
        field_classes = {
            **SourceAddForm.Meta.field_classes,
            "editor_owned_fields": owned_fields(
                editorial.SOURCE_METADATA_FIELDS, SOURCE_OWNED_HELP
            ),
        }


class NamedWithAliasesForm(forms.ModelForm):
    """Outlets and entities: other names edited one per line, none twice."""

    class Meta:
        fields = "__all__"
        field_classes = {"aliases": partial(LineListField, unique=True)}
        help_texts = {
            "aliases": "Other names articles use, one per line; matched case-insensitively."
        }


class OutletForm(NamedWithAliasesForm):
    class Meta(NamedWithAliasesForm.Meta):
        model = Outlet


class EntityForm(NamedWithAliasesForm):
    class Meta(NamedWithAliasesForm.Meta):
        model = Entity


class MentionEditForm(forms.ModelForm):
    """A stored mention edited by an editor or a fact-checker, under the editorial rules.

    Once the form's values are on the mention, ``editorial.apply_mention_edit``
    records who reviewed or edited it (``by``: the admin sets the signed-in
    user on its per-request form class), marks what the editor owns and keeps
    the mention on its own article's words; what it refuses (another source,
    words not in the article, a span the claim already holds) is a form error,
    so the page says why instead of failing. ``check_unchanged``: a form posted
    unchanged is checked too (the mention's own page), or left alone (inlines).
    """

    by = None
    check_unchanged = True

    def _post_clean(self):
        super()._post_clean()
        mention = self.instance
        if self.errors or mention.pk is None:
            return
        if not (self.check_unchanged or self.has_changed()):
            return
        try:
            editorial.apply_mention_edit(
                mention=mention, changed_fields=self.changed_data, by=self.by
            )
        except EditorialError as error:
            field = "quote" if "quote" in self.fields else None
            self.add_error(field, str(error))
            return
        taken = Mention.objects.filter(
            claim_id=mention.claim_id,
            source_id=mention.source_id,
            start=mention.start,
            end=mention.end,
        ).exclude(pk=mention.pk)
        if taken.exists():
            self.add_error(None, "This claim is already linked to these words in this article.")


class MentionChangeForm(OwnedFieldsForm, MentionEditForm):
    class Meta:
        model = Mention
        fields = "__all__"
        field_classes = {
            "editor_owned_fields": owned_fields(MENTION_OWNABLE_FIELDS, MENTION_OWNED_HELP)
        }


class MentionInlineForm(MentionEditForm):
    """A mention's row on its source's or claim's page; a row left as it was is not touched."""

    check_unchanged = False

    class Meta:
        model = Mention
        fields = "__all__"


class ClaimForm(OwnedFieldsForm):
    class Meta:
        model = Claim
        fields = "__all__"
        field_classes = {
            "match_rules": IndentedJSONField,
            "editor_owned_fields": owned_fields(CLAIM_EDITABLE_FIELDS, CLAIM_OWNED_HELP),
        }
        widgets = {
            "match_rules": forms.Textarea(attrs={"rows": 12, "cols": 90, "class": "monospace"}),
            "verdict_explanation": forms.Textarea(attrs={"rows": 8, "cols": 90}),
        }
        help_texts = {
            "match_rules": "How the linker finds this claim in articles, as a JSON object; "
            "{} never links it automatically. “How matching rules work” below explains "
            "every key."
        }

    def clean_match_rules(self):
        rules = self.cleaned_data.get("match_rules")
        if rules in (None, ""):
            return {}
        if not isinstance(rules, dict):
            raise forms.ValidationError("Rules must be a JSON object ({…}).")
        errors = rule_errors(rules)
        if errors:
            raise forms.ValidationError(errors)
        return rules


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once and cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.md,.html,.htm,.zip"}))
        # Ingestion names an empty file's failure along with the other files' results.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    """Article files, or zips of them, up to settings.ADMIN_UPLOAD_MAX_BYTES together.

    A zip is checked from its directory here (member count, inflated size; see
    sources.jobs.archive), so an oversized archive is refused before anything runs.
    """

    files = MultipleFileField(
        label="Article files",
        help_text="One or more .txt, .md, .html or .htm files, or a .zip of them. Each "
        "article becomes a source; uploading a file again updates its source and keeps "
        "your corrections. Many files or a zip are ingested in the background, with a "
        "page to watch their progress.",
    )

    def clean_files(self) -> list[tuple[str, bytes]]:
        uploads = self.cleaned_data["files"]
        limit = settings.ADMIN_UPLOAD_MAX_BYTES
        total = sum(upload.size or 0 for upload in uploads)
        if total > limit:
            raise forms.ValidationError(
                f"These {len(uploads)} files weigh {human_size(total)} together, over the "
                f"{human_size(limit)} limit for one upload. Upload them in several goes.",
                code="too_large",
            )
        files = [(upload.name, upload.read()) for upload in uploads]
        errors = []
        for name, data in files:
            if archive.is_zip(name, data):
                try:
                    archive.inspect(name, data)
                except archive.ArchiveError as error:
                    errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        return files

    def runs_inline(self) -> bool:
        """A few plain files are ingested while the editor waits; more, or a zip, in a task."""
        files = self.cleaned_data["files"]
        return len(files) <= settings.ADMIN_UPLOAD_INLINE_FILES and not any(
            archive.is_zip(name, data) for name, data in files
        )


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        strip=False,
        help_text="Paste the article as copied from the page (plain text or HTML).",
    )
    title = forms.CharField(
        required=False, max_length=500, help_text="Leave empty to detect it from the text."
    )
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), required=False, help_text="Leave empty to detect it."
    )
    new_outlet = forms.CharField(required=False, max_length=200, label="…or a new outlet's name")
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day it was published, if you know it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outlet") and cleaned.get("new_outlet"):
            self.add_error("new_outlet", "Choose an existing outlet or name a new one, not both.")
        if not (cleaned.get("text") or "").strip():
            self.add_error("text", "The text is empty.")
        return cleaned

    def hints(self) -> dict:
        """What the editor told us, in the ingestion contract's hint names."""
        data = self.cleaned_data
        hints: dict = {}
        if data.get("title"):
            hints["title"] = data["title"].strip()
        if data.get("url"):
            hints["url"] = data["url"]
        outlet = data.get("outlet")
        if outlet or data.get("new_outlet"):
            hints["outlet"] = outlet.name if outlet else data["new_outlet"].strip()
        if data.get("published"):
            hints["published"] = data["published"].isoformat()
            hints["published_precision"] = "day"
        return hints

    def origin(self) -> str:
        """Pasting the same words twice finds the same source instead of a copy."""
        text = self.cleaned_data["text"]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        looks_html = text.lstrip().startswith("<") and "</" in text
        return f"pasted-{digest}.{'html' if looks_html else 'txt'}"


class ClaimChoiceForm(forms.Form):
    """Choose one claim, with the admin's autocomplete."""

    claim = forms.ModelChoiceField(queryset=Claim.objects.all())

    def __init__(self, *args, admin_site, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"] = forms.ModelChoiceField(
            queryset=Claim.objects.all(),
            label=label,
            widget=AutocompleteSelect(CandidateClaim._meta.get_field("claim"), admin_site),
        )


def rule_errors(rules) -> list[str]:
    """The linker's complaints about a claim's rules, as sentences (empty when valid)."""
    try:
        found = validate_rules(rules)
    except ValidationError as error:
        return list(error.messages)
    except (ValueError, TypeError) as error:
        return [str(error)]
    if not found:
        return []
    return [str(item) for item in (found if isinstance(found, list | tuple) else [found])]
