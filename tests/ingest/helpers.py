"""Helpers the ingestion tests share: test data paths, copying a file, running the command."""

import shutil
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from sources.ingest.parse import parse_document
from sources.ingest.records import Document
from tests.helpers import TEST_DATA_DIR

DATA = TEST_DATA_DIR / "ingest"
BAD = DATA / "bad"


def parse_file(name: str, **hints):
    path = DATA / name
    return parse_document(Document(origin=path.name, data=path.read_bytes(), hints=hints))


def copy(src: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    return target


def run_command(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("ingest", *map(str, args), "--no-link", stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None
