"""Zip uploads are read without trusting the archive: no path escapes, no zip bombs, only
article files."""

import pytest

from sources.ingest.records import Document, IngestFailure
from sources.jobs import archive
from tests.admin.articles import HEARING, SECOND
from tests.tasks.helpers import make_zip


@pytest.mark.parametrize(
    ("name", "origin"),
    [
        ("a/index.html", "a/index.html"),
        ("./a//b.txt", "a/b.txt"),
        ("a\\b.md", "a/b.md"),
        ("../etc/passwd.txt", None),
        ("a/../../b.txt", None),
        ("/etc/hosts.txt", None),
        ("C:/Windows/x.txt", None),
        ("a/\x1bb.txt", None),
    ],
)
def test_safe_names(name, origin):
    assert archive.safe_name(name) == origin


def test_members_become_documents_and_the_rest_is_named_with_a_reason():
    data = make_zip(
        ("site/hearing.txt", HEARING.encode()),
        ("judge.md", SECOND.encode()),
        ("../escape.txt", b"outside"),
        ("photo.jpg", b"\xff\xd8\xff"),
        ("__MACOSX/._judge.md", b"\x00\x05"),
        ("inner.zip", make_zip(("x.txt", b"x"))),
    )
    items = list(archive.read("upload.zip", data))
    documents = {item.origin: item.data for item in items if isinstance(item, Document)}
    assert documents == {"site/hearing.txt": HEARING.encode(), "judge.md": SECOND.encode()}
    failures = {item.origin: item.reason for item in items if isinstance(item, IngestFailure)}
    assert set(failures) == {"../escape.txt", "photo.jpg", "__MACOSX/._judge.md", "inner.zip"}
    assert "unsafe path" in failures["../escape.txt"]
    assert "not an article file (.jpg)" in failures["photo.jpg"]


def test_too_many_members_refuses_the_archive(settings):
    settings.ADMIN_UPLOAD_MAX_MEMBERS = 3
    data = make_zip(*[(f"{n}.txt", b"words") for n in range(4)])
    with pytest.raises(archive.ArchiveError, match="holds 4 files, over the limit of 3"):
        archive.inspect("many.zip", data)


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(settings):
    settings.ADMIN_UPLOAD_MAX_UNCOMPRESSED = 1024 * 1024
    bomb = make_zip(*[(f"{n}.txt", b"0" * 600_000) for n in range(2)])
    assert len(bomb) < 10_000  # tiny on the wire
    with pytest.raises(archive.ArchiveError, match="would inflate to 1.1 MiB, over the 1.0 MiB"):
        list(archive.read("bomb.zip", bomb))


def test_a_member_over_the_per_article_limit_fails_alone(settings):
    settings.INGEST_MAX_BYTES = 1000
    items = list(archive.read("a.zip", make_zip(("big.txt", b"x" * 5000), ("ok.txt", b"ok"))))
    assert [type(item).__name__ for item in items] == ["IngestFailure", "Document"]
    assert "over the 1000 bytes limit" in items[0].reason


def test_not_a_zip():
    with pytest.raises(archive.ArchiveError, match="not a readable zip archive"):
        archive.inspect("fake.zip", b"PK\x03\x04 definitely not")
