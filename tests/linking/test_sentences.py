"""Sentences with offsets, matching-safe normalisation, quotations and numbers."""

from sources.highlight import variant_key
from sources.linking.sentences import (
    find_numbers,
    find_quotations,
    normalize_for_matching,
    split_sentences,
)


def texts(body: str) -> list[str]:
    sentences = split_sentences(body)
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
    return [sentence.text for sentence in sentences]


def test_abbreviations_and_decimals_do_not_end_sentences():
    body = (
        "Dr. Lena Ortiz told Mr. Park that U.S. regulators were watching Smith v. Jones closely. "
        "The model's version 3.75 shipped in Oakland, Calif. on Friday. It scored 88.5 overall."
    )
    assert texts(body) == [
        "Dr. Lena Ortiz told Mr. Park that U.S. regulators were watching Smith v. Jones closely.",
        "The model's version 3.75 shipped in Oakland, Calif. on Friday.",
        "It scored 88.5 overall.",
    ]


def test_a_sentence_ends_after_the_closing_quote_not_inside_it():
    body = "Her reply was short: “Only sometimes.” The room went quiet. He said 'no.' Then he left."
    assert texts(body) == [
        "Her reply was short: “Only sometimes.”",
        "The room went quiet.",
        "He said 'no.'",
        "Then he left.",
    ]


def test_a_full_stop_inside_a_quote_followed_by_lower_case_does_not_split():
    assert texts('"We tried it." she said, and sat down.') == [
        '"We tried it." she said, and sat down.'
    ]


def test_list_items_and_table_rows_are_sentences_of_their_own():
    body = (
        "Key points\n"
        "- First point without a stop\n"
        "* second point. It has two sentences\n"
        "| Column | Other |\n"
        "|---|---|\n"
        "| a cell | b cell |\n\n"
        "A closing paragraph."
    )
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Key points",
        "- First point without a stop",
        "* second point. It has two sentences",
        "| Column | Other |",
        "| a cell | b cell |",
        "A closing paragraph.",
    ]
    assert sentences[1].line_item and sentences[3].line_item
    # The heading is its own paragraph; the list and the table rows share one.
    assert sentences[0].paragraph != sentences[1].paragraph
    assert len({s.paragraph for s in sentences[1:5]}) == 1
    assert sentences[5].paragraph != sentences[4].paragraph


def test_paragraphs_and_soft_wraps():
    body = "One sentence that wraps\nonto a second line. Another.\n\nNew paragraph here."
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "One sentence that wraps\nonto a second line.",
        "Another.",
        "New paragraph here.",
    ]
    assert sentences[0].paragraph == sentences[1].paragraph != sentences[2].paragraph


def test_normalising_keeps_the_length_so_offsets_stay_valid():
    text = "İstanbul’s “AI” firm — it’s ‘big’"
    normalized = normalize_for_matching(text)
    assert len(normalized) == len(text)
    assert "'s \"ai\" firm - it's 'big'" in normalized


def test_quotations_skip_apostrophes():
    norm = normalize_for_matching("OpenAI’s lawyers asked; Musk’s reply was ‘in part’ and “fine.”")
    found = [norm[q.inner_start : q.inner_end] for q in find_quotations(norm)]
    assert found == ["in part", "fine."]


def test_numbers_are_read_whole():
    norm = normalize_for_matching(
        "Version 4.20 scored 49; 24,000 accounts made 16 million calls for $50K, up 12%."
    )
    values = [number.value for number in find_numbers(norm)]
    assert values == [4.2, 49, 24000, 16_000_000, 50_000, 12]


def test_variants_fold_case_and_punctuation():
    # The linker stores variants as written; readers group them with highlight.variant_key.
    assert variant_key("“Partly.”") == variant_key("partly") == "partly"
    assert variant_key("Partially") != variant_key("partly")


def test_a_body_without_capitals_still_has_sentences_and_paragraphs():
    line = "the jury came back after lunch and the judge read the note aloud."
    body = " ".join([line] * 4) + "\nthe witness then left. reporters followed him out."
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [line] * 4 + [
        "the witness then left.",
        "reporters followed him out.",
    ]
    # A line that ends a sentence ends its paragraph.
    assert sentences[3].paragraph != sentences[4].paragraph == sentences[5].paragraph


def test_a_short_lower_case_line_or_an_abbreviation_is_not_split():
    # Too short to be sure the case was lost: the ordinary rules apply.
    assert texts("he left. then he came back.") == ["he left. then he came back."]
    line = "mr. smith spoke first and the session went on for hours without a break."
    assert texts(" ".join([line] * 4)) == [line] * 4


def test_sentences_run_together_after_a_full_stop_are_split():
    assert texts("The vote was close.The board met again.") == [
        "The vote was close.",
        "The board met again.",
    ]
    # Names and numbers with a dot inside stay whole.
    assert texts("X.AI and Grok 4.20 shipped. The U.S.Senate noticed.") == [
        "X.AI and Grok 4.20 shipped.",
        "The U.S.Senate noticed.",
    ]
