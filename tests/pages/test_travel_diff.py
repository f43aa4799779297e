"""The side-by-side comparison of two texts (sources/pages/reuse_diff.py): no database."""

from sources.pages.reuse_diff import ADDED, DROPPED, PLAIN, SHARED, compare_texts, paragraphs

ORIGINAL = (
    "Court notes.\n\nAsked whether xAI had used OpenAI models to train Grok, Musk answered: "
    "“Partly.” The lawyers then moved on to the terms of service and the contract."
)
COPY = (
    "Our report. Asked whether XAI had used OpenAI models to train Grok, Musk admitted it. "
    "The lawyers then moved on to the terms of service and the contract."
)


def _passages():
    a, b = ORIGINAL.index("Asked"), COPY.index("Asked")
    o_end, c_end = ORIGINAL.index(" Musk") + 5, COPY.index(" Musk") + 5
    return [
        (a, o_end, b, c_end),
        (ORIGINAL.index("The lawyers"), len(ORIGINAL), COPY.index("The lawyers"), len(COPY)),
    ]


def test_the_dropped_hedge_and_the_changed_verb_are_shown():
    compared = compare_texts(original=ORIGINAL, copy=COPY, passages=_passages())
    (region,) = compared.changed_regions
    kinds = [(p.kind, p.text) for p in region]
    assert (DROPPED, "answered: “Partly.”") in kinds
    assert (ADDED, "admitted it.") in kinds
    # Capitals and typography never count as a difference: "XAI" is shared with "xAI".
    assert any(kind == SHARED and "XAI had used" in text for kind, text in kinds)


def test_the_pieces_give_back_both_texts_exactly():
    compared = compare_texts(original=ORIGINAL, copy=COPY, passages=_passages())
    assert "".join(p.text for p in compared.original) == ORIGINAL
    assert "".join(p.text for p in compared.copy) == COPY
    assert {p.kind for p in compared.original} <= {SHARED, DROPPED, PLAIN}
    assert {p.kind for p in compared.copy} <= {SHARED, ADDED, PLAIN}


def test_no_passages_means_nothing_marked():
    compared = compare_texts(original=ORIGINAL, copy=COPY, passages=[])
    assert compared.regions == [] and compared.dropped_words == 0
    assert [p.kind for p in compared.original] == [PLAIN]


def test_passages_out_of_order_make_separate_regions():
    first = "alpha beta gamma delta epsilon zeta eta theta"
    second = "one two three four five six seven eight"
    original = first + " middle words here " + second
    copy = second + " other words " + first
    passages = [
        (0, len(first), len(copy) - len(first), len(copy)),
        (original.index("one"), len(original), 0, len(second)),
    ]
    compared = compare_texts(original=original, copy=copy, passages=passages)
    assert len(compared.regions) == 2
    assert "".join(p.text for p in compared.copy) == copy


def test_paragraphs_split_at_line_breaks_and_keep_kinds():
    compared = compare_texts(original=ORIGINAL, copy=COPY, passages=_passages())
    paras = paragraphs(compared.original)
    assert len(paras) == 2
    assert paras[0][0].text.startswith("Court notes")
    assert any(p.kind == DROPPED for p in paras[1])
