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
