"""The reporting verb comes from the sentence's grammar, not from a keyword anywhere in it."""

import pytest

from sources.travel.verbs import reporting_verb


def verb_of(sentence: str, words: str) -> tuple[str, str] | None:
    start = sentence.index(words)
    found = reporting_verb(sentence, start, start + len(words))
    return (found.verb, found.connotation) if found else None


@pytest.mark.parametrize(
    ("sentence", "words", "expected"),
    [
        (
            "Voss admitted that the pier was partly rotten.",
            "the pier was partly rotten",
            ("admitted", "concession"),
        ),
        (
            "Voss admitted the pier was partly rotten.",
            "the pier was partly rotten",
            ("admitted", "concession"),
        ),
        ("“Partly,” Voss conceded.", "Partly", ("conceded", "concession")),
        ('"Partly," she said on Tuesday.', "Partly", ("said", "neutral")),
        (
            "The pier was partly rotten, said Voss.",
            "The pier was partly rotten",
            ("said", "neutral"),
        ),
        (
            "The pier was partly rotten, according to Voss.",
            "The pier was partly rotten",
            ("according to", "neutral"),
        ),
        ("Harbour Chief Confirms Pier Was Rotten", "Pier Was Rotten", ("confirmed", "assertion")),
        (
            "Voss's admission that the pier was rotten surprised the room.",
            "the pier was rotten",
            ("admitted", "concession"),
        ),
        (
            "Asked whether the pier was rotten, Voss acknowledged it was, partly.",
            "partly",
            ("acknowledged", "concession"),
        ),
        ("Voss responded, 'Partly.'", "Voss responded, 'Partly.'", ("responded", "neutral")),
    ],
)
def test_the_verb_that_governs_the_words(sentence, words, expected):
    assert verb_of(sentence, words) == expected


@pytest.mark.parametrize(
    ("sentence", "words", "expected"),
    [
        # The reporting word sits in a relative clause about something else.
        (
            "In a vote that critics claimed was rushed, the pier was partly rotten.",
            "the pier was partly rotten",
            None,
        ),
        (
            "Voss, who has denied every rumour, said the pier was partly rotten.",
            "the pier was partly rotten",
            ("said", "neutral"),
        ),
        # The clause after the comma is a new statement, not an attribution.
        (
            "Voss said the pier was partly rotten, a claim engineers confirmed was true.",
            "the pier was partly rotten",
            ("said", "neutral"),
        ),
        # A question is not a statement: the answer's verb frames it, or nothing does.
        ("The mayor asked whether the pier was rotten.", "the pier was rotten", None),
        (
            "When asked whether the pier was rotten, Voss conceded that it was.",
            "the pier was rotten",
            ("conceded", "concession"),
        ),
        # A colon with no verb: there is no framing verb.
        ("Voss: “Partly.”", "Partly", None),
    ],
)
def test_a_reporting_word_elsewhere_in_the_sentence_does_not_count(sentence, words, expected):
    assert verb_of(sentence, words) == expected
