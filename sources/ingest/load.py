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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sources.ingest.decode import check_size
from sources.ingest.errors import IngestError
from sources.ingest.manifest import MANIFEST_NAME, ManifestIndex
from sources.ingest.parse import SUPPORTED_EXTENSIONS, document_format, parse_document, web_url
from sources.ingest.records import CitationRecord, ParsedArticle
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
# Citation kinds whose outlet may be created when no outlet of that name exists:
# a "Sources:" list item or a republished-from label names an outlet outright.
# An image credit ("commons.wikimedia.org", a photographer) or a name caught in
# prose ("according to a Goldman Sachs analysis") is often no news outlet at
# all, so it only links to an outlet we already know.
_CREATES_OUTLET = {
    Citation.Kind.SOURCE_LIST,
    Citation.Kind.REPUBLISHED_FROM,
}
# Source fields ingestion derives only from the text (and the Entity table).
_TAGGED_FROM = ("title", "dek", "body")
_ORIGIN_MAX = Source._meta.get_field("origin").max_length


@dataclass
class Document:
    """One article to ingest, from a file, an upload or pasted text."""

    origin: str  # the ingestion key (Source.origin): file path relative to the folder given
    data: bytes  # raw bytes exactly as received
    # editor knowledge: outlet (name), url, published (ISO date), published_precision,
    # title, authors, dek, language
    hints: dict = field(default_factory=dict)
    editor_supplied: bool = False  # True for admin paste/manual: hinted fields become editor-owned


