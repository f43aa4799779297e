"""Parsing one document: formats, metadata, hints, URLs. No database."""

from datetime import date

import pytest

from sources.ingest.errors import IngestError
from sources.ingest.parse import parse_document
from sources.ingest.records import Document
from tests.ingest.helpers import DATA, parse_file


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    article = parse_file("courtwire-hardwrapped.txt")
    first = article.body.split("\n\n")[0]
    assert first.startswith("OAKLAND, California -- Elon Musk acknowledged")
    assert first.endswith("drew gasps from the public gallery.")
    assert "\n" not in first


def test_own_text_article_shaped_unlike_the_seeds():
    article = parse_file("courtwire-hardwrapped.txt")
    assert article.title == 'Musk says xAI "partly" trained Grok on OpenAI output'
    assert article.category == "TECH & LAW"
    assert article.authors == ["Priya Nandakumar", "Tom Ellery"]
    assert (article.published, article.published_precision) == (date(2026, 5, 2), "day")
    assert article.outlet_name == "Court Wire Daily"
    for boilerplate in [
        "READ MORE",
        "Altman's lawyers outline",
        "ADVERTISEMENT",
        "Share this",
        "12 Likes",
        "Leave a comment",
        "References",
        "©",
        "Photo:",
        "Posted on",
    ]:
        assert boilerplate not in article.body, boilerplate
    assert 'had "partly" used models built by OpenAI' in article.body
    assert article.captions == [
        {
            "text": "Elon Musk leaves the federal courthouse in Oakland on Thursday.",
            "credit": "Reuters/Carlos Barria",
        }
    ]
    kinds = sorted((c.kind, c.outlet) for c in article.citations)
    assert kinds == [
        ("based_on", "TechCrunch"),
        ("image_credit", "Reuters/Carlos Barria"),
        ("source_list", "Decrypt"),
        ("source_list", "TechCrunch"),
    ]


def test_markdown_article_with_front_matter():
    article = parse_file("labnotes-frontmatter.md")
    assert article.format == "markdown"
    assert article.title == "What Musk's 'partly' means for model builders"
    assert article.dek == "A courtroom answer puts distillation back on every lab's agenda."
    assert article.authors == ["Dana Whitfield"]
    assert article.published == date(2026, 5, 3)
    assert article.url == "https://labnotes.example/posts/musk-partly"
    assert article.outlet_name == "Lab Notes"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0] == (
        "Elon Musk told the court that xAI had partly used OpenAI's models to train Grok. "
        "For anyone who builds on someone else's API, that one word deserves a closer look."
    )
    assert "Why it matters" in paragraphs
    assert '"It\'s a general practice among AI companies," Musk said' in article.body
    assert "- Read the terms of service of every model you call." in article.body
    assert "| OpenAI | Using outputs to develop models that compete with OpenAI |" in article.body
    for markup in ["**", "](", "#", "> ", "_Grok_", "`", "---", "Also read", "Read more"]:
        assert markup not in article.body, markup
    assert article.captions == [
        {
            "text": "A courtroom sketch of Elon Musk on the witness stand",
            "credit": "Vicki Behringer",
        }
    ]


def test_cp1252_file_keeps_cafe_and_curly_quotes():
    article = parse_file("cp1252-cafe.txt")
    assert article.title == "Notes from the Café press table"
    assert "xAI “partly” used OpenAI models" in article.body
    assert "the café across the road" in article.body
    assert "what ‘partly’ meant – a little" in article.body


def test_html_page_metadata_and_clean_body():
    article = parse_file("harbour-ledger-musk-testimony.html")
    assert article.format == "html"
    assert article.title == "Musk concedes xAI leaned on OpenAI to build Grok"
    assert article.outlet_name == "The Harbour Ledger"
    assert article.authors == ["Mara Quintero"]
    assert (article.published, article.published_precision) == (date(2026, 5, 2), "day")
    assert article.url == "https://harbourledger.example/tech/2026/05/02/musk-xai-openai-grok"
    assert article.language == "en"
    assert article.dek.startswith("On the stand in Oakland")
    assert 'had "partly" relied on OpenAI\'s models' in article.body
    for noise in [
        "cookies",  # cookie banner
        "Subscribe to the Ledger",  # navigation
        "tracking-script-text",  # <script> in head
        "page-view-script-marker",  # <script> in body
        "Related stories",
        "Altman to testify next week",  # a related headline
        "Reader1234",  # comment widget
        "circus",
        "All rights reserved",  # footer
        "Privacy policy",
        "Share on LinkedIn",
    ]:
        assert noise not in article.body, noise
    assert article.captions == [
        {
            "text": "The federal courthouse in Oakland, where the trial resumes next week.",
            "credit": "Lena Park/Harbour Ledger",
        }
    ]
    assert [(c.kind, c.outlet) for c in article.citations if c.kind == "based_on"] == [
        ("based_on", "Decrypt")
    ]


def test_hints_win_over_the_text():
    article = parse_file(
        "courtwire-hardwrapped.txt",
        outlet="Wire Syndicate",
        published="2026-05-01",
        authors=["Desk Editor"],
        title="Editor's headline",
    )
    assert article.outlet_name == "Wire Syndicate"
    assert article.published == date(2026, 5, 1)
    assert article.authors == ["Desk Editor"]
    assert article.title == "Editor's headline"


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "story"])
def test_unsupported_extension_is_refused(name):
    with pytest.raises(IngestError, match="unsupported file type"):
        parse_document(Document(origin=name, data=b"Some words.\n"))


