"""Undoing deletions: deleted sources and claims brought back from django-simple-history.

Holds listing what was deleted and restoring it with the mentions deleted
with it, and the history mechanics that needs (cascade windows, many-to-many
snapshot tables). It imports ``timeline.models.Event`` on purpose: deleting a
claim cut its timeline events' links, so restoring the claim re-links its
events (timeline sits above sources; this is the one honest tie back).
Never deletes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction

from sources.editorial.ownership import EditorialError, is_editors
from sources.editorial.reanchor import anchor_mention, flag_mention
from sources.models import Claim, Entity, Mention, Source
from timeline.models import Event

# Cascaded deletes happen in the same transaction just before the parent's;
# a mention deleted within this window before its source went with it.
CASCADE_WINDOW = timedelta(seconds=60)


@dataclass
class Deleted:
    """A deleted source or claim, as its last history record remembers it."""

    pk: int
    label: str
    deleted_at: datetime
    deleted_by: object
    mentions: int


def _mention_records_deleted_with(
    *, field_name: str, pk: int, deleted_at: datetime
) -> list[models.Model]:
    """History records of the mentions deleted with a source or claim (not restored since)."""
    records = Mention.history.filter(
        history_type="-",
        history_date__gte=deleted_at - CASCADE_WINDOW,
        history_date__lte=deleted_at,
        **{f"{field_name}_id": pk},
    ).order_by("id", "-history_date")
    existing = set(Mention.objects.filter(**{f"{field_name}_id": pk}).values_list("id", flat=True))
    latest: dict[int, models.Model] = {}
    for record in records:
        if record.id not in existing and record.id not in latest:
            latest[record.id] = record
    return list(latest.values())


def _deletion_record(model: type[models.Model], pk: int):
    return model.history.filter(id=pk, history_type="-").order_by("-history_date").first()


def list_deleted(*, model: type[Source] | type[Claim], limit: int = 200) -> list[Deleted]:
    """Sources or claims deleted and not restored, newest first, from history. Read-only."""
    field_name = "source" if model is Source else "claim"
    existing = model.objects.values("pk")
    records = (
        model.history.filter(history_type="-")
        .exclude(id__in=existing)
        .select_related("history_user")
        .order_by("-history_date")
    )
    seen: set[int] = set()
    deleted: list[Deleted] = []
    for record in records:
        if record.id in seen:
            continue
        seen.add(record.id)
        mentions = _mention_records_deleted_with(
            field_name=field_name, pk=record.id, deleted_at=record.history_date
        )
        deleted.append(
            Deleted(
                pk=record.id,
                label=str(record.instance),
                deleted_at=record.history_date,
                deleted_by=record.history_user,
                mentions=len(mentions),
            )
        )
        if len(deleted) >= limit:
            break
    return deleted


@dataclass
class RestoreResult:
    restored: models.Model
    mentions: int = 0
    subjects: int = 0  # a claim's subjects, as its last history record before deletion had them
    events: int = 0  # timeline events linked to the claim again
    skipped: list[str] = field(default_factory=list)  # mentions that could not come back, why
    reanchored: int = 0  # mentions put back on their words in a text changed since
    flagged: list[str] = field(default_factory=list)  # editors' mentions whose words are gone

    def __str__(self) -> str:
        text = f"Restored “{self.restored}” with {self.mentions} mentions."
        if self.subjects or self.events:
            text += f" {self.subjects} subjects and {self.events} timeline events linked again."
        if self.reanchored:
            text += f" {self.reanchored} re-anchored to their words in the article's current text."
        if self.flagged:
            text += (
                f" {len(self.flagged)} need review, their words are no longer in the "
                f"article: {'; '.join(self.flagged)}."
            )
        if self.skipped:
            text += f" Not restored: {'; '.join(self.skipped)}."
        return text


def _keep_creation_time(instance: models.Model, record) -> None:
    """auto_now_add stamps a re-inserted row with now; put the original time back."""
    name = "ingested_at" if isinstance(instance, Source) else "created_at"
    type(instance).objects.filter(pk=instance.pk).update(**{name: getattr(record, name)})


def restore_deleted(*, model: type[Source] | type[Claim], pk: int) -> RestoreResult:
    """Bring back a deleted source or claim, and the mentions deleted with it, from history.

    The object keeps its id (links to it work again). A mention whose other end
    (claim or source) is gone too stays deleted and is named in ``skipped``. A
    restored mention is put back on its words in its article's text as it is
    now (the article may have changed since): re-anchored, or flagged for
    review when an editor's words are gone (an automatic one is skipped), so
    every restored mention has ``body[start:end] == quote``.
    Raises EditorialError when there is nothing to restore or when a new
    object now holds the same origin/slug. Running it twice raises the first
    time's "not deleted" error rather than duplicating anything.
    """
    if model.objects.filter(pk=pk).exists():
        raise EditorialError(f"{model._meta.verbose_name} {pk} is not deleted.")
    record = _deletion_record(model, pk)
    if record is None:
        raise EditorialError(f"No deleted {model._meta.verbose_name} {pk} in history.")
    field_name = "source" if model is Source else "claim"
    other_model = Claim if model is Source else Source
    other_field = "claim" if model is Source else "source"
    mention_records = _mention_records_deleted_with(
        field_name=field_name, pk=pk, deleted_at=record.history_date
    )
    instance = record.instance
    result = RestoreResult(restored=instance)
    try:
        with transaction.atomic():
            instance._change_reason = "Restored from history"
            instance.save(force_insert=True)
            _keep_creation_time(instance, record)
            alive = set(
                other_model.objects.filter(
                    pk__in=[getattr(r, f"{other_field}_id") for r in mention_records]
                ).values_list("pk", flat=True)
            )
            bodies: dict[int, str] = {}
            for mention_record in mention_records:
                if getattr(mention_record, f"{other_field}_id") not in alive:
                    result.skipped.append(
                        f"mention “{mention_record.quote[:40]}” ({other_field} deleted too)"
                    )
                    continue
                mention = mention_record.instance
                if not Claim.objects.filter(pk=mention.moved_from_id).exists():
                    mention.moved_from_id = None  # the claim it left is gone for good
                if not _on_its_words(mention, bodies=bodies, result=result):
                    continue
                mention._change_reason = "Restored with its " + field_name
                with transaction.atomic():
                    try:
                        mention.save(force_insert=True)
                    except IntegrityError:
                        result.skipped.append(
                            f"mention “{mention_record.quote[:40]}” (the span is linked again)"
                        )
                        continue
                _keep_creation_time(mention, mention_record)
                result.mentions += 1
            if model is Claim:
                _restore_claim_links(instance, deleted_at=record.history_date, result=result)
    except IntegrityError as error:
        key = "origin" if model is Source else "slug"
        raise EditorialError(
            f"Cannot restore “{instance}”: another {model._meta.verbose_name} now has its {key}."
        ) from error
    return result


def _on_its_words(mention: Mention, *, bodies: dict[int, str], result: RestoreResult) -> bool:
    """Make a restored mention slice its article's text as it is now (no save).

    A claim's mentions come back into articles that may have changed since the
    claim was deleted: each is re-anchored onto its words, an editor's whose
    words are gone comes back flagged for review, an automatic one stays
    deleted (named in ``skipped``). Returns False for the last case.
    """
    # The text its offsets index into: the body, or the title or dek (Mention.field).
    key = (mention.source_id, mention.field)
    if key not in bodies:
        bodies[key] = (
            Source.objects.filter(pk=mention.source_id).values_list(mention.field, flat=True).get()
        )
    body = bodies[key]
    if body[mention.start : mention.end] == mention.quote:
        return True
    if anchor_mention(mention, body=body, near=mention.start):
        result.reanchored += 1
        return True
    if not is_editors(mention):
        result.skipped.append(f"mention “{mention.quote[:40]}” (its words left the article)")
        return False
    result.flagged.append(f"“{mention.quote[:40]}”")
    flag_mention(mention, body=body, near=mention.start)
    return True


def _restore_claim_links(claim: Claim, *, deleted_at: datetime, result: RestoreResult) -> None:
    """Bring back what deleting a claim cut without a history record of its own.

    Its subjects and its timeline events' links went with it (many-to-many rows
    leave no "deleted" record); both are read from the last history snapshots
    taken before the deletion. Mentions an editor had moved away from it block
    it again, and a merge that swallowed it is forgotten, so the claims loader
    updates it like any other claim.
    """
    subjects = Entity.objects.filter(pk__in=_subject_ids_before(claim.pk, deleted_at))
    claim.subjects.set(subjects)
    result.subjects = len(subjects)
    for event in _events_linked_before(claim.pk, deleted_at):
        event.claims.add(claim)
        result.events += 1
    _restore_moves_away(claim.pk)
    _forget_merge(claim.slug)


def _history_m2m_model(model: type[models.Model], field_name: str) -> type[models.Model]:
    """simple-history's table of a many-to-many field's rows, one set per history record."""
    return getattr(model.history.model, field_name).model


def _last_record_before(model: type[models.Model], pk: int, moment: datetime):
    return (
        model.history.filter(id=pk, history_date__lte=moment)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )


def _subject_ids_before(pk: int, deleted_at: datetime) -> list[int]:
    record = _last_record_before(Claim, pk, deleted_at)
    if record is None:
        return []
    rows = _history_m2m_model(Claim, "subjects").objects.filter(history=record)
    return list(rows.values_list("entity_id", flat=True))


def _events_linked_before(pk: int, deleted_at: datetime) -> list[Event]:
    """Events whose last snapshot before ``deleted_at`` linked claim ``pk``, that still exist."""
    links = _history_m2m_model(Event, "claims").objects
    candidates = set(
        links.filter(claim_id=pk, history__history_date__lte=deleted_at).values_list(
            "event_id", flat=True
        )
    )
    linked = []
    for event in Event.objects.filter(pk__in=candidates).order_by("pk"):
        record = _last_record_before(Event, event.pk, deleted_at)
        if record is not None and links.filter(history=record, claim_id=pk).exists():
            linked.append(event)
    return linked


def _restore_moves_away(pk: int) -> None:
    """Deleting a claim emptied ``moved_from`` of the mentions moved away from it; refill it."""
    moved = Mention.history.filter(moved_from_id=pk).values_list("id", flat=True)
    for mention in Mention.objects.filter(pk__in=set(moved), moved_from__isnull=True):
        latest = mention.history.order_by("-history_date", "-history_id").first()
        if latest is not None and latest.moved_from_id == pk:
            Mention.objects.filter(pk=mention.pk).update(moved_from_id=pk)


def _forget_merge(slug: str) -> None:
    for claim in Claim.objects.all():
        if slug in claim.merged_slugs:
            claim.merged_slugs = [name for name in claim.merged_slugs if name != slug]
            claim.save(update_fields=["merged_slugs", "updated_at"])
