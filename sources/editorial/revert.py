"""An editor's writes to a source as a whole: a saved edit, a revert to a history record.

Each writes the source and re-anchors its mentions in one transaction, so no
path leaves a mention whose offsets do not slice its quote, and each keeps the
editor-owned list (a revert never clears it). The result's str() is the
message for the editor. No admin imports, no forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models, transaction

from sources.editorial.ownership import EditorialError, apply_source_edit
from sources.editorial.reanchor import ReanchorResult, reanchor_mentions
from sources.models import Mention, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Bookkeeping the row carries that a revert takes from the current row, not the record.
NOT_REVERTED = ("id", "editor_owned_fields", "ingested_at", "updated_at")


@dataclass
class SourceChangeResult:
    """What saving or reverting a source did; str() is the admin's message."""

    source: Source
    action: str  # "Saved “…”" / "Reverted “…” to its version of …"
    changed: list[str] = field(default_factory=list)  # the fields whose value changed
    owned: list[str] = field(default_factory=list)  # the editor-owned list afterwards
    mentions: ReanchorResult | None = None  # None when the text did not change

    def __str__(self) -> str:
        text = f"{self.action}."
        if not self.changed:
            text += " Nothing changed."
        if self.owned:
            text += f" Re-ingesting keeps your {', '.join(self.owned)}."
        if self.mentions is not None:
            text += f" {self.mentions}"
        return text


def save_source_edit(
    *,
    source: Source,
    changed_fields: Iterable[str],
    kept_owned: Iterable[str] | None = None,
    by: User | None = None,
) -> SourceChangeResult:
    """Save an editor's edit of a stored source; its mentions follow a changed text.

    ``source`` carries the edited values (e.g. a bound form's instance);
    ``changed_fields`` and ``kept_owned`` are as for ``apply_source_edit``. In
    one transaction: the changed metadata becomes editor-owned, the source is
    saved (its word count follows its text), and when the body changed every
    mention is re-anchored or flagged (``reanchor_mentions``). Raises
    EditorialError for a source that is not stored. Safe to re-run.
    """
    changed = list(changed_fields)
    with transaction.atomic():
        old_texts = _locked_texts(source.pk)
        if old_texts is None:
            raise EditorialError(f"“{source}” is not saved yet: add it as a new source instead.")
        owned = apply_source_edit(source=source, changed_fields=changed, kept_owned=kept_owned)
        if source.body != old_texts[Mention.Field.BODY]:
            source.word_count = len(source.body.split())
        if by is not None:
            source._history_user = by
        source.save()
        mentions = _reanchor_changed(source, old_texts)
    return SourceChangeResult(
        source=source, action=f"Saved “{source}”", changed=changed, owned=owned, mentions=mentions
    )


def revert_source(*, record: models.Model, by: User | None = None) -> SourceChangeResult:
    """Put a source back as ``record`` (one of its ``Source.history`` records) had it.

    In one transaction: the row takes the record's values (its entities and
    citations, which history does not keep, stay as they are now); the
    editor-owned list keeps every field owned now and gains the metadata the
    revert changed (a revert is an editor's choice, so the next ingest keeps
    it); every mention is re-anchored to the reverted text or flagged
    (``reanchor_mentions``). The revert is one new history record: nothing is
    rewritten. Raises EditorialError when the source has been deleted since
    (restore it first). Safe to re-run: a second run changes nothing.
    """
    with transaction.atomic():
        current = Source.objects.select_for_update().filter(pk=record.id).first()
        if current is None:
            raise EditorialError(
                f"“{record.title}” has been deleted: restore it from the deleted sources "
                "first, then revert it."
            )
        reverted: Source = record.instance
        reverted._state.adding = False
        changed = [
            f.name
            for f in Source._meta.concrete_fields
            if f.name not in NOT_REVERTED
            and _plain(getattr(reverted, f.attname)) != _plain(getattr(current, f.attname))
        ]
        for name in NOT_REVERTED:
            setattr(reverted, name, getattr(current, name))
        owned = apply_source_edit(source=reverted, changed_fields=changed)
        reverted._change_reason = f"Reverted to the version of {record.history_date:%Y-%m-%d %H:%M}"
        if by is not None:
            reverted._history_user = by
        reverted.save()
        mentions = _reanchor_changed(
            reverted, {name: getattr(current, name) for name in Mention.Field.values}
        )
    when = f"{record.history_date:%d %b %Y %H:%M}"
    return SourceChangeResult(
        source=reverted,
        action=f"Reverted “{reverted}” to its version of {when}",
        changed=changed,
        owned=owned,
        mentions=mentions,
    )


def _locked_texts(pk: int | None) -> dict[str, str] | None:
    """The stored body, title and dek of source ``pk`` (row locked), or None."""
    if pk is None:
        return None
    names = Mention.Field.values
    row = Source.objects.select_for_update().filter(pk=pk).values_list(*names).first()
    return None if row is None else dict(zip(names, row, strict=True))


def _reanchor_changed(source: Source, old_texts: dict[str, str]) -> ReanchorResult | None:
    """Re-anchor the mentions of each text (body, title, dek) that changed; None when the body
    did not change and no headline or dek mention had to move."""
    mentions = None
    for name in Mention.Field.values:
        if (getattr(source, name) or "") != (old_texts[name] or ""):
            found = reanchor_mentions(source=source, old_body=old_texts[name] or "", field=name)
            if name != Mention.Field.BODY and not (
                found.unchanged or found.moved or found.flagged or found.removed
            ):
                continue  # a new headline without mentions in it: nothing to tell
            mentions = found if mentions is None else mentions.add(found)
    return mentions


def _plain(value: object) -> object:
    """Binary fields come back as memoryview on some databases; compare their bytes."""
    return bytes(value) if isinstance(value, memoryview) else value
