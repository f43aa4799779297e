"""Plain-text cleaning: web copies of articles into title, byline, body and credits.

The rules are generic shapes that pasted web pages share (share-button lines,
"Also Read:" promos glued to paragraphs, comment widgets, image credits,
"Sources:" lists, site taglines), never sentences of particular articles.
What a rule removes stays in ``Source.raw_input``; ``Cleaned.removed`` lists it.

No database access; every function is pure, so re-running is always safe.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from dateparser.date import DateDataParser

from sources.ingest.records import CitationRecord, Cleaned

# --- Line shapes -------------------------------------------------------------

_BULLET = r"[-*+\u2022\u00b7\u2023\u25aa\u25cf\u2013\u2014]"
_LIST_ITEM = re.compile(rf"^(?:{_BULLET}\s+|\d{{1,3}}[.)]\s+)")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)]?\s+[\"'“‘(]?[A-Z]")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)]*$")

_SOCIAL = (
    r"whats\s?app|twitter|x|facebook|fb|linkedin|telegram|reddit|pinterest|threads|bluesky"
    r"|mastodon|e-?mail|sms|messenger|copy(?: the)? link|copy url|print|flipboard|pocket"
    r"|tumblr|koo|google news"
)
_SHARE_LINE = re.compile(
    rf"^(?:{_BULLET}\s*)?(?:share(?: this)?(?: article| story| post| page)?(?: on| via)?\s*:?\s*)?"
    rf"(?:(?:{_SOCIAL})(?:\s*[,|/\u2022\u00b7]\s*|\s+|$))+$",
    re.IGNORECASE,
)
_BARE_SHARE = re.compile(
    r"^(?:share|tweet|share this(?: article| story| post)?|share on|shares?)\s*:?$", re.IGNORECASE
)
# "1 0 0", "12", "1,204": like/share/comment counters that lost their icons.
_COUNTER = re.compile(r"^\d[\d,.]*(?:\s+\d[\d,.]*)*$")
_COUNTED_WIDGET = re.compile(
    r"^(?:\d+\s*)?(?:likes?|shares?|comments?|views?|reactions?|replies|responses)"
    r"\s*(?:\(\d+\)|:\s*\d+|\d+)?$",
    re.IGNORECASE,
)
_COMMENT_WIDGET = re.compile(
    r"^(?:be the first to (?:comment|reply|respond)|leave a (?:comment|reply)|post a comment"
    r"|add a comment|write a comment|(?:show|view|load|hide|read) (?:all |the )?comments?"
    r"|join the (?:conversation|discussion)|(?:log|sign) in to (?:comment|reply)"
    r"|no comments yet|comments? (?:are|is) closed|comment on this (?:story|article))\b.{0,40}$",
    re.IGNORECASE,
)
_WIDGET_WORDS = re.compile(
    r"^(?:comscore|chartbeat|quantcast|advertisement|advertising|sponsored(?: content)?|ads?"
    r"|scroll to continue(?: with content)?|continue reading(?: below)?"
    r"|story continues below(?: advertisement)?|skip to (?:main )?content|loading(?:\.\.\.|…)?"
    r"|subscribe(?: now)?|sign up(?: for (?:our|the) newsletter)?|newsletter|all rights reserved"
    r"|follow us(?: on .{1,40})?|(?:terms of (?:use|service)|privacy policy|cookie policy)"
    r"(?:\s*[|\u00b7\u2022]\s*(?:terms of (?:use|service)|privacy policy|cookie policy|contact))*"
    r")[.!]?$",
    re.IGNORECASE,
)
_RELATED_HEADER = re.compile(
    r"^(?:related(?: (?:news|stories|articles|posts|content|coverage|reading|links|topics))?"
    r"|more(?: [\w.-]+){0,3} (?:news|stories|articles|posts|coverage|headlines)"
    r"|more from .{1,40}|recommended(?: for you| stories| articles| reading)?"
    r"|you (?:may|might) also like|trending(?: now| stories| news)?"
    r"|(?:most )?popular(?: stories| now| news)?|most read|latest (?:news|stories|headlines)"
    r"|top stories|read (?:more|next)|also read|see also|editor['’]?s picks)\s*:?$",
    re.IGNORECASE,
)
# Headers that only ever introduce links to other articles, wherever they stand
# ("More from the courtroom" or "Latest" can be a subheading of the story).
_PROMO_HEADER = re.compile(
    r"^(?:related(?: (?:news|stories|articles|posts|content|coverage|reading|links))?"
    r"|recommended (?:for you|stories|articles|reading)|you (?:may|might) also like"
    r"|read (?:more|next|also)|also read|see also|must read|editor['’]?s picks)\s*:?$",
    re.IGNORECASE,
)
_MAX_PROMO_ITEMS = 6
# "news Also Read: <another headline>" glued after a paragraph's last sentence.
# Only labels that introduce another article; "Watch:" or "Recommended:" just
# as often open a sentence of the story itself.
_PROMO_WORDS = r"(?i:also read|read also|also see|see also|read more|must read)"
_INLINE_PROMO = re.compile(
    rf"(?<=[.!?…\"'”’)\]])\s+(?:[a-z]{{2,15}}\s+)?{_PROMO_WORDS}\s*[:|]\s+(?P<headline>.*)$"
)
_LINE_PROMO = re.compile(rf"^(?:[a-z]{{2,15}}\s+)?{_PROMO_WORDS}\s*[:|]\s+(?P<headline>.*)$")
# A sentence ends here (a line that ends one is not continued on the next).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")

# --- Outlet hints ------------------------------------------------------------

_OUTLET_HINT_LINES = [
    # "Add Techlusive as a Preferred Source" (Google's preferred-sources button)
    re.compile(
        r"^add\s+(?P<site>.+?)\s+as\s+(?:a|your)\s+(?:preferred|trusted)\s+source", re.IGNORECASE
    ),
    re.compile(r"^make\s+(?P<site>.+?)\s+(?:a|your)\s+preferred\s+source", re.IGNORECASE),
    re.compile(r"^follow\s+(?P<site>.+?)\s+on\s+google\s+news\b", re.IGNORECASE),
]
_COPYRIGHT = re.compile(
    r"^(?P<mark>©|\(c\)|copyright)\s*(?P<symbol>©\s*|\(c\)\s*)?"
    r"(?P<year>(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?\s*,?\s*"
    r"(?P<site>[^.,|]{2,60}?)\s*(?:[.,|]\s*(?P<reserved>all rights reserved)?\.?)?$",
    re.IGNORECASE,
)
# "AIStart.ai · Your Personal AI Launchpad": a site name and its tagline.
_TAGLINE = re.compile(
    r"^(?P<site>[^\s|\u00b7\u2022][^|\u00b7\u2022]{0,47}?)\s+[|\u00b7\u2022]\s+"
    r"(?P<tagline>[^|\u00b7\u2022]{3,100})$"
)
_REPUBLISHED = re.compile(
    r"^(?:this (?:article|story|post|piece) )?(?:was |has been )?"
    r"(?:(?:originally|first) (?:published|appeared|ran) (?:on|in|at|by)"
    r"|(?:republished|reprinted|syndicated|adapted)(?: with permission)? (?:from|by))\s+"
    r"(?P<site>.+?)(?:\s+on\s+.+?)?[.]?$",
    re.IGNORECASE,
)

# --- Credits and citations ----------------------------------------------------

_CREDIT = re.compile(
    r"^\(?\s*(?:(?:image|photo|picture|photograph|illustration|graphic|video|chart)s?"
    r"(?:\s+(?:credit|source|courtesy))?|source|credit|courtesy)\s*:\s*"
    r"(?P<credit>[^\s].{0,99}?)\s*\)?$",
    re.IGNORECASE,
)
_CREDIT_BY = re.compile(
    r"^\(?\s*(?:photo|image|illustration|picture)s?\s+(?:by|via|courtesy of)\s+"
    r"(?P<credit>[^\s].{0,79}?)\s*\)?$",
    re.IGNORECASE,
)
_SOURCES_HEADER = re.compile(
    r"^(?:sources?|references?|further reading|sources? and further reading|bibliography"
    r"|citations?|sources? cited)\s*:?$",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>\S+?)\)")
_URL = re.compile(r"https?://[^\s)>\]]+")
_TITLE_OUTLET_SPLIT = re.compile(r"\s+[-–—|]\s+")

# Outlet names in prose credits: capitalised words, optionally joined by
# "of"/"for"/"the" ("MIT Technology Review", "The Decoder").
_NAME_WORD_RE = r"[A-Z][\w&'’-]*(?:\.\w[\w&'’-]*)*"  # internal dots only: "AIStart.ai"
_NAME = rf"{_NAME_WORD_RE}(?:\s+(?:{_NAME_WORD_RE}|of|for|the|de))*"
_NAME_LAZY = rf"{_NAME_WORD_RE}(?:\s+(?:{_NAME_WORD_RE}|of|for|the|de))*?"
_PIECE = r"(?:report|reporting|story|article|coverage|investigation|analysis|piece)"
_BASED_ON = [
    re.compile(
        rf"(?P<phrase>(?<!\w)(?i:based on|according to|citing|per|drawing on)\s+"
        rf"(?:(?i:the|a|an)\s+)?(?P<outlet>{_NAME_LAZY})(?:['’]s)?\s+{_PIECE})\b"
    ),
    re.compile(
        rf"(?P<phrase>(?<!\w)(?i:based on|according to|citing|per|drawing on)\s+"
        rf"(?:(?i:the|a|an)\s+)?{_PIECE}\s+(?:by|from|in|at)\s+(?:the\s+)?(?P<outlet>{_NAME}))"
    ),
    re.compile(
        r"(?P<phrase>(?<!\w)(?i:as (?:first |originally )?reported by|first reported by)\s+"
        rf"(?:the\s+)?(?P<outlet>{_NAME}))"
    ),
]

# --- Bylines and dates ---------------------------------------------------------

_BYLINE_KEY = re.compile(
    r"^(?P<key>(?:(?:edited|written|reported|published|posted|updated|compiled|produced"
    r"|words|story|text|reporting|curated)\s+)?by|authors?|writers?|reporters?|editors?"
    r"|(?:first\s+)?(?:published|posted|updated|last updated|modified|date|dated)(?:\s+on)?)"
    r"(?:\s*:\s*|\s+)(?P<value>.+)$",
    re.IGNORECASE,
)
_BYLINE_SPLIT = re.compile(r"\s+[|\u2022\u00b7]\s+|\s*\|\s*")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|de|da|van|von|der|bin|al|la|le|del|du)$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ISO_DATE = re.compile(
    r"(?P<date>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?"
    r"(?:\.\d+)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_DATE_PARSER = DateDataParser(
    languages=["en"],
    settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
)


@dataclass
class _Unit:
    text: str
    block: int  # which blank-line-separated block of the file it came from


def parse_date(text: str) -> tuple[date, str] | None:
    """A calendar date and its precision ("day", "month", "year") from ``text``, or None.

    Only absolute dates with a year count: "yesterday" or "May 1" mean nothing
    in an archived copy.
    """
    text = _PARENTHESES.sub(" ", text).strip(" ,.;")
    if not text or not _YEAR.search(text) or len(text) > 60:
        return None
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        return date.fromisoformat(iso["date"]), "day"
    data = _DATE_PARSER.get_date_data(text)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    precision = data.period if data.period in {"day", "month", "year"} else "day"
    if precision == "month":
        found = found.replace(day=1)
    elif precision == "year":
        found = found.replace(month=1, day=1)
    return found, precision


def normalise_space(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text).strip()


def same_text(a: str, b: str) -> bool:
    """Equal once case, spacing and end punctuation are ignored (a repeated headline)."""

    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(a) and key(a) == key(b)


def is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


def is_table_row(text: str) -> bool:
    return bool(_TABLE_ROW.match(text))


def looks_like_prose(text: str) -> bool:
    """Several sentences, or one long one: article text rather than a headline or label."""
    return len(text) > 160 or bool(_SENTENCE_BREAK.search(text))


# --- Splitting into units ------------------------------------------------------


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


# --- Line-level rules ------------------------------------------------------------


def is_boilerplate(text: str) -> bool:
    """A whole line that is page furniture, not article prose."""
    bare = re.sub(rf"^{_BULLET}\s*", "", text).strip()
    if not bare:
        return True
    return bool(
        _SHARE_LINE.match(text)
        or _BARE_SHARE.match(bare)
        or (len(bare) <= 20 and _COUNTER.match(bare))
        or _COUNTED_WIDGET.match(bare)
        or _COMMENT_WIDGET.match(bare)
        or _WIDGET_WORDS.match(bare)
        or _TABLE_SEPARATOR.match(bare)
        or _is_line_promo(bare)
    )


def looks_like_headline(text: str) -> bool:
    """A short, title-ish fragment: another article's headline, not a sentence of prose.

    Its first word has a capital or a digit ("xAI", "2026") or it opens with a
    quote; it is at most 20 words, has no sentence break inside and does not
    end with a full stop.
    """
    text = text.strip()
    first = text.split()[0] if text else ""
    return bool(
        first
        and (any(c.isupper() or c.isdigit() for c in first) or first[0] in "\"'“‘")
        and len(text) <= 160
        and len(text.split()) <= 20
        and not _SENTENCE_BREAK.search(text)
        and not re.search(r"[.;,:][\"'”’)]*$", text)
    )


def _is_line_promo(text: str) -> bool:
    match = _LINE_PROMO.match(text)
    return bool(match and looks_like_headline(match["headline"]))


def outlet_hint(text: str) -> str:
    """The site a "preferred source"/"follow us" button line names, or ""."""
    for pattern in _OUTLET_HINT_LINES:
        match = pattern.match(text)
        if match:
            return match["site"].strip(" .")
    return ""


def strip_inline_promo(text: str) -> tuple[str, str]:
    """Cut an "Also Read: <headline>" promo glued to the end of a paragraph.

    Returns (kept text, removed fragment). The promo runs to the end of the
    line: the other headline has no end mark to stop at. Only a headline-shaped
    fragment is cut; a label opening a sentence of the story ("See also: the
    2023 lawsuit, which...") is prose and stays.
    """
    match = _INLINE_PROMO.search(text)
    if not match or not looks_like_headline(match["headline"]):
        return text, ""
    return text[: match.start()].rstrip(), match.group(0).strip()


def parse_credit(text: str) -> str:
    """The credit of an image-credit line ("Source: commons.wikimedia.org"), or ""."""
    if len(text) > 120 or _ENDS_SENTENCE.search(text.rstrip(")")) and text.count(" ") > 10:
        return ""
    match = _CREDIT.match(text) or _CREDIT_BY.match(text)
    if not match:
        return ""
    credit = match["credit"].strip(" .)")
    return credit if 0 < len(credit.split()) <= 10 else ""


def _names(value: str) -> list[str]:
    names = []
    for part in re.split(r"\s*(?:,|&|;|\band\b)\s*", value):
        part = part.strip(" .")
        words = part.split()
        if not words:
            continue
        if len(words) > 5 or len(part) > 60 or not all(_NAME_WORD.match(w) for w in words):
            return []
        if not words[0][0].isupper():
            return []
        names.append(part)
    return names


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    published: tuple[date, str] | None = None
    updated: tuple[date, str] | None = None


def parse_byline(text: str) -> Byline | None:
    """Authors and dates from a byline or dateline, or None if the line is not one.

    Handles "By A and B", "Edited By: A | Published By: A | Published: May 01,
    2026, 05:10 PM (IST)", "Posted on 2 May 2026 by A", "A · 2026-05-02" and
    a bare date line.
    """
    if len(text) > 250 or looks_like_prose(text) and "|" not in text:
        return None
    byline = Byline()
    evidence = 0
    loose_names: list[str] = []
    # "Posted on 2 May 2026 by Jane Doe": split the trailing "by" off first.
    text = re.sub(r"(?i)(\d{4})\s+by\s+", r"\1 | By ", text)
    for segment in _BYLINE_SPLIT.split(text):
        segment = segment.strip()
        if not segment:
            continue
        match = _BYLINE_KEY.match(segment)
        if match:
            key = match["key"].lower()
            value = match["value"].strip()
            if key.endswith("by") or key.rstrip("s") in {"author", "writer", "reporter", "editor"}:
                names = _names(value)
                if not names:
                    return None
                byline.authors.extend(n for n in names if n not in byline.authors)
            else:
                found = parse_date(value)
                if found is None:
                    return None
                if "updated" in key or "modified" in key:
                    byline.updated = byline.updated or found
                else:
                    byline.published = byline.published or found
            evidence += 1
            continue
        found = parse_date(segment)
        if found is not None:
            byline.published = byline.published or found
            evidence += 1
            continue
        names = _names(segment)
        if not names:
            return None
        loose_names.extend(names)
    if not evidence:
        return None
    byline.authors.extend(n for n in loose_names if n not in byline.authors)
    return byline


def parse_meta_line(text: str) -> tuple[str, tuple[date, str], str] | None:
    """(category, date, origin) from a label line ("AI Infrastructure2026-05-01TechCrunch AI").

    Aggregators print section, date and the original outlet on one line, often
    with the separators lost; an ISO date splits them apart again.
    """
    if len(text) > 120 or looks_like_prose(text):
        return None
    match = _ISO_DATE.search(text)
    if match:
        before, after = text[: match.start()], text[match.end() :]
        found = (date.fromisoformat(match["date"]), "day")
    else:
        segments = [s.strip() for s in _BYLINE_SPLIT.split(text) if s.strip()]
        if len(segments) < 2:
            return None
        dated = [i for i, s in enumerate(segments) if parse_date(s)]
        if len(dated) != 1:
            return None
        i = dated[0]
        found = parse_date(segments[i])
        before, after = " ".join(segments[:i]), " ".join(segments[i + 1 :])
    strip = " |\u00b7\u2022-–—/,:"
    before, after = before.strip(strip), after.strip(strip)
    if not before and not after:
        return None
    if after and (len(after.split()) > 6 or not after[0].isupper()):
        return None
    return before, found, after


# --- The cleaner -------------------------------------------------------------------


def _find_header(units: list[_Unit], cleaned: Cleaned, *, title: str) -> list[_Unit]:
    """Take the label line, title, repeated title, byline and dek off the top."""
    units = list(units)
    # A label line above the headline (section, date, original outlet).
    for _ in range(2):
        if not units:
            break
        meta = parse_meta_line(units[0].text)
        if meta is None:
            break
        category, (found, precision), origin = meta
        cleaned.category = cleaned.category or category
        if cleaned.published is None:
            cleaned.published, cleaned.published_precision = found, precision
        if origin:
            cleaned.citations.append(
                CitationRecord(kind="republished_from", text=origin, outlet=origin)
            )
        cleaned.removed.append(units.pop(0).text)

    title_block: int | None = None
    if title:
        cleaned.title = title
    elif units and len(units[0].text) <= 250 and not is_list_item(units[0].text):
        first = units[0]
        # A short kicker ("Exclusive", "Tech News") above a headline-shaped line.
        if (
            len(units) > 1
            and len(first.text.split()) <= 3
            and not _ENDS_SENTENCE.search(first.text)
            and 3 <= len(units[1].text.split()) <= 30
            and not _ENDS_SENTENCE.search(units[1].text.rstrip("”’\"'"))
            and not looks_like_prose(units[1].text)
            and parse_byline(units[1].text) is None  # "Short headline" / "By A and B"
        ):
            cleaned.category = cleaned.category or first.text
            cleaned.removed.append(units.pop(0).text)
        title_unit = units.pop(0)
        cleaned.title = title_unit.text
        title_block = title_unit.block
    if not cleaned.title:
        return units

    # The headline repeated below itself (web copies often print it twice).
    for i in reversed(range(min(4, len(units)))):
        if same_text(units[i].text, cleaned.title):
            cleaned.removed.append(units.pop(i).text)

    bylines: list[int] = []
    for i in range(min(4, len(units))):
        byline = parse_byline(units[i].text)
        if byline is None:
            if i >= 1 and looks_like_prose(units[i].text):
                break
            continue
        bylines.append(i)
        cleaned.authors.extend(a for a in byline.authors if a not in cleaned.authors)
        found = byline.published or byline.updated
        if found and cleaned.published is None:
            cleaned.published, cleaned.published_precision = found

    dek_index = None
    candidates = [i for i in range(min(3, len(units))) if i not in bylines]
    if candidates:
        i = candidates[0]
        text = units[i].text
        shaped = (
            len(text) <= 400
            and len(text.split()) >= 5
            and not is_list_item(text)
            and not is_table_row(text)
        )
        before_byline = any(b > i for b in bylines)
        # A headline and standfirst set apart from the rest by a blank line.
        later_blocks = [u.block for j, u in enumerate(units) if j > i and j not in bylines]
        own_block = (
            title_block is not None
            and units[i].block == title_block
            and bool(later_blocks)
            and all(block != title_block for block in later_blocks)
        )
        if shaped and (before_byline or own_block):
            dek_index = i
            cleaned.dek = text
    drop = set(bylines) | ({dek_index} if dek_index is not None else set())
    for i in sorted(drop, reverse=True):
        unit = units.pop(i)
        if i in bylines:
            cleaned.removed.append(unit.text)
    return units


def copyright_owner(text: str) -> str:
    """The owner a copyright line names ("© 2026 Example News. All rights reserved."), or "".

    The word "copyright" alone opens sentences too ("Copyright lawyers expect
    an appeal."), so it counts only with a ©/(c) mark, a year or "all rights
    reserved".
    """
    match = _COPYRIGHT.match(text)
    if not match:
        return ""
    marked = match["mark"].lower() != "copyright" or bool(match["symbol"])
    if not (marked or match["year"] or match["reserved"]):
        return ""
    site = match["site"].strip()
    return site if len(site.split()) <= 6 else ""


def _tagline_site(text: str) -> str:
    """The site of a "Site · what it is" tagline line, or "".

    The site is a short name (capitalised words or a domain) and the tagline
    words, not figures: "Revenue · $4.2 billion" is a fact box row.
    """
    tagline = _TAGLINE.match(text)
    if not tagline or is_table_row(text):
        return ""
    site, words = tagline["site"].strip(), tagline["tagline"].strip()
    if (
        len(site.split()) > 4
        or not re.fullmatch(_NAME, site)
        or _ENDS_SENTENCE.search(site)
        or _ENDS_SENTENCE.search(words)
        or re.search(r"[\d$€£¥%]", words)
        or parse_date(words) is not None
    ):
        return ""
    return site


def _is_fact_row(text: str) -> bool:
    return bool(_TAGLINE.match(text)) and not (is_boilerplate(text) or copyright_owner(text))


def _take_trailing_furniture(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Peel site taglines and copyright lines off the end (they name the outlet).

    One tagline at most, and not one of several "Label · value" rows in a row
    (that is a fact box, part of the article).
    """
    units = list(units)
    tagline_taken = False
    while units:
        text = units[-1].text
        owner = copyright_owner(text)
        site = "" if tagline_taken else _tagline_site(text)
        if site and len(units) > 1 and _is_fact_row(units[-2].text):
            site = ""  # one row of a "Label · value" box
        if owner:
            cleaned.outlet_hints.append(owner)
        elif site:
            cleaned.outlet_guesses.append(site)
            tagline_taken = True
        elif not is_boilerplate(text):
            break
        cleaned.removed.append(units.pop().text)
    return units


def _is_related_item(text: str) -> bool:
    """A line listed under "Related stories": a headline, a list item or a link."""
    if is_table_row(text) or looks_like_prose(text):
        return False
    return bool(
        is_list_item(text)
        or _MD_LINK.search(text)
        or _URL.search(text)
        or not re.search(r"[.…][\"'”’)\]]*$", text)  # "Who pays for the delays?" is one too
    )


def _take_related(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Drop "Related news"-style headers and the other headlines listed under them.

    In the article's tail, any such header goes when nothing but headline-shaped
    items (no final full stop, or a list item or link) and other such headers
    follow it. Before that, only a header that never introduces story text
    ("Also read", "Related stories") goes, with the few headlines under it.
    "More from the courtroom" above sentences of the story is a subheading and stays.
    """
    start = len(units)
    for i in reversed(range(len(units))):
        text = units[i].text
        if _RELATED_HEADER.match(text):
            start = i
        elif not _is_related_item(text):
            break
    cleaned.removed.extend(unit.text for unit in units[start:])
    units = units[:start]

    kept: list[_Unit] = []
    i = 0
    while i < len(units):
        end = i + 1
        promo = bool(_PROMO_HEADER.match(units[i].text))
        if promo:
            while (
                end < len(units)
                and end - i <= _MAX_PROMO_ITEMS
                and _is_related_item(units[end].text)
                and not _RELATED_HEADER.match(units[end].text)
            ):
                end += 1
        if promo:
            cleaned.removed.extend(unit.text for unit in units[i:end])
        else:
            kept.append(units[i])
        i = end
    return kept


def split_title_outlet(item: str) -> tuple[str, str]:
    """ "Headline - Outlet" (or "Headline (Outlet)") into its two parts."""
    parts = _TITLE_OUTLET_SPLIT.split(item)
    if len(parts) >= 2:
        outlet = parts[-1].strip()
        if outlet and len(outlet.split()) <= 6 and len(outlet) <= 60:
            return item[: item.rindex(outlet)].rstrip(" -–—|"), outlet
    match = re.match(r"^(?P<title>.+)\s+\((?P<outlet>[^()]{2,60})\)$", item)
    if match:
        return match["title"].strip(), match["outlet"].strip()
    return item, ""


def _take_source_list(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """A "Sources:" header and the list under it become source_list citations."""
    for start, unit in enumerate(units):
        if not _SOURCES_HEADER.match(unit.text):
            continue
        end = start + 1
        while end < len(units):
            item = units[end].text
            if len(item) > 300 or (not is_list_item(item) and looks_like_prose(item)):
                break
            end += 1
        if end == start + 1:
            continue
        for unit_item in units[start + 1 : end]:
            item = _LIST_ITEM.sub("", unit_item.text).strip()
            url = ""
            link = _MD_LINK.search(item)
            if link:
                url = link["url"]
                item = _MD_LINK.sub(lambda m: m["text"], item)
            bare = _URL.search(item)
            if bare:
                url = url or bare.group(0)
                item = _URL.sub("", item).strip(" -–—|:()")
            title, outlet = split_title_outlet(item)
            cleaned.citations.append(
                CitationRecord(
                    kind="source_list",
                    text=unit_item.text.lstrip("-*+• ").strip(),
                    outlet=outlet,
                    title=title or outlet,
                    url=url,
                )
            )
        cleaned.removed.extend(u.text for u in units[start:end])
        return units[:start] + units[end:]
    return units


def _take_credits(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Image-credit lines leave the body; the line they credit stays and becomes the caption."""
    kept: list[_Unit] = []
    for unit in units:
        credit = parse_credit(unit.text)
        if not credit:
            kept.append(unit)
            continue
        credited = kept[-1].text if kept else ""
        cleaned.captions.append({"text": credited, "credit": credit})
        cleaned.citations.append(
            CitationRecord(kind="image_credit", text=unit.text, outlet=credit, title=credited)
        )
        cleaned.removed.append(unit.text)
    return kept


def _take_republished_notes(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    kept: list[_Unit] = []
    for unit in units:
        match = _REPUBLISHED.match(unit.text) if len(unit.text) <= 200 else None
        if match and len(match["site"].split()) <= 6:
            cleaned.citations.append(
                CitationRecord(kind="republished_from", text=unit.text, outlet=match["site"])
            )
            cleaned.removed.append(unit.text)
        else:
            kept.append(unit)
    return kept


def find_based_on(text: str) -> list[CitationRecord]:
    """Prose credits ("Based on the TechCrunch report", "as first reported by Decrypt")."""
    found: list[CitationRecord] = []
    for pattern in _BASED_ON:
        for match in pattern.finditer(text):
            phrase = match["phrase"]
            outlet = re.sub(r"(?:\s+(?:of|for|the|de)|['’]s)$", "", match["outlet"])
            if match.end("outlet") == match.end("phrase"):
                # A connector word caught at the end belongs to the sentence, not the name.
                phrase = phrase[: len(phrase) - len(match["outlet"]) + len(outlet)]
            if phrase.lower().startswith(("based on the report", "according to the report")):
                continue
            if not any(c.text == phrase for c in found):
                found.append(CitationRecord(kind="based_on", text=phrase, outlet=outlet))
    return found


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


def clean_text(text: str, *, title: str = "") -> Cleaned:
    """Split decoded article text into header fields, body paragraphs and credits.

    ``title``: the headline when metadata already gave it (HTML, front matter);
    the text's own copy of it is then dropped instead of re-detected.
    Returns a Cleaned record; pure, safe to re-run.
    """
    cleaned = Cleaned()
    units: list[_Unit] = []
    for unit in split_units(text):
        hint = outlet_hint(unit.text)
        if hint:
            cleaned.outlet_hints.append(hint)
            cleaned.removed.append(unit.text)
            continue
        if is_boilerplate(unit.text):
            cleaned.removed.append(unit.text)
            continue
        kept, promo = strip_inline_promo(unit.text)
        if promo:
            cleaned.removed.append(promo)
            unit.text = kept
        units.append(unit)

    units = _take_trailing_furniture(units, cleaned)
    units = _take_source_list(units, cleaned)
    units = _take_related(units, cleaned)
    units = _take_trailing_furniture(units, cleaned)
    units = _find_header(units, cleaned, title=title)
    units = _take_credits(units, cleaned)
    units = _take_republished_notes(units, cleaned)
    cleaned.paragraphs = _group_paragraphs(units)
    for citation in find_based_on(cleaned.body):
        if not any(c.kind == citation.kind and c.text == citation.text for c in cleaned.citations):
            cleaned.citations.append(citation)
    return cleaned
