"""Reference data: the outlets and entities of the story, from fixtures/*.toml."""

import tomllib
from pathlib import Path

from django.db import transaction

from sources.models import Entity, Outlet


def _merge(instance, values: dict) -> bool:
    """Fill empty fields and append new aliases; never overwrite what is there.

    What is there may be an editor's correction made in the admin.
    """
    changed = False
    for field, value in values.items():
        if field == "aliases":
            current = list(instance.aliases or [])
            new = [alias for alias in value if alias not in current]
            if new:
                instance.aliases = current + new
                changed = True
        elif value and not getattr(instance, field):
            setattr(instance, field, value)
            changed = True
    return changed


def _load(model, rows: list[dict], *, fields: tuple[str, ...]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        values = {field: row[field] for field in fields if field in row}
        instance = model.objects.filter(slug=row["slug"]).first()
        if instance is None:
            instance = model.objects.filter(name__iexact=row["name"]).first()
        if instance is None:
            model.objects.create(slug=row["slug"], **values)
            counts["created"] += 1
        elif _merge(instance, values):
            instance.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


@transaction.atomic
def load_reference_data(fixtures_dir: Path) -> dict:
    """Create or complete Outlets and Entities from outlets.toml and entities.toml.

    Input: the fixtures folder (either file may be missing). Output: counts,
    e.g. {"outlets": {"created": 8, "updated": 0, "unchanged": 0}, "entities": {...}}.
    Safe to re-run: rows are matched by slug (then name), existing values are
    kept, only empty fields are filled and new aliases appended.
    """
    result = {}
    for name, model, fields in (
        ("outlets", Outlet, ("name", "kind", "domain", "description", "aliases")),
        ("entities", Entity, ("name", "kind", "description", "aliases")),
    ):
        path = Path(fixtures_dir) / f"{name}.toml"
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        rows = data.get(name, [])
        result[name] = _load(model, rows, fields=fields)
    return result
