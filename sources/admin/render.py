"""What the desk shows of text: a source's raw input beside its highlighted
cleaned text, a quote in its sentence, and markdown previews (timeline's admin
uses them too).

Every piece of HTML comes from a template (the same includes the reader pages
use), so article text is always autoescaped; nothing here builds markup. No
database access beyond the rows handed in, and no model registration.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from sources.highlight import QuoteInContext, quote_in_sentence, segment_text
from sources.markdown import render_markdown
from sources.models import CandidateClaim, Mention, Source

RAW_DISPLAY_LIMIT = 200_000  # characters of raw input shown; the bytes are all kept


def decode_raw(raw: bytes) -> str:
    """Raw input as text for display only: UTF-8, else cp1252, never failing."""
    raw = bytes(raw or b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def text_panes(source: Source, mentions: Sequence[Mention]) -> SafeString:
    """The raw input (cut at RAW_DISPLAY_LIMIT) beside the cleaned text, mentions marked.

    Overlapping mentions nest safely: the text is cut at every boundary and
    each piece escaped by the template.
    """
    raw = decode_raw(source.raw_input)
    return render_to_string(
        "admin/sources/source/_text_panes.html",
        {
            "raw": raw[:RAW_DISPLAY_LIMIT],
            "truncated": len(raw) > RAW_DISPLAY_LIMIT,
            "limit": f"{RAW_DISPLAY_LIMIT:,}",
            "mention_count": len(mentions),
            "segments": segment_text(source.body, mentions),
        },
    )


def quote_in_context(quoted: QuoteInContext) -> SafeString:
    """A sentence with its quote marked, through the readers' own include."""
    return render_to_string("includes/_quote_in_context.html", {"quoted": quoted})


def mention_in_context(mention: Mention) -> SafeString:
    return quote_in_context(
        quote_in_sentence(
            sentence=mention.sentence or "",
            sentence_start=mention.sentence_start,
            quote=mention.quote,
            start=mention.start,
        )
    )


def mention_checked(mention: Mention) -> SafeString:
    """Who found the mention (provenance, the linker's confidence) and who checked it, when.

    Reads ``reviewed_by``: select it with the mention.
    """
    return render_to_string("admin/sources/mention/_checked.html", {"mention": mention})


def candidate_in_context(candidate: CandidateClaim) -> SafeString:
    """The candidate's words marked in their sentence; only the words when not found there."""
    sentence, text = candidate.sentence or "", candidate.text
    at = sentence.find(text) if text else -1
    if at < 0:
        return quote_in_context(QuoteInContext("", text, ""))
    return quote_in_context(QuoteInContext(sentence[:at], text, sentence[at + len(text) :]))


def markdown_preview(text: str, *, url: str, target: str) -> SafeString:
    """The saved markdown as readers see it, and a button to preview unsaved edits."""
    return render_to_string(
        "admin/_markdown_preview.html",
        {"html": render_markdown(text), "url": url, "target": target},
    )


def rules_documentation() -> str:
    """The matching rules' specification, as the linker's own docstring states it.

    The linker is being split: once ``sources.linking.rules`` exists its module
    docstring is the spec; until then the spec opens the engine's docstring, from
    the "Claim.match_rules" heading on.
    """
    if importlib.util.find_spec("sources.linking.rules") is not None:
        return inspect.getdoc(importlib.import_module("sources.linking.rules")) or ""
    text = inspect.getdoc(importlib.import_module("sources.linking.engine")) or ""
    heading = text.find("Claim.match_rules")
    return text[heading:] if heading >= 0 else text
