"""Markdown articles to plain text: markup stripped, words kept.

Headings become their own paragraphs, emphasis and links become their text,
images become captions, front matter (title, date, author, canonical URL)
becomes metadata. The result goes through the same plain-text rules as .txt.

No database access; pure, safe to re-run.
"""

import re
from dataclasses import dataclass, field

from sources.ingest.clean.recognise import normalise_space, parse_credit

_FENCE = re.compile(r"^(```|~~~)")
_ATX_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)\s*$")
_RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?:[^()\s]|\([^)]*\))+(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\[[^\]]*\]")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>]+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = [
    re.compile(r"\*\*(?P<t>\S(?:.*?\S)?)\*\*"),
    re.compile(r"__(?P<t>\S(?:.*?\S)?)__"),
    re.compile(r"(?<![\w*])\*(?P<t>\S(?:.*?\S)?)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?P<t>\S(?:.*?\S)?)_(?!\w)"),
    re.compile(r"~~(?P<t>\S(?:.*?\S)?)~~"),
    re.compile(r"`(?P<t>[^`]+)`"),
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LIST_MARKER = re.compile(r"^\s*[*+-]\s+")
_ORDERED_MARKER = re.compile(r"^\s*\d{1,3}[.)]\s+")
_FRONT_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "author": "authors",
    "authors": "authors",
    "byline": "authors",
    "url": "url",
    "canonical": "url",
    "canonical_url": "url",
    "link": "url",
    "description": "dek",
    "summary": "dek",
    "subtitle": "dek",
    "dek": "dek",
    "outlet": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "publication": "outlet",
    "lang": "language",
    "language": "language",
}


@dataclass
class MarkdownText:
    text: str
    meta: dict = field(default_factory=dict)  # from front matter, in hint names
    captions: list[dict] = field(default_factory=list)


def _front_matter(lines: list[str]) -> tuple[dict, list[str]]:
    """YAML-style ``---`` front matter (flat ``key: value`` lines only)."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 80)):
        if lines[end].strip() in {"---", "..."}:
            break
    else:
        return {}, lines
    meta: dict = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        name = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'")
        if not sep or not name or not value:
            continue
        if name == "authors":
            value = [a.strip().strip("\"'") for a in value.strip("[]").split(",") if a.strip()]
        meta[name] = value
    return meta, lines[end + 1 :]


def inline_text(text: str) -> str:
    """One line of markdown to its words."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _REF_LINK.sub(lambda m: m["text"], text)
    text = _AUTOLINK.sub(lambda m: m["url"], text)
    text = _HTML_TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(lambda m: m["t"], text)
    return _ESCAPE.sub(r"\1", text)


def markdown_to_text(source: str) -> MarkdownText:
    """Plain text with one paragraph per line, blank lines between blocks."""
    meta, lines = _front_matter(_HTML_COMMENT.sub("", source).split("\n"))
    captions: list[dict] = []
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(" ".join(paragraph))
            out.append("")
            paragraph.clear()

    in_fence = False
    pending_image = ""
    for raw in lines:
        line = raw.rstrip()
        if _FENCE.match(line.strip()):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        stripped = line.strip()
        while stripped.startswith(">"):
            stripped = stripped[1:].strip()
        if not stripped or _REF_DEFINITION.match(stripped):
            flush()
            continue
        image = _IMAGE.fullmatch(stripped)
        if image:
            flush()
            pending_image = normalise_space(image["alt"])
            continue
        if pending_image is not None and pending_image != "":
            credit = parse_credit(inline_text(stripped))
            captions.append({"text": pending_image, "credit": credit})
            pending_image = ""
            if credit:
                continue
        if _SETEXT_UNDERLINE.match(stripped) and paragraph:
            flush()  # the paragraph above was a heading
            continue
        if _RULE.match(stripped):
            flush()
            continue
        heading = _ATX_HEADING.match(stripped)
        if heading:
            flush()
            out.extend([inline_text(heading["text"]), ""])
            continue
        if _LIST_MARKER.match(line) or _ORDERED_MARKER.match(line) or stripped.startswith("|"):
            flush()
            item = _LIST_MARKER.sub("- ", stripped) if _LIST_MARKER.match(stripped) else stripped
            out.append(inline_text(item))
            continue
        paragraph.append(inline_text(stripped))
    flush()
    if pending_image:
        captions.append({"text": pending_image, "credit": ""})
    return MarkdownText(text="\n".join(out), meta=meta, captions=captions)
