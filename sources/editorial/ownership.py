"""What editors do to the story by hand, as plain functions the admin calls.

Every function is keyword-only, writes in one transaction and leaves the
history (django-simple-history) to record who did what: the admin's
HistoryRequestMiddleware supplies the user. Machines (ingestion, linking) never
overwrite what these functions mark as editor-owned, so the linker keeps an
editor's mention and ingestion keeps an editor's title.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from sources.curated.claims import FIELDS as CURATED_CLAIM_FIELDS
from sources.linking.sentences import sentence_around
from sources.models import CandidateClaim, Claim, Entity, Mention, Source
from timeline.models import Event

# The source fields an editor may correct by hand; the cleaned body is not
# among them because mention offsets index into it.
SOURCE_METADATA_FIELDS = (
    "outlet",
    "title",
    "dek",
    "authors",
    "published",
    "published_precision",
    "url",
    "language",
    "captions",
    "entities",
    "citations",
)
# Claim fields that, once an editor changes them, the claims loader leaves alone.
CLAIM_EDITABLE_FIELDS = CURATED_CLAIM_FIELDS
VERDICT_FIELDS = ("verdict", "verdict_explanation")
# A change to any of these means an editor has judged the mention.
MENTION_JUDGEMENT_FIELDS = ("stance", "qualifier", "variant")

CANDIDATE_KIND_TO_CLAIM_KIND = {
    CandidateClaim.Kind.QUOTE: Claim.Kind.QUOTE,
    CandidateClaim.Kind.NUMBER: Claim.Kind.STATISTIC,
    CandidateClaim.Kind.ATTRIBUTION: Claim.Kind.QUOTE,
}

# Cascaded deletes happen in the same transaction just before the parent's;
# a mention deleted within this window before its source went with it.
CASCADE_WINDOW = timedelta(seconds=60)


class EditorialError(ValueError):
    """An editor's request that cannot be carried out; the message says why."""


# --- Sources, claims and mentions edited in a form -------------------------


def apply_source_edit(
    *, source: Source, changed_fields: Iterable[str], kept_owned: Iterable[str] | None = None
) -> list[str]:
    """Mark the metadata an editor changed as editor-owned (does not save).

    ``kept_owned`` is what the editor left ticked in the editor-owned list
    (None keeps the current list); fields changed now are added to it.
    Returns the new list. Safe to re-run.
    """
    owned = set(source.editor_owned_fields if kept_owned is None else kept_owned)
    owned |= {name for name in changed_fields if name in SOURCE_METADATA_FIELDS}
    source.editor_owned_fields = sorted(owned & set(SOURCE_METADATA_FIELDS))
    return source.editor_owned_fields


def apply_claim_edit(*, claim: Claim, changed_fields: Iterable[str]) -> list[str]:
    """Mark changed claim fields editor-owned and stamp a verdict change (does not save).

    Returns the fields newly marked. Safe to re-run.
    """
    changed = [name for name in changed_fields if name in CLAIM_EDITABLE_FIELDS]
    if any(name in VERDICT_FIELDS for name in changed):
        claim.verdict_updated_at = timezone.now()
    claim.mark_editor_owned(*changed)
    return changed


def apply_mention_edit(*, mention: Mention, changed_fields: Iterable[str]) -> bool:
    """An editor's stance/qualifier/variant change marks the mention reviewed and owned.

    A move to another claim is remembered (``moved_from``), so re-linking neither
    moves it back nor links the old claim to the same words again. Reads the
    stored claim; does not save. Re-linking then keeps the editor's judgement.
    Returns True when the mention became reviewed because of this edit. Safe to re-run.
    """
    changed = list(changed_fields)
    judged = [name for name in changed if name in MENTION_JUDGEMENT_FIELDS]
    if judged:
        mention.mark_editor_owned(*judged)
    if "claim" in changed:
        _record_move(mention, away_from=_stored_claim_id(mention))
    if judged and not mention.reviewed:
        mention.reviewed = True
        return True
    return False


