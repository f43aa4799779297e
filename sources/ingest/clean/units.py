"""Lines to units (soft wraps joined, list items, table rows) and units to paragraphs.

Uses the line recognisers; removes nothing. No database access; pure.
"""

import re
from dataclasses import dataclass

from sources.ingest.clean.recognise import (
    _SENTENCE_END,
    _SOURCES_HEADER,
    is_boilerplate,
    is_list_item,
    is_table_row,
    normalise_space,
    parse_byline,
    parse_credit,
)


@dataclass
class _Unit:
    text: str
    block: int  # which blank-line-separated block of the file it came from


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped file breaks at, or None when lines are paragraphs.

    A few longer lines (URLs, list items) do not stop a file counting as wrapped.
    A wrapped file breaks lines mid-sentence; short one-sentence paragraphs
    (a web copy of short lines) end their sentence at every line end, so lines
    near the width only count when they stop mid-sentence.
    """
    lengths = [len(line) for line in lines if line.strip()]
    wrapped = [line for line in lines if line.strip() and len(line) <= 100]
    if len(wrapped) < 5 or len(wrapped) < 0.9 * len(lengths):
        return None
    width = max(len(line) for line in wrapped)
    near_width = [line for line in wrapped if len(line) >= width - 20]
    open_ended = sum(1 for line in near_width if not _SENTENCE_END.search(line))
    if open_ended < max(3, len(lengths) * 0.3) or open_ended < len(near_width) / 2:
        return None
    return width


def _starts_own_line(line: str) -> bool:
    """Lines that never continue the previous one, even in a hard-wrapped file."""
    return bool(
        is_list_item(line)
        or is_table_row(line)
        or parse_credit(line)
        or is_boilerplate(line)
        or _SOURCES_HEADER.match(line)
        or parse_byline(line)
    )


def _continues(line: str, following: str, *, width: int | None) -> bool:
    """In a hard-wrapped file, whether ``following`` is the rest of ``line``'s paragraph.

    The line must reach the wrap column and stop mid-sentence (or the next line
    must go on in lower case, after an abbreviation); bylines, list items,
    credits and furniture always stand on their own.
    """
    if width is None or len(line) < width - 20 or is_table_row(line):
        return False
    if _SENTENCE_END.search(line) and not following[:1].islower():
        return False
    return not (parse_byline(line) or _starts_own_line(following))


def split_units(text: str) -> list[_Unit]:
    """Lines to paragraph units: one line is one paragraph, unless the file is hard-wrapped.

    Web copies put each paragraph on its own line; e-mailed or terminal copies
    wrap at a fixed column, and there a line that reaches the column in the
    middle of a sentence continues on the next one.
    """
    lines = [normalise_space(line) for line in text.split("\n")]
    width = _wrap_width(lines)
    units: list[_Unit] = []
    block = 0
    previous = ""  # the last line of the current block, "" after a blank line
    for line in lines:
        if not line:
            block += 1
            previous = ""
            continue
        if previous and units and _continues(previous, line, width=width):
            units[-1].text = f"{units[-1].text} {line}"
        else:
            units.append(_Unit(line, block))
        previous = line
    return units


def _group_paragraphs(units: list[_Unit]) -> list[str]:
    """List items and table rows stay together as one block, one per line."""
    paragraphs: list[str] = []
    previous_kind = ""
    for unit in units:
        text = unit.text
        kind = "list" if is_list_item(text) else "table" if is_table_row(text) else ""
        if kind == "list":
            text = re.sub(r"^[*+\u2022\u2023\u25aa\u25cf]\s+", "- ", text)
        if kind and kind == previous_kind:
            paragraphs[-1] = f"{paragraphs[-1]}\n{text}"
        else:
            paragraphs.append(text)
        previous_kind = kind
    return paragraphs
