"""Markdown written by editors, rendered once and sanitised with nh3, in bounded time.

Every place that shows editor markdown (public pages, feeds, admin previews) goes
through ``render_markdown``; nothing editor-written is ever marked safe raw.

Python-Markdown takes quadratic time on some inputs (8,000 ``[`` took 15 s: each
``[`` is scanned to its ``]`` or to the end). So before rendering, the text is cut to
``limits.markdown_max_chars()`` characters and ``MAX_LINES`` lines (the page says so
under it) and control characters become spaces; a text whose costly constructs
(bracket scans, unclosed tags, table cells, emphasis marks, quote nesting) are over a
budget is shown as plain escaped paragraphs, which takes linear time. Ordinary text
renders exactly as before. No database access.
"""

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sources import limits

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Lines rendered at most: each block (a heading, a list item) costs Python-Markdown a
# pass over what follows it.
MAX_LINES = 500
# Budgets for the constructs Python-Markdown handles in more than linear time. Text over
# any of them is shown as plain paragraphs (every character escaped, none lost): no
# editor writes 2,000 emphasis marks or 50 unclosed tags on purpose.
BUDGETS = {
    # Characters scanned matching brackets and link parentheses (see bracket_work).
    "brackets": 100_000,
    # Raw-HTML starts with no closing ">" (its HTML parser rescans after each one).
    "unclosed_tags": 50,
    # Table cells (pipes).
    "pipes": 2_000,
    # Emphasis and code marks.
    "marks": 2_000,
    # Blockquotes nested in one another.
    "quote_depth": 10,
    # Inline tags and links (each a pass of the inline processors).
    "tags_and_links": 1_000,
}

# Control characters other than tab and line breaks: never meaningful in editor text,
# invalid in XML feeds, and \x02/\x03 are Python-Markdown's own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|$))")
_QUOTE_RUN = re.compile(r"^[ \t]*(?:>[ \t]*)+", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _matched_distances(text: str, opening: str, closing: str) -> dict[int, int]:
    """For each ``opening`` character, how far a scan for its match goes (to the end
    when it has none): one pass with a stack."""
    distances: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == opening:
            stack.append(index)
        elif char == closing and stack:
            start = stack.pop()
            distances[start] = index - start
    for start in stack:
        distances[start] = len(text) - start
    return distances


def bracket_work(text: str) -> int:
    """Characters Python-Markdown scans matching brackets: from each ``[`` to its ``]``
    and from each ``](`` to its ``)`` (to the end of the text when unmatched). An
    estimate from above (the renderer stops at the end of a paragraph), in linear time."""
    if "[" not in text:
        return 0
    work = sum(_matched_distances(text, "[", "]").values())
    if "](" in text:
        parens = _matched_distances(text, "(", ")")
        work += sum(d for start, d in parens.items() if start and text[start - 1] == "]")
    return work


def costs(text: str) -> dict[str, int]:
    """What ``text`` would cost the renderer, per budget (see ``BUDGETS``). Linear time."""
    return {
        "brackets": bracket_work(text),
        "unclosed_tags": len(_UNCLOSED_TAG.findall(text)),
        "pipes": text.count("|"),
        "marks": text.count("*") + text.count("_") + text.count("`"),
        "quote_depth": max((m.group().count(">") for m in _QUOTE_RUN.finditer(text)), default=0),
        "tags_and_links": text.count("<") + text.count("]("),
    }


def within_budgets(text: str) -> bool:
    """True when Python-Markdown renders ``text`` in about linear time."""
    return all(cost <= BUDGETS[name] for name, cost in costs(text).items())


def prepare_markdown(text: str) -> tuple[str, bool]:
    """The text as it will be rendered, and whether its end was cut off.

    Control characters become spaces; the text is cut to ``limits.markdown_max_chars()``
    characters and ``MAX_LINES`` lines.
    """
    text = _CONTROL.sub(" ", text or "")
    cut = _was_cut(text)
    text = text[: limits.markdown_max_chars()]
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        text = "\n".join(lines[:MAX_LINES])
    return text, cut


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with scripts, event handlers and javascript: links removed.

    Bounded: the text is cut (``prepare_markdown``; a note says so under it), and text
    over a budget (``within_budgets``) is shown as plain escaped paragraphs instead.
    The same text renders the same way: the last few hundred results are kept, so a
    page showing a verdict on every request renders it once (about a millisecond).
    """
    return _rendered(text or "", limits.markdown_max_chars())


@lru_cache(maxsize=256)
def _rendered(text: str, max_chars: int) -> SafeString:
    # ``max_chars`` is in the key: a changed limit (a setting) renders afresh.
    prepared, cut = prepare_markdown(text)
    if within_budgets(prepared):
        html = markdown_lib.markdown(prepared, extensions=["tables", "sane_lists"])
        cleaned = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    else:
        cleaned = "".join(
            f"<p>{escape(part.strip())}</p>" for part in _PARAGRAPH.split(prepared) if part.strip()
        )
    if cut:
        # Our own words with no data in them: safe as they are.
        cleaned += (
            '<p class="truncated"><em>This text is longer than a page shows '
            f"({limits.markdown_max_chars():,} characters or {MAX_LINES} lines); "
            "the rest is not shown.</em></p>"
        )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 or escaped just above


def _was_cut(text: str) -> bool:
    return len(text) > limits.markdown_max_chars() or text.rstrip().count("\n") >= MAX_LINES


def validate_markdown_length(text: str) -> None:
    """A form or model validator: editor markdown within what a page renders in full."""
    if _was_cut(_CONTROL.sub(" ", text or "")):
        raise ValidationError(
            f"Keep this under {limits.markdown_max_chars():,} characters and {MAX_LINES} lines: "
            "a page shows no more.",
            code="markdown_too_long",
        )