def _stored_claim_id(mention: Mention) -> int | None:
    """The claim a mention has in the database (a form has already changed the instance)."""
    if mention.pk is None:
        return None
    return Mention.objects.filter(pk=mention.pk).values_list("claim_id", flat=True).first()


def _record_move(mention: Mention, *, away_from: int | None) -> None:
    """Mark the mention's claim editor-owned and remember the claim it left (no save).

    Moved on again, it keeps blocking the claim it first left (the one whose rules
    found these words) unless it is moved back there.
    """
    mention.mark_editor_owned("claim")
    if away_from is None or away_from == mention.claim_id:
        return
    if mention.moved_from_id in (None, mention.claim_id):
        mention.moved_from_id = away_from


def mark_mentions_reviewed(*, mentions: models.QuerySet[Mention]) -> int:
    """Mark these mentions reviewed (one history record each). Returns how many changed."""
    changed = 0
    with transaction.atomic():
        for mention in mentions.filter(reviewed=False):
            mention.reviewed = True
            mention.save(update_fields=["reviewed", "updated_at"])
            changed += 1
    return changed


def locate_quote(*, source: Source, quote: str, near: int | None = None) -> tuple[int, int]:
    """Offsets of ``quote`` in the source's cleaned text (the occurrence nearest ``near``).

    Raises EditorialError when the words are not in the text.
    """
    if not quote:
        raise EditorialError("The quote is empty.")
    starts = [m.start() for m in re.finditer(re.escape(quote), source.body)]
    if not starts:
        raise EditorialError(f"“{quote[:80]}” is not in the text of “{source}”.")
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return start, start + len(quote)


def prepare_editor_mention(*, mention: Mention, near: int | None = None) -> Mention:
    """Fill an unsaved mention's offsets and sentence from its quote; mark it the editor's.

    ``near`` (or the mention's own ``start``, when it already slices to the
    quote) picks the occurrence. Raises EditorialError when the words are not
    in the source's text. Does not save.
    """
    body, quote = mention.source.body, mention.quote
    start = mention.start if near is None else near
    if start is not None and body[start : start + len(quote)] == quote and quote:
        begin, end = start, start + len(quote)
    else:
        begin, end = locate_quote(source=mention.source, quote=quote, near=start)
    mention.start, mention.end, mention.quote = begin, end, body[begin:end]
    mention.sentence, mention.sentence_start = sentence_around(body, begin, end)
    mention.method = Mention.Method.EDITOR
    mention.reviewed = True
    return mention


def create_editor_mention(
    *,
    claim: Claim,
    source: Source,
    quote: str,
    start: int | None = None,
    stance: str = Mention.Stance.SUPPORTS,
    qualifier: str = "",
    variant: str = "",
) -> Mention:
    """Link ``claim`` to ``quote`` in ``source`` as an editor-made, reviewed mention.

    ``start`` pins the occurrence; without it the first occurrence is used. If
    the same span is already linked to the claim, that mention is adopted by
    the editor instead of duplicated, so re-running is safe.
    """
    draft = prepare_editor_mention(
        mention=Mention(claim=claim, source=source, quote=quote, start=start)
    )
    mention, _ = Mention.objects.update_or_create(
        claim=claim,
        source=source,
        start=draft.start,
        end=draft.end,
        defaults={
            "quote": draft.quote,
            "sentence": draft.sentence,
            "sentence_start": draft.sentence_start,
            "stance": stance,
            "qualifier": qualifier,
            "variant": variant,
            "method": Mention.Method.EDITOR,
            "reviewed": True,
        },
    )
    return mention


def prepare_manual_source(*, source: Source, filled_fields: Iterable[str]) -> Source:
    """Complete a source an editor typed in by hand (does not save).

    The typed text is its raw input; the origin is made from the title and the
    text's hash (so the same text typed twice collides instead of duplicating);
    every field the editor filled is editor-owned.
    """
    raw = (source.body or "").encode("utf-8")
    source.raw_input = raw
    source.content_hash = hashlib.sha256(raw).hexdigest()
    source.word_count = len((source.body or "").split())
    if not source.origin:
        source.origin = f"manual-{slugify(source.title)[:60] or 'source'}-{source.content_hash[:8]}"
    apply_source_edit(source=source, changed_fields=filled_fields, kept_owned=[])
    return source


