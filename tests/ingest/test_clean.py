"""Plain-text cleaning rules (recognisers, units, furniture) on small texts unlike the seeds.

No database: cleaning is pure.
"""

from datetime import date

import pytest

from sources.ingest.clean import clean_text
from sources.ingest.clean.recognise import parse_byline, parse_meta_line


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


# --- headlines: only a headline-shaped first line becomes the title ----------------------


def test_a_prose_first_line_keeps_its_byline_off_the_body_and_gives_no_dek():
    cleaned = clean_text(
        "Ferry crews in Piraeus began a 48-hour strike at dawn. Ministers called it reckless.\n\n"
        "By Eleni Markou\n\n"
        "Ticket offices stayed shut and the first sailings to Crete were cancelled.\n"
    )
    assert cleaned.title == "" and cleaned.dek == ""
    assert cleaned.authors == ["Eleni Markou"]
    assert cleaned.paragraphs == [
        "Ferry crews in Piraeus began a 48-hour strike at dawn. Ministers called it reckless.",
        "Ticket offices stayed shut and the first sailings to Crete were cancelled.",
    ]


HEADLINES = [
    "Antwerp pilots strike, stranding container ships",
    "Who pays for the Antwerp delays?",
    "antwerp pilots walk out as talks stall",
    "Strike: Antwerp pilots stay out for a second day",
]
SENTENCES = [
    "The port authority said it would not reopen talks before the weekend.",
    "Pilots walked out. Ships waited.",
    "According to the union, the stoppage will last until the port authority reopens talks,",
]


def test_only_a_headline_shaped_first_line_becomes_the_title():
    body = "Harbour pilots in Antwerp walked off the job on Thursday."
    for headline in HEADLINES:
        cleaned = clean_text(f"{headline}\n\n{body}\n\nThe union said talks would reopen.\n")
        assert (cleaned.title, cleaned.paragraphs[0]) == (headline, body)
    for sentence in SENTENCES:  # prose: it stays the first paragraph
        cleaned = clean_text(f"{sentence}\n\n{body}\n")
        assert (cleaned.title, cleaned.paragraphs) == ("", [sentence, body])