def test_short_line_web_copy_is_not_taken_for_hard_wrapped():
    article = parse_file("shortlines-webcopy.txt")
    assert article.title == "Chip export rules tighten for AI labs"
    assert article.authors == ["Noor Haddad"]
    assert (article.published, article.published_precision) == (date(2026, 3, 12), "day")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0] == "Regulators published the revised export rules late on Wednesday."
    assert "Edited By" not in article.body
    # A last sentence that opens with "Copyright" is prose, not a copyright notice.
    assert paragraphs[-1] == "Copyright lawyers expect a challenge whatever the final text."
    assert article.outlet_name == ""
    assert article.outlet_hints == []


def test_fact_box_rows_prose_credits_and_subheadings_stay():
    article = parse_file("factbox-tail.txt")
    paragraphs = article.body.split("\n\n")
    assert paragraphs[-1] == "Investment | $38 billion"
    assert "Capacity · 4.2 gigawatts" in paragraphs
    assert "Key figures" in paragraphs
    # "More from ..." above paragraphs of the story is a subheading, not related links.
    assert "More from the hearing" in paragraphs
    assert 'One said the grid could cope "for now."' in paragraphs
    assert article.outlet_name == ""
    assert article.outlet_hints == []
    # The prose credit keeps its words; "super PAC" holds no "per".
    assert [(c.kind, c.text, c.outlet) for c in article.citations] == [
        ("based_on", "according to a Goldman Sachs analysis", "Goldman Sachs")
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:void(0)",
        "data:text/html,hi",
        "ftp://x.org/a",
    ],
)
def test_only_http_urls_are_kept_others_become_warnings(url):
    text = f"---\ntitle: A note on tariffs\nurl: {url}\n---\n\nThe regulator confirmed the rise.\n"
    article = parse_document(Document(origin="note.md", data=text.encode()))
    assert article.url == ""
    [warning] = article.warnings
    assert "not an http(s) address" in warning
    ok = parse_document(
        Document(origin="note.md", data=text.encode(), hints={"url": "https://news.example/a"})
    )
    assert (ok.url, ok.warnings) == ("https://news.example/a", [])


def test_citation_urls_are_checked_in_parse_like_the_article_url():
    text = (
        "Port strike ends after a week\n\nThe story itself, told in full here.\n\nSources:\n"
        "* [Port strike ends](javascript:steal) - Lloyd's List\n"
        "* [Robots at the port](https://example.org/robots) - Financial Times\n"
    )
    parsed = parse_document(Document(origin="port.txt", data=text.encode()))
    urls = [(c.title, c.url) for c in parsed.citations if c.kind == "source_list"]
    assert urls == [("Port strike ends", ""), ("Robots at the port", "https://example.org/robots")]


def test_a_prose_first_line_stays_in_the_body():
    parsed = parse_document(
        Document(
            origin="lead.txt",
            data=(
                b"Harbour pilots in Antwerp walked off the job on Thursday, stranding a dozen "
                b"container ships at anchor.\n\n"
                b"The union said the stoppage would last until the port authority reopened talks.\n"
            ),
        )
    )
    assert parsed.body.startswith("Harbour pilots in Antwerp walked off the job on Thursday")
    assert parsed.body.count("\n\n") == 1  # both paragraphs kept
    assert parsed.title == "Harbour pilots in Antwerp walked off the job on Thursday, stranding a…"


# --- control characters ---------------------------------------------------------------


def test_control_characters_leave_every_field_line_breaks_become_lines():
    text = (
        "Antwerp pilots\x0bwalk out\n\n"
        "By Ilse\x07 Janssens\n\n"
        "Pilots \x1b[1mwalked\x1b[0m off the job on Thursday.\x0bShips waited at anchor.\n\n"
        "A tug of the port.\n\nPhoto: Port\x7f of Antwerp\n"
    )
    parsed = parse_document(
        Document(
            origin="pilots.txt",
            data=text.encode(),
            hints={"dek": "Talks\x1b stall\x0bagain", "outlet": "Scheldt\x00 Courier"},
        )
    )
    assert parsed.title == "Antwerp pilots walk out"  # \v: a line break inside a paragraph
    assert parsed.dek == "Talks stall again"
    assert parsed.authors == ["Ilse Janssens"]
    assert parsed.outlet_name == "Scheldt Courier"
    assert parsed.captions == [{"text": "A tug of the port.", "credit": "Port of Antwerp"}]
    assert parsed.body.startswith("Pilots [1mwalked[0m off the job on Thursday. Ships waited")
    fields = [parsed.title, parsed.dek, parsed.body, *parsed.authors, parsed.outlet_name]
    fields += [c.text for c in parsed.citations] + [c["credit"] for c in parsed.captions]
    assert not [f for f in fields if any(ord(ch) < 32 and ch not in "\n\t" for ch in f)]


def test_control_characters_spelled_as_html_entities_leave_the_page_text():
    page = (DATA / "harbour-ledger-musk-testimony.html").read_text()
    page = page.replace("Musk concedes xAI", "Musk&#11;concedes&#27; xAI").replace(
        "his artificial intelligence company", "his&#27; artificial&#7; intelligence company"
    )
    parsed = parse_document(Document(origin="ledger.html", data=page.encode()))
    assert parsed.title == "Musk concedes xAI leaned on OpenAI to build Grok"
    assert "told a federal jury in Oakland on Thursday that his artificial intelligence" in (
        parsed.body
    )
    for value in (parsed.title, parsed.body, *parsed.authors):
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in value), repr(value)
