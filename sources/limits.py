"""The newsroom's size limits: how much one article may hold and one page may show.

Each number has a default here and can be overridden by a setting of the same
name (``MAX_MENTIONS_PER_ARTICLE = 800`` in settings). They bound the work a
page does whatever an article or an editor supplies: the linker stores at most
so many mentions and candidates per article (and says so when it cuts), the
source page shows a long article in parts, and editor markdown is cut to a
length the renderer handles quickly.

Plain functions over numbers and lists; no database access, no HTML.
"""

from collections.abc import Callable, Hashable, Iterable

from django.conf import settings

DEFAULTS = {
    # Automatic mentions the linker stores for one article (editors' own are never cut).
    "MAX_MENTIONS_PER_ARTICLE": 500,
    # Distinct candidate claims the linker proposes for one article.
    "MAX_CANDIDATES_PER_ARTICLE": 200,
    # The source page shows the body in parts of this many characters (?part=2). A
    # mention belongs to the part its start falls in, so its URL needs no query:
    # Mention.get_absolute_url repeats this default (the models import nothing).
    "SOURCE_PART_CHARS": 60_000,
    # Mentions highlighted and listed on one part of the source page, at most.
    "SOURCE_PART_MENTIONS": 1_000,
    # Characters of editor markdown rendered; the rest is cut with a visible note.
    "MARKDOWN_MAX_CHARS": 20_000,
}


def limit(name: str) -> int:
    """The limit ``name``: the setting of that name if there is one, else the default."""
    return int(getattr(settings, name, DEFAULTS[name]))


def max_mentions_per_article() -> int:
    return limit("MAX_MENTIONS_PER_ARTICLE")


def max_candidates_per_article() -> int:
    return limit("MAX_CANDIDATES_PER_ARTICLE")


def source_part_chars() -> int:
    return max(1, limit("SOURCE_PART_CHARS"))


def source_part_mentions() -> int:
    return max(1, limit("SOURCE_PART_MENTIONS"))


def markdown_max_chars() -> int:
    return limit("MARKDOWN_MAX_CHARS")


def part_of(offset: int) -> int:
    """The part (1, 2, ...) of a source page that shows the character at ``offset``."""
    return max(0, offset) // source_part_chars() + 1


def part_query(offset: int) -> str:
    """``?part=K`` for the part showing ``offset``; "" for the first (its plain URL)."""
    part = part_of(offset)
    return f"?part={part}" if part > 1 else ""


def part_count(length: int) -> int:
    """How many parts a body of ``length`` characters is shown in (at least one)."""
    return max(1, -(-length // source_part_chars()))


def cap_article[M, C](matches: list[M], candidates: list[C]) -> tuple[list[M], list[C], str]:
    """One article's automatic matches and candidates within the per-article limits, and a
    sentence for the editor saying what was left out ("" when nothing was).

    Matches are kept in text order; candidates by distinct ``fingerprint``.
    """
    most = max_mentions_per_article()
    kept_matches = matches[:most]
    kept_candidates, dropped = first_distinct(
        candidates, max_candidates_per_article(), key=lambda c: getattr(c, "fingerprint", c)
    )
    notes = []
    if len(matches) > most:
        notes.append(f"{len(matches) - most} of {len(matches)} matches beyond the {most} kept")
    if dropped:
        notes.append(f"{dropped} candidates beyond the {max_candidates_per_article()} proposed")
    return kept_matches, kept_candidates, "; ".join(notes)


def first_distinct[T](
    items: Iterable[T], count: int, key: Callable[[T], Hashable] = lambda item: item
) -> tuple[list[T], int]:
    """The items up to the ``count``-th distinct key (repeats of kept keys stay), and how
    many distinct keys were left out."""
    kept: list[T] = []
    seen: set[Hashable] = set()
    dropped: set[Hashable] = set()
    for item in items:
        value = key(item)
        if value in seen:
            kept.append(item)
        elif len(seen) < count:
            seen.add(value)
            kept.append(item)
        else:
            dropped.add(value)
    return kept, len(dropped)
