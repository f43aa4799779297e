"""Load the editorial timeline (fixtures/events.toml) and front page (fixtures/story.md).

``load_timeline(fixtures_dir)`` creates or updates Events and the Story from
those files. Safe to re-run: unchanged rows are left untouched. An editor's
work wins: a row whose latest history entry was made by a signed-in user
(an edit in the admin) is never overwritten by the files.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.text import slugify

from sources.models import Claim, DatePrecision, Entity, Source
from timeline.models import Event, Story

FRONT_MATTER = "+++"


@dataclass
class TimelineLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_editor: int = 0
    story: str = "absent"
    missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "events_created": self.created,
            "events_updated": self.updated,
            "events_unchanged": self.unchanged,
            "events_kept_for_editor": self.kept_editor,
            "story": self.story,
            "missing_references": self.missing,
        }


class TimelineDataError(ValueError):
    """The events or story file is malformed; the message names the file and the problem."""


def _edited_by_editor(instance) -> bool:
    """True when the row's latest change was made by a person (in the admin)."""
    latest = instance.history.order_by("-history_date", "-history_id").first()
    return latest is not None and latest.history_user_id is not None


def parse_story(text: str) -> dict:
    """Split story.md into its TOML front matter (headline, summary) and Markdown body."""
    headline, summary, body = "", "", text
    stripped = text.lstrip()
    if stripped.startswith(FRONT_MATTER):
        _, _, rest = stripped.partition(FRONT_MATTER)
        meta_text, found, body = rest.partition(f"\n{FRONT_MATTER}")
        if not found:
            raise TimelineDataError("story.md: front matter opened with +++ but never closed")
        try:
            meta = tomllib.loads(meta_text)
        except tomllib.TOMLDecodeError as error:
            raise TimelineDataError(f"story.md: front matter is not valid TOML: {error}") from None
        headline = str(meta.get("headline", "")).strip()
        summary = str(meta.get("summary", "")).strip()
    body = body.strip()
    if not headline:
        # No front matter: the first Markdown heading is the headline.
        first, _, after = body.partition("\n")
        if first.startswith("#"):
            headline, body = first.lstrip("#").strip(), after.strip()
    return {"headline": headline, "summary": summary, "body": body}


def _parse_events(path: Path) -> list[dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TimelineDataError(f"{path.name}: not valid TOML: {error}") from None
    events = []
    for index, raw in enumerate(data.get("event", []), start=1):
        where = f"{path.name}: event {index}"
        if not isinstance(raw.get("date"), date):
            raise TimelineDataError(f"{where}: date must be a TOML date like 2026-04-30")
        if not raw.get("title"):
            raise TimelineDataError(f"{where}: title is required")
        precision = raw.get("precision", DatePrecision.DAY)
        if precision not in DatePrecision.values:
            raise TimelineDataError(f"{where}: precision must be one of {DatePrecision.values}")
        events.append(
            {
                "slug": raw.get("slug") or slugify(f"{raw['date']}-{raw['title']}")[:200],
                "date": raw["date"],
                "date_precision": precision,
                "title": raw["title"].strip(),
                "description": (raw.get("description") or "").strip(),
                "claims": list(raw.get("claims", [])),
                "sources": list(raw.get("sources", [])),
                "entities": list(raw.get("entities", [])),
            }
        )
    return events


def _sources_by_origin(origins: set[str]) -> dict[str, Source]:
    """Sources for these origins; an origin may also be a bare file name of a stored path."""
    found = {s.origin: s for s in Source.objects.filter(origin__in=origins).only("id", "origin")}
    for origin in origins - set(found):
        match = Source.objects.filter(origin__endswith=f"/{origin}").only("id", "origin").first()
        if match is not None:
            found[origin] = match
    return found


def load_timeline(fixtures_dir: Path) -> dict:
    """Create/update Events from events.toml and the Story from story.md in ``fixtures_dir``.

    Either file may be absent. Returns counts and the references (claims,
    sources, entities) that do not exist yet. Run it inside a transaction
    (load_story does) so a malformed file changes nothing.
    """
    fixtures_dir = Path(fixtures_dir)
    result = TimelineLoad()
    events_path = fixtures_dir / "events.toml"
    events = _parse_events(events_path) if events_path.exists() else []

    claims = {
        c.slug: c for c in Claim.objects.filter(slug__in={s for e in events for s in e["claims"]})
    }
    entities = {
        e.slug: e
        for e in Entity.objects.filter(slug__in={s for e in events for s in e["entities"]})
    }
    sources = _sources_by_origin({s for e in events for s in e["sources"]})

    for data in events:
        wanted_claims = [claims[s] for s in data["claims"] if s in claims]
        wanted_sources = [sources[s] for s in data["sources"] if s in sources]
        wanted_entities = [entities[s] for s in data["entities"] if s in entities]
        for kind, refs, known in (
            ("claim", data["claims"], claims),
            ("source", data["sources"], sources),
            ("entity", data["entities"], entities),
        ):
            result.missing.extend(f"{data['slug']}: {kind} {r}" for r in refs if r not in known)

        fields = {k: data[k] for k in ("date", "date_precision", "title", "description")}
        event = Event.objects.filter(slug=data["slug"]).first()
        if event is None:
            event = Event.objects.create(slug=data["slug"], **fields)
            result.created += 1
        elif _edited_by_editor(event):
            result.kept_editor += 1
            continue
        else:
            changed = [k for k, v in fields.items() if getattr(event, k) != v]
            relations_changed = (
                {c.pk for c in event.claims.all()} != {c.pk for c in wanted_claims}
                or {s.pk for s in event.sources.all()} != {s.pk for s in wanted_sources}
                or {e.pk for e in event.entities.all()} != {e.pk for e in wanted_entities}
            )
            if not changed and not relations_changed:
                result.unchanged += 1
                continue
            for key in changed:
                setattr(event, key, fields[key])
            if changed:
                event.save(update_fields=changed)
            result.updated += 1
        event.claims.set(wanted_claims)
        event.sources.set(wanted_sources)
        event.entities.set(wanted_entities)

    story_path = fixtures_dir / "story.md"
    if story_path.exists():
        result.story = _load_story(story_path)
    return result.as_dict()


def _load_story(path: Path) -> str:
    data = parse_story(path.read_text(encoding="utf-8"))
    if not data["headline"]:
        raise TimelineDataError(f"{path.name}: needs a headline (front matter or a # heading)")
    story = Story.objects.filter(slug="main").first()
    if story is None:
        Story.objects.create(slug="main", **data)
        return "created"
    if _edited_by_editor(story):
        return "kept for editor"
    changed = [k for k, v in data.items() if getattr(story, k) != v]
    if not changed:
        return "unchanged"
    for key in changed:
        setattr(story, key, data[key])
    story.save(update_fields=changed)
    return "updated"
