"""Write parsed articles to the database: Sources, their outlet, citations and entities.

``ingest_paths`` reads files and folders (with the manifest beside them),
``ingest_documents`` takes documents already in memory (admin uploads and
pastes). Both write one transaction per document, so one bad file never
stops the others, and record the run as an IngestRun.

The key is the origin: a file's path relative to the folder named on the
command line ("siteA/index.html" when ``ingest sites/`` walks into siteA/), or
its bare name when it sits directly in that folder or is named itself.

Re-running is safe. A file whose bytes are unchanged (same content_hash) and
whose manifest hints give the values already stored is "unchanged": nothing is
written, its entities and citations included. A changed file updates its
Source but never a field listed in ``source.editor_owned_fields`` ("entities"
and "citations" included: an editor's tags and citation fixes stay).
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sources.ingest.errors import IngestError
from sources.ingest.outlets import (
    OutletChoice,
    _citation_key,
    _citation_rows,
    choose_outlet,
    find_outlet,
    save_outlet,
    tag_entities,
)
from sources.ingest.parse import parse_document
from sources.ingest.read import read_paths
from sources.ingest.records import Document, IngestFailure, IngestWarning, ParsedArticle
from sources.linking import LinkResult, link_sources, relink_all
from sources.models import Citation, Entity, IngestRun, Outlet, Source

logger = logging.getLogger(__name__)

Progress = Callable[[str, str, str], None]

# Editor hint names -> the Source fields they set (which become editor-owned
# when the editor typed them in, see Document.editor_supplied).
_HINT_FIELDS = {
    "outlet": ("outlet",),
    "url": ("url",),
    "published": ("published", "published_precision"),
    "published_precision": ("published_precision",),
    "title": ("title",),
    "authors": ("authors",),
    "dek": ("dek",),
    "language": ("language",),
}
# Source fields ingestion derives only from the text (and the Entity table).
_TAGGED_FROM = ("title", "dek", "body")


class Linking(StrEnum):
    """What ingestion links to the claims once the sources are written."""

    NOTHING = "nothing"  # store only (``ingest --no-link``)
    CHANGED = "changed"  # the sources this run created or updated (the default)
    EVERYTHING = "everything"  # every stored source, as after reloading the claims (load_story)

    @classmethod
    def of(cls, link: "bool | Linking") -> "Linking":
        if isinstance(link, Linking):
            return link
        return cls.CHANGED if link else cls.NOTHING


@dataclass
class IngestResult:
    ingested: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    sources: list[Source] = field(default_factory=list)  # created, updated or unchanged
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    run: IngestRun | None = None
    links: LinkResult | None = None  # what linking afterwards did, when it ran

    def summary(self) -> str:
        return (
            f"{self.ingested} ingested, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        return self.summary()


# --- Writing one document -----------------------------------------------------


def _owned_by_hints(document: Document) -> set[str]:
    if not document.editor_supplied:
        return set()
    owned: set[str] = set()
    for hint, value in document.hints.items():
        if value not in (None, "", []):
            owned.update(_HINT_FIELDS.get(hint, ()))
    return owned


def _hinted_outlet_differs(document: Document, source: Source, outlets: list[Outlet]) -> bool:
    """Whether a manifest/editor outlet hint names an outlet other than the source's."""
    name = " ".join(str(document.hints.get("outlet") or "").split())
    if not name:
        return False
    outlet = find_outlet(name, outlets)
    return outlet is None or outlet.pk != source.outlet_id


def _create(
    document: Document,
    parsed: ParsedArticle,
    *,
    values: dict,
    owned: set[str],
    outlet: OutletChoice,
    outlets: list[Outlet],
) -> Source:
    source = Source(
        origin=document.origin,
        raw_input=document.data,
        outlet=save_outlet(outlet, outlets),
        **values,
    )
    source.editor_owned_fields = sorted(owned)
    source.save()
    source.entities.set(_entity_ids(values))
    Citation.objects.bulk_create(_citation_rows(parsed.citations, source=source, outlets=outlets))
    return source


def _entity_ids(values: dict) -> list[int]:
    text = "\n".join(values[name] for name in _TAGGED_FROM)
    return tag_entities(text, Entity.objects.all())


