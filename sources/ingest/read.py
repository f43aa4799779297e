"""Files and folders to Documents: origins, manifest hints, the size check.

No database writes; reading the same paths twice gives the same Documents.
"""

from collections.abc import Iterable
from pathlib import Path

from sources.ingest.decode import check_size
from sources.ingest.errors import IngestError
from sources.ingest.manifest import MANIFEST_NAME, ManifestIndex
from sources.ingest.parse import SUPPORTED_EXTENSIONS, document_format
from sources.ingest.records import Document, IngestFailure
from sources.models import Source

_ORIGIN_MAX = Source._meta.get_field("origin").max_length


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
