"""The editor's manifest: what an editor knows about articles that their text lacks.

A ``manifest.toml`` beside the articles maps file names to hints::

    [files."000_9cff95871d1c93a8.txt"]
    outlet = "Example Outlet"        # its name; matched against outlets and their aliases
    url = "https://example.org/story"
    published = 2026-05-01           # a TOML date, or a string such as "May 2026"
    published_precision = "day"      # day / month / year; worked out from the date if left out
    authors = ["Jane Doe"]
    title = "..."                    # only when the text's own headline comes out wrong
    notes = "Why we believe this."   # for people; ingestion ignores it

Hints win over what ingestion reads from the text. A missing manifest is fine.
No database access; reading is safe to repeat.
"""

import tomllib
from datetime import date, datetime
from pathlib import Path

from sources.ingest.errors import IngestError

MANIFEST_NAME = "manifest.toml"
HINT_KEYS = frozenset(
    {
        "outlet",
        "outlet_kind",
        "url",
        "published",
        "published_precision",
        "title",
        "authors",
        "dek",
        "language",
    }
)


def read_manifest(path: Path) -> dict[str, dict]:
    """File name (relative to the manifest's folder, "/"-separated) -> hint dict.

    Returns {} when there is no manifest. Raises IngestError for a manifest
    that is not valid TOML, so an editor's typo is reported instead of ignored.
    """
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise IngestError(f"{path}: not a valid manifest ({error})") from error
    entries = data.get("files", {})
    if not isinstance(entries, dict):
        raise IngestError(f"{path}: [files] must be a table of file names")
    manifest: dict[str, dict] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise IngestError(f"{path}: entry for {name!r} must be a table")
        hints = {key: value for key, value in entry.items() if key in HINT_KEYS and value != ""}
        published = hints.get("published")
        if isinstance(published, datetime):
            hints["published"] = published.date().isoformat()
        elif isinstance(published, date):
            hints["published"] = published.isoformat()
        manifest[name] = hints
    return manifest


class ManifestIndex:
    """Finds the hints for a file in the manifests of its folder and the folders above it.

    ``root`` bounds the search (the folder being ingested); manifests are read once.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, dict]] = {}

    def _manifest(self, folder: Path) -> dict[str, dict]:
        if folder not in self._cache:
            self._cache[folder] = read_manifest(folder / MANIFEST_NAME)
        return self._cache[folder]

    def hints_for(self, path: Path, *, root: Path | None = None) -> dict:
        path = path.resolve()
        stop = (root or path.parent).resolve()
        folder = path.parent
        while True:
            key = path.relative_to(folder).as_posix()
            hints = self._manifest(folder).get(key)
            if hints is not None:
                return dict(hints)
            if folder == stop or folder.parent == folder or not folder.is_relative_to(stop):
                return {}
            folder = folder.parent
