"""Plain records that parsing produces and loading writes. No database access."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class CitationRecord:
    """One credit the article gives: kind is a ``Citation.Kind`` value."""

    kind: str
    text: str
    outlet: str = ""  # name of the cited outlet, resolved to an Outlet when loading
    title: str = ""
    url: str = ""

    @classmethod
    def for_image_credit(cls, caption: dict) -> "CitationRecord":
        """The citation an image credit makes: ``{"text": ..., "credit": "example.org"}``."""
        return cls(
            kind="image_credit",
            text=caption["credit"],
            outlet=caption["credit"],
            title=caption["text"],
        )


@dataclass
class ParsedArticle:
    """Everything parsing learns about one document, before it touches the database."""

    title: str
    body: str  # paragraphs separated by "\n\n"; list items and table rows by "\n"
    dek: str = ""
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_precision: str = "unknown"
    url: str = ""
    outlet_name: str = ""  # the outlet that published it, as named by hints or the text
    outlet_kind: str = ""  # an Outlet.Kind value when known, else ""
    category: str = ""  # the section label some pages carry ("AI Infrastructure")
    captions: list[dict] = field(default_factory=list)  # {"text": ..., "credit": ...}
    citations: list[CitationRecord] = field(default_factory=list)
    language: str = "en"
    word_count: int = 0
    content_hash: str = ""  # SHA-256 of the raw bytes
    format: str = ""  # "text", "markdown" or "html"
    outlet_hints: list[str] = field(default_factory=list)  # every outlet name the text gave
    removed: list[str] = field(default_factory=list)  # lines left out of the body, for review
    warnings: list[str] = field(default_factory=list)  # what was dropped and why (the report)
