"""HTML pages: main text and metadata through trafilatura, then the plain-text rules.

trafilatura finds the article among navigation, cookie banners, scripts,
"related stories", footers and comment widgets (comments are switched off),
and reads title, site name, author, date and canonical URL from the meta tags.
Figure captions, which it leaves out of the text, are read from <figcaption>.

No database access; pure, safe to re-run.
"""

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from sources.ingest.clean import clean_text
from sources.ingest.clean.recognise import normalise_space, parse_credit, parse_date
from sources.ingest.decode import without_controls
from sources.ingest.errors import IngestError
from sources.ingest.records import CitationRecord, Cleaned

# A credit at the end of a caption: "... next week. Photo: Lena Park/Ledger".
_TRAILING_CREDIT = re.compile(
    r"^(?P<text>.*?[.!?])?\s*(?P<credit>\(?(?:photo|image|picture|illustration|credit|source)s?"
    r"(?:\s+(?:by|credit))?\s*[:]?\s+[^.]{2,80}?\)?)\.?$",
    re.IGNORECASE,
)


@dataclass
class HtmlExtract:
    """Metadata from the page's head and the cleaned main text."""

    cleaned: Cleaned
    title: str = ""
    sitename: str = ""
    authors: list[str] = field(default_factory=list)
    published: tuple | None = None
    url: str = ""
    language: str = ""
    description: str = ""


def _captions(tree) -> list[dict]:
    captions = []
    for element in tree.iter("figcaption"):
        credit_nodes = element.xpath(
            ".//*[contains(@class, 'credit') or contains(@class, 'copyright')]"
        )
        credit = " ".join(normalise_space(n.text_content()) for n in credit_nodes).strip()
        for node in credit_nodes:
            node.drop_tree()
        text = normalise_space(element.text_content())
        if not credit:
            match = _TRAILING_CREDIT.match(text)
            if match and parse_credit(match["credit"].strip("() ")):
                credit = parse_credit(match["credit"].strip("() "))
                text = (match["text"] or "").strip()
        else:
            credit = parse_credit(credit) or credit
        if text or credit:
            captions.append({"text": text, "credit": credit})
    return captions


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in re.split(r";|\s+and\s+|,", value) if name.strip()]


# "&#11;" or "&#x1b;": a control character spelled as a character reference.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,6})|(?P<dec>[0-9]{1,7}));?")


def _without_control_references(text: str) -> str:
    """Character references to control characters replaced as decoding replaces the characters.

    Left in, they reach the parsers as controls (and trafilatura then finds no text).
    """

    def replace(match: re.Match) -> str:
        code = int(match["hex"], 16) if match["hex"] else int(match["dec"])
        # C0 controls and DEL only: HTML reads &#128;-&#159; as Windows-1252 ("&#147;" is “).
        if code >= 0x20 and code != 0x7F or chr(code) in "\t\n\r":
            return match.group(0)
        return without_controls(chr(code))

    return _NUMERIC_REFERENCE.sub(replace, text)


def extract_html(text: str) -> HtmlExtract:
    """Title, site, authors, date, URL, language and cleaned body of an HTML page.

    Raises IngestError when the page has no main text to extract.
    """
    text = _without_control_references(text)
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"not readable HTML ({error})") from error
    captions = _captions(tree)
    language = (tree.get("lang") or "").split("-")[0].lower()

    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise IngestError("no article text found in the HTML page")

    title = normalise_space(document.title or "")
    cleaned = clean_text(document.text, title=title)
    # Figure captions are kept apart from the body, as for plain text.
    for caption in captions:
        if caption not in cleaned.captions:
            cleaned.captions.append(caption)
        if caption["credit"]:
            cleaned.citations.append(CitationRecord.for_image_credit(caption))
    return HtmlExtract(
        cleaned=cleaned,
        title=title,
        sitename=normalise_space(document.sitename or ""),
        authors=_authors(document.author),
        published=parse_date(document.date) if document.date else None,
        url=document.url or "",
        language=language or (document.language or ""),
        description=normalise_space(document.description or ""),
    )
