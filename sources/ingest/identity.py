"""Whether an article is already stored: its origin holding another article, or the
article itself stored under another origin.

``check_origin`` is the service the admin upload asks before it stores a file
("exists with different content": store it under ``free_origin``, or ask the
editor); ingestion asks the same questions for every file. Reads the
database, never writes it.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from sources.ingest.clean.recognise import same_text
from sources.ingest.parse import parse_document
from sources.ingest.records import Document, ParsedArticle
from sources.models import Source

_ORIGIN_MAX = Source._meta.get_field("origin").max_length
# Two texts share this much of their wording (three-word runs) when one is an
# edition of the other; different articles on one story share far less.
_SAME_ARTICLE_OVERLAP = 0.5
_WORD = re.compile(r"\w+")
NEW_OUTLET = object()  # an outlet this article would create: no stored source has it


class OriginStatus(StrEnum):
    NEW = "new"  # no source has this origin
    SAME = "same"  # stored with these very bytes
    EDITED = "edited"  # stored with other bytes of the same article: an update
    DIFFERENT = "different"  # stored with another article: replacing it would lose that one


@dataclass
class OriginCheck:
    """What storing ``origin`` would do to what is already there."""

    origin: str
    status: OriginStatus
    existing: Source | None = None
    free_origin: str = ""  # for DIFFERENT: the first free origin like it ("index-2.txt")

    @property
    def exists_with_different_content(self) -> bool:
        return self.status is OriginStatus.DIFFERENT

    def describe(self) -> str:
        """One line for the CLI and the admin (empty unless DIFFERENT)."""
        if not self.exists_with_different_content:
            return ""
        return (
            f"exists with different content: source {self.existing.pk} "
            f"({self.existing.title!r}) is another article; not replaced"
        )


@dataclass
class Duplicate:
    """``origin``'s article is already stored as ``existing`` (same URL or same text)."""

    origin: str
    existing: Source
    why: str  # "the same URL" or "the same text"

    def describe(self) -> str:
        return f"{self.why} as source {self.existing.pk} ({self.existing.origin}); not stored again"


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}


def same_article(source: Source, parsed: ParsedArticle) -> bool:
    """Whether ``parsed`` is an edition of the article ``source`` holds (not another one).

    The same URL, the same headline, or most of the wording in common says
    yes (a URL or headline an editor corrected still leaves the wording).
    """
    if source.url and source.url == parsed.url[:1000]:
        return True
    if same_text(source.title, parsed.title):
        return True
    stored, new = _shingles(source.body), _shingles(parsed.body)
    smaller = min(len(stored), len(new)) or 1
    return len(stored & new) / smaller >= _SAME_ARTICLE_OVERLAP


def free_origin(origin: str) -> str:
    """The first origin like ``origin`` that no source has: "a/index-2.txt", "a/index-3.txt"..."""
    path = PurePosixPath(origin)
    taken = set(
        Source.objects.filter(origin__startswith=str(path.with_suffix(""))).values_list(
            "origin", flat=True
        )
    )
    n = 2
    while True:
        suffix = f"-{n}{path.suffix}"
        stem = str(path.with_suffix(""))[: _ORIGIN_MAX - len(suffix)]
        candidate = f"{stem}{suffix}"
        if candidate not in taken:
            return candidate
        n += 1


def check_origin(document: Document, parsed: ParsedArticle | None = None) -> OriginCheck:
    """Whether ``document.origin`` is free, holds these bytes, an edition, or another article.

    ``parsed`` saves parsing again when the caller has it; without it the
    document is parsed (and an IngestError raised for a file that cannot be).
    """
    existing = Source.objects.filter(origin=document.origin).first()
    if existing is None:
        return OriginCheck(document.origin, OriginStatus.NEW)
    parsed = parsed or parse_document(document)
    if existing.content_hash == parsed.content_hash:
        return OriginCheck(document.origin, OriginStatus.SAME, existing)
    if same_article(existing, parsed):
        return OriginCheck(document.origin, OriginStatus.EDITED, existing)
    return OriginCheck(
        document.origin,
        OriginStatus.DIFFERENT,
        existing,
        free_origin=free_origin(document.origin),
    )


def find_duplicate(
    parsed: ParsedArticle, *, origin: str, outlet_id: int | None | object = None
) -> Duplicate | None:
    """Another source with this article's URL, or its cleaned text from the same outlet.

    The same words under two different outlets are two reports (syndicated
    copy), which the newsroom tracks apart; ``outlet_id`` is the outlet this
    article would get (None: none; ``NEW_OUTLET``: one not stored yet, so no
    other source can have it).
    """
    others = Source.objects.exclude(origin=origin).only("id", "origin", "title", "url")
    if parsed.url:
        found = others.filter(url=parsed.url[:1000]).order_by("pk").first()
        if found:
            return Duplicate(origin, found, "the same URL")
    if outlet_id is NEW_OUTLET:
        return None
    same_text_ = others.filter(word_count=parsed.word_count, body=parsed.body, outlet_id=outlet_id)
    found = same_text_.order_by("pk").first()
    if found:
        return Duplicate(origin, found, "the same text")
    return None
