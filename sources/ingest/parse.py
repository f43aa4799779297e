"""One document (bytes plus what an editor knows) to a ParsedArticle.

Dispatches on the file extension: .txt (plain text), .md/.markdown
(markdown), .html/.htm (HTML). Editor hints (manifest or admin form) win over
what the text says about itself. Every URL is checked here (the article's and its citations'): only
http(s) addresses leave parse. No database access; pure, safe to re-run.
"""

import hashlib
import re
from dataclasses import replace
from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from sources.ingest.clean import clean_text
from sources.ingest.clean.recognise import normalise_space, parse_date
from sources.ingest.decode import decode_bytes, one_line, without_controls
from sources.ingest.errors import IngestError
from sources.ingest.html import extract_html
from sources.ingest.mdtext import markdown_to_text
from sources.ingest.records import CitationRecord, Cleaned, Document, ParsedArticle

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_EXTENSIONS = frozenset(FORMATS)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_TITLE_MAX = 500
_URL_MAX = 1000
_WEB_URL = URLValidator(schemes=["http", "https"])


def document_format(origin: str) -> str:
    """ "text", "markdown" or "html" for a file name; IngestError for anything else."""
    suffix = PurePath(origin).suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "no extension"
        raise IngestError(
            f"unsupported file type ({shown}); use {', '.join(sorted(SUPPORTED_EXTENSIONS))}"
        )
    return FORMATS[suffix]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _fallback_title(body: str, origin: str) -> str:
    """First words of the body when the text has no headline of its own."""
    words = body.split()
    if words:
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return PurePath(origin).stem.replace("_", " ").replace("-", " ")


def _hinted_date(hints: dict) -> tuple[date, str] | None:
    value = hints.get("published")
    if not value:
        return None
    if isinstance(value, date):
        found = (value, "day")
    else:
        found = parse_date(str(value))
        if found is None:
            raise IngestError(f"editor hint published={value!r} is not a date")
    precision = hints.get("published_precision") or found[1]
    return found[0], precision


def web_url(value) -> str:
    """``value`` when it is an http(s) URL Django's URLValidator accepts, else ""."""
    url = str(value or "").strip()
    if not url or len(url) > _URL_MAX:
        return ""
    try:
        _WEB_URL(url)
    except ValidationError:
        return ""
    return url


def _authors(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = re.split(r"\s*(?:,|;|\band\b)\s*", value)
    return [normalise_space(str(name)) for name in value if str(name).strip()]


def _from_text(text: str, *, markdown: bool) -> tuple[Cleaned, dict]:
    if not markdown:
        return clean_text(text), {}
    converted = markdown_to_text(text)
    meta = dict(converted.meta)
    cleaned = clean_text(converted.text, title=normalise_space(meta.get("title", "")))
    cleaned.captions[:0] = [c for c in converted.captions if c not in cleaned.captions]
    for caption in converted.captions:
        if caption["credit"]:
            cleaned.citations.append(CitationRecord.for_image_credit(caption))
    return cleaned, meta


def parse_document(document: Document) -> ParsedArticle:
    """Decode, clean and describe one document; apply its editor hints last.

    Input: a records.Document (origin, raw bytes, hints). Output: a ParsedArticle
    with body paragraphs separated by blank lines. Raises IngestError with a
    one-line reason for unsupported, empty, binary, oversize or unreadable input.
    """
    kind = document_format(document.origin)
    text = decode_bytes(document.data)
    hints = document.hints or {}

    meta: dict = {}
    if kind == "html":
        extract = extract_html(text)
        cleaned = extract.cleaned
        meta = {
            "title": extract.title,
            "outlet": extract.sitename,
            "authors": extract.authors,
            "url": extract.url,
            "language": extract.language,
            "dek": extract.description,
        }
        if extract.published:
            meta["published"] = extract.published[0].isoformat()
            meta["published_precision"] = extract.published[1]
    else:
        cleaned, meta = _from_text(text, markdown=kind == "markdown")

    body = without_controls(cleaned.body)  # HTML entities can still spell controls
    if not body.strip():
        raise IngestError("no article text left after cleaning")

    # Later sources win: the text itself, then page metadata, then the editor.
    title = cleaned.title
    dek = cleaned.dek
    authors = list(cleaned.authors)
    published, precision = cleaned.published, cleaned.published_precision
    for layer in (meta, hints):
        title = normalise_space(layer.get("title") or "") or title
        dek = normalise_space(layer.get("dek") or "") or dek
        authors = _authors(layer.get("authors")) or authors
        found = _hinted_date(layer)
        if found:
            published, precision = found
    if dek and body.startswith(dek):
        dek = ""  # the page's description is only its first paragraph again
    # A name the text states plainly may name the outlet; a tagline's name is
    # only a guess, which loading matches against outlets we already know.
    stated = [h for h in cleaned.outlet_hints if h]
    outlet_hints = stated + [g for g in cleaned.outlet_guesses if g and g not in stated]
    outlet = (
        normalise_space(hints.get("outlet") or "")
        or normalise_space(meta.get("outlet") or "")
        or (stated[0] if stated else "")
    )

    warnings: list[str] = []
    url = ""
    for where, layer in (("the editor's hints", hints), ("the article", meta)):
        given = layer.get("url")
        if not given:
            continue
        url = web_url(given)
        if url:
            break
        shown = str(given)[:80]
        warnings.append(f"URL from {where} left out: {shown!r} is not an http(s) address")

    title = title or _fallback_title(body, document.origin)
    parsed = ParsedArticle(
        title=title[:_TITLE_MAX],
        dek=dek,
        authors=authors,
        published=published,
        published_precision=precision if published else "unknown",
        url=url,
        outlet_name=outlet,
        outlet_kind=hints.get("outlet_kind", ""),
        category=cleaned.category,
        body=body,
        captions=cleaned.captions,
        citations=[replace(c, url=web_url(c.url)) for c in cleaned.citations],
        language=(hints.get("language") or meta.get("language") or "en")[:10],
        word_count=count_words(body),
        content_hash=hashlib.sha256(document.data).hexdigest(),
        format=kind,
        outlet_hints=outlet_hints,
        removed=cleaned.removed,
        warnings=warnings,
    )
    return _single_lines(parsed)


def _single_lines(parsed: ParsedArticle) -> ParsedArticle:
    """Every one-line field without control characters (hints and page metadata included).

    The body is cleaned before it is measured and stored, so mention offsets
    index into exactly what readers see.
    """
    return replace(
        parsed,
        title=one_line(parsed.title)[:_TITLE_MAX],
        dek=one_line(parsed.dek),
        authors=[name for name in map(one_line, parsed.authors) if name],
        outlet_name=one_line(parsed.outlet_name),
        category=one_line(parsed.category),
        language=one_line(parsed.language)[:10],
        captions=[
            {**caption, "text": one_line(caption["text"]), "credit": one_line(caption["credit"])}
            for caption in parsed.captions
        ],
        citations=[
            replace(c, text=one_line(c.text), outlet=one_line(c.outlet), title=one_line(c.title))
            for c in parsed.citations
        ],
        outlet_hints=[one_line(hint) for hint in parsed.outlet_hints],
    )