# --- Candidate claims -------------------------------------------------------


def unique_claim_slug(text: str, *, max_length: int = 60) -> str:
    """A slug for a new claim from its words, suffixed until no claim uses it."""
    words = slugify(text)[:max_length].rstrip("-") or "claim"
    slug, n = words, 2
    while Claim.objects.filter(slug=slug).exists():
        slug = f"{words}-{n}"
        n += 1
    return slug


def _decide(candidate: CandidateClaim, *, status: str, claim: Claim | None) -> None:
    candidate.status = status
    candidate.claim = claim
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "claim", "decided_at"])


def _candidate_mention(*, candidate: CandidateClaim, claim: Claim) -> Mention:
    source = candidate.source
    if source.body[candidate.start : candidate.end] != candidate.text:
        raise EditorialError(
            f"The text of “{source}” changed since this candidate was found; re-link the source."
        )
    return create_editor_mention(
        claim=claim, source=source, quote=candidate.text, start=candidate.start
    )


def accept_candidate(
    *, candidate: CandidateClaim, statement: str = "", kind: str = ""
) -> tuple[Claim, Mention]:
    """Make a new claim from a candidate, with an editor mention at the candidate's words.

    The claim's slug comes from the text; its statement defaults to the words
    themselves (editors rewrite it afterwards). Raises EditorialError for a
    candidate already decided. Returns (claim, mention).
    """
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        claim = Claim.objects.create(
            slug=unique_claim_slug(candidate.text),
            statement=statement or candidate.text,
            kind=kind or CANDIDATE_KIND_TO_CLAIM_KIND.get(candidate.kind, Claim.Kind.QUOTE),
            editor_owned_fields=["statement", "kind"],
        )
        mention = _candidate_mention(candidate=candidate, claim=claim)
        _decide(candidate, status=CandidateClaim.Status.ACCEPTED, claim=claim)
    return claim, mention


def merge_candidate(*, candidate: CandidateClaim, claim: Claim) -> Mention:
    """Record a candidate as one more mention of an existing claim. Returns the mention."""
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    with transaction.atomic():
        mention = _candidate_mention(candidate=candidate, claim=claim)
        _decide(candidate, status=CandidateClaim.Status.MERGED, claim=claim)
    return mention


def reject_candidate(*, candidate: CandidateClaim) -> None:
    """Set a candidate aside; the linker does not propose the same words again for the source."""
    if candidate.status == CandidateClaim.Status.REJECTED:
        return
    if candidate.status != CandidateClaim.Status.PENDING:
        raise EditorialError(f"“{candidate}” was already {candidate.get_status_display().lower()}.")
    _decide(candidate, status=CandidateClaim.Status.REJECTED, claim=None)


# --- Merging claims ---------------------------------------------------------


@dataclass
class MergeResult:
    target: Claim
    merged: list[str] = field(default_factory=list)  # slugs of the claims merged away
    moved: int = 0
    duplicates: int = 0  # same span already on the target: one of the two kept
    candidates: int = 0
    events: int = 0

    def __str__(self) -> str:
        return (
            f"Merged {', '.join(self.merged) or 'nothing'} into {self.target.slug}: "
            f"{self.moved} mentions moved, {self.duplicates} duplicates folded, "
            f"{self.candidates} candidates and {self.events} events re-pointed."
        )


def _is_editors(mention: Mention) -> bool:
    return mention.reviewed or mention.method == Mention.Method.EDITOR


def _merge_rules(target: dict, other: dict) -> dict:
    """Union the list-valued rules so the target still finds what the merged claim found."""
    merged = dict(target)
    for key, value in (other or {}).items():
        if key not in merged:
            continue  # a rule kind the target lacks could change what it means; leave it out
        if isinstance(merged[key], list) and isinstance(value, list):
            merged[key] = merged[key] + [item for item in value if item not in merged[key]]
    return merged


