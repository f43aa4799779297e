"""validate_rules: the curated rules are valid, an editor's mistakes are explained."""

import pytest

from sources.linking import validate_rules
from sources.models import Claim
from tests.factories import make_linked_source

pytestmark = pytest.mark.django_db


def test_every_curated_rule_set_is_valid(story):
    for claim in Claim.objects.all():
        assert validate_rules(claim.match_rules) == [], claim.slug


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([1, 2], "JSON object"),
        ({"pattern": []}, "Unknown key"),
        ({"patterns": []}, "non-empty list"),
        ({"patterns": [{"entities": ["xai"]}]}, 'needs "terms" or "numbers"'),
        ({"patterns": [{"terms": ["distill*"]}]}, "must be a list of terms"),
        ({"patterns": [{"terms": [["*ill"]]}]}, "may only end a word"),
        ({"patterns": [{"terms": [["x"]], "entities": ["nobody"]}]}, "no entity with slug nobody"),
        ({"patterns": [{"terms": [["x"]], "window": 9}]}, '"window"'),
        ({"patterns": [{"numbers": [{"near": ["points"]}]}]}, 'numeric "value"'),
        ({"patterns": [{"terms": [["x"]], "window_after": 4}]}, '"window_after"'),
        ({"patterns": [{"terms": [["x"]], "entities": ["xai"], "subject": "openai"}]}, '"subject"'),
        ({"patterns": [{"terms": [["x"]], "rivals": ["nobody"]}]}, "nobody (rivals)"),
        ({"patterns": [{"terms": [["x"]], "rivals": "google"}]}, '"rivals" must be a list'),
        ({"conjecture": "alleg*", "patterns": [{"terms": [["x"]]}]}, '"conjecture" must be'),
        ({"patterns": [{"terms": [["x"]], "not_subject": ["nobody"]}]}, "nobody (not_subject)"),
        ({"patterns": [{"terms": [["x"]], "not_subject": "openai"}]}, '"not_subject" must be'),
        ({"speaker": "nobody", "patterns": [{"terms": [["x"]]}]}, '"speaker" must be'),
        (
            {"speaker_stand_ins": ["the boss"], "patterns": [{"terms": [["x"]]}]},
            'needs a "speaker"',
        ),
        (
            {
                "speaker": "elon-musk",
                "speaker_stand_ins": "the boss",
                "patterns": [{"terms": [["x"]]}],
            },
            '"speaker_stand_ins" must be',
        ),
    ],
)
def test_invalid_rules_are_explained(story, rules, message):
    errors = validate_rules(rules)
    assert any(message in error for error in errors), errors


def test_empty_rules_are_valid_and_never_match(story):
    assert validate_rules({}) == []
    claim = Claim.objects.get(slug="xai-distilled-openai")
    claim.match_rules = {}
    claim.save()
    source = make_linked_source("Musk said xAI partly used OpenAI models to train Grok.")
    assert not source.mentions.filter(claim=claim).exists()


def test_the_use_lexicon_is_inflected_from_wordnets_verbs():
    from sources.linking.rules import LEXICONS, inflect

    assert inflect("rely on") == ("rely on", "relies on", "relied on", "relying on")
    assert inflect("leverage") == ("leverage", "leverages", "leveraged", "leveraging")
    assert inflect("harness") == ("harness", "harnesses", "harnessed", "harnessing")
    assert inflect("tap into")[2] == "tapped into"
    assert {"utilized", "employed", "drew on", "built upon"} <= set(LEXICONS["use"])


def test_the_accuse_and_org_lexicons_are_inflected_word_lists():
    from sources.linking.rules import LEXICONS

    assert {"accused", "blames", "singled out", "pointing to", "flagged"} <= set(LEXICONS["accuse"])
    assert {"firm*", "lab", "labs", "start-up*", "rival*"} <= set(LEXICONS["org"])


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("@tools", "no word list @tools"),
        ("~2 openai", "stands between two words"),
        ("openai ~9 model*", "a gap is ~1 to ~5"),
        ("openai ~2 ~2 model*", "stands between two words"),
    ],
)
def test_word_lists_and_gaps_are_validated(story, term, message):
    errors = validate_rules({"patterns": [{"terms": [[term]]}]})
    assert any(message in error for error in errors), errors


def test_a_word_list_and_a_gap_in_a_rule_match(story):
    from sources.linking import preview_rules
    from tests.factories import make_source

    make_source(body="The lab leveraged several older systems from a partner.")
    make_source(body="The lab leveraged a partner and several older systems.")
    rules = {"patterns": [{"terms": [["@use"], ["@model ~2 from"]]}]}
    assert [m.quote for m in preview_rules(rules=rules)] == ["leveraged several older systems from"]


def test_stand_ins_must_belong_to_the_patterns_entities(story):
    rules = {"patterns": [{"terms": [["x"]], "entities": ["xai"], "stand_ins": {"openai": ["y"]}}]}
    assert any("is not one of its" in error for error in validate_rules(rules))
    rules["patterns"][0]["stand_ins"] = ["rival"]
    assert any("must map entity slugs" in error for error in validate_rules(rules))