@dataclass
class IngestFailure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestWarning:
    """Something left out of a file that was ingested all the same (a bad URL)."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


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


# --- Reading files -------------------------------------------------------------


def _is_article_file(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in SUPPORTED_EXTENSIONS
        and path.name != MANIFEST_NAME
        and not path.name.startswith(".")
    )


def _read_file(
    path: Path, *, origin: str, root: Path, manifests: ManifestIndex
) -> Document | IngestFailure:
    """A Document for ``path``, or the reason it cannot be one (checked before reading it)."""
    if len(origin) > _ORIGIN_MAX:
        return IngestFailure(origin, f"path is longer than {_ORIGIN_MAX} characters")
    try:
        document_format(origin)
        check_size(path.stat().st_size)  # refuse oversize files before reading them whole
        hints = manifests.hints_for(path, root=root)
        data = path.read_bytes()
    except IngestError as error:
        return IngestFailure(origin, str(error))
    except OSError as error:
        return IngestFailure(origin, f"cannot read the file ({error.strerror or error})")
    return Document(origin=origin, data=data, hints=hints)


def read_paths(paths: Iterable[str | Path]) -> list[Document | IngestFailure]:
    """Files as given, folders walked recursively (supported extensions, sorted by path).

    Each document's origin is its path relative to the folder given, "/"-separated
    ("siteA/index.html"), or the bare file name for a file given by itself, so
    two files of the same name in different subfolders stay two sources.
    Manifest hints are attached from ``manifest.toml`` in the file's folder or
    a folder above it, up to the folder being ingested.
    """
    manifests = ManifestIndex()
    items: list[Document | IngestFailure] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                (p for p in path.rglob("*") if _is_article_file(p)),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not files:
                items.append(
                    IngestFailure(
                        str(given),
                        f"folder has no article files ({', '.join(sorted(SUPPORTED_EXTENSIONS))})",
                    )
                )
            items.extend(
                _read_file(p, origin=p.relative_to(path).as_posix(), root=path, manifests=manifests)
                for p in files
            )
        elif path.exists():
            items.append(_read_file(path, origin=path.name, root=path.parent, manifests=manifests))
        else:
            items.append(IngestFailure(str(given), "no such file or folder"))
    return items


# --- Outlets, entities, citations -------------------------------------------------


def _host(value: str) -> str:
    value = value.strip().casefold()
    host = urlsplit(value if "://" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.")


def find_outlet(name: str, outlets: Sequence[Outlet]) -> Outlet | None:
    """The outlet called ``name`` (name, alias or domain, case-insensitive), or None."""
    key = " ".join(name.split()).casefold()
    if not key:
        return None
    for outlet in outlets:
        if outlet.name.casefold() == key or key in {a.casefold() for a in outlet.aliases or []}:
            return outlet
    host = _host(key) if "." in key and " " not in key else ""
    if host:
        for outlet in outlets:
            domain = outlet.domain.casefold().removeprefix("www.")
            if domain and (host == domain or host.endswith(f".{domain}")):
                return outlet
    return None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "outlet"
    slug, n = base, 2
    while Outlet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _get_or_create_outlet(
    name: str, outlets: list[Outlet], *, kind: str = "", url: str = ""
) -> Outlet:
    outlet = find_outlet(name, outlets)
    if outlet is None:
        outlet = Outlet.objects.create(
            name=name[:200],
            slug=_unique_slug(name),
            kind=kind if kind in Outlet.Kind.values else Outlet.Kind.NEWS_SITE,
            domain=_host(url) if url else "",
        )
        outlets.append(outlet)
    return outlet


def _source_outlet(parsed: ParsedArticle, outlets: list[Outlet]) -> Outlet | None:
    if parsed.outlet_name:
        return _get_or_create_outlet(
            parsed.outlet_name, outlets, kind=parsed.outlet_kind, url=parsed.url
        )
    for hint in parsed.outlet_hints:
        outlet = find_outlet(hint, outlets)
        if outlet:
            return outlet
    if parsed.url:
        return find_outlet(_host(parsed.url), outlets)
    return None


def tag_entities(text: str, entities: Iterable[Entity]) -> list[int]:
    """Ids of the entities whose name or an alias appears in ``text`` as a whole word."""
    found = []
    for entity in entities:
        for name in entity.names:
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(entity.pk)
                break
    return found


def _citation_rows(
    records: list[CitationRecord], *, source: Source, outlets: list[Outlet]
) -> list[Citation]:
    rows: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = (record.kind, record.text)
        if key in seen or not record.text:
            continue
        seen.add(key)
        outlet = None
        if record.outlet:
            if record.kind in _CREATES_OUTLET:
                outlet = _get_or_create_outlet(record.outlet, outlets)
            else:
                outlet = find_outlet(record.outlet, outlets)
        cited_source = None
        if record.kind == Citation.Kind.SOURCE_LIST and record.title:
            cited_source = (
                Source.objects.filter(title__iexact=record.title).exclude(pk=source.pk).first()
            )
        url = web_url(record.url)
        rows.append(
            Citation(
                source=source,
                kind=record.kind,
                text=record.text,
                cited_outlet=outlet,
                cited_source=cited_source,
                cited_title=record.title[:500],
                cited_url=url[:1000],
            )
        )
    return rows


def _citation_key(citation: Citation) -> tuple:
    return (
        citation.kind,
        citation.text,
        citation.cited_outlet_id,
        citation.cited_source_id,
        citation.cited_title,
        citation.cited_url,
    )


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
    outlets: list[Outlet],
) -> Source:
    source = Source(
        origin=document.origin,
        raw_input=document.data,
        outlet=_source_outlet(parsed, outlets),
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
    source = Source.objects.select_for_update().filter(origin=document.origin).first()
    if source is None:
        source = _create(document, parsed, values=values, owned=newly_owned, outlets=outlets)
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
        else source.outlet_id != getattr(_source_outlet(parsed, outlets), "pk", None)
    )
    text_changed = not same_bytes or any(name in changed for name in _TAGGED_FROM)
    entity_ids = _entity_ids(values) if text_changed and "entities" not in owned_now else None
    entities_changed = entity_ids is not None and set(
        source.entities.values_list("pk", flat=True)
    ) != set(entity_ids)
    new_citations = None
    if not same_bytes and "citations" not in owned_now:
        new_citations = _citation_rows(parsed.citations, source=source, outlets=outlets)
    citations_changed = new_citations is not None and sorted(
        map(_citation_key, source.citations.all()), key=repr
    ) != sorted(map(_citation_key, new_citations), key=repr)
    if not (changed or outlet_changed or entities_changed or citations_changed) and (
        owned_now == owned
    ):
        return source, "unchanged"

    for name in changed:
        setattr(source, name, values[name])
    if outlet_changed:
        source.outlet = _source_outlet(parsed, outlets)
    if "content_hash" in changed:
        source.raw_input = document.data  # the bytes always go with their hash
    source.editor_owned_fields = sorted(owned_now)
    source.save()
    if entities_changed:
        source.entities.set(entity_ids)
    if citations_changed:
        source.citations.all().delete()
        Citation.objects.bulk_create(new_citations)
    return source, "updated"


# --- Runs -------------------------------------------------------------------------


def _ingest(
    items: Sequence[Document | IngestFailure],
    *,
    trigger: str,
    link: bool,
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

    if link and changed:
        from sources.linking import link_sources

        link_sources(sources=changed)
    return result


def ingest_documents(
    documents: Iterable[Document],
    *,
    trigger: str = "command",
    link: bool = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest documents already in memory (uploads, pasted text).

    Output: counts, the sources (input order) and failures; the run is saved
    as an IngestRun. With ``link`` the created/updated sources are linked to
    the claims. Safe to re-run (see the module docstring).
    """
    return _ingest(list(documents), trigger=trigger, link=link, progress=progress)


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    trigger: str = "command",
    link: bool = True,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest files and folders (walked recursively for .txt, .md, .html, .htm).

    Hints come from ``manifest.toml`` beside the files. Files are read only
    after their size is checked. Output and re-run safety as ingest_documents.
    """
    return _ingest(read_paths(paths), trigger=trigger, link=link, progress=progress)
