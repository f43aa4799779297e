"""What the desk shows of text: highlighted mentions, quotes in their sentence,
raw input bytes and markdown previews (timeline's admin uses them too).

No database access and no model registration here.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sources.highlight import quote_in_sentence, segment_text
from sources.markdown import render_markdown
from sources.models import Mention

RAW_DISPLAY_LIMIT = 200_000  # characters of raw input shown; the bytes are all kept


# --- Rendering helpers (everything escaped, piece by piece) ---------------------


def highlight_mentions(body: str, mentions: list[Mention]) -> SafeString:
    """The cleaned text with each mention's span in <mark>; overlapping spans nest safely.

    The text is cut at every mention boundary and each piece escaped on its
    own, so no quote or body text can inject markup.
    """
    pieces = []
    for segment in segment_text(body, mentions):
        if segment.spans:
            pieces.append(
                format_html(
                    '<mark class="mention" title="{}">{}</mark>',
                    "; ".join(
                        f"{m.claim.slug} ({m.get_stance_display().lower()})" for m in segment.spans
                    ),
                    segment.text,
                )
            )
        else:
            pieces.append(escape(segment.text))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def decode_raw(raw: bytes) -> str:
    """Raw input as text for display only: UTF-8, else cp1252, never failing."""
    raw = bytes(raw or b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def in_context_html(mention: Mention) -> SafeString:
    context = quote_in_sentence(
        sentence=mention.sentence or "",
        sentence_start=mention.sentence_start,
        quote=mention.quote,
        start=mention.start,
    )
    return format_html(
        '<span class="in-context">{}<mark>{}</mark>{}</span>',
        context.before,
        context.quote,
        context.after,
    )


def markdown_preview(text: str, *, url: str, target: str) -> str:
    """The saved markdown as readers see it, and a button to preview unsaved edits."""
    return format_html(
        '<div class="markdown-preview" id="{}">{}</div>'
        '<button type="submit" class="button" name="_preview_markdown" formaction="{}" '
        'hx-post="{}" hx-target="#{}" hx-swap="innerHTML">Preview the text above</button>',
        target,
        render_markdown(text),
        url,
        url,
        target,
    )
