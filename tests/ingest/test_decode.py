"""Decoding bytes to text: encodings, line ends, refusals. No database."""

import pytest

from sources.ingest.decode import decode_bytes
from sources.ingest.errors import IngestError


@pytest.mark.parametrize(
    "data",
    [
        "Café “partly”".encode(),
        "\ufeffCafé “partly”".encode(),  # UTF-8 with a byte-order mark
        "Café “partly”".encode("cp1252"),
        "Café “partly”".encode("utf-16"),  # Notepad's "Unicode", BOM included
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16"],
)
def test_decode_keeps_accents_and_curly_quotes(data):
    assert decode_bytes(data) == "Café “partly”"


def test_decode_latin1_and_stray_cp1252_bytes_in_utf8():
    assert decode_bytes("Le café".encode("latin-1")) == "Le café"
    # A UTF-8 file with one cp1252 quote pasted in keeps both intact.
    assert decode_bytes("Café ".encode() + b"\x93ok\x94") == "Café “ok”"


def test_decode_normalises_line_ends_and_invisible_characters():
    assert decode_bytes(b"one\r\ntwo\rthree\xe2\x80\x8b") == "one\ntwo\nthree"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),
        (b"text\x00with a NUL", "binary file"),
        (b"%PDF-1.7\n...", "PDF"),
        (bytes(range(1, 9)) * 50 + b"abc", "control characters"),
    ],
    ids=["empty", "whitespace", "bom-only", "nul", "pdf", "controls"],
)
def test_decode_refuses_unusable_bytes(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode_bytes(data)


def test_decode_refuses_oversize_input(settings):
    settings.INGEST_MAX_BYTES = 10
    with pytest.raises(IngestError, match="over the 10 bytes limit"):
        decode_bytes(b"x" * 11)
