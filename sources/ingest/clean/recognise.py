"""What one line (or phrase) of an article is: the line patterns and their recognisers.

Boilerplate, promos, bylines, dates, credits, copyright and tagline lines,
outlet hints, "based on" credits in prose. html.py, mdtext.py and parse.py use
these too. Knows nothing of units or paragraphs; no database access; pure.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from dateparser.date import DateDataParser

from sources.ingest.records import CitationRecord

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


def looks_like_title(text: str) -> bool:
    """Headline-shaped: what may become an article's title when it opens the text.

    Short (at most 25 words), one sentence at most and no full stop, comma,
    colon or semicolon at its end; a question or exclamation is fine. Unlike
    ``looks_like_headline`` it may be all lower case. A first line of prose
    ("Elon Musk said on Tuesday that ... .") is not one and stays in the body.
    """
    text = text.strip()
    return bool(
        text
        and len(text) <= 200
        and len(text.split()) <= 25
        and not _SENTENCE_BREAK.search(text)
        and not re.search(r"[.;,:][\"'”’)]*$", text)
        and not is_list_item(text)
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
