"""Write parsed articles to the database: Sources, their outlet, citations and entities.

``ingest_paths`` reads files and folders (with the manifest beside them),
``ingest_documents`` takes documents already in memory (admin uploads and
pastes). Each document is one transaction: its Source, its links to the claims
(see link.py) and its line in the run's IngestRun report commit together or
not at all, so one bad file never stops the others and a crash (even
``kill -9``) leaves every source whole or absent, the run saying how far it got.

The key is the origin: a file's path relative to the folder named on the
command line ("siteA/index.html" when ``ingest sites/`` walks into siteA/), or
its bare name when it sits directly in that folder or is named itself.

Nothing is replaced silently (see identity.py): an origin that holds another
article is refused (or, on request, replaced or stored under a new origin),
and an article already stored under another origin (same URL, or same text
from the same outlet) points to that source instead of being stored twice.

Re-running is safe. A file whose bytes are unchanged (same content_hash) and
whose manifest hints give the values already stored is "unchanged": nothing is
written, its entities and citations included (it is linked if an earlier run
left it unlinked). A changed file updates its Source but never a field listed
in ``source.editor_owned_fields`` ("entities" and "citations" included: an
editor's tags and citation fixes stay).
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from pathlib import Path

from django.db import transaction

from sources.editorial.reanchor import reanchor_mentions
from sources.ingest.errors import IngestError
from sources.ingest.identity import (
    NEW_OUTLET,
    Duplicate,
    OriginCheck,
    OriginStatus,
    check_origin,
    find_duplicate,
)
from sources.ingest.link import Linker, Linking
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
from sources.ingest.runs import RunLog, entry, sources_awaiting_links
from sources.linking import LinkResult
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


class Conflict(StrEnum):
    """What ingestion does when a file's origin holds another article (not an edition of it)."""

    REFUSE = "refuse"  # report it and store nothing (the default: nothing is lost silently)
    REPLACE = "replace"  # the file replaces it, as an update (``ingest --replace``)
    NEW_ORIGIN = "new_origin"  # store the file under the first free origin like it


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
    links: LinkResult | None = None  # what linking did, when it ran
    # Articles already stored under another origin, not stored again: each
    # names the source that holds it.
    duplicates: list[Duplicate] = field(default_factory=list)
    # Origins that hold another article, refused (also in ``failures``).
    conflicts: list[OriginCheck] = field(default_factory=list)
    linked_now: int = 0  # unchanged sources an earlier run stored but never linked

    def summary(self) -> str:
        text = (
            f"{self.ingested} ingested, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )
        if self.duplicates:
            n = len(self.duplicates)
            text += f", {n} duplicate{'s' if n != 1 else ''} not stored again"
        if self.linked_now:
            text += f", {self.linked_now} left unlinked by an earlier run linked now"
        return text

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

    old_body = source.body
    for name in changed:
        setattr(source, name, values[name])
    if outlet_changed:
        source.outlet = save_outlet(outlet, outlets)
    if "content_hash" in changed:
        source.raw_input = document.data  # the bytes always go with their hash
    source.editor_owned_fields = sorted(owned_now)
    source.save()
    if source.body != old_body:
        # In this document's transaction, linked or not (``--no-link``): every mention
        # follows the new text or is flagged, so none keeps offsets into the old one.
        reanchor_mentions(source=source, old_body=old_body)
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


class _Refused(Exception):
    """The file's origin holds another article and the run was told not to replace it."""

    def __init__(self, check: OriginCheck):
        super().__init__(check.describe())
        self.check = check


@dataclass
class _Stored:
    source: Source  # the source written, left alone, or (duplicate) the one already stored
    outcome: str  # "ingested", "updated", "unchanged" or "duplicate"
    origin: str  # where it is stored (a new origin when the file's held another article)
    note: str = ""  # for the report: why duplicate, or where it went instead
    duplicate: Duplicate | None = None


def _store(
    document: Document, parsed: ParsedArticle, *, conflict: Conflict, force: bool
) -> _Stored:
    """Write ``document`` unless its article is stored under another origin already.

    Raises _Refused when its origin holds another article and ``conflict``
    says to refuse; stores it under a free origin when it says NEW_ORIGIN.
    """
    check = check_origin(document, parsed)
    note = ""
    if check.exists_with_different_content:
        if conflict is Conflict.REFUSE:
            raise _Refused(check)
        if conflict is Conflict.NEW_ORIGIN:
            note = f"stored as {check.free_origin}: {document.origin} {check.describe()}"
            document = replace(document, origin=check.free_origin)
            check = OriginCheck(document.origin, OriginStatus.NEW)
    if check.status is OriginStatus.NEW and not force:
        outlet = choose_outlet(parsed, list(Outlet.objects.all()))
        outlet_id = NEW_OUTLET if outlet.new_name else outlet.pk
        duplicate = find_duplicate(parsed, origin=document.origin, outlet_id=outlet_id)
        if duplicate:
            return _Stored(
                duplicate.existing, "duplicate", document.origin, duplicate.describe(), duplicate
            )
    source, outcome = _save(document, parsed)
    return _Stored(source, outcome, document.origin, note)


def _ingest(
    items: Sequence[Document | IngestFailure],
    *,
    trigger: str,
    link: bool | Linking,
    progress: Progress | None,
    conflict: Conflict = Conflict.REFUSE,
    force: bool = False,
) -> IngestResult:
    log = RunLog(trigger=trigger, origins=[item.origin for item in items])
    result = IngestResult(run=log.run)
    linker = Linker(Linking.of(link), awaiting=sources_awaiting_links(before=log.run))
    seen: set[str] = set()

    def record(index: int, line: dict, *, source: Source | None = None, save: bool = True):
        if save:
            log.save(index, line)
        origin, outcome, reason = line["origin"], line["outcome"], line["reason"]
        result.warnings.extend(IngestWarning(origin, message) for message in line["warnings"])
        if outcome == "failed":
            result.failed += 1
            result.failures.append(IngestFailure(origin, reason))
        elif outcome != "duplicate":  # a duplicate's stored source is in result.duplicates
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.sources.append(source)
        if progress is not None:
            progress(origin, outcome, reason or (source.title if source else ""))

    for index, item in enumerate(items):
        if isinstance(item, IngestFailure):
            record(index, entry(item.origin, "failed", reason=item.reason))
            continue
        digest = hashlib.sha256(item.data).hexdigest()
        failed = partial(entry, item.origin, "failed", digest=digest)
        if item.origin in seen:
            record(
                index,
                failed(
                    reason="another file with the same origin is already in this run "
                    "(ingest their common parent folder to keep same-named files apart)"
                ),
            )
            continue
        seen.add(item.origin)
        try:
            parsed = parse_document(item)
            # The source, its mentions and its report entry commit together or not at all.
            with transaction.atomic():
                stored = _store(item, parsed, conflict=conflict, force=force)
                linked_now, linked = linker.after_write(stored.source, stored.outcome)
                line = entry(
                    stored.origin,
                    stored.outcome,
                    digest=digest,
                    reason=stored.note,
                    source=stored.source.pk,
                    warnings=parsed.warnings,
                    linked=linked,
                )
                log.save(index, line)
        except _Refused as refused:
            result.conflicts.append(refused.check)
            record(index, failed(reason=str(refused)))
            continue
        except IngestError as error:
            record(index, failed(reason=str(error)))
            continue
        except Exception as error:  # one broken file must not stop the others
            logger.exception("Ingesting %s failed", item.origin)
            record(index, failed(reason=f"unexpected error: {type(error).__name__}: {error}"))
            continue
        result.linked_now += linked_now
        if stored.duplicate:
            result.duplicates.append(stored.duplicate)
        record(index, line, source=stored.source, save=False)

    linker.after_run(log)
    log.finish()
    result.links = linker.result
    # A source over the per-article limits (sources.limits) is reported, never cut silently.
    limited = result.links.limited if result.links else {}
    for line in log.report:
        if (why := limited.get(line["source"])) is not None:
            line["warnings"].append(f"over the per-article limits: {why}")
            result.warnings.append(IngestWarning(line["origin"], line["warnings"][-1]))
    if limited:
        log.run.save(update_fields=["report"])
    return result


def ingest_documents(
    documents: Iterable[Document],
    *,
    trigger: str = "command",
    link: bool | Linking = True,
    progress: Progress | None = None,
    conflict: Conflict = Conflict.REFUSE,
    force: bool = False,
) -> IngestResult:
    """Ingest documents already in memory (uploads, pasted text).

    Output: counts, the sources (input order) and failures; the run is saved
    as an IngestRun. ``link`` says what is linked to the claims (see Linking;
    True: the created and updated sources, each in the transaction that writes
    it; False: nothing). ``conflict`` says what happens when an origin holds
    another article (see Conflict); ``force`` stores an article already stored
    under another origin (same URL or same text) instead of pointing to it.
    Safe to re-run (see the module docstring).
    """
    return _ingest(
        list(documents),
        trigger=trigger,
        link=link,
        progress=progress,
        conflict=conflict,
        force=force,
    )


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    trigger: str = "command",
    link: bool | Linking = True,
    progress: Progress | None = None,
    conflict: Conflict = Conflict.REFUSE,
    force: bool = False,
) -> IngestResult:
    """Ingest files and folders (walked recursively for .txt, .md, .html, .htm).

    Hints come from ``manifest.toml`` beside the files. Files are read only
    after their size is checked. Output, options and re-run safety as
    ingest_documents.
    """
    return _ingest(
        read_paths(paths),
        trigger=trigger,
        link=link,
        progress=progress,
        conflict=conflict,
        force=force,
    )
