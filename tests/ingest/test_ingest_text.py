"""Decoding and plain-text cleaning rules, on small texts shaped unlike the seeds.

No database: decode, clean and parse are pure functions.
"""

from datetime import date

import pytest

from sources.ingest.clean import clean_text
from sources.ingest.clean.recognise import parse_byline, parse_meta_line
from sources.ingest.decode import decode_bytes
from sources.ingest.errors import IngestError
from sources.ingest.parse import parse_document
from sources.ingest.records import Document
from tests.helpers import TEST_DATA_DIR

DATA = TEST_DATA_DIR / "ingest"


def parse_file(name: str, **hints):
    path = DATA / name
    return parse_document(Document(origin=path.name, data=path.read_bytes(), hints=hints))


# --- decode ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Café “partly”".encode(),
        "\ufeffCafé “partly”".encode(),  # UTF-8 with a byte-order mark
        "Café “partly”".encode("cp1252"),
        "Café “partly”".encode("utf-16"),  # Notepad's "Unicode", BOM included
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16"],
)
def test_decode_keeps_accents_and_curly_quotes(data):
    assert decode_bytes(data) == "Café “partly”"


def test_decode_latin1_and_stray_cp1252_bytes_in_utf8():
    assert decode_bytes("Le café".encode("latin-1")) == "Le café"
    # A UTF-8 file with one cp1252 quote pasted in keeps both intact.
    assert decode_bytes("Café ".encode() + b"\x93ok\x94") == "Café “ok”"


