"""The curated editorial claims, loaded from fixtures/claims.toml."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

# The claim fields this file supplies are the ones the desk lets an editor own;
# once an editor changes one, the loader leaves it alone.
from sources.editorial.ownership import CLAIM_EDITABLE_FIELDS as FIELDS
from sources.linking import validate_rules
from sources.models import Claim, Entity


class ClaimsFileError(ValueError):
    """claims.toml says something the loader cannot use; the message names the claim."""


def _values(row: dict, entities: dict[str, Entity]) -> tuple[dict, list[Entity]]:
    slug = row.get("slug", "?")
    missing = [name for name in ("slug", "statement", "kind") if not row.get(name)]
    if missing:
        raise ClaimsFileError(f"Claim {slug}: missing {', '.join(missing)}.")
    if row["kind"] not in Claim.Kind.values:
        raise ClaimsFileError(f"Claim {slug}: unknown kind {row['kind']!r}.")
    verdict = row.get("verdict", "")
    if verdict not in Claim.Verdict.values:
        raise ClaimsFileError(f"Claim {slug}: unknown verdict {verdict!r}.")
    wanted = [row["speaker"]] if row.get("speaker") else []
    wanted += row.get("subjects", [])
    if unknown := [name for name in wanted if name not in entities]:
        raise ClaimsFileError(f"Claim {slug}: no entity with slug {', '.join(unknown)}.")
    rules = row.get("match_rules", {})
    if problems := validate_rules(rules, known_entities=entities):
        raise ClaimsFileError(f"Claim {slug}: " + " ".join(problems))
    claimed_on = row.get("claimed_on")
    if claimed_on is not None and not isinstance(claimed_on, date):
        raise ClaimsFileError(f"Claim {slug}: claimed_on must be a date like 2026-04-30.")
    value = row.get("value")
    values = {
        "statement": row["statement"].strip(),
        "kind": row["kind"],
        "speaker": entities[row["speaker"]] if row.get("speaker") else None,
        "value": Decimal(str(value)) if value is not None else None,
        "unit": row.get("unit", ""),
        "verdict": verdict,
        "verdict_explanation": row.get("verdict_explanation", "").strip(),
        "claimed_on": claimed_on,
        "match_rules": rules,
    }
    return values, [entities[name] for name in row.get("subjects", [])]


def _merged_slugs() -> set[str]:
    """Slugs of the claims editors merged into others."""
    rows = Claim.objects.values_list("merged_slugs", flat=True)
    return {slug for slugs in rows for slug in slugs}


@transaction.atomic
def load_claims(path: Path) -> dict:
    """Create or update the claims in ``path`` (a claims.toml); returns counts.

    Output: {"created": n, "updated": n, "unchanged": n, "merged": n}. A claim is
    matched by slug; every field from the file is applied except those in the
    claim's editor_owned_fields (an editor's edit in the admin wins), and the
    subjects are left alone once "subjects" is editor-owned. A claim an editor
    merged into another (its slug in some claim's merged_slugs) is not created
    again: counted as "merged". Claims not in the file are kept. Raises
    ClaimsFileError (nothing written) for an unknown kind, verdict or entity
    slug, or invalid match rules. Safe to re-run: an unchanged file
    changes nothing.
    """
    with open(path, "rb") as handle:
        rows = tomllib.load(handle).get("claims", [])
    entities = {entity.slug: entity for entity in Entity.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "merged": 0}
    merged_away = _merged_slugs()
    seen: set[str] = set()
    for row in rows:
        values, subjects = _values(row, entities)
        if row["slug"] in seen:
            raise ClaimsFileError(f"Claim {row['slug']} appears twice.")
        seen.add(row["slug"])
        claim = Claim.objects.filter(slug=row["slug"]).first()
        if claim is None and row["slug"] in merged_away:
            counts["merged"] += 1  # the editor's merge stands
            continue
        if claim is None:
            claim = Claim(slug=row["slug"], **values)
            if claim.verdict:
                claim.verdict_updated_at = timezone.now()
            claim.save()
            claim.subjects.set(subjects)
            counts["created"] += 1
            continue
        changed = [
            name for name in FIELDS if not claim.owns(name) and getattr(claim, name) != values[name]
        ]
        for name in changed:
            setattr(claim, name, values[name])
        if "verdict" in changed or "verdict_explanation" in changed:
            claim.verdict_updated_at = timezone.now()
        if changed:
            claim.save()
        subjects_changed = False
        if not claim.owns("subjects"):
            current = set(claim.subjects.values_list("pk", flat=True))
            if current != {entity.pk for entity in subjects}:
                claim.subjects.set(subjects)
                subjects_changed = True
        counts["updated" if changed or subjects_changed else "unchanged"] += 1
    return counts
