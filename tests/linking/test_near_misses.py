"""Near misses (issue 13 §6): sentences one cue short of a claim's rules, and which cue, so an
editor can widen a rule with evidence. The engine part is pure; the admin preview shows it."""

import json

import pytest
from django.urls import reverse

from sources.linking.engine import ClaimSpec, Engine
from sources.linking.near import near_misses
from sources.models import Mention
from tests.factories import make_source

RULES = {
    "patterns": [
        {
            "terms": [["borrowed", "copied"], ["recipe*", "formula"]],
            "entities": ["bakery"],
        }
    ]
}
NAMES = {"bakery": ["Crumb & Co", "Crumb"]}


def engine() -> Engine:
    return Engine([ClaimSpec(key="recipes", kind="quote", rules=RULES)], NAMES)


def misses(body: str, **fields) -> list[tuple[str, str]]:
    return [(m.sentence, m.missing) for m in near_misses(engine(), body, **fields)]


def test_a_sentence_lacking_one_terms_group_is_a_near_miss_naming_the_group():
    body = "Crumb adapted the recipe from a rival. Crumb copied the recipe outright."
    found = misses(body)
    assert found == [
        (
            "Crumb adapted the recipe from a rival.",
            "a word of terms group 1 (“borrowed”, “copied”)",
        )
    ]  # the second sentence matches, so it is no near miss


def test_a_missing_entity_is_named():
    (miss,) = misses("The chain copied a secret recipe, staff said.")
    assert miss[1].startswith("the entity “bakery”")


def test_two_missing_cues_or_only_a_name_are_no_near_miss():
    assert misses("The chain copied the decor.") == []  # no recipe word, no bakery
    assert misses("Crumb opened a new shop on Main Street.") == []  # a bare name


def test_near_misses_in_a_headline_carry_the_field_and_offsets_into_it():
    (miss,) = near_misses(engine(), "Nothing here.", title="Crumb tweaked its rival's formula")
    assert miss.field == "title" and miss.sentence_start == 0
    assert "terms group 1" in miss.missing


def test_excluded_sentences_are_never_near_misses():
    rules = json.loads(json.dumps(RULES))
    rules["exclude"] = ["allegedly"]
    excluding = Engine([ClaimSpec(key="recipes", kind="quote", rules=rules)], NAMES)
    assert near_misses(excluding, "Crumb allegedly adapted the recipe.") == []


@pytest.mark.django_db
def test_the_rules_preview_lists_near_misses_with_the_missing_cue(editor_client, story):
    make_source(body="Musk said xAI partly relied on OpenAI models for the chatbot.")
    rules = {
        "patterns": [
            {"terms": [["distill*", "trained on"], ["model*"]], "entities": ["xai", "openai"]}
        ]
    }
    before = Mention.objects.count()
    html = editor_client.post(
        reverse("admin:sources_claim_preview_rules"),
        {"match_rules": json.dumps(rules)},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Nearly matched: one cue missing" in html
    assert "Musk said xAI partly relied on OpenAI models for the chatbot." in html
    assert "a word of terms group 1 (“distill*”, “trained on”)" in html
    assert Mention.objects.count() == before
