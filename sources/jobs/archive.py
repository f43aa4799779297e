"""The articles inside an uploaded zip, read without trusting the archive.

A member becomes a Document only when its name is a safe relative path (no ``..``,
no absolute or drive path, no control characters), its extension is an article's
(.txt, .md, .html, .htm) and it fits the per-article limit. The archive as a whole
is refused when it holds too many members or would inflate past a total size,
judged first from its directory (before anything is inflated) and then again
from the bytes actually read, since a directory can lie. Nothing is written to
disk and nothing touches the database.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings

from sources.ingest.decode import human_size
from sources.ingest.parse import SUPPORTED_EXTENSIONS
from sources.ingest.records import Document, IngestFailure

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_ORIGIN_MAX = 500  # Source.origin's max_length
_ZIP_ENCRYPTED = 0x1


class ArchiveError(Exception):
    """The whole archive is refused; the message says why, for the editor."""


@dataclass
class Listing:
    """What a zip's directory says: the members to read and those left out (with why)."""

    members: list[zipfile.ZipInfo] = field(default_factory=list)
    skipped: list[IngestFailure] = field(default_factory=list)
    declared_size: int = 0  # the members' uncompressed size, as the directory states it


def is_zip(name: str, data: bytes) -> bool:
    """Whether an upload is a zip archive (by its first bytes, or its name)."""
    return data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)) or name.lower().endswith(".zip")


def safe_name(name: str) -> str | None:
    """The member's path as an origin ("a/b.txt"), or None when it could escape a folder."""
    name = name.replace("\\", "/")
    if not name or name.startswith("/") or any(ord(char) < 32 for char in name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts or ":" in parts[0]:
        return None
    return "/".join(parts)


def _why_not_an_article(origin: str) -> str:
    path = PurePosixPath(origin)
    if path.parts[0] == "__MACOSX" or path.name.startswith("."):
        return "hidden or system file, not an article"
    if path.suffix.lower() not in SUPPORTED_EXTENSIONS:
        shown = path.suffix or "no extension"
        return f"not an article file ({shown}); only {', '.join(sorted(SUPPORTED_EXTENSIONS))}"
    if len(origin) > _ORIGIN_MAX:
        return f"path is longer than {_ORIGIN_MAX} characters"
    return ""


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ArchiveError(f"not a readable zip archive ({error})") from error


def inspect(name: str, data: bytes) -> Listing:
    """Check ``data``'s directory against the limits; raise ArchiveError when refused.

    Limits: settings.ADMIN_UPLOAD_MAX_MEMBERS entries and
    settings.ADMIN_UPLOAD_MAX_UNCOMPRESSED bytes once inflated.
    """
    archive = _open(data)
    entries = [info for info in archive.infolist() if not info.is_dir()]
    most = settings.ADMIN_UPLOAD_MAX_MEMBERS
    if len(entries) > most:
        raise ArchiveError(f"{name} holds {len(entries):,} files, over the limit of {most:,}")
    listing = Listing()
    for info in entries:
        origin = safe_name(info.filename)
        if origin is None:
            listing.skipped.append(
                IngestFailure(info.filename, "unsafe path in the archive (absolute or with ..)")
            )
            continue
        why = _why_not_an_article(origin)
        if not why and info.flag_bits & _ZIP_ENCRYPTED:
            why = "encrypted; upload it unencrypted"
        if why:
            listing.skipped.append(IngestFailure(origin, why))
            continue
        listing.members.append(info)
        listing.declared_size += info.file_size
    limit = settings.ADMIN_UPLOAD_MAX_UNCOMPRESSED
    if listing.declared_size > limit:
        raise ArchiveError(
            f"{name} would inflate to {human_size(listing.declared_size)}, over the "
            f"{human_size(limit)} limit for one upload"
        )
    if not listing.members:
        raise ArchiveError(
            f"{name} holds no article files ({', '.join(sorted(SUPPORTED_EXTENSIONS))})"
        )
    return listing


def read(name: str, data: bytes) -> Iterator[Document | IngestFailure]:
    """Each article member as a Document (or the reason it is not), in archive order.

    Raises ArchiveError up front when ``inspect`` refuses the archive, and midway
    when the bytes actually inflated pass the total limit (a lying directory).
    """
    listing = inspect(name, data)
    yield from listing.skipped
    archive = _open(data)
    per_file, total_limit = settings.INGEST_MAX_BYTES, settings.ADMIN_UPLOAD_MAX_UNCOMPRESSED
    inflated = 0
    for info in listing.members:
        origin = safe_name(info.filename) or info.filename
        if info.file_size > per_file:
            yield IngestFailure(
                origin,
                f"file is {human_size(info.file_size)}, over the {human_size(per_file)} limit",
            )
            continue
        try:
            with archive.open(info) as member:
                content = member.read(per_file + 1)  # never more than the limit allows
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as error:
            yield IngestFailure(origin, f"damaged in the archive ({error})")
            continue
        if len(content) > per_file:
            yield IngestFailure(origin, f"inflates past the {human_size(per_file)} limit")
            continue
        inflated += len(content)
        if inflated > total_limit:
            raise ArchiveError(f"{name} inflates past the {human_size(total_limit)} limit")
        yield Document(origin=origin, data=content)
