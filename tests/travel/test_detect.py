"""The reuse detector on plain texts: what counts as a shared passage and what does not."""

from sources.travel.detect import Doc, find_reuse
from sources.travel.text import tokenize
from tests.travel.texts import BOILERPLATE, ORIGINAL, OTHER, RETYPED, UNRELATED


def _words(text: str) -> tuple[str, ...]:
    return tokenize(text).words


def test_a_copy_with_other_case_spacing_and_typography_is_found_whole():
    found = find_reuse([Doc(1, ORIGINAL), Doc(2, RETYPED), Doc(3, UNRELATED)])

    assert [(f.a, f.b) for f in found] == [(1, 2)]
    pair = found[0]
    # Every word of the article is shared, across the dash, the NBSP and the capitals.
    assert pair.shared_words == len(_words(ORIGINAL)) == len(_words(RETYPED))
    for p in pair.passages:
        assert _words(ORIGINAL[p.a_start : p.a_end]) == _words(RETYPED[p.b_start : p.b_end])


def test_a_partial_copy_is_found_and_its_passage_maps_back_to_both_bodies():
    lifted = ORIGINAL[ORIGINAL.index("Councillor") : ORIGINAL.index(" Ferry operators")]
    later = f"{OTHER}\n\n{lifted}\n\n{UNRELATED}"

    found = find_reuse([Doc("early", ORIGINAL), Doc("late", later)])

    assert len(found) == 1
    (passage,) = found[0].passages
    # Passages run from the first word to the last: the full stop is not a word.
    assert ORIGINAL[passage.a_start : passage.a_end] == lifted.rstrip(".")
    assert later[passage.b_start : passage.b_end] == lifted.rstrip(".")
    assert found[0].shared_words == len(_words(lifted)) < found[0].words_b


def test_an_outlets_own_boilerplate_is_not_reuse():
    bodies = [ORIGINAL, UNRELATED, OTHER]
    same_outlet = [
        Doc(i, f"{body}\n\n{BOILERPLATE}", outlet="gazette") for i, body in enumerate(bodies)
    ]
    no_outlet = [Doc(i, f"{body}\n\n{BOILERPLATE}") for i, body in enumerate(bodies)]

    assert find_reuse(same_outlet) == []
    # The same sentences in articles not known to share an outlet do make pairs.
    assert len(find_reuse(no_outlet)) == 3


def test_a_real_copy_inside_one_outlet_is_still_found_beside_its_boilerplate():
    docs = [
        Doc(1, f"{ORIGINAL}\n\n{BOILERPLATE}", outlet="gazette"),
        Doc(2, f"{RETYPED}\n\n{BOILERPLATE}", outlet="gazette"),
        Doc(3, f"{UNRELATED}\n\n{BOILERPLATE}", outlet="gazette"),
    ]

    (pair,) = find_reuse(docs)

    assert (pair.a, pair.b) == (1, 2)
    assert pair.shared_words == len(_words(ORIGINAL))  # the footer's words are not counted


def test_a_short_common_phrase_is_not_a_passage():
    phrase = "the council did not respond to a request for comment"
    docs = [Doc(1, f"{UNRELATED} {phrase}."), Doc(2, f"{OTHER} {phrase}.")]

    assert find_reuse(docs) == []