def test_decode_normalises_line_ends_and_invisible_characters():
    assert decode_bytes(b"one\r\ntwo\rthree\xe2\x80\x8b") == "one\ntwo\nthree"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),
        (b"text\x00with a NUL", "binary file"),
        (b"%PDF-1.7\n...", "PDF"),
        (bytes(range(1, 9)) * 50 + b"abc", "control characters"),
    ],
    ids=["empty", "whitespace", "bom-only", "nul", "pdf", "controls"],
)
def test_decode_refuses_unusable_bytes(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode_bytes(data)


def test_decode_refuses_oversize_input(settings):
    settings.INGEST_MAX_BYTES = 10
    with pytest.raises(IngestError, match="over the 10 bytes limit"):
        decode_bytes(b"x" * 11)


# --- plain-text rules ---------------------------------------------------------------


def test_repeated_headline_counts_once_and_counters_go():
    cleaned = clean_text(
        "Lab admits it copied a rival\n\nLab admits it copied a rival.\n\n3 1 0\n\n"
        "The lab said so in a filing on Monday.\n\nIt declined to comment further.\n"
    )
    assert cleaned.title == "Lab admits it copied a rival"
    assert cleaned.paragraphs == [
        "The lab said so in a filing on Monday.",
        "It declined to comment further.",
    ]


@pytest.mark.parametrize(
    ("line", "authors", "published"),
    [
        (
            "Edited By: Ana Ruiz | Published By: Ana Ruiz | "
            "Published: Jun 03, 2025, 11:00 AM (IST)",
            ["Ana Ruiz"],
            date(2025, 6, 3),
        ),
        ("By Lee Chan and Maria Gomez", ["Lee Chan", "Maria Gomez"], None),
        ("Posted on 14 March 2024 by Tom Hart", ["Tom Hart"], date(2024, 3, 14)),
        ("Jane Roe · 2023-11-30", ["Jane Roe"], date(2023, 11, 30)),
        ("Updated: July 4, 2022", [], date(2022, 7, 4)),
    ],
)
def test_bylines_in_several_shapes(line, authors, published):
    byline = parse_byline(line)
    assert byline is not None
    assert byline.authors == authors
    assert (byline.published or byline.updated or (None,))[0] == published


@pytest.mark.parametrize(
    "line",
    ["By 2030, most labs will distil their rivals.", "Musk said he was duped by Altman."],
)
def test_prose_is_not_a_byline(line):
    assert parse_byline(line) is None


def test_glued_label_line_gives_category_date_and_origin():
    assert parse_meta_line("Policy2025-02-14Reuters Tech") == (
        "Policy",
        (date(2025, 2, 14), "day"),
        "Reuters Tech",
    )
    assert parse_meta_line("Markets | March 3, 2025 | Bloomberg")[1] == (date(2025, 3, 3), "day")


def test_label_line_above_headline_becomes_metadata_and_citation():
    cleaned = clean_text(
        "Chips2025-09-09Wired Business\n\nChipmaker doubles output\n\n"
        "The company said demand had never been higher.\n"
    )
    assert cleaned.title == "Chipmaker doubles output"
    assert cleaned.category == "Chips"
    assert (cleaned.published, cleaned.published_precision) == (date(2025, 9, 9), "day")
    [citation] = cleaned.citations
    assert (citation.kind, citation.outlet) == ("republished_from", "Wired Business")
    assert "2025" not in cleaned.body


def test_promo_fragment_inside_paragraph_is_cut_but_sentence_kept():
    cleaned = clean_text(
        "Headline about a trial\n\nThe judge adjourned the hearing. tech Also Read: "
        "Ten phones to buy this summer\n\nJurors return on Tuesday.\n"
    )
    assert cleaned.paragraphs[0] == "The judge adjourned the hearing."
    assert "Ten phones" not in cleaned.body


def test_share_comment_and_widget_lines_are_removed():
    cleaned = clean_text(
        "A headline for the test\n\n- LinkedIn\n- Telegram\nShare on Reddit\n"
        "Advertisement\nStory continues below advertisement\n\nFirst real paragraph here.\n\n"
        "Likes (4)\n0 Comments\nJoin the conversation\nLeave a reply\n\nLast real paragraph.\n"
    )
    assert cleaned.paragraphs == ["First real paragraph here.", "Last real paragraph."]


def test_outlet_hints_from_buttons_taglines_and_copyright():
    assert clean_text(
        "Headline\n\nText of the story.\n\nMake Daily Byte your preferred source on Google\n"
    ).outlet_hints == ["Daily Byte"]
    # A tagline's name is only a guess, matched later against known outlets.
    assert clean_text(
        "Headline\n\nText of the story.\n\nRelated stories\n\nPaperLens · AI news, summarised\n"
    ).outlet_guesses == ["PaperLens"]
    assert clean_text(
        "Headline\n\nText of the story.\n\n(c) 2025 North Gazette. All rights reserved.\n"
    ).outlet_hints == ["North Gazette"]


def test_table_rows_kept_separator_dropped():
    cleaned = clean_text(
        "Headline of a table story\n\nThe scores:\n| Model | Score |\n| :--- | ---: |\n"
        "| A | 1 |\n| B | 2 |\nThat is all.\n"
    )
    assert "| Model | Score |\n| A | 1 |\n| B | 2 |" in cleaned.paragraphs
    assert "---" not in cleaned.body


def test_image_credit_leaves_body_but_credited_line_stays():
    cleaned = clean_text(
        "Headline about a chart\n\nModel X scored 71 on the benchmark.\n"
        "Image credit: Getty Images\nThe company did not comment.\n"
    )
    assert cleaned.paragraphs == [
        "Model X scored 71 on the benchmark.",
        "The company did not comment.",
    ]
    assert cleaned.captions == [
        {"text": "Model X scored 71 on the benchmark.", "credit": "Getty Images"}
    ]
    assert [(c.kind, c.text) for c in cleaned.citations] == [
        ("image_credit", "Image credit: Getty Images")
    ]


def test_trailing_source_list_becomes_citations():
    cleaned = clean_text(
        "Headline\n\nThe story itself, as reported by Reuters.\n\nReferences\n"
        "* Robots take over the port – Financial Times\n"
        "* [Port strike ends](https://example.org/strike) - Lloyd's List\n"
    )
    assert cleaned.body == "The story itself, as reported by Reuters."
    sources = [(c.title, c.outlet, c.url) for c in cleaned.citations if c.kind == "source_list"]
    assert sources == [
        ("Robots take over the port", "Financial Times", ""),
        ("Port strike ends", "Lloyd's List", "https://example.org/strike"),
    ]
    based_on = [(c.text, c.outlet) for c in cleaned.citations if c.kind == "based_on"]
    assert based_on == [("as reported by Reuters", "Reuters")]


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


# --- shapes that look like furniture but are the article -----------------------------


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


def test_hard_wrapped_line_ending_a_sentence_at_the_column_is_not_joined_to_a_byline():
    cleaned = clean_text(
        "Grid operators warn of a tight summer\n"
        "By Ines Moreau | Updated: 4 June 2025\n\n"
        "Operators of the national grid said on Monday that reserve margins would\n"
        "be thinner than in any year since records began, and asked large users\n"
        "to shift demand away from the evening peak where they could do so.\n\n"
        "The warning follows a winter in which two plants closed early, leaving\n"
        "less spare capacity than planners had assumed when the targets were set.\n"
    )
    assert cleaned.title == "Grid operators warn of a tight summer"
    assert cleaned.authors == ["Ines Moreau"]
    assert cleaned.published == date(2025, 6, 4)
    assert len(cleaned.paragraphs) == 2
    assert cleaned.paragraphs[0].startswith("Operators of the national grid said on Monday")
    assert cleaned.paragraphs[0].endswith("where they could do so.")


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
    "sentence",
    [
        "Watch: the minister's answer suggested a deal was close, aides said afterwards.",
        "Recommended: households should check their tariffs now, the regulator said.",
        "See also: the 2019 ruling on roaming charges, which set the cap still in force.",
    ],
)
def test_labels_opening_a_sentence_of_the_story_keep_it(sentence):
    cleaned = clean_text(
        f"Telecom tariffs to rise\n\nThe regulator confirmed the rise on Tuesday. {sentence}\n\n"
        f"{sentence}\n\nIt takes effect in April.\n"
    )
    assert cleaned.paragraphs == [
        f"The regulator confirmed the rise on Tuesday. {sentence}",
        sentence,
        "It takes effect in April.",
    ]
    assert cleaned.removed == []


