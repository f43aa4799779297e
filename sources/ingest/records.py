"""Plain records the ingest wing passes along.

Document in; Cleaned and ParsedArticle out; failures and warnings. No database access.
"""

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


@dataclass
class Document:
    """One article to ingest, from a file, an upload or pasted text."""

    origin: str  # the ingestion key (Source.origin): file path relative to the folder given
    data: bytes  # raw bytes exactly as received
    # editor knowledge: outlet (name), url, published (ISO date), published_precision,
    # title, authors, dek, language
    hints: dict = field(default_factory=dict)
    editor_supplied: bool = False  # True for admin paste/manual: hinted fields become editor-owned


@dataclass
class IngestFailure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestWarning:
    """Something left out of a file that was ingested all the same (a bad URL)."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class Cleaned:
    """What the text says about itself, and its body as paragraphs."""

    title: str = ""
    dek: str = ""
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_precision: str = "unknown"
    category: str = ""
    # Outlet names the text gives plainly (a "preferred source" button, a copyright line).
    outlet_hints: list[str] = field(default_factory=list)
    # Names a site tagline suggests ("PaperLens · AI news"): only ever matched
    # against outlets we already know, never a new outlet of their own.
    outlet_guesses: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[dict] = field(default_factory=list)
    citations: list[CitationRecord] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