def merge_claims(*, target: Claim, claims: Iterable[Claim]) -> MergeResult:
    """Fold ``claims`` into ``target`` and delete them; nothing an editor made is lost.

    Mentions move to the target (a span the target already has is kept once,
    preferring the reviewed or editor-made one); moved mentions become
    editor-owned for their claim so re-linking keeps them. Candidates and
    timeline events point to the target; subjects, speaker, verdict and
    list-valued match rules fill what the target lacks, and what the merge
    changed on the target becomes editor-owned, so the claims loader neither
    undoes it nor recreates the merged claims (their slugs are kept in
    ``target.merged_slugs``). The deleted claims stay in history and can be
    restored. Merging the target into itself is refused.
    """
    others = [claim for claim in claims if claim.pk != target.pk]
    if not others:
        raise EditorialError("Choose at least one claim other than the target to merge.")
    result = MergeResult(target=target)
    with transaction.atomic():
        for other in others:
            _move_mentions(other=other, target=target, result=result)
            result.candidates += CandidateClaim.objects.filter(claim=other).update(claim=target)
            for event in other.events.all():
                event.claims.add(target)
                result.events += 1
            target.mark_editor_owned(*_fold_claim(other=other, target=target))
            result.merged.append(other.slug)
            other._change_reason = f"Merged into {target.slug}"
            other.delete()
        target._change_reason = f"Merged {', '.join(result.merged)}"[:100]
        target.save()
    return result


def _move_mentions(*, other: Claim, target: Claim, result: MergeResult) -> None:
    for mention in other.mentions.select_related("source").order_by("pk"):
        existing = target.mentions.filter(
            source_id=mention.source_id, start=mention.start, end=mention.end
        ).first()
        if existing is not None:
            result.duplicates += 1
            if _is_editors(mention) and not _is_editors(existing):
                existing.delete()
            else:
                mention.delete()
                continue
        mention.claim = target
        _record_move(mention, away_from=other.pk)
        mention.save()
        result.moved += 1


def _fold_claim(*, other: Claim, target: Claim) -> list[str]:
    """Give ``target`` what it lacks of ``other`` (no save); returns the fields it changed.

    Subjects are added at once (a many-to-many). The merged slugs are recorded,
    those merged into ``other`` before included.
    """
    changed = []
    new_subjects = other.subjects.exclude(pk__in=target.subjects.values("pk"))
    if new_subjects.exists():
        target.subjects.add(*new_subjects)
        changed.append("subjects")
    if target.speaker_id is None and other.speaker_id is not None:
        target.speaker_id = other.speaker_id
        changed.append("speaker")
    if not target.verdict and other.verdict:
        target.verdict = other.verdict
        target.verdict_explanation = other.verdict_explanation
        target.verdict_updated_at = other.verdict_updated_at
        changed += ["verdict", "verdict_explanation"]
    rules = _merge_rules(target.match_rules, other.match_rules)
    if rules != target.match_rules:
        target.match_rules = rules
        changed.append("match_rules")
    merged = [*target.merged_slugs, other.slug, *other.merged_slugs]
    target.merged_slugs = list(dict.fromkeys(merged))
    return changed


# --- Undoing deletions ------------------------------------------------------


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

    def __str__(self) -> str:
        text = f"Restored “{self.restored}” with {self.mentions} mentions."
        if self.subjects or self.events:
            text += f" {self.subjects} subjects and {self.events} timeline events linked again."
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
    (claim or source) is gone too stays deleted and is named in ``skipped``.
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
            for mention_record in mention_records:
                if getattr(mention_record, f"{other_field}_id") not in alive:
                    result.skipped.append(
                        f"mention “{mention_record.quote[:40]}” ({other_field} deleted too)"
                    )
                    continue
                mention = mention_record.instance
                if not Claim.objects.filter(pk=mention.moved_from_id).exists():
                    mention.moved_from_id = None  # the claim it left is gone for good
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