def test_headline_shaped_promos_are_still_cut():
    cleaned = clean_text(
        "Telecom tariffs to rise\n\nThe regulator confirmed the rise on Tuesday. "
        "Read more: Five ways to cut your phone bill\n\nSee also: Roaming charges explained\n\n"
        "It takes effect in April.\n"
    )
    assert cleaned.paragraphs == [
        "The regulator confirmed the rise on Tuesday.",
        "It takes effect in April.",
    ]
    assert cleaned.removed == [
        "Read more: Five ways to cut your phone bill",
        "See also: Roaming charges explained",
    ]


def test_related_headlines_at_the_end_go_with_their_header():
    cleaned = clean_text(
        "Port strike ends after nine days\n\nDockers voted to accept the offer on Friday.\n\n"
        "Ships began unloading within hours.\n\nMore from Harbour Desk\n\n"
        "- [Freight rates fall back](https://harbour.example/rates)\n"
        "Who pays for the delays?\n\nRelated stories\n\nUnions eye a national deal\n"
    )
    assert cleaned.paragraphs == [
        "Dockers voted to accept the offer on Friday.",
        "Ships began unloading within hours.",
    ]
    assert "Unions eye a national deal" in cleaned.removed


def test_related_header_over_sentences_at_the_end_is_kept():
    cleaned = clean_text(
        "Port strike ends after nine days\n\nDockers voted to accept the offer on Friday.\n\n"
        "More from the union\n\nIts leader called the deal fair.\n\n"
        "Members will vote again in May.\n"
    )
    assert cleaned.paragraphs[-3:] == [
        "More from the union",
        "Its leader called the deal fair.",
        "Members will vote again in May.",
    ]


def test_short_headline_above_a_byline_stays_the_title():
    cleaned = clean_text(
        "Tariff row deepens\nBy Ana Ruiz and Lee Chan\n"
        "The two ministries traded statements on Monday. Neither would comment further.\n"
    )
    assert cleaned.title == "Tariff row deepens"
    assert cleaned.authors == ["Ana Ruiz", "Lee Chan"]
    assert cleaned.category == ""
    assert cleaned.paragraphs == [
        "The two ministries traded statements on Monday. Neither would comment further."
    ]


def test_kicker_above_a_headline_still_becomes_the_category():
    cleaned = clean_text(
        "Exclusive\nTariff row deepens as ministries trade blame\n"
        "The two ministries traded statements on Monday. Neither would comment further.\n"
    )
    assert (cleaned.category, cleaned.title) == (
        "Exclusive",
        "Tariff row deepens as ministries trade blame",
    )


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


def test_promo_header_with_headlines_inside_the_article_goes():
    cleaned = clean_text(
        "Port strike ends after nine days\n\nDockers voted to accept the offer on Friday.\n\n"
        "Also read\n\nFreight rates fall back as queues clear\n\n"
        "Ships began unloading within hours.\n"
    )
    assert cleaned.paragraphs == [
        "Dockers voted to accept the offer on Friday.",
        "Ships began unloading within hours.",
    ]


def test_tagline_after_a_footer_line_still_names_its_site():
    cleaned = clean_text(
        "Port strike ends after nine days\n\nDockers voted to accept the offer on Friday.\n\n"
        "Privacy policy | Terms of use\n\nQuayside · Notes from the docks\n"
    )
    assert cleaned.outlet_guesses == ["Quayside"]
    assert cleaned.paragraphs == ["Dockers voted to accept the offer on Friday."]
