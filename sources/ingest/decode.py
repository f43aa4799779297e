"""Bytes to text: UTF-8 first, Windows-1252/Latin-1 where UTF-8 fails, binary refused.

No database access. Every function is pure, so re-running is always safe.
"""

import codecs
import unicodedata

from django.conf import settings

from sources.ingest.errors import IngestError

# Signatures of formats people drop into an upload by mistake; all binary.
_MAGIC = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x1f\x8b": "a gzip archive",
}
# Above this share of control characters the "text" is binary or in an encoding
# we cannot guess; real articles have next to none.
_MAX_CONTROL_SHARE = 0.05
# Characters that carry nothing a reader sees, dropped so matching works on
# the visible words: zero-width spaces and joiners, soft hyphens, stray BOMs.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


# Control characters: a soft line break (a word processor's \v, U+2028) is a
# space inside its paragraph; a hard one (form feed, the file/group/record
# separators, NEL, U+2029) ends the line; every other control character but the
# tab goes. XML and JSON readers choke on them (a \v in a headline broke the
# sources feed).
_SOFT_BREAKS = "\v\u2028"
_HARD_BREAKS = "\f\x1c\x1d\x1e\x85\u2029"
_CONTROLS = {
    code: " " if chr(code) in _SOFT_BREAKS else "\n" if chr(code) in _HARD_BREAKS else None
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
    if chr(code) not in "\n\t"
}


def without_controls(text: str) -> str:
    """``text``: soft line breaks as spaces, hard ones as "\\n", other controls (not \\t) gone."""
    return text.translate(_CONTROLS)


def one_line(text: str) -> str:
    """``text`` as one line: controls gone or spaces, runs of white space one space."""
    return " ".join(without_controls(text).split())


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as Windows-1252 (Latin-1 for its 5 holes).

    Files saved by old Windows editors are cp1252, and copy-pasted files are
    sometimes UTF-8 with a few cp1252 bytes mixed in; this handles both
    without garbling the valid UTF-8 around them.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    text = "".join(
        chunk[i : i + 1].decode("cp1252", errors="strict")
        if chunk[i] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chunk[i : i + 1].decode("latin-1")
        for i in range(len(chunk))
    )
    return text, error.end


codecs.register_error("newsroom_cp1252", _cp1252_fallback)


def human_size(size: int) -> str:
    """Binary units, as settings.INGEST_MAX_BYTES counts them (5 * 1024 * 1024 is 5 MiB)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def check_size(size: int) -> None:
    """Raise IngestError when ``size`` bytes is over settings.INGEST_MAX_BYTES."""
    limit = settings.INGEST_MAX_BYTES
    if size > limit:
        raise IngestError(f"file is {human_size(size)}, over the {human_size(limit)} limit")


def decode_bytes(data: bytes) -> str:
    """Return the text of ``data``, normalised (NFC, ``\\n`` line ends, no BOM, no controls).

    Raises IngestError for input over the size limit, empty or whitespace-only
    input, and binary input (NUL bytes, known binary signatures, or mostly
    control characters).
    """
    check_size(len(data))
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(f"binary file ({what}), not an article")

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": the only text encoding where NUL bytes are normal.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestError("undecodable: starts like UTF-16 but is not valid UTF-16") from error
    else:
        if b"\x00" in data:
            raise IngestError("binary file (contains NUL bytes), not text")
        text = data.decode("utf-8-sig", errors="newsroom_cp1252")

    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    if not text.strip():
        raise IngestError("empty file (nothing but whitespace)" if data else "empty file")

    controls = sum(
        1 for char in text if char not in "\n\t\f\v" and unicodedata.category(char) == "Cc"
    )
    share = controls / len(text)
    if share > _MAX_CONTROL_SHARE:
        raise IngestError(
            f"not text: {share:.0%} of its characters are control characters "
            "(binary, or an encoding that cannot be recognised)"
        )
    return unicodedata.normalize("NFC", without_controls(text))
