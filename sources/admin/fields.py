"""Form fields for the JSON columns editors touch: lists edited one item per line,
editor-owned field names as checkboxes, and matching rules as indented JSON.

Pure form plumbing: no database access, no views, no HTML built here (the
widgets are Django's own).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms


class LineListField(forms.Field):
    """A JSON list of strings, edited in a textarea one item per line.

    Blank lines and surrounding spaces are dropped; with ``unique`` an item given
    twice (ignoring case) is refused, naming it. Cleans to a list, so the model's
    JSONField stores exactly what it stored before.
    """

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def __init__(self, *, unique: bool = False, max_item_length: int = 1000, **kwargs: Any):
        # A model JSONField passes its encoder/decoder; a list of strings needs neither.
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        # The hidden initial copy would round-trip newlines through an <input>.
        kwargs["show_hidden_initial"] = False
        self.unique = unique
        self.max_item_length = max_item_length
        super().__init__(**kwargs)

    @staticmethod
    def lines(value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        return [line.strip() for line in str(value).splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return "" if value is None else str(value)

    def to_python(self, value: Any) -> list[str]:
        items = self.lines(value)
        errors = []
        seen: set[str] = set()
        for item in items:
            if len(item) > self.max_item_length:
                errors.append(f"“{item[:40]}…” is longer than {self.max_item_length} characters.")
            key = item.casefold()
            if self.unique and key in seen:
                errors.append(f"“{item}” is listed twice.")
            seen.add(key)
        if errors:
            raise forms.ValidationError(errors)
        return items

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.lines(initial) != self.lines(data)


class EditorOwnedField(forms.MultipleChoiceField):
    """The names of the fields an editor owns, as one checkbox per field.

    Names already stored but not offered (say, one a machine added) stay as
    extra boxes, ticked, so saving the form never drops them silently.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, names: Sequence[str], owned_help: str, **kwargs: Any):
        # The model field's own arguments that a list of checkboxes replaces.
        for replaced in ("encoder", "decoder", "required", "help_text", "label"):
            kwargs.pop(replaced, None)
        kwargs["show_hidden_initial"] = False
        super().__init__(
            choices=[(name, name) for name in names],
            required=False,
            label="Editor-owned fields",
            help_text=owned_help,
            **kwargs,
        )

    def offer(self, stored: Iterable[str]) -> None:
        """Add a box for each stored name the choices do not list yet."""
        known = {value for value, _ in self.choices}
        extra = [name for name in stored if name not in known]
        self.choices = [*self.choices, *((name, name) for name in extra)]


class IndentedJSONField(forms.JSONField):
    """Rules shown one key per line, so an editor can read and edit them.

    A JSON syntax error is reported with its line and column.
    """

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False, cls=self.encoder)

    def to_python(self, value):
        if self.disabled or value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        try:
            json.loads(value, cls=self.decoder)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}.",
                code="invalid",
            ) from error
        return super().to_python(value)
