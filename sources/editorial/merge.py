"""Merging claims: fold several claims into one, keeping everything an editor made.

Mentions, candidates and timeline events move to the target; the merged
claims are deleted (history keeps them, see restore.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from sources.editorial.ownership import EditorialError, _record_move
from sources.models import CandidateClaim, Claim, Mention


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
    # An editor made it or changed it ("automatic, edited"): that one is kept.
    return mention.reviewed or mention.method == Mention.Method.EDITOR or mention.edited


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