def _save(document: Document, parsed: ParsedArticle) -> tuple[Source, str]:
    """Create, update or leave the Source for ``document``; returns it and the outcome.

    Same bytes: only the stored fields are compared with what the file and its
    hints give now (a manifest hint added or changed shows there); entities are
    re-tagged only when the text they come from changed, and citations are left
    alone. Changed bytes: everything follows the file except what an editor owns.
    """
    outlets = list(Outlet.objects.all())
    values = {
        "title": parsed.title,
        "dek": parsed.dek,
        "authors": ", ".join(parsed.authors)[:500],
        "published": parsed.published,
        "published_precision": parsed.published_precision,
        "url": parsed.url[:1000],
        "body": parsed.body,
        "captions": parsed.captions,
        "language": parsed.language,
        "word_count": parsed.word_count,
        "content_hash": parsed.content_hash,
    }
    newly_owned = _owned_by_hints(document)
    outlet = choose_outlet(parsed, outlets)  # once; created only when the Source is written
    source = Source.objects.select_for_update().filter(origin=document.origin).first()
    if source is None:
        source = _create(
            document, parsed, values=values, owned=newly_owned, outlet=outlet, outlets=outlets
        )
        return source, "ingested"

    owned = set(source.editor_owned_fields)
    owned_now = owned | newly_owned
    same_bytes = source.content_hash == parsed.content_hash
    changed = [
        name
        for name, value in values.items()
        if name not in owned and getattr(source, name) != value
    ]
    outlet_changed = "outlet" not in owned and (
        _hinted_outlet_differs(document, source, outlets)
        if same_bytes
        else outlet.differs_from(source.outlet_id)
    )
    text_changed = not same_bytes or any(name in changed for name in _TAGGED_FROM)
    entity_ids = _entity_ids(values) if text_changed and "entities" not in owned_now else None
    entities_changed = entity_ids is not None and set(
        source.entities.values_list("pk", flat=True)
    ) != set(entity_ids)
    # New bytes bring new citations (unless an editor owns them); they are built
    # only when writing, since a "Sources:" item may create its outlet.
    citations_follow = not same_bytes and "citations" not in owned_now
    if not (changed or outlet_changed or entities_changed or citations_follow) and (
        owned_now == owned
    ):
        return source, "unchanged"

    for name in changed:
        setattr(source, name, values[name])
    if outlet_changed:
        source.outlet = save_outlet(outlet, outlets)
    if "content_hash" in changed:
        source.raw_input = document.data  # the bytes always go with their hash
    source.editor_owned_fields = sorted(owned_now)
    source.save()
    if entities_changed:
        source.entities.set(entity_ids)
    if citations_follow:
        new_citations = _citation_rows(parsed.citations, source=source, outlets=outlets)
        if sorted(map(_citation_key, source.citations.all()), key=repr) != sorted(
            map(_citation_key, new_citations), key=repr
        ):
            source.citations.all().delete()
            Citation.objects.bulk_create(new_citations)
    return source, "updated"


# --- Runs -------------------------------------------------------------------------


def _ingest(
    items: Sequence[Document | IngestFailure],
    *,
    trigger: str,
    link: bool | Linking,
    progress: Progress | None,
) -> IngestResult:
    run = IngestRun.objects.create(trigger=trigger[:50])
    result = IngestResult(run=run)
    report: list[dict] = []
    changed: list[Source] = []
    seen: set[str] = set()

    def record(
        origin: str,
        outcome: str,
        *,
        digest: str = "",
        reason: str = "",
        source=None,
        warnings: Sequence[str] = (),
    ):
        report.append(
            {
                "origin": origin,
                "hash": digest,
                "outcome": outcome,
                "reason": reason,
                "source": source.pk if source else None,
                "warnings": list(warnings),
            }
        )
        result.warnings.extend(IngestWarning(origin, message) for message in warnings)
        if outcome == "failed":
            result.failed += 1
            result.failures.append(IngestFailure(origin, reason))
        else:
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.sources.append(source)
        if progress is not None:
            progress(origin, outcome, reason or (source.title if source else ""))

    for item in items:
        if isinstance(item, IngestFailure):
            record(item.origin, "failed", reason=item.reason)
            continue
        digest = hashlib.sha256(item.data).hexdigest()
        if item.origin in seen:
            record(
                item.origin,
                "failed",
                digest=digest,
                reason="another file with the same origin is already in this run "
                "(ingest their common parent folder to keep same-named files apart)",
            )
            continue
        seen.add(item.origin)
        try:
            parsed = parse_document(item)
            with transaction.atomic():
                source, outcome = _save(item, parsed)
        except IngestError as error:
            record(item.origin, "failed", digest=digest, reason=str(error))
            continue
        except Exception as error:  # one broken file must not stop the others
            logger.exception("Ingesting %s failed", item.origin)
            record(
                item.origin,
                "failed",
                digest=digest,
                reason=f"unexpected error: {type(error).__name__}: {error}",
            )
            continue
        record(item.origin, outcome, digest=digest, source=source, warnings=parsed.warnings)
        if outcome != "unchanged":
            changed.append(source)

    run.ingested, run.updated = result.ingested, result.updated
    run.unchanged, run.failed = result.unchanged, result.failed
    run.report = report
    run.finished_at = timezone.now()
    run.save()

    result.links = _link_after(Linking.of(link), changed)
    # A source over the per-article limits (sources.limits) is reported, never cut silently.
    limited = result.links.limited if result.links else {}
    for entry in report:
        if (why := limited.get(entry["source"])) is not None:
            entry["warnings"].append(f"over the per-article limits: {why}")
            result.warnings.append(IngestWarning(entry["origin"], entry["warnings"][-1]))
    if limited:
        run.save(update_fields=["report"])
    return result


def _link_after(linking: Linking, changed: list[Source]) -> LinkResult | None:
    """The one place that decides what ingestion links afterwards."""
    if linking is Linking.EVERYTHING:
        return relink_all()
    if linking is Linking.CHANGED and changed:
        return link_sources(sources=changed)
    return None


def ingest_documents(
    documents: Iterable[Document],
    *,
    trigger: str = "command",
    link: bool | Linking = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest documents already in memory (uploads, pasted text).

    Output: counts, the sources (input order) and failures; the run is saved
    as an IngestRun. ``link`` says what is linked to the claims afterwards
    (see Linking; True: the created and updated sources, False: nothing).
    Safe to re-run (see the module docstring).
    """
    return _ingest(list(documents), trigger=trigger, link=link, progress=progress)


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    trigger: str = "command",
    link: bool | Linking = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest files and folders (walked recursively for .txt, .md, .html, .htm).

    Hints come from ``manifest.toml`` beside the files. Files are read only
    after their size is checked. Output and re-run safety as ingest_documents.
    """
    return _ingest(read_paths(paths), trigger=trigger, link=link, progress=progress)
